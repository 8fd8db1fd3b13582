package recommend

import (
	"fmt"
	"testing"

	"github.com/paperbot/paperbot/data"
)

// BenchmarkPublishOnePaper is what making one accepted arXiv paper
// searchable costs: a new set with the paper added (Set.With) and a new
// engine over it, as intake's publish does after a harvest or an admin's
// Accept.
func BenchmarkPublishOnePaper(b *testing.B) {
	paper := data.Paper{ID: "arxiv-2611-07001", ArXiv: "2611.07001", Title: "Hidden Patch Regression Pretrains Vision Transformers",
		Authors: []string{"Ada Lovelace"}, Year: 2026, Topics: []string{"masked-image-modeling"},
		Summary: data.Text{EN: "Masks most patches and regresses their features."}, Source: "arxiv", Added: "2026-11-28"}
	embedded, err := data.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range append([]int{len(embedded.Papers)}, synthSizes...) {
		b.Run(fmt.Sprintf("papers=%d", n), func(b *testing.B) {
			base := embedded
			if n != len(embedded.Papers) {
				base = synthSets.get(b, n)
			}
			b.ResetTimer()
			for b.Loop() {
				set, skipped := base.With([]data.Paper{paper})
				if len(skipped) > 0 {
					b.Fatal(skipped)
				}
				New(set)
			}
		})
	}
}
