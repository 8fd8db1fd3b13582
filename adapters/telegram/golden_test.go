package telegram

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden renders the core's golden replies as Telegram messages, HTML
// and keyboards, and compares them with testdata/*.golden (go test
// ./adapters/telegram -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	for _, nr := range testkit.GoldenReplies(t) {
		t.Run(nr.Name, func(t *testing.T) {
			var b strings.Builder
			for i, m := range render(nr.Reply, maxMessage) {
				b.WriteString("=== message " + string(rune('1'+i)) + "\n" + m.text + "\n")
				if m.markup != nil {
					js, err := json.MarshalIndent(m.markup, "", "  ")
					if err != nil {
						t.Fatal(err)
					}
					b.WriteString("--- keyboard\n" + string(js) + "\n")
				}
			}
			checkGolden(t, filepath.Join("testdata", nr.Name+".golden"), b.String())
		})
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run TestGolden -update writes it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d (go test -run TestGolden -update to accept):\n got: %s\nwant: %s", path, i+1, g, w)
			}
		}
	}
}
