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
		for _, a := range p.Authors {
			if strings.Contains(strings.ToLower(a), "et al") {
				t.Errorf("%s: author %q stands for names the card should list", p.ID, a)
			}
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
		t.Run(tt.in, func(t *testing.T) {
			got, ok := CanonicalArXiv(tt.in)
			if !ok || got != tt.want {
				t.Errorf("CanonicalArXiv(%q) = %q, %v; want %q, true", tt.in, got, ok, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "mocov2", "2003.042", "20030.04297", "https://example.org/abs/2003.04297", "2003.04297 extra"} {
		t.Run(bad, func(t *testing.T) {
			if got, ok := CanonicalArXiv(bad); ok {
				t.Errorf("CanonicalArXiv(%q) = %q, true; want false", bad, got)
			}
		})
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
		{"imagenet top1 zero", withField(`"imagenet":{"top1":0}`), `lab.jsonl:1: field "imagenet.top1": 0 is not a percentage`},
		{"imagenet top1 over 100", withField(`"imagenet":{"top1":100.5}`), `field "imagenet.top1": 100.5 is not a percentage`},
		{"imagenet eval not linear", withField(`"imagenet":{"top1":70,"eval":"knn"}`), `field "imagenet.eval": "knn": this field holds linear evaluation only`},
		{"imagenet negative epochs", withField(`"imagenet":{"top1":70,"epochs":-1}`), `field "imagenet.epochs": -1 is negative`},
		{"imagenet negative batch", withField(`"imagenet":{"top1":70,"batch":-256}`), `field "imagenet.batch": -256 is negative`},
		{"imagenet multi_crop word", withField(`"imagenet":{"top1":70,"multi_crop":"2x224+6x96"}`), `field "imagenet.multi_crop": "2x224+6x96" is not "yes", "no"`},
		{"imagenet epochs not int", withField(`"imagenet":{"top1":70,"epochs":"800"}`), `field "imagenet.epochs": want int`},
		{"result eval unknown", withField(`"results":[{"eval":"linear","top1":70,"backbone":"ViT-B/16"},{"eval":"zero-shot","top1":70,"backbone":"ViT-B/16"}]`), `field "results[1].eval": "zero-shot" is not one of linear, knn`},
		{"result no backbone", withField(`"results":[{"eval":"finetune","top1":83.6}]`), `field "results[0].backbone": a result needs the backbone`},
		{"result top1 negative", withField(`"results":[{"eval":"knn","top1":-3,"backbone":"ViT-S/16"}]`), `field "results[0].top1": -3 is not a percentage`},
		{"result multi_crop", withField(`"results":[{"eval":"linear","top1":70,"backbone":"ResNet-50","multi_crop":"Yes"}]`), `field "results[0].multi_crop": "Yes" is not`},
		{"result negative epochs", withField(`"results":[{"eval":"linear","top1":70,"backbone":"ResNet-50","epochs":-800}]`), `field "results[0].epochs": -800 is negative`},
		{"method bad negatives", withField(`"method":{"negatives":"hard"}`), `field "method.negatives": "hard" is not one of batch, queue, memory-bank, none, or empty`},
		{"method bad yes/no", withField(`"method":{"stop_grad":"true"}`), `field "method.stop_grad": "true" is not one of yes, no`},
		{"method bad target", withField(`"method":{"target":"HOG"}`), `field "method.target": "HOG" is not one of pixels, tokens, features, views`},
		{"method unknown field", withField(`"method":{"ema":"yes"}`), `field "ema": unknown field`},
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

// withField is goodLine with one more field (raw JSON "key":value).
func withField(kv string) string {
	return strings.Replace(goodLine, `"year"`, kv+`,"year"`, 1)
}

func TestParsePapersKeepsMeasures(t *testing.T) {
	s, _ := Embedded()
	line := withField(`"imagenet":{"top1":75.3,"backbone":"ResNet-50","epochs":800,"batch":4096,"multi_crop":"yes","eval":"linear"},` +
		`"results":[{"eval":"knn","top1":67.5,"backbone":"ResNet-50"},{"eval":"semi-1%","top1":53.9,"backbone":"ResNet-50","epochs":800}],` +
		`"method":{"negatives":"none","momentum":"yes","predictor":"no","stop_grad":"yes","clustering":"yes","masking":"no","target":"views","backbone":"ResNet-50"}`)
	ps, err := ParsePapers("lab.jsonl", strings.NewReader(line), s.topic, nil)
	if err != nil {
		t.Fatalf("ParsePapers(full measures) = %v", err)
	}
	p := ps[0]
	want := ImageNet{Top1: 75.3, Backbone: "ResNet-50", Epochs: 800, Batch: 4096, MultiCrop: "yes", Eval: "linear"}
	if p.ImageNet == nil || *p.ImageNet != want {
		t.Errorf("imagenet = %+v, want %+v", p.ImageNet, want)
	}
	if len(p.Results) != 2 || p.Results[1].Eval != "semi-1%" || p.Results[1].Epochs != 800 || p.Results[0].Top1 != 67.5 {
		t.Errorf("results = %+v, want the knn and semi-1%% rows as written", p.Results)
	}
	if m := p.Method; m == nil || m.Negatives != "none" || m.StopGrad != "yes" || m.Target != "views" || m.Backbone != "ResNet-50" {
		t.Errorf("method = %+v, want it as written", m)
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
