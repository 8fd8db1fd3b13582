package bot

import (
	"strings"
	"testing"

	"github.com/paperbot/paperbot/data"
)

func TestParseBoard(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want boardFilter
		bad  string
	}{
		{nil, boardFilter{listed: true, eval: "linear", backbone: "resnet-50", exact: true}, ""},
		{[]string{"vit"}, boardFilter{eval: "linear", backbone: "vit"}, ""},
		{[]string{"finetune"}, boardFilter{eval: "finetune"}, ""},
		{[]string{"ViT", "k-NN"}, boardFilter{eval: "knn", backbone: "vit"}, ""},
		{[]string{"200ep"}, boardFilter{eval: "linear", backbone: "resnet-50", exact: true, epochs: 200}, ""},
		{[]string{"vit-b/16", "微调"}, boardFilter{eval: "finetune", backbone: "vit-b/16", exact: true}, ""},
		{[]string{"banana"}, boardFilter{}, "banana"},
		{[]string{"0ep"}, boardFilter{}, "0ep"},
		{[]string{"vit", "99999999999ep"}, boardFilter{}, "99999999999ep"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			got, bad, ok := parseBoard(tc.args)
			if ok != (tc.bad == "") || bad != tc.bad {
				t.Fatalf("parseBoard = %q, %v; want bad %q", bad, ok, tc.bad)
			}
			if ok && got != tc.want {
				t.Errorf("parseBoard = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestBoardFilterMatches(t *testing.T) {
	p := &data.Paper{ID: "x"}
	vitB := score{p, data.Result{Eval: "linear", Backbone: "ViT-B/16", Epochs: 300}}
	r50 := score{p, data.Result{Eval: "linear", Backbone: "ResNet-50", Epochs: 200}}
	r50x4 := score{p, data.Result{Eval: "linear", Backbone: "ResNet-50 (4x)"}}
	ft := score{p, data.Result{Eval: "finetune", Backbone: "ViT-B/16"}}
	for _, tc := range []struct {
		args []string
		want []score
	}{
		{nil, []score{r50}},
		{[]string{"vit"}, []score{vitB}},
		{[]string{"resnet"}, []score{r50, r50x4}},
		{[]string{"200ep"}, []score{r50}},
		{[]string{"finetune"}, []score{ft}},
		{[]string{"vit", "300ep"}, []score{vitB}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			f, _, _ := parseBoard(tc.args)
			var got []score
			for _, s := range []score{vitB, r50, r50x4, ft} {
				if f.match(s) {
					got = append(got, s)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("matched %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("match %d = %+v, want %+v", i, got[i].r, tc.want[i].r)
				}
			}
		})
	}
}
