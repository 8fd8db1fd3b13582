package bot_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/bot"
)

// TestSearchUnderstands checks that /paper, plain text and More answer what
// a researcher types as recommend.Engine.Answer reads it.
func TestSearchUnderstands(t *testing.T) {
	f := newFixture(t)
	const who = "console:u"

	// an arXiv id in any form shows that paper's card alone
	for _, q := range []string{"/paper arXiv:2104.14294v2", "https://arxiv.org/pdf/2104.14294v1.pdf", "2104.14294"} {
		t.Run(q, func(t *testing.T) {
			f := f.in(t)
			r := f.say(who, q)
			if !slices.Equal(ids(r), []string{"dino"}) || len(r.Papers[0].Details) == 0 {
				t.Errorf("%q = %v, want the card of dino", q, ids(r))
			}
		})
	}
	r := f.say(who, "/paper 2401.99999")
	if len(r.Papers) != 0 {
		t.Errorf("unknown id listed %v", ids(r))
	}
	contains(t, r, "2401.99999", "not in the set yet")

	// relations, with More
	r = f.say(who, "what came after MAE")
	contains(t, r, "build on MAE", "builds on MAE")
	if len(r.Papers) != bot.PageSize || slices.Contains(ids(r), "mae") || len(r.Buttons) != 1 {
		t.Fatalf("after MAE = %v, buttons %+v", ids(r), r.Buttons)
	}
	more := f.press(who, r.Buttons[0].Action)
	if len(more.Papers) == 0 || slices.Contains(ids(more), ids(r)[0]) {
		t.Errorf("More after MAE = %v", ids(more))
	}
	contains(t, f.say(who, "what does MAE build on"), "What MAE builds on", "MAE builds on it")
	contains(t, f.say(who, "/paper SimSiam 的前身"), "SimSiam")

	// comparisons look like /compare
	r = f.say(who, "BYOL vs SimSiam")
	if !slices.Equal(ids(r), []string{"byol", "simsiam"}) || !strings.Contains(r.Text, "BYOL vs SimSiam") {
		t.Errorf("BYOL vs SimSiam = %v %q", ids(r), r.Text)
	}

	// nothing on it: said so, with what the set covers; no padding
	for _, q := range []string{"protein structure prediction", "/paper 蛋白质结构预测", "/paper v2"} {
		t.Run(q, func(t *testing.T) {
			f := f.in(t)
			r := f.say(who, q)
			if len(r.Papers) != 0 {
				t.Errorf("%q listed %v", q, ids(r))
			}
			contains(t, r, "/topics")
		})
	}
	r = f.say(who, "/paper self-supervised learning")
	if len(r.Papers) != 0 {
		t.Errorf("a query of weak words listed %v", ids(r))
	}
	contains(t, r, "Every paper here")

	// searches keep their reasons
	r = f.say(who, "clustering based self-supervised learning")
	if len(r.Papers) == 0 || slices.Contains(ids(r), "ijepa") {
		t.Errorf("clustering based self-supervised learning = %v", ids(r))
	}
	for _, it := range r.Papers {
		if !strings.HasPrefix(it.Why, "matches: ") {
			t.Errorf("%s: why = %q", it.ID, it.Why)
		}
	}
}

func TestSearchUnderstandsChinese(t *testing.T) {
	f := newFixture(t)
	const who = "console:zh"
	f.say(who, "/lang zh")
	r := f.say(who, "MAE 之后")
	contains(t, r, "基于 MAE 的后续工作")
	if len(r.Papers) == 0 || !strings.HasPrefix(r.Papers[0].Why, "基于 ") {
		t.Errorf("MAE 之后 = %v", r.Papers)
	}
	contains(t, f.say(who, "蛋白质结构预测"), "论文集中没有", "/topics")
	contains(t, f.say(who, "arXiv:2401.99999"), "还不在论文集中")
}
