package recommend

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// TestShardedBuild checks that an index built by several goroutines ranks
// exactly like one built by one.
func TestShardedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic set")
	}
	s := synthSet(t, 2*minShard+123)
	prev := runtime.GOMAXPROCS(1)
	one := New(s)
	runtime.GOMAXPROCS(max(prev, 2))
	many := New(s)
	runtime.GOMAXPROCS(prev)
	for _, q := range synthQueries(s) {
		a, b := one.Search(q, 10), many.Search(q, 10)
		if fmt.Sprint(hitIDs(a)) != fmt.Sprint(hitIDs(b)) {
			t.Errorf("Search(%q): one goroutine %v, several %v", q, hitIDs(a), hitIDs(b))
			continue
		}
		for i := range a {
			if a[i].Score != b[i].Score {
				t.Errorf("Search(%q): hit %d scores %v and %v", q, i, a[i].Score, b[i].Score)
			}
		}
	}
}

func hitIDs(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Paper.ID
	}
	return out
}

// TestConcurrentUse runs searches and recommendations from several
// goroutines at once on one engine (run it with -race).
func TestConcurrentUse(t *testing.T) {
	e := testEngine(t)
	want := map[string][]string{}
	queries := []string{"contrastive", "对比学习", "mocov2", "Kaiming He", "contrastiv", "masked image modeling"}
	for _, q := range queries {
		want[q] = hitIDs(e.Search(q, 5))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			h := readerOf("moco")
			for i := range 50 {
				q := queries[(g+i)%len(queries)]
				if got := hitIDs(e.Search(q, 5)); fmt.Sprint(got) != fmt.Sprint(want[q]) {
					t.Errorf("concurrent Search(%q) = %v, want %v", q, got, want[q])
					return
				}
				e.Recommend(q, h, 0, 3)
				e.Similar("mae", 3, h)
			}
		})
	}
	wg.Wait()
}
