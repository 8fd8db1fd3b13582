package slack

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden renders the core's golden replies as Block Kit and compares
// them, as parsed JSON, with testdata/*.json (go test ./adapters/slack
// -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	a := testAdapter(t)
	for _, nr := range testkit.GoldenReplies(t) {
		t.Run(nr.Name, func(t *testing.T) {
			m := a.render(nr.Reply, renderOpts{id: "m1"})
			got, err := json.MarshalIndent(struct {
				Text   string       `json:"text"`
				Blocks slack.Blocks `json:"blocks"`
			}{m.text, slack.Blocks{BlockSet: m.blocks}}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", nr.Name+".json")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -run TestGolden -update writes it)", err)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s differs from the rendering (go test -run TestGolden -update to accept):\n%s", path, got)
			}
		})
	}
}
