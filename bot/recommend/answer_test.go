package recommend

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestArxivRefForms(t *testing.T) {
	for _, s := range []string{
		"2104.14294", "2104.14294v2", "arXiv:2104.14294", "ARXIV:2104.14294v3", "arXiv 2104.14294",
		"arxiv：2104.14294", "https://arxiv.org/abs/2104.14294", "https://arxiv.org/abs/2104.14294v2",
		"http://arxiv.org/pdf/2104.14294", "https://arxiv.org/pdf/2104.14294v1.pdf", "arxiv.org/pdf/2104.14294.pdf",
		"www.arxiv.org/abs/2104.14294", "http://export.arxiv.org/abs/2104.14294", "https://arxiv.org/abs/2104.14294/",
		"https://arxiv.org/abs/2104.14294?context=cs.CV", "<https://arxiv.org/abs/2104.14294>",
	} {
		t.Run(s, func(t *testing.T) {
			if id, ok := arxivRef(s); !ok || id != "2104.14294" {
				t.Errorf("arxivRef(%q) = %q, %v; want 2104.14294", s, id, ok)
			}
		})
	}
	if id, ok := arxivRef("https://arxiv.org/abs/cs/0112017v1"); !ok || id != "cs/0112017" {
		t.Errorf("arxivRef(old style) = %q, %v", id, ok)
	}
	for _, s := range []string{"2104", "mocov2", "arxivfoo 2104.14294", "https://example.org/abs/2104.14294", "2104.14294 and 2003.04297", "arXiv:", "v2"} {
		t.Run(s, func(t *testing.T) {
			if id, ok := arxivRef(s); ok {
				t.Errorf("arxivRef(%q) = %q, want no id", s, id)
			}
		})
	}
}

func TestUnderstand(t *testing.T) {
	e := testEngine(t)
	for _, c := range []struct {
		query, kind, subject, other, text string
	}{
		{"arXiv:2104.14294v2", AnswerLookup, "dino", "", ""},
		{"please show me https://arxiv.org/abs/2104.14294", AnswerLookup, "dino", "", ""},
		{"2104.14294 这篇论文", AnswerLookup, "dino", "", ""},
		{"2104.14294 2003.04297", AnswerSearch, "", "", "2104.14294 2003.04297"},
		{"2401.99999", AnswerLookup, "", "", ""},
		{"what came after MAE", AnswerAfter, "mae", "", ""},
		{"What came after MAE?", AnswerAfter, "mae", "", ""},
		{"after I-JEPA", AnswerAfter, "ijepa", "", ""},
		{"follow-ups to DINO", AnswerAfter, "dino", "", ""},
		{"DINO follow-ups", AnswerAfter, "dino", "", ""},
		{"what built on BYOL", AnswerAfter, "byol", "", ""},
		{"what papers build on MoCo v2", AnswerAfter, "mocov2", "", ""},
		{"papers that build on MoCo", AnswerAfter, "moco", "", ""},
		{"what came after MAE for video", AnswerAfter, "mae", "", "video"},
		{"what came after MAE in video", AnswerAfter, "mae", "", "video"},
		{"MAE 之后", AnswerAfter, "mae", "", ""},
		{"SimCLR 之后的工作", AnswerAfter, "simclr", "", ""},
		{"基于 DINO 的工作", AnswerAfter, "dino", "", ""},
		{"DINO 的后续工作", AnswerAfter, "dino", "", ""},
		{"what does MAE build on", AnswerBefore, "mae", "", ""},
		{"what DINOv2 builds on", AnswerBefore, "dinov2", "", ""},
		{"before SwAV", AnswerBefore, "swav", "", ""},
		{"what to read before MAE", AnswerBefore, "mae", "", ""},
		{"SimSiam 的前身", AnswerBefore, "simsiam", "", ""},
		{"BYOL vs SimSiam", AnswerCompare, "byol", "simsiam", ""},
		{"MoCo vs. SimCLR", AnswerCompare, "moco", "simclr", ""},
		{"difference between MAE and BEiT", AnswerCompare, "mae", "beit", ""},
		{"MAE 和 BEiT 的区别", AnswerCompare, "mae", "beit", ""},
		{"比较 MAE 和 BEiT", AnswerCompare, "mae", "beit", ""},
		// not papers: searches
		{"after clustering", AnswerSearch, "", "", "after clustering"},
		{"after training", AnswerNone, "", "", ""},
		{"基于聚类的方法", AnswerSearch, "", "", "基于聚类的方法"},
		{"contrastive vs non-contrastive", AnswerSearch, "", "", "contrastive vs non-contrastive"},
		{"without negatives", AnswerSearch, "", "", "without negatives"},
		// nothing to search for
		{"self-supervised learning", AnswerNone, "", "", ""},
		{"v2", AnswerNone, "", "", ""},
		{"  ?? ", AnswerNone, "", "", ""},
	} {
		t.Run(c.query, func(t *testing.T) {
			in := e.Understand(c.query)
			got := [4]string{in.Kind, "", "", in.Text}
			if in.Subject != nil {
				got[1] = in.Subject.ID
			}
			if in.Other != nil {
				got[2] = in.Other.ID
			}
			if want := [4]string{c.kind, c.subject, c.other, c.text}; got != want {
				t.Errorf("Understand(%q) = %q, want %q", c.query, got, want)
			}
		})
	}
	if in := e.Understand("self-supervised learning"); !in.Broad {
		t.Errorf("Understand(self-supervised learning) is not broad")
	}
	if in := e.Understand("masked image modeling without a tokenizer"); !slices.Equal(in.Without, []string{"tokeniz"}) {
		t.Errorf("Without = %q, want [tokeniz]", in.Without)
	}
	if in := e.Understand("没有负样本的自监督"); !slices.Equal(in.Without, []string{"负样"}) {
		t.Errorf("Without = %q, want [负样]", in.Without)
	}
}

func TestAnswerLookup(t *testing.T) {
	e := testEngine(t)
	a := e.Answer("https://arxiv.org/pdf/2006.09882v3", History{}, 0, 5)
	if a.Kind != AnswerLookup || !slices.Equal(ids(a.Hits), []string{"swav"}) {
		t.Fatalf("Answer(swav's PDF) = %s %v, want swav alone", a.Kind, ids(a.Hits))
	}
	if txt := a.Hits[0].Reason.Text("en", e.set); !strings.Contains(txt, "arXiv:2006.09882") {
		t.Errorf("reason %q does not name the id", txt)
	}
	a = e.Answer("arXiv:2401.99999", History{}, 0, 5)
	if a.Kind != AnswerLookup || a.Subject != nil || a.ArXiv != "2401.99999" || len(a.Hits) != 0 {
		t.Errorf("Answer(unknown id) = %+v, want a lookup with no paper", a)
	}
}

func TestAnswerRelations(t *testing.T) {
	e := testEngine(t)
	all := len(e.set.Papers) // every paper that follows SimCLR, however many
	a := e.Answer("what came after SimCLR", History{}, 0, all)
	got := ids(a.Hits)
	if slices.Contains(got, "simclr") || len(got) == 0 {
		t.Fatalf("after SimCLR = %v", got)
	}
	direct := e.set.BuiltUponBy("simclr")
	for i, id := range got {
		if i < len(direct) != slices.Contains(direct, id) {
			t.Fatalf("after SimCLR = %v: the %d papers that build on it directly must come first", got, len(direct))
		}
	}
	if txt := a.Hits[0].Reason.Text("en", e.set); txt != "builds on SimCLR" {
		t.Errorf("reason = %q, want %q", txt, "builds on SimCLR")
	}
	if txt := a.Hits[len(direct)].Reason.Text("zh", e.set); !strings.Contains(txt, "SimCLR") || !strings.HasPrefix(txt, "基于 ") {
		t.Errorf("reason of a paper two steps away = %q", txt)
	}
	// pages continue where the last stopped
	p1, p2 := e.Answer("what came after SimCLR", History{}, 0, 3), e.Answer("what came after SimCLR", History{}, 3, 3)
	if !slices.Equal(append(ids(p1.Hits), ids(p2.Hits)...), got[:6]) {
		t.Errorf("pages %v + %v, want %v", ids(p1.Hits), ids(p2.Hits), got[:6])
	}
	// dismissed papers go, read ones come last
	h := History{Dismissed: map[string]bool{got[0]: true}, Read: map[string]time.Time{got[1]: time.Now()}}
	mine := ids(e.Answer("what came after SimCLR", h, 0, all).Hits)
	if slices.Contains(mine, got[0]) || mine[len(mine)-1] != got[1] {
		t.Errorf("with %s dismissed and %s read: %v", got[0], got[1], mine)
	}
	b := e.Answer("what does MAE build on", History{}, 0, 5)
	mae := e.set.Paper("mae")
	if !slices.Equal(ids(b.Hits)[:len(mae.BuildsOn)], mae.BuildsOn) && !sameSet(ids(b.Hits)[:len(mae.BuildsOn)], mae.BuildsOn) {
		t.Errorf("before MAE = %v, want %v first", ids(b.Hits), mae.BuildsOn)
	}
	if txt := b.Hits[0].Reason.Text("en", e.set); txt != "MAE builds on it" {
		t.Errorf("reason = %q", txt)
	}
	// words after the subject keep the papers that hold them
	v := ids(e.Answer("what came after MAE for video", History{}, 0, 10).Hits)
	if len(v) == 0 || !slices.Contains(v, "videomae") || slices.Contains(v, "ijepa") {
		t.Errorf("after MAE for video = %v", v)
	}
}

func TestAnswerCompare(t *testing.T) {
	e := testEngine(t)
	a := e.Answer("BYOL vs SimSiam", History{}, 0, 5)
	if a.Kind != AnswerCompare || !slices.Equal(ids(a.Hits), []string{"byol", "simsiam"}) || a.Other == nil {
		t.Errorf("BYOL vs SimSiam = %s %v", a.Kind, ids(a.Hits))
	}
}

// TestAnswerFloor checks that answers are cut at the relevance floor, not
// padded: a query on something the set does not hold gets nothing, a weak
// word alone makes no paper relevant, and every listed paper says why.
func TestAnswerFloor(t *testing.T) {
	e := testEngine(t)
	for _, q := range []string{"protein structure prediction", "蛋白质结构预测", "speech recognition", "medical image self-supervised", "based", "v2", "image learning model"} {
		t.Run(q, func(t *testing.T) {
			if a := e.Answer(q, History{}, 0, 5); a.Kind != AnswerNone || len(a.Hits) != 0 {
				t.Errorf("Answer(%q) = %s %v, want nothing", q, a.Kind, ids(a.Hits))
			}
		})
	}
	a := e.Answer("clustering based self-supervised learning", History{}, 0, 10)
	if slices.Contains(ids(a.Hits), "ijepa") || len(a.Hits) == 0 {
		t.Errorf("clustering based self-supervised learning = %v: I-JEPA matches only weak words", ids(a.Hits))
	}
	for _, h := range a.Hits {
		if !strings.HasPrefix(h.Reason.Text("en", e.set), "matches: ") {
			t.Errorf("%s: reason %q", h.Paper.ID, h.Reason.Text("en", e.set))
		}
	}
	// the floor cuts, it does not pad: fewer than asked when fewer hold it
	if n := len(e.Answer("inpainting", History{}, 0, 10).Hits); n == 0 || n >= 10 {
		t.Errorf("inpainting: %d papers", n)
	}
}

// TestAnswerNegation checks that a negation steers away from papers about
// the negated thing.
func TestAnswerNegation(t *testing.T) {
	e := testEngine(t)
	for _, c := range []struct {
		query string
		not   []string
	}{
		{"masked image modeling without a tokenizer", []string{"beit", "beitv2", "peco"}},
		{"siamese networks without a momentum encoder", []string{"moco", "mocov2", "byol"}},
		{"self-supervised learning without negatives", []string{"moco", "simclr", "mochi"}},
		{"没有负样本的自监督", []string{"moco", "simclr"}},
	} {
		t.Run(c.query, func(t *testing.T) {
			got := ids(e.Answer(c.query, History{}, 0, 5).Hits)
			if len(got) == 0 {
				t.Errorf("%q: nothing", c.query)
			}
			for _, id := range c.not {
				if slices.Contains(got, id) {
					t.Errorf("%q = %v: %s is about what it excludes", c.query, got, id)
				}
			}
		})
	}
}

// FuzzUnderstand feeds arbitrary text to Understand and Answer: they must
// not panic, and the answer must agree with its kind, hold each paper once
// and stay within the limit. Its seed corpus is the bad inputs and the
// understanding queries; run it with go test -fuzz=FuzzUnderstand.
func FuzzUnderstand(f *testing.F) {
	e := testEngine(f)
	for _, s := range badInputs {
		if len(s) < 200 {
			f.Add(s)
		}
	}
	for _, kq := range readKindQueries(f, "testdata/queries-understanding.tsv") {
		f.Add(kq.query)
	}
	for _, s := range []string{"after", "before", "vs", "X vs", "之后", "的前身", "基于的工作", "after after MAE", "MAE vs MAE", "no", "没有", "不需要", "without a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		in := e.Understand(q)
		a := e.Answer(q, History{}, 0, 4)
		if a.Kind != in.Kind && !(in.Kind == AnswerSearch && a.Kind == AnswerNone) {
			t.Fatalf("%q: Understand says %s, Answer %s", q, in.Kind, a.Kind)
		}
		if len(a.Hits) > 4 {
			t.Fatalf("%q: %d hits", q, len(a.Hits))
		}
		seen := map[string]bool{}
		for _, h := range a.Hits {
			if h.Paper == nil || seen[h.Paper.ID] {
				t.Fatalf("%q: a paper twice or none", q)
			}
			seen[h.Paper.ID] = true
			for _, lang := range []string{"en", "zh"} {
				if txt := h.Reason.Text(lang, e.set); !utf8.ValidString(txt) {
					t.Fatalf("%q: reason %q is not valid UTF-8", q, txt)
				}
			}
		}
		switch a.Kind {
		case AnswerLookup:
			if _, ok := arxivRef(cleanQuery(q)); !ok || len(a.Hits) > 1 || (a.Subject == nil) != (len(a.Hits) == 0) {
				t.Fatalf("%q: lookup with %d hits", q, len(a.Hits))
			}
		case AnswerCompare:
			if a.Subject == nil || a.Other == nil || len(a.Hits) != 2 {
				t.Fatalf("%q: a comparison of %v", q, ids(a.Hits))
			}
		case AnswerAfter, AnswerBefore:
			if a.Subject == nil || seen[a.Subject.ID] {
				t.Fatalf("%q: relation without its subject, or with it among the hits", q)
			}
		case AnswerNone:
			if len(a.Hits) > 0 {
				t.Fatalf("%q: none with hits", q)
			}
		}
	})
}
