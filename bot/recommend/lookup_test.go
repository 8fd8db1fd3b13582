package recommend

import (
	"testing"
)

func TestLookup(t *testing.T) {
	e := testEngine(t)
	for _, c := range []struct{ ref, want string }{
		{"mocov2", "mocov2"},
		{"MoCo-v2", "mocov2"},
		{"MoCo v2", "mocov2"},
		{"  moco V2 ", "mocov2"},
		{"MoCo 2", "mocov2"},
		{"2003.04297", "mocov2"},
		{"2003.04297v2", "mocov2"},
		{"arXiv:2003.04297", "mocov2"},
		{"arxiv:2003.04297v1", "mocov2"},
		{"https://arxiv.org/abs/2003.04297", "mocov2"},
		{"http://arxiv.org/abs/2003.04297v2", "mocov2"},
		{"https://arxiv.org/pdf/2003.04297", "mocov2"},
		{"https://arxiv.org/pdf/2003.04297v2.pdf", "mocov2"},
		{"https://export.arxiv.org/abs/2003.04297", "mocov2"},
		{"SimCLR", "simclr"},
		{"simclr-v2", "simclrv2"},
		{"Barlow Twins", "barlowtwins"},
		{"barlow-twins", "barlowtwins"},
		{"动量对比", "moco"},
		{"Improved Baselines with Momentum Contrastive Learning", "mocov2"},
		{"improved baselines with momentum contrastive learning.", "mocov2"},
		{"Improved Baselines with Momentum Contrastve Learning", "mocov2"},
		{"Momentum Contrast for Unsupervised Visual Represenation Learning", "moco"},
	} {
		t.Run(c.ref, func(t *testing.T) {
			p, ok := e.Lookup(c.ref)
			if !ok || p.ID != c.want {
				got := "nothing"
				if p != nil {
					got = p.ID
				}
				t.Errorf("Lookup(%q) = %s, %v; want %s", c.ref, got, ok, c.want)
			}
		})
	}
}

// TestLookupEveryPaper checks that every paper is found by its id, arXiv
// id, title and each alias that no other paper shares.
func TestLookupEveryPaper(t *testing.T) {
	e := testEngine(t)
	owners := map[string]int{}
	for _, p := range e.set.Papers {
		seen := map[string]bool{}
		for _, n := range append([]string{p.Title}, p.Aliases...) {
			if k := normKey(n); !seen[k] {
				seen[k] = true
				owners[k]++
			}
		}
	}
	for _, p := range e.set.Papers {
		for _, ref := range append([]string{p.ID, p.ArXiv, "arXiv:" + p.ArXiv + "v3", p.Title}, p.Aliases...) {
			if owners[normKey(ref)] > 1 {
				continue
			}
			if got, ok := e.Lookup(ref); !ok || got.ID != p.ID {
				t.Errorf("Lookup(%q) = %v, %v; want %s", ref, got, ok, p.ID)
			}
		}
	}
}

func TestLookupMiss(t *testing.T) {
	e := testEngine(t)
	for _, ref := range []string{"", "   ", "mocov9", "2003.99999", "arXiv:", "contrastive", "Unsupervised Learning", "🙂", "\xff\xfe"} {
		t.Run(ref, func(t *testing.T) {
			if p, ok := e.Lookup(ref); ok {
				t.Errorf("Lookup(%q) = %s, want a miss", ref, p.ID)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	e := testEngine(t)
	for _, c := range []struct{ ref, want string }{
		{"mocco v2", "mocov2"},
		{"simclrr", "simclr"},
		{"barlow twns", "barlowtwins"},
		{"dinov", "dino"},
		{"byl", "byol"},
		{"Bootstrap your own latnt", "byol"},
		{"jigsaw puzle", "jigsaw"},
	} {
		t.Run(c.ref, func(t *testing.T) {
			got := e.Suggest(c.ref, 3)
			found := false
			var ids []string
			for _, p := range got {
				ids = append(ids, p.ID)
				found = found || p.ID == c.want
			}
			if !found || len(got) > 3 {
				t.Errorf("Suggest(%q, 3) = %v, want %s among at most 3", c.ref, ids, c.want)
			}
		})
	}
	if got := e.Suggest("", 3); len(got) != 0 {
		t.Errorf("Suggest(\"\", 3) = %d papers, want none", len(got))
	}
}

func TestResolveTopic(t *testing.T) {
	e := testEngine(t)
	for _, c := range []struct{ in, want string }{
		{"contrastive", "contrastive"},
		{"Contrastive Learning", "contrastive"},
		{"对比学习", "contrastive"},
		{"contrastiv", "contrastive"},
		{"contrastive methods", "contrastive"},
		{"jigsaw puzzles", "jigsaw"},
		{"拼图", "jigsaw"},
		{"colour", "colorization"},
		{"colourisation", "colorization"},
		{"MIM", "masked-image-modeling"},
		{"masked image modelling", "masked-image-modeling"},
		{"pretext", "pretext"},
		{"Pretext tasks", "pretext"},
		{"代理任务", "pretext"},
		{"masked-image-modeling", "masked-image-modeling"},
		{"self-labelling", "clustering"},
		{"ViT", "vision-transformer"},
		{"vision transformers", "vision-transformer"},
		{"rotaton", "rotation"},
	} {
		t.Run(c.in, func(t *testing.T) {
			tp, ok := e.ResolveTopic(c.in)
			if !ok || tp.ID != c.want {
				got := "nothing"
				if tp != nil {
					got = tp.ID
				}
				t.Errorf("ResolveTopic(%q) = %s, %v; want %s", c.in, got, ok, c.want)
			}
		})
	}
	for _, s := range []string{"", "xyzzy", "🙂", "the", "papers"} {
		t.Run(s, func(t *testing.T) {
			if tp, ok := e.ResolveTopic(s); ok {
				t.Errorf("ResolveTopic(%q) = %s, want none", s, tp.ID)
			}
		})
	}
}

// A title typed with a typo or two resolves when one paper is clearly
// meant, also when stemming makes the typo look bigger.
func TestLookupTitleWithTypos(t *testing.T) {
	e := testEngine(t)
	for ref, want := range map[string]string{
		"Exploring simple siamese representaton learning":                      "simsiam",
		"Bootstrap your own latnt: a new approach to self-supervised learning": "byol",
		"Emerging properties in self-supervised vision transfomers":            "dino",
		"Masked autoencoders are scalable vison learners":                      "mae",
	} {
		t.Run(ref, func(t *testing.T) {
			p, ok := e.Lookup(ref)
			if !ok || p.ID != want {
				t.Errorf("Lookup(%q) = %v, %v; want %s", ref, p, ok, want)
			}
		})
	}
	if p, ok := e.Lookup("Exploring simple quantum representaton teleportation"); ok {
		t.Errorf("a made-up title resolved to %s", p.ID)
	}
}
