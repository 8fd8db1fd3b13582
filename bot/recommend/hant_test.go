package recommend

import (
	"slices"
	"testing"
)

// A query in Traditional Chinese finds what the same query in Simplified
// Chinese finds.
func TestTraditionalChineseQueries(t *testing.T) {
	e := testEngine(t)
	for _, tt := range []struct{ hant, hans string }{
		{"對比學習", "对比学习"}, {"拼圖", "拼图"}, {"著色", "着色"}, {"旋轉", "旋转"},
		{"掩碼圖像建模", "掩码图像建模"}, {"聚類", "聚类"}, {"自監督 綜述", "自监督 综述"},
	} {
		t.Run(tt.hant, func(t *testing.T) {
			got, want := ids(e.Search(tt.hant, 5)), ids(e.Search(tt.hans, 5))
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("Search(%q) = %v, want what Search(%q) gives: %v", tt.hant, got, tt.hans, want)
			}
		})
	}
	if tp, ok := e.ResolveTopic("對比學習"); !ok || tp.ID != "contrastive" {
		t.Errorf("ResolveTopic(對比學習) = %v, %v; want contrastive", tp, ok)
	}
	if got := Simplify("自監督 MoCo"); got != "自监督 MoCo" {
		t.Errorf("Simplify = %q", got)
	}
}
