package recommend

import (
	"slices"
	"strings"
	"testing"
)

// terms returns the positional tokens of s (no joined forms or unigrams).
func terms(s string) []string {
	var tk tokenizer
	tk.run(s)
	var out []string
	for i, sp := range tk.toks {
		if !sp.kind.extra() {
			out = append(out, string(tk.tok(i)))
		}
	}
	return out
}

func TestTokenizeSpellingsAgree(t *testing.T) {
	groups := [][]string{
		{"MoCo-v2", "mocov2", "MoCo v2", "MoCo 2", "MOCO V2", "ＭｏＣｏ v2", "moco_v2"},
		{"SimCLR v2", "simclrv2", "SimCLR-v2"},
		{"colour", "color", "Colour"},
		{"colourisation", "colorization", "Colorizations"},
		{"contrastive", "contrasting", "contrasts", "Contrastive"},
		{"masked modelling", "masking modeling", "Masked Modeling"},
		{"Krähenbühl", "krahenbuhl", "KRÄHENBÜHL"},
		{"self-supervised", "self supervised", "Self-Supervised"},
		{"rotation", "rotations", "rotate"},
		{"Noroozi's", "Noroozi"},
		{"e\u0301cole", "école", "ecole"},
	}
	for _, g := range groups {
		t.Run(g[0], func(t *testing.T) {
			want := terms(g[0])
			for _, s := range g[1:] {
				if got := terms(s); !slices.Equal(got, want) {
					t.Errorf("terms(%q) = %q, want %q as for %q", s, got, want, g[0])
				}
			}
		})
	}
}

func TestTokenizeNegation(t *testing.T) {
	for _, c := range []struct{ plain, negated string }{
		{"contrastive", "non-contrastive"},
		{"contrastive", "non contrastive"},
		{"negatives", "no negatives"},
		{"negative pairs", "without negative pairs"},
		{"对比学习", "非对比学习"},
		{"负样本", "无负样本"},
	} {
		t.Run(c.negated, func(t *testing.T) {
			p, n := terms(c.plain), terms(c.negated)
			if len(p) == 0 || len(n) == 0 || p[0] == n[0] {
				t.Errorf("terms(%q) = %q and terms(%q) = %q share their first term", c.plain, p, c.negated, n)
			}
		})
	}
}

func TestTokenizeCJK(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"对比学习", []string{"对比", "比学", "学习"}},
		{"旋", []string{"旋"}},
		{"视觉Transformer", []string{"视觉", "transformer"}},
		{"MoCo对比", []string{"moco", "对比"}},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := terms(c.in); !slices.Equal(got, c.want) {
				t.Errorf("terms(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestTokenizeJoins(t *testing.T) {
	var tk tokenizer
	tk.joinSpaces = true
	tk.run("Barlow Twins")
	var all []string
	for i := range tk.toks {
		all = append(all, string(tk.tok(i)))
	}
	if want := terms("BarlowTwins"); !slices.Contains(all, want[0]) {
		t.Errorf("tokens of %q = %q, want the joined form %q among them", "Barlow Twins", all, want[0])
	}
}

func TestStem(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"learning", "learn"}, {"clustering", "cluster"}, {"modelling", "model"}, {"distillation", "distil"}, {"distilling", "distil"},
		{"embedding", "embed"}, {"masked", "mask"}, {"supervised", "supervis"},
		{"supervision", "supervis"}, {"prediction", "predict"}, {"predictive", "predict"},
		{"negatives", "neg"}, {"analysis", "analysis"}, {"properties", "property"},
		{"image", "imag"}, {"images", "imag"}, {"vit", "vit"}, {"bert", "bert"},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := string(stem([]byte(c.in))); got != c.want {
				t.Errorf("stem(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestTokenizeLongInput(t *testing.T) {
	var tk tokenizer
	tk.run(strings.Repeat("word ", 20000) + strings.Repeat("字", 20000))
	if len(tk.toks) == 0 {
		t.Fatal("no tokens")
	}
}
