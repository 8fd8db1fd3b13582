package recommend

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/data"
)

// publicQueries returns the queries of the public relevance file.
func publicQueries(tb testing.TB) []string {
	var qs []string
	for _, jq := range readJudgements(tb, "testdata/queries-public.tsv") {
		qs = append(qs, jq.query)
	}
	return qs
}

// BenchmarkSearch is one query over the embedded set, cycling through the
// public queries.
func BenchmarkSearch(b *testing.B) {
	e := testEngine(b)
	qs := publicQueries(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Search(qs[i%len(qs)], 5)
		i++
	}
}

// BenchmarkRecommend is one personal query page over the embedded set.
func BenchmarkRecommend(b *testing.B) {
	e := testEngine(b)
	qs := append(publicQueries(b), "")
	h := readerOf("moco", "simclr", "jigsaw", "mae")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Recommend(qs[i%len(qs)], h, 0, 4)
		i++
	}
}

// synthSizes are the sizes of the synthetic sets benchmarked.
var synthSizes = []int{10_000, 100_000}

// synthCache keeps the last synthetic set between benchmarks of one run;
// only one, so that the heap a benchmark measures holds no other set.
type synthCache struct {
	mu   sync.Mutex
	sets map[int]*data.Set
}

func (c *synthCache) get(b *testing.B, n int) *data.Set {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets[n] == nil {
		clear(c.sets)
		runtime.GC()
		c.sets[n] = synthSet(b, n)
	}
	return c.sets[n]
}

var synthSets = &synthCache{sets: map[int]*data.Set{}}

// BenchmarkSearchSynthetic is one query over synthetic sets.
func BenchmarkSearchSynthetic(b *testing.B) {
	for _, n := range synthSizes {
		b.Run(fmt.Sprintf("papers=%d", n), func(b *testing.B) {
			s := synthSets.get(b, n)
			e := New(s)
			qs := synthQueries(s)
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				e.Search(qs[i%len(qs)], 5)
				i++
			}
		})
	}
}

// BenchmarkBuild builds the engine over synthetic sets and reports the
// heap in use after a collection with the engine alive ("heap-MB", the set
// included) and the part of it the engine adds ("index-MB").
func BenchmarkBuild(b *testing.B) {
	for _, n := range synthSizes {
		b.Run(fmt.Sprintf("papers=%d", n), func(b *testing.B) {
			s := synthSets.get(b, n)
			before := heapMB()
			var e *Engine
			for b.Loop() {
				e = New(s)
			}
			after := heapMB()
			runtime.KeepAlive(e)
			b.ReportMetric(after, "heap-MB")
			b.ReportMetric(after-before, "index-MB")
		})
	}
}

func heapMB() float64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// synthReader is a reader of s who has read 20 papers spread over it, a
// day apart.
func synthReader(s *data.Set) History {
	h := History{Read: map[string]time.Time{}, Saved: map[string]time.Time{}, Dismissed: map[string]bool{}, Sent: map[string]bool{}}
	for i := range 20 {
		h.Read[s.Papers[(i*7919+13)%len(s.Papers)].ID] = t0.AddDate(0, 0, -i)
	}
	return h
}

// BenchmarkReaderCalls is each reader-facing ranking call over synthetic
// sets, for a reader who has read 20 papers: a search page (Recommend),
// its second page, what to read next (WhatNext: one pick and a page),
// Similar, RankFor of 50 papers, and a "did you mean" (Suggest) and fuzzy
// title lookup for misspelt titles and ids.
func BenchmarkReaderCalls(b *testing.B) {
	for _, n := range synthSizes {
		s := synthSets.get(b, n)
		e := New(s)
		qs := synthQueries(s)
		h := synthReader(s)
		var refs []string
		for i := range 20 {
			p := &s.Papers[(i*104729+7)%len(s.Papers)]
			refs = append(refs, p.Title[:len(p.Title)-4]+"xq", p.ID[:len(p.ID)-1]+"x")
		}
		var some []*data.Paper
		for i := range 50 {
			some = append(some, &s.Papers[(i*31337+1)%len(s.Papers)])
		}
		calls := []struct {
			name string
			fn   func(i int)
		}{
			{"Recommend", func(i int) { e.Recommend(qs[i%len(qs)], h, 0, 4) }},
			{"RecommendMore", func(i int) { e.Recommend(qs[i%len(qs)], h, 3, 4) }},
			{"WhatNext", func(i int) { e.WhatNext(h, Want{}, 1) }},
			{"WhatNextList", func(i int) { e.WhatNext(h, Want{}, 3) }},
			{"Similar", func(i int) { e.Similar(s.Papers[(i*7919)%len(s.Papers)].ID, 3, h) }},
			{"RankFor", func(i int) { e.RankFor(h, some) }},
			{"Suggest", func(i int) { e.Suggest(refs[i%len(refs)], 3) }},
			{"Lookup", func(i int) { e.Lookup(refs[i%len(refs)]) }},
		}
		for _, c := range calls {
			b.Run(fmt.Sprintf("papers=%d/%s", n, c.name), func(b *testing.B) {
				c.fn(0)
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					c.fn(i)
					i++
				}
			})
		}
	}
}
