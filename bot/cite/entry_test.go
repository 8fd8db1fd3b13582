package cite_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/bot/cite"
	"github.com/paperbot/paperbot/data"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func embedded(tb testing.TB) *data.Set {
	tb.Helper()
	set, err := data.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

// keyRe is the form of every key: family name, year, word.
var keyRe = regexp.MustCompile(`^[a-z]+[0-9]{4}[a-z0-9]*$`)

// TestEmbeddedSetParses writes every paper of the embedded set into one
// .bib file and reads it back strictly: known types, valid and unique
// keys, no duplicate fields, each type's required fields, and the year
// and entry type the venue calls for.
func TestEmbeddedSetParses(t *testing.T) {
	set := embedded(t)
	keys := cite.NewKeys(set.Papers)
	var b strings.Builder
	for i := range set.Papers {
		b.WriteString(cite.Entry(&set.Papers[i], keys[set.Papers[i].ID]) + "\n\n")
	}
	entries, err := readBib(b.String())
	if err != nil {
		t.Fatalf("the set's BibTeX does not parse: %v", err)
	}
	if len(entries) != len(set.Papers) {
		t.Fatalf("%d entries for %d papers", len(entries), len(set.Papers))
	}
	types := map[string]int{}
	for i, e := range entries {
		p := &set.Papers[i]
		types[e.typ]++
		if !keyRe.MatchString(e.key) || e.key != keys[p.ID] {
			t.Errorf("%s: key %q (want the form %s and %q)", p.ID, e.key, keyRe, keys[p.ID])
		}
		if !strings.Contains(e.key, strconv.Itoa(p.Year)) {
			t.Errorf("%s: key %q lacks the paper's year %d", p.ID, e.key, p.Year)
		}
		if got := len(splitNames(e.fields["author"])); got != len(p.Authors) {
			t.Errorf("%s: %d authors in %q, want %d", p.ID, got, e.fields["author"], len(p.Authors))
		}
		if got := plain(e.fields["title"]); got != p.Title {
			t.Errorf("%s: title reads back as %q, want %q", p.ID, got, p.Title)
		}
		v := cite.ParseVenue(p.Venue)
		wantType := map[cite.Kind]string{cite.Conference: "inproceedings", cite.Journal: "article", cite.Preprint: "misc", cite.Other: "misc"}[v.Kind]
		if e.typ != wantType {
			t.Errorf("%s: @%s for venue %q, want @%s", p.ID, e.typ, p.Venue, wantType)
		}
		wantYear := p.Year
		if v.Kind == cite.Conference || v.Kind == cite.Journal {
			wantYear = v.Year
		}
		if e.fields["year"] != strconv.Itoa(wantYear) {
			t.Errorf("%s: year %s for venue %q, want %d", p.ID, e.fields["year"], p.Venue, wantYear)
		}
		if _, ok := e.fields["primaryclass"]; ok != (p.Primary != "" && e.typ == "misc") {
			t.Errorf("%s: primaryClass %q with category %q", p.ID, e.fields["primaryclass"], p.Primary)
		}
	}
	if types["inproceedings"] == 0 || types["article"] == 0 || types["misc"] == 0 {
		t.Errorf("entry types %v: the set has conference, journal and preprint papers", types)
	}
	if types["misc"] > len(entries)/3 {
		t.Errorf("entry types %v: most of the set has a venue the table should know", types)
	}
}

// golden are papers as the set has them, written out here so that a
// curator's edit of the set does not change what the golden files test.
var golden = map[string]data.Paper{
	// A conference paper whose venue year (CVPR 2020) is not its arXiv year.
	"moco": {ID: "moco", ArXiv: "1911.05722", Title: "Momentum Contrast for Unsupervised Visual Representation Learning",
		Authors: []string{"Kaiming He", "Haoqi Fan", "Yuxin Wu", "Saining Xie", "Ross Girshick"}, Year: 2019, Venue: "CVPR 2020",
		Aliases: []string{"MoCo", "MoCo v1"}},
	// A journal paper (TMLR) whose title starts with a camel-case name.
	"dinov2": {ID: "dinov2", ArXiv: "2304.07193", Title: "DINOv2: Learning Robust Visual Features without Supervision",
		Authors: []string{"Maxime Oquab", "Timothée Darcet", "Théo Moutakanni"}, Year: 2023, Venue: "TMLR 2024", Aliases: []string{"DINOv2"}},
	// A preprint.
	"mocov2": {ID: "mocov2", ArXiv: "2003.04297", Title: "Improved Baselines with Momentum Contrastive Learning",
		Authors: []string{"Xinlei Chen", "Haoqi Fan", "Ross Girshick", "Kaiming He"}, Year: 2020, Venue: "arXiv preprint 2020",
		Aliases: []string{"MoCo v2", "MoCov2"}},
	// A preprint from arXiv intake, whose category is known.
	"arxiv-2611-01234": {ID: "arxiv-2611-01234", ArXiv: "2611.01234", Title: "Self-Supervised Learning of Things",
		Authors: []string{"Ann Lee"}, Year: 2026, Primary: "cs.CV"},
	// A journal with a volume, a family name with particles, and an oral.
	"eva02": {ID: "eva02", ArXiv: "2303.11331", Title: "EVA-02: A Visual Representation for Neon Genesis",
		Authors: []string{"Yuxin Fang", "Wouter Van Gansbeke", "Aaron van den Oord"}, Year: 2023,
		Venue: "Image and Vision Computing 2024 (vol. 149)", Aliases: []string{"EVA-02"}},
	"vicreg": {ID: "vicreg", ArXiv: "2105.04906", Title: "VICReg: Variance-Invariance-Covariance Regularization for Self-Supervised Learning",
		Authors: []string{"Adrien Bardes", "Jean Ponce", "Yann LeCun"}, Year: 2021, Venue: "ICLR 2022 (oral)", Aliases: []string{"VICReg"}},
}

// TestGolden compares entries with testdata/ID.bib (go test ./bot/cite
// -update rewrites them).
func TestGolden(t *testing.T) {
	for id, p := range golden {
		t.Run(id, func(t *testing.T) {
			got := cite.Entry(&p, cite.BaseKey(&p)) + "\n"
			if _, err := readBib(got); err != nil {
				t.Errorf("Entry(%s) does not parse: %v", id, err)
			}
			path := filepath.Join("testdata", id+".bib")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file: %v (go test ./bot/cite -update)", err)
			}
			if got != string(want) {
				t.Errorf("Entry(%s) =\n%s\nwant (%s)\n%s", id, got, path, want)
			}
		})
	}
}

// TestEntryPrimaryClass: an intake preprint with its arXiv category gets
// primaryClass; one whose venue the table does not know keeps the venue in
// note and stays a @misc.
func TestEntryPrimaryClass(t *testing.T) {
	p := &data.Paper{ID: "arxiv-2611-01234", ArXiv: "2611.01234", Title: "A Study of {Weird} Tokens & 100% Costs_x",
		Authors: []string{"Ann Lee", "Bo Chen"}, Year: 2026, Primary: "cs.CV", Venue: "Proc. of the 3rd Workshop on Things, 2027"}
	es, err := readBib(cite.Entry(p, "lee2026study"))
	if err != nil {
		t.Fatal(err)
	}
	e := es[0]
	if e.typ != "misc" || e.fields["primaryclass"] != "cs.CV" || e.fields["eprint"] != "2611.01234" || e.fields["year"] != "2026" {
		t.Errorf("entry %+v", e)
	}
	if got := plain(e.fields["note"]); got != p.Venue {
		t.Errorf("note %q, want the venue %q", got, p.Venue)
	}
	if got := plain(e.fields["title"]); got != p.Title {
		t.Errorf("title reads back as %q, want %q", got, p.Title)
	}
	p.Venue, p.Primary = "arXiv preprint", ""
	es, err = readBib(cite.Entry(p, "lee2026study"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := es[0].fields["primaryclass"]; ok {
		t.Errorf("primaryClass written for a paper whose category is not known: %v", es[0].fields)
	}
	if _, ok := es[0].fields["note"]; ok {
		t.Errorf("a note for an arXiv preprint: %v", es[0].fields)
	}
}

func TestTitle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Momentum Contrast for Unsupervised Visual Representation Learning", "Momentum Contrast for Unsupervised Visual Representation Learning"},
		{"BEiT: BERT Pre-Training of Image Transformers", "{BEiT}: {BERT} Pre-Training of Image Transformers"},
		{"Self-training with Noisy Student improves ImageNet classification", "Self-training with Noisy Student improves {ImageNet} classification"},
		{"Mugs: A Multi-Granular Framework", "{Mugs}: A Multi-Granular Framework"},
		{"Exploring Simple Siamese Representation Learning", "Exploring Simple {Siamese} Representation Learning"},
		{"Learning in 3D (with k-NN)", "Learning in {3D} (with {k-NN})"},
		{"R&D at 100% of $5 #1 a_b", "{R\\&D} at 100\\% of \\$5 \\#1 a\\_b"},
		{"{Braces} \\cmd ~ ^", "{\\textbraceleft}Braces{\\textbraceright} {\\textbackslash}cmd {\\textasciitilde} {\\textasciicircum}"},
		{"  spaced\n\ttitle ", "spaced title"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := cite.Title(tc.in); got != tc.want {
				t.Errorf("Title(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzEntry: whatever a title or an author is, the entry parses, the
// title reads back as it was (white space aside), and each author stays
// one name.
func FuzzEntry(f *testing.F) {
	f.Add("DINOv2: Learning Robust Visual Features", "Maxime Oquab")
	f.Add("{unbalanced", "Wouter Van Gansbeke")
	f.Add("}}{{ \\} \\{ %", "Jack and Jill")
	f.Add("50% & $x_1^2$ ~ #", "{Rock} \\& Roll")
	f.Add("\"quoted\" title", "Aaron van den Oord")
	f.Add("@misc{x, title={y}}", ",")
	f.Fuzz(func(t *testing.T, title, author string) {
		if strings.TrimSpace(dropControl(title)) == "" {
			return // the set's reader refuses papers without a title
		}
		p := &data.Paper{ID: "x", ArXiv: "2001.00001", Title: title, Authors: []string{author, "Second Author"}, Year: 2020}
		es, err := readBib(cite.Entry(p, "x2020y"))
		if err != nil {
			t.Fatalf("title %q, author %q: %v\n%s", title, author, err, cite.Entry(p, "x2020y"))
		}
		want := strings.Join(strings.FieldsFunc(dropControl(title), isSpace), " ")
		if got := plain(es[0].fields["title"]); got != want {
			t.Errorf("title %q reads back as %q, want %q", title, got, want)
		}
		wantNames := 2
		if strings.TrimSpace(dropControl(author)) == "" {
			wantNames = 1
		}
		if got := splitNames(es[0].fields["author"]); len(got) != wantNames {
			t.Errorf("authors %q, %q read back as %q", author, "Second Author", got)
		}
	})
}
