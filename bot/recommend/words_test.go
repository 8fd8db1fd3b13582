package recommend

import (
	"slices"
	"testing"
)

// allTokens returns every token of s, extra forms marked with "+", as the
// query side makes them.
func allTokens(s string) []string {
	var tk tokenizer
	tk.reset()
	tk.joinSpaces = true
	tk.run(s)
	var out []string
	for i, sp := range tk.toks {
		x := string(tk.tok(i))
		if sp.kind.extra() {
			x = "+" + x
		}
		out = append(out, x)
	}
	return out
}

func TestVersionBindsToWord(t *testing.T) {
	for _, s := range []string{"MoCo v2", "mocov2", "MoCo-v2", "MOCO V2", "MoCo 2"} {
		t.Run(s, func(t *testing.T) {
			if got := allTokens(s); !slices.Contains(got, "+moco2") {
				t.Errorf("tokens of %q = %q, want the bound form +moco2", s, got)
			}
		})
	}
	for _, c := range []struct {
		in      string
		version bool
	}{{"MoCo v2", true}, {"v2", false}, {"2021", false}, {"CVPR 2021", false}, {"resnet50", true}} {
		t.Run(c.in, func(t *testing.T) {
			var tk tokenizer
			tk.reset()
			tk.run(c.in)
			got := false
			for _, sp := range tk.toks {
				got = got || sp.version
			}
			if got != c.version {
				t.Errorf("%q: a version = %v, want %v (tokens %q)", c.in, got, c.version, allTokens(c.in))
			}
		})
	}
}

func TestNegationReachesLists(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // negated terms that must be there
		not  []string // plain terms that must not
	}{
		{"without negatives, large batches or a momentum encoder", []string{"noneg", "nomomentum"}, []string{"momentum"}},
		{"it needs no negatives, momentum encoder or stop-gradient", []string{"noneg", "nomomentum", "nostop"}, []string{"momentum"}},
		{"no labels or negatives", []string{"nolabel", "noneg"}, nil},
		{"without labels, it learns features", []string{"nolabel"}, []string{"nolearn"}},
		{"no negatives. A momentum encoder or a queue", []string{"noneg"}, []string{"nomomentum"}},
	} {
		t.Run(c.in, func(t *testing.T) {
			got := allTokens(c.in)
			for _, w := range c.want {
				if !slices.Contains(got, w) {
					t.Errorf("tokens of %q = %q, want %q", c.in, got, w)
				}
			}
			for _, w := range c.not {
				if slices.Contains(got, w) {
					t.Errorf("tokens of %q = %q, want no %q", c.in, got, w)
				}
			}
		})
	}
}

func TestCJKNegationWithVerb(t *testing.T) {
	want := terms("无负样本")
	for _, s := range []string{"没有负样本", "不需要负样本", "无需负样本", "不使用负样本", "不用负样本"} {
		t.Run(s, func(t *testing.T) {
			if got := terms(s); !slices.Equal(got, want) {
				t.Errorf("terms(%q) = %q, want %q as for 无负样本", s, got, want)
			}
		})
	}
	if got := terms("不同视图"); slices.Contains(got, "无") || len(got) == 0 || got[0] != "不同" {
		t.Errorf("terms(%q) = %q: a negation without a verb after it is kept", "不同视图", got)
	}
}

// TestWeakWords checks which query words are weak on the embedded set.
func TestWeakWords(t *testing.T) {
	e := testEngine(t)
	sc := e.getScratch()
	defer e.putScratch(sc)
	for _, c := range []struct {
		query string
		weak  []bool
	}{
		{"clustering based self-supervised learning", []bool{false, true, true, true, true}},
		{"MoCo v2", []bool{false, true}},
		{"contrastive image model", []bool{false, true, true}},
		{"a b", []bool{true}}, // "a" is a stop word
		{"视频自监督学习", []bool{false, true, true, true, true, true}},
		{"没有负样本", []bool{false, false, false}},
	} {
		t.Run(c.query, func(t *testing.T) {
			q := e.parse(c.query, sc)
			if !slices.Equal(q.weak, c.weak) {
				t.Errorf("weak positions of %q = %v, want %v", c.query, q.weak, c.weak)
			}
		})
	}
}

// TestChineseWithoutSpaces checks that Chinese asks the same with and
// without spaces between its words: the pairs across word boundaries do
// not count.
func TestChineseWithoutSpaces(t *testing.T) {
	e := testEngine(t)
	for _, c := range [][2]string{
		{"视频自监督学习", "视频 自监督学习"},
		{"聚类自监督方法", "聚类 自监督 方法"},
		{"掩码图像建模方法", "掩码图像建模 方法"},
		{"自监督视频表示", "自监督 视频 表示"},
	} {
		t.Run(c[0], func(t *testing.T) {
			a, b := e.Answer(c[0], History{}, 0, 5), e.Answer(c[1], History{}, 0, 5)
			var x, y []string
			for _, h := range a.Hits {
				x = append(x, h.Paper.ID)
			}
			for _, h := range b.Hits {
				y = append(y, h.Paper.ID)
			}
			if len(x) == 0 || !sameSet(x[:min(3, len(x))], y[:min(3, len(y))]) {
				t.Errorf("%q gives %v, %q gives %v: want the same top 3", c[0], x, c[1], y)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
