package recommend

import (
	"slices"
	"testing"
)

// TestSearchSanity checks that queries of every kind the bot should
// understand put an objectively right paper in the top 3.
func TestSearchSanity(t *testing.T) {
	e := testEngine(t)
	for _, c := range []struct {
		name, query string
		anyOf       []string // arXiv ids; one must be in the top 3
	}{
		{"author", "Kaiming He", []string{"1911.05722", "2111.06377"}},
		{"author family name", "Noroozi", []string{"1603.09246"}},
		{"author with accents", "Krähenbühl", []string{"1604.07379"}},
		{"typo", "contrastiv", []string{"1911.05722", "2002.05709"}},
		{"typo in two words", "momentum contrst", []string{"1911.05722"}},
		{"British spelling", "colour", []string{"1603.08511"}},
		{"British spelling 2", "colourisation", []string{"1603.08511"}},
		{"version hyphen", "MoCo-v2", []string{"2003.04297"}},
		{"version joined", "mocov2", []string{"2003.04297"}},
		{"version spaced", "simclr v2", []string{"2006.10029"}},
		{"full-width", "ＭｏＣｏ", []string{"1911.05722"}},
		{"Chinese topic", "对比学习", []string{"1911.05722", "2002.05709"}},
		{"Chinese colorization", "着色", []string{"1603.08511"}},
		{"Chinese jigsaw", "拼图", []string{"1603.09246"}},
		{"Chinese rotation", "旋转", []string{"1803.07728"}},
		{"Chinese negation", "非对比", []string{"2006.07733", "2011.10566", "2103.03230"}},
		{"negation", "non-contrastive", []string{"2006.07733", "2011.10566", "2103.03230"}},
		{"method phrase", "masked autoencoder", []string{"2111.06377"}},
		{"alias", "DINO", []string{"2104.14294"}},
		{"alias joined", "barlowtwins", []string{"2103.03230"}},
		{"abbreviation", "vit", []string{"2104.14294", "2104.02057", "2111.06377"}},
		{"arXiv id", "2003.04297v2", []string{"2003.04297"}},
		{"arXiv URL", "https://arxiv.org/abs/1911.05722", []string{"1911.05722"}},
		{"title", "Momentum Contrast for Unsupervised Visual Representation Learning", []string{"1911.05722"}},
		{"survey", "self-supervised learning survey", []string{"2006.08218", "1902.06162"}},
		{"mixed script", "MoCo 动量编码器", []string{"1911.05722"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var top []string
			for _, h := range e.Search(c.query, 3) {
				top = append(top, h.Paper.ArXiv)
			}
			for _, id := range c.anyOf {
				if slices.Contains(top, id) {
					return
				}
			}
			t.Errorf("Search(%q, 3) = %v, want one of %v", c.query, top, c.anyOf)
		})
	}
}

// TestSearchNamesRankFirst checks, for every paper, that its id, each
// alias, its arXiv id and its title put it first, unless another paper
// has the same name.
func TestSearchNamesRankFirst(t *testing.T) {
	e := testEngine(t)
	owners := map[string]map[string]bool{}
	for _, p := range e.set.Papers {
		for _, n := range append([]string{p.ID, p.Title}, p.Aliases...) {
			k := normKey(n)
			if owners[k] == nil {
				owners[k] = map[string]bool{}
			}
			owners[k][p.ID] = true
		}
	}
	for _, p := range e.set.Papers {
		for _, n := range append([]string{p.ID, p.ArXiv, p.Title}, p.Aliases...) {
			if n == "" || len(owners[normKey(n)]) > 1 {
				continue
			}
			hits := e.Search(n, 1)
			if len(hits) == 0 || hits[0].Paper.ID != p.ID {
				got := "nothing"
				if len(hits) > 0 {
					got = hits[0].Paper.ID
				}
				t.Errorf("Search(%q) ranks %s first, want %s", n, got, p.ID)
			}
		}
	}
}

// TestSearchOrder checks that hits come best first, without duplicates,
// within the limit, with reasons of kind match.
func TestSearchOrder(t *testing.T) {
	e := testEngine(t)
	for _, q := range []string{"contrastive", "masked image modeling", "对比学习", "Kaiming He", "video"} {
		t.Run(q, func(t *testing.T) {
			hits := e.Search(q, 7)
			if len(hits) == 0 || len(hits) > 7 {
				t.Errorf("Search(%q, 7) returned %d hits", q, len(hits))
			}
			seen := map[string]bool{}
			for i, h := range hits {
				if seen[h.Paper.ID] {
					t.Errorf("Search(%q): %s twice", q, h.Paper.ID)
				}
				seen[h.Paper.ID] = true
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("Search(%q): hit %d scores %v above hit %d's %v", q, i, h.Score, i-1, hits[i-1].Score)
				}
				if h.Reason.Kind != KindMatch {
					t.Errorf("Search(%q): reason kind %q, want %q", q, h.Reason.Kind, KindMatch)
				}
			}
		})
	}
}

// TestSearchReason checks that a hit says what matched, in the query's
// language.
func TestSearchReason(t *testing.T) {
	e := testEngine(t)
	hits := e.Search("momentum encoder", 1)
	if len(hits) == 0 {
		t.Fatal("no hits")
	}
	if got := hits[0].Reason.Text("en", e.set); got != "matches: momentum encoder" {
		t.Errorf("reason of %s = %q, want %q", hits[0].Paper.ID, got, "matches: momentum encoder")
	}
	hits = e.Search("动量编码器", 1)
	if got := hits[0].Reason.Text("zh", e.set); got != "匹配：动量编码器" {
		t.Errorf("reason of %s = %q, want %q", hits[0].Paper.ID, got, "匹配：动量编码器")
	}
}
