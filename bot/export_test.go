package bot_test

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/internal/testkit"
)

// entryRe finds the start of each BibTeX entry and its type and key.
var entryRe = regexp.MustCompile(`(?m)^@(\w+)\{([^,]+),$`)

func entries(s string) map[string]string {
	out := map[string]string{}
	for _, m := range entryRe.FindAllStringSubmatch(s, -1) {
		out[m[2]] = m[1]
	}
	return out
}

// TestExportFiles: /export is two files, BibTeX with the entry type each
// venue calls for and JSON with the reader's dates; the reply itself is a
// short intro, and the text to show where files cannot go is Fallback.
func TestExportFiles(t *testing.T) {
	f := newFixture(t)
	const ann = "console:ann"
	f.say(ann, "/read moco")
	f.say(ann, "/read mocov2")
	f.say(ann, "/save dinov2")
	r := f.say(ann, "/export")
	if len(r.Files) != 2 || r.Files[0].Name != bot.ExportBib || r.Files[1].Name != bot.ExportJSON {
		t.Fatalf("files %+v, want %s and %s", r.Files, bot.ExportBib, bot.ExportJSON)
	}
	want := map[string]string{"he2019moco": "inproceedings", "chen2020mocov2": "misc", "oquab2023dinov2": "article"}
	if got := entries(string(r.Files[0].Data)); !maps.Equal(got, want) {
		t.Errorf("BibTeX entries %v, want %v:\n%s", got, want, r.Files[0].Data)
	}
	var js struct {
		Reader string `json:"reader"`
		Papers []struct {
			ID      string  `json:"id"`
			ReadAt  *string `json:"read_at"`
			SavedAt *string `json:"saved_at"`
		} `json:"papers"`
	}
	if err := json.Unmarshal(r.Files[1].Data, &js); err != nil {
		t.Fatalf("JSON file: %v\n%s", err, r.Files[1].Data)
	}
	var got []string
	for _, p := range js.Papers {
		got = append(got, p.ID)
		if (p.ReadAt != nil) != (p.ID != "dinov2") || (p.SavedAt != nil) != (p.ID == "dinov2") {
			t.Errorf("paper %s: read_at %v, saved_at %v", p.ID, p.ReadAt, p.SavedAt)
		}
	}
	if js.Reader != ann || !slices.Equal(got, []string{"moco", "mocov2", "dinov2"}) {
		t.Errorf("JSON reader %q, papers %v", js.Reader, got)
	}
	if strings.Contains(r.Text, "@") || !strings.Contains(r.Text, bot.ExportBib) || !strings.Contains(r.Text, "2 read, 1 saved") {
		t.Errorf("the reply should name the files, not paste them:\n%s", r.Text)
	}
	if r.Fallback == nil {
		t.Fatal("no Fallback for platforms that cannot take files")
	}
	if got := entries(r.Fallback.Text); !maps.Equal(got, want) || strings.Contains(r.Fallback.Text, "/cite ID") {
		t.Errorf("Fallback pastes %v, want all of %v and no pointer to the rest:\n%s", got, want, r.Fallback.Text)
	}
}

// TestExportFallbackIsCut: a long reading list is pasted only in part, and
// the rest is named.
func TestExportFallbackIsCut(t *testing.T) {
	f := newFixture(t)
	const ann = "console:ann"
	set := testkit.Engine(t).Set()
	var read []string
	for _, p := range set.Papers[:25] {
		f.say(ann, "/read "+p.ID)
		read = append(read, p.ID)
	}
	r := f.say(ann, "/export")
	if n := len(entries(string(r.Files[0].Data))); n != 25 {
		t.Errorf("the BibTeX file holds %d entries, want 25", n)
	}
	fb := r.Fallback.Text
	n := len(entries(fb))
	if n == 0 || n > 10 || len(fb) > 9000 {
		t.Fatalf("Fallback pastes %d entries in %d bytes; want 1 to 10, under 9000:\n%s", n, len(fb), fb)
	}
	if !strings.Contains(fb, "first "+strconv.Itoa(n)+" of your 25") {
		t.Errorf("Fallback does not say it is cut:\n%s", fb)
	}
	rest := r.Fallback.Outro
	for _, id := range read[n:] {
		if !strings.Contains(rest, id) {
			t.Errorf("the rest (%s) does not name %s", rest, id)
		}
	}
	if !strings.Contains(rest, "/cite ID") {
		t.Errorf("the rest does not say how to get an entry: %s", rest)
	}
}

// TestCiteKeysStable: /cite and /export give a paper one key, and a paper
// arriving later with the same family name, year and name does not take
// it.
func TestCiteKeysStable(t *testing.T) {
	f := newFixture(t)
	const ann = "console:ann"
	if r := f.say(ann, "/cite moco"); !strings.Contains(r.Text, "@inproceedings{he2019moco,") {
		t.Fatalf("/cite moco:\n%s", r.Text)
	}
	newer := data.Paper{ID: "arxiv-1912-99999", ArXiv: "1912.99999", Title: "MoCo Again", Authors: []string{"Kaiming He"},
		Year: 2019, Aliases: []string{"MoCo"}, Topics: []string{"contrastive"}, Summary: data.Text{EN: "Again."}}
	set, skipped := testkit.Engine(t).Set().With([]data.Paper{newer})
	if len(skipped) > 0 {
		t.Fatal(skipped)
	}
	f.bot.SetEngine(recommend.New(set))
	if r := f.say(ann, "/cite moco"); !strings.Contains(r.Text, "@inproceedings{he2019moco,") {
		t.Errorf("/cite moco after a newer paper came:\n%s", r.Text)
	}
	if r := f.say(ann, "/cite arxiv-1912-99999"); !strings.Contains(r.Text, "{he2019mocob,") {
		t.Errorf("/cite of the newer paper:\n%s", r.Text)
	}
	f.say(ann, "/read moco")
	if got := entries(string(f.say(ann, "/export").Files[0].Data)); got["he2019moco"] != "inproceedings" {
		t.Errorf("/export keys %v, want he2019moco as /cite gives it", got)
	}
}

func TestExportNothing(t *testing.T) {
	f := newFixture(t)
	r := f.say("console:ann", "/export")
	if len(r.Files) != 0 || r.Fallback != nil || !strings.Contains(r.Text, "Nothing to export") {
		t.Errorf("/export with nothing read: files %d, text %q", len(r.Files), r.Text)
	}
}
