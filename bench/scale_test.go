package bench

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/bot/recommend/synthetic"
	"github.com/paperbot/paperbot/data"
)

// sizes are the set sizes of the benchmarks: the embedded set with the
// public queries, then synthetic sets with synthetic.Queries.
var sizes = []int{130, 10_000, 100_000}

// corpus is a paper set, its query mix and both engines over it.
type corpus struct {
	set     *data.Set
	queries []string
	pb      *recommend.Engine
	bl      *BleveIndex
}

// corpora caches the corpora by size: building the 100,000-paper indexes
// takes seconds, and -count runs a benchmark function several times.
var corpora = map[int]*corpus{}

// paperSet returns the embedded set and the public queries for n = 130 and
// a synthetic set of n papers with its query mix otherwise.
func paperSet(tb testing.TB, n int) (*data.Set, []string) {
	tb.Helper()
	if n == 130 {
		set, err := data.Embedded()
		if err != nil {
			tb.Fatal(err)
		}
		var qs []string
		for _, q := range readJudged(tb) {
			qs = append(qs, q.query)
		}
		return set, qs
	}
	set, err := synthetic.Set(n)
	if err != nil {
		tb.Fatal(err)
	}
	return set, synthetic.Queries(set)
}

func getCorpus(tb testing.TB, n int) *corpus {
	tb.Helper()
	if c := corpora[n]; c != nil {
		return c
	}
	set, qs := paperSet(tb, n)
	if len(set.Papers) != n && n != 130 {
		tb.Fatalf("synthetic set of %d has %d papers", n, len(set.Papers))
	}
	bl, err := NewBleveIndex(set)
	if err != nil {
		tb.Fatal(err)
	}
	c := &corpus{set: set, queries: qs, pb: recommend.New(set), bl: bl}
	corpora[n] = c
	return c
}

// loopQueries runs the queries in turn, one per op, and reports the
// median and 99th percentile of the time per query over the last ops
// (each query is timed on its own; the clock reads cost well under 1%).
func loopQueries(b *testing.B, qs []string, search func(q string)) {
	b.ReportAllocs()
	lat := make([]time.Duration, 1<<15)
	i := 0
	for b.Loop() {
		t0 := time.Now()
		search(qs[i%len(qs)])
		lat[i%len(lat)] = time.Since(t0)
		i++
	}
	lat = lat[:min(i, len(lat))]
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkQuery runs each size's query mix, one query per op, on both
// engines, asking for five hits.
func BenchmarkQuery(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("papers=%d", n), func(b *testing.B) {
			c := getCorpus(b, n)
			b.Run("engine=paperbot", func(b *testing.B) {
				loopQueries(b, c.queries, func(q string) { c.pb.Search(q, 5) })
			})
			b.Run("engine=bleve", func(b *testing.B) {
				loopQueries(b, c.queries, func(q string) {
					if _, err := c.bl.Search(q, 5); err != nil {
						b.Fatal(err)
					}
				})
			})
		})
	}
}

// queryKinds names the kinds of query in synthetic.Queries, which makes
// query i of kind i%8.
var queryKinds = []string{"title-word", "title-2words", "title-3words", "typo", "topic-en", "author", "alias", "topic-zh"}

// BenchmarkQueryKind is BenchmarkQuery on the synthetic sets with one kind
// of query at a time, to show where the time goes.
func BenchmarkQueryKind(b *testing.B) {
	for _, n := range sizes[1:] {
		b.Run(fmt.Sprintf("papers=%d", n), func(b *testing.B) {
			c := getCorpus(b, n)
			if c.queries[4] != "contrastive learning" || c.queries[7] != "对比学习" {
				b.Skip("synthetic.Queries no longer makes query i of kind i%8")
			}
			for k, kind := range queryKinds {
				var qs []string
				for i := k; i < len(c.queries); i += len(queryKinds) {
					qs = append(qs, c.queries[i])
				}
				b.Run("kind="+kind+"/engine=paperbot", func(b *testing.B) {
					loopQueries(b, qs, func(q string) { c.pb.Search(q, 5) })
				})
				b.Run("kind="+kind+"/engine=bleve", func(b *testing.B) {
					loopQueries(b, qs, func(q string) {
						if _, err := c.bl.Search(q, 5); err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		})
	}
}

// BenchmarkBleveKinds compares the in-memory kinds of bleve index on the
// same fields and queries, for the choice NewBleveIndex makes.
func BenchmarkBleveKinds(b *testing.B) {
	for _, n := range sizes[:2] {
		set, qs := paperSet(b, n)
		for _, kind := range BleveKinds {
			b.Run(fmt.Sprintf("papers=%d/kind=%s", n, kind), func(b *testing.B) {
				bl, err := NewBleveIndexKind(set, kind)
				if err != nil {
					b.Fatal(err)
				}
				defer bl.Close()
				loopQueries(b, qs, func(q string) {
					if _, err := bl.Search(q, 5); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

// BenchmarkBuild builds each engine over 100,000 synthetic papers, one
// build per op, and reports the heap the engine keeps (live heap after a
// collection, less the set's).
func BenchmarkBuild(b *testing.B) {
	set, _ := paperSet(b, 100_000)
	engines := []struct {
		name  string
		build func() (any, func())
	}{
		{"paperbot", func() (any, func()) { return recommend.New(set), func() {} }},
		{"bleve", func() (any, func()) {
			bl, err := NewBleveIndex(set)
			if err != nil {
				b.Fatal(err)
			}
			return bl, func() { bl.Close() }
		}},
	}
	for _, e := range engines {
		b.Run("papers=100000/engine="+e.name, func(b *testing.B) {
			var heap uint64
			for b.Loop() {
				b.StopTimer()
				before := liveHeap()
				b.StartTimer()
				x, done := e.build()
				b.StopTimer()
				heap = liveHeap() - before
				runtime.KeepAlive(x)
				done()
				b.StartTimer()
			}
			b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
		})
	}
}

// liveHeap returns the bytes of live heap after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestSynthetic runs the synthetic query mix on a small synthetic set, as
// the benchmarks do at scale, and checks that both engines find papers
// for most queries (bleve has no typo correction, so it misses the typo
// queries).
func TestSynthetic(t *testing.T) {
	set, qs := paperSet(t, 1000)
	pb := recommend.New(set)
	bl, err := NewBleveIndex(set)
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	var foundPB, foundBL int
	for _, q := range qs {
		hits := pb.Search(q, 5)
		ps, err := bl.Search(q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) > 0 {
			foundPB++
		}
		if len(ps) > 0 {
			foundBL++
		}
		t.Logf("%-32q paperbot %d hits, bleve %d", q, len(hits), len(ps))
	}
	t.Logf("queries with hits: paperbot %d, bleve %d of %d", foundPB, foundBL, len(qs))
	if foundPB < len(qs)*3/4 || foundBL < len(qs)*3/4 {
		t.Errorf("queries with hits: paperbot %d, bleve %d of %d; want at least 3/4", foundPB, foundBL, len(qs))
	}
}
