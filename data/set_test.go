package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbeddedSetIsComplete(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatalf("Embedded() = %v", err)
	}
	if len(s.Papers) < 130 {
		t.Errorf("embedded set has %d papers, want at least 130", len(s.Papers))
	}
	// Papers the reading list names without a link must be there too.
	for _, arxiv := range []string{"1805.01978", "1708.06734", "1612.06370", "1911.04252", "2006.08218"} {
		if s.ByArXiv(arxiv) == nil {
			t.Errorf("paper %s of the reading list is missing", arxiv)
		}
	}
	for _, p := range s.Papers {
		if p.Summary.ZH == "" {
			t.Errorf("%s: no Chinese summary", p.ID)
		}
		if len(p.Aliases) == 0 && len(p.Keywords) == 0 {
			t.Errorf("%s: neither aliases nor keywords", p.ID)
		}
		for _, b := range p.BuildsOn {
			if s.Paper(b).Year > p.Year {
				t.Errorf("%s (%d) builds on %s, which is later (%d)", p.ID, p.Year, b, s.Paper(b).Year)
			}
		}
	}
	for _, tp := range s.Topics {
		if tp.Name.EN == "" || tp.Name.ZH == "" || len(tp.Synonyms) == 0 {
			t.Errorf("topic %s lacks a name in a language or synonyms", tp.ID)
		}
	}
	for _, r := range s.References {
		if r.Paper != "" && s.Paper(r.Paper) == nil {
			t.Errorf("reference %q names unknown paper %q", r.Label.EN, r.Paper)
		}
	}
}

func TestCanonicalArXiv(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2003.04297", "2003.04297"},
		{"2003.04297v2", "2003.04297"},
		{"arXiv:2003.04297", "2003.04297"},
		{"ARXIV: 2003.04297v1", "2003.04297"},
		{"https://arxiv.org/abs/2003.04297", "2003.04297"},
		{"https://arxiv.org/abs/2003.04297v3", "2003.04297"},
		{"http://arxiv.org/pdf/2003.04297v2.pdf", "2003.04297"},
		{"https://arxiv.org/pdf/2003.04297", "2003.04297"},
		{"https://www.arxiv.org/abs/1406.6909/", "1406.6909"},
		{"cs/0112017", "cs/0112017"},
		{"math.GT/0309136v1", "math.GT/0309136"},
	}
	for _, tt := range tests {
		got, ok := CanonicalArXiv(tt.in)
		if !ok || got != tt.want {
			t.Errorf("CanonicalArXiv(%q) = %q, %v; want %q, true", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "mocov2", "2003.042", "20030.04297", "https://example.org/abs/2003.04297", "2003.04297 extra"} {
		if got, ok := CanonicalArXiv(bad); ok {
			t.Errorf("CanonicalArXiv(%q) = %q, true; want false", bad, got)
		}
	}
}

const goodLine = `{"id":"mypaper","arxiv":"2101.00001","title":"A Lab Paper","authors":["A. Researcher"],"year":2021,"topics":["contrastive"],"summary":{"en":"What it does."}}`

func TestParsePapersErrorsNameFileLineAndField(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, want string
	}{
		{"unknown field", goodLine + "\n" + `{"id":"x","titel":"y"}`, `lab.jsonl:2: field "titel": unknown field`},
		{"wrong type", `{"id":"x","year":"2021"}`, `lab.jsonl:1: field "year": want int`},
		{"bad json", "# comment\n\n{\"id\":", `lab.jsonl:3: unexpected end of JSON`},
		{"bad year", strings.Replace(goodLine, "2021", "1066", 1), `lab.jsonl:1: field "year": 1066 is not between 1950 and 2100`},
		{"bad topic", strings.Replace(goodLine, `"contrastive"`, `"astrology"`, 1), `lab.jsonl:1: field "topics": unknown topic "astrology"`},
		{"bad arxiv", strings.Replace(goodLine, "2101.00001", "21.1", 1), `lab.jsonl:1: field "arxiv": "21.1" is not an arXiv id`},
		{"bad id", strings.Replace(goodLine, "mypaper", "My Paper", 1), `lab.jsonl:1: field "id": "My Paper" must be`},
		{"no summary", strings.Replace(goodLine, "What it does.", "", 1), `lab.jsonl:1: field "summary.en"`},
		{"duplicate id", goodLine + "\n" + strings.Replace(goodLine, "2101.00001", "2101.00002", 1), `lab.jsonl:2: field "id": "mypaper" already used on line 1`},
		{"unknown builds_on", strings.Replace(goodLine, `"year"`, `"builds_on":["nope"],"year"`, 1), `lab.jsonl:1: field "builds_on": unknown paper id "nope"`},
		{"bad code url", strings.Replace(goodLine, `"year"`, `"code":"javascript:alert(1)","year"`, 1), `lab.jsonl:1: field "code"`},
		{"two values", goodLine + " {}", `lab.jsonl:1: more than one JSON value`},
		{"empty", "\n# nothing\n", `lab.jsonl:2: no papers in file`},
		{"bad utf8", "{\"id\":\"\xff\"}", `lab.jsonl:1: not valid UTF-8`},
		{"long line", strings.Repeat("x", MaxLine+10), `lab.jsonl:1: line longer than`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePapers("lab.jsonl", strings.NewReader(tt.file), s.topic, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParsePapers(%s) error = %v, want it to contain %q", tt.name, err, tt.want)
			}
			if fe := (*FileError)(nil); !errors.As(err, &fe) {
				t.Errorf("error %v is not a *FileError", err)
			}
		})
	}
}

func TestLoadExtendsAndReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lab.jsonl")
	lab := strings.Replace(goodLine, `"year"`, `"builds_on":["mocov2"],"year"`, 1) + "\n" +
		`{"id":"mocov2","arxiv":"2003.04297","title":"MoCo v2, our notes","authors":["Xinlei Chen"],"year":2020,"topics":["contrastive"],"summary":{"en":"Our own summary."}}` + "\n"
	if err := os.WriteFile(path, []byte(lab), 0o600); err != nil {
		t.Fatal(err)
	}
	base, _ := Embedded()
	ext, err := Load(path, false)
	if err != nil {
		t.Fatalf("Load(extend) = %v", err)
	}
	if got, want := len(ext.Papers), len(base.Papers)+1; got != want {
		t.Errorf("extended set has %d papers, want %d", got, want)
	}
	if got := ext.Paper("mocov2").Summary.EN; got != "Our own summary." {
		t.Errorf("mocov2 summary = %q, want the lab's", got)
	}
	if by := ext.BuiltUponBy("mocov2"); len(by) == 0 {
		t.Errorf("BuiltUponBy(mocov2) is empty; the lab paper builds on it")
	}
	// Replacing: builds_on may only name papers of the file itself.
	if _, err := Load(path, true); err != nil {
		t.Errorf("Load(replace) = %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.jsonl"), false); err == nil || !strings.Contains(err.Error(), "missing.jsonl") {
		t.Errorf("Load(missing) error = %v, want the file named", err)
	}
}

func TestSubtopicsAndHasTopic(t *testing.T) {
	s, _ := Embedded()
	sub := s.Subtopics("pretext")
	if len(sub) < 10 {
		t.Errorf("Subtopics(pretext) = %v, want the whole pretext branch", sub)
	}
	p := s.ByArXiv("1603.09246") // jigsaw
	if !s.HasTopic(p, "pretext") || !s.HasTopic(p, "coherence") || s.HasTopic(p, "clustering") {
		t.Errorf("HasTopic for the jigsaw paper is wrong (topics %v)", p.Topics)
	}
}
