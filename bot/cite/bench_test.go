package cite_test

import (
	"fmt"
	"testing"

	"github.com/paperbot/paperbot/bot/cite"
	"github.com/paperbot/paperbot/bot/recommend/synthetic"
	"github.com/paperbot/paperbot/data"
)

// BenchmarkNewKeys makes the keys of the embedded set and of synthetic
// sets: the bot does it once for each set it loads (start, /reload, a
// paper accepted from arXiv).
func BenchmarkNewKeys(b *testing.B) {
	sets := map[string][]data.Paper{"embedded": embedded(b).Papers}
	for _, n := range []int{10_000, 100_000} {
		sets[fmt.Sprint(n)] = synthetic.Papers(n, embedded(b).Topics)
	}
	for _, name := range []string{"embedded", "10000", "100000"} {
		papers := sets[name]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if len(cite.NewKeys(papers)) != len(papers) {
					b.Fatal("a paper without a key")
				}
			}
		})
	}
}

// BenchmarkEntry writes the entry of every paper of the embedded set: one
// /export of a reader who read them all.
func BenchmarkEntry(b *testing.B) {
	set := embedded(b)
	keys := cite.NewKeys(set.Papers)
	for b.Loop() {
		for i := range set.Papers {
			_ = cite.Entry(&set.Papers[i], keys[set.Papers[i].ID])
		}
	}
}
