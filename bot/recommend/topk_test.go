package recommend

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paperbot/paperbot/data"
)

// The rankings keep only the best k candidates (issue 12). These tests
// check that a page is the same slice of the ranking whatever k, and that
// the fuzzy lookups find what comparing with every name finds.

// pagesAgree checks Recommend's pages against one long page.
func pagesAgree(t *testing.T, e *Engine, q string, h History) {
	t.Helper()
	all := e.Recommend(q, h, 0, 60)
	for _, ol := range [][2]int{{0, 1}, {0, 4}, {3, 4}, {7, 10}, {20, 30}} {
		got := e.Recommend(q, h, ol[0], ol[1])
		var want []Hit
		if ol[0] < len(all) {
			want = all[ol[0]:min(len(all), ol[0]+ol[1])]
		}
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Recommend(%q, %d, %d) is not that slice of the first 60", q, ol[0], ol[1])
		}
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.Reason.Read == b.Reason.Read && a.Score < b.Score {
			t.Errorf("Recommend(%q): %s (%g) before %s (%g)", q, a.Paper.ID, a.Score, b.Paper.ID, b.Score)
		}
		if a.Reason.Read && !b.Reason.Read {
			t.Errorf("Recommend(%q): read %s before unread %s", q, a.Paper.ID, b.Paper.ID)
		}
	}
}

// someReader has read n papers of s chosen by r, saved and dismissed a
// few, and saved a paper building on one they read.
func someReader(r *rand.Rand, s *data.Set, n int) History {
	h := readerOf()
	for i := range n {
		h.Read[s.Papers[r.IntN(len(s.Papers))].ID] = t0.AddDate(0, 0, i*3)
	}
	for range 3 {
		h.Saved[s.Papers[r.IntN(len(s.Papers))].ID] = t0
		h.Dismissed[s.Papers[r.IntN(len(s.Papers))].ID] = true
	}
	for id := range h.Read {
		for _, f := range s.BuiltUponBy(id) {
			h.Saved[f] = t0
		}
	}
	return h
}

func TestTopKPages(t *testing.T) {
	engines := []*Engine{testEngine(t), New(synthSet(t, 3000))}
	for _, e := range engines {
		t.Run(fmt.Sprintf("%d papers", len(e.set.Papers)), func(t *testing.T) {
			r := rand.New(rand.NewPCG(12, uint64(len(e.set.Papers))))
			qs := append(synthQueries(e.set), "contrastive learning", "masked image modeling", "mocov2")
			if len(e.set.Papers) < 1000 {
				qs = publicQueries(t)
			}
			for _, n := range []int{0, 3, 20} {
				h := someReader(r, e.set, n)
				for _, q := range qs {
					pagesAgree(t, e, q, h)
				}
				for range 10 {
					id := e.set.Papers[r.IntN(len(e.set.Papers))].ID
					long := e.Similar(id, 20, h)
					if got := e.Similar(id, 3, h); !reflect.DeepEqual(got, long[:min(3, len(long))]) {
						t.Errorf("Similar(%s, 3) is not the start of Similar(%s, 20)", id, id)
					}
				}
			}
		})
	}
}

// TestFuzzyIndexFindsAll compares Suggest's and Lookup's index with
// comparing the query with every name and title.
func TestFuzzyIndexFindsAll(t *testing.T) {
	for _, e := range []*Engine{testEngine(t), New(synthSet(t, 3000))} {
		t.Run(fmt.Sprintf("%d papers", len(e.set.Papers)), func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 6))
			var refs []string
			for range 50 {
				p := &e.set.Papers[r.IntN(len(e.set.Papers))]
				refs = append(refs, typo(r, p.Title), typo(r, p.ID), typo(r, typo(r, p.Title)))
				for _, a := range p.Aliases {
					refs = append(refs, typo(r, a))
				}
			}
			refs = append(refs, "对比学习", "对比", "自监督学习方法", "mae中文", "ab", "xyz")
			var one [1]int32
			var tk tokenizer
			for _, ref := range refs {
				key := normKey(ref)
				rs := []rune(key)
				for _, c := range []struct {
					gi    *gramIndex
					keys  int
					key   func(k int32) string
					limit int
				}{
					{&e.ix.nameGrams, e.ix.names.keys.len(), func(k int32) string { return string(e.ix.names.keys.at(k)) }, max(1, min(len(key)/3, 4))},
					{&e.ix.titleGrams, e.ix.titles.keys, func(k int32) string {
						return string(normTitle(e.paper(e.ix.titles.docs(k, &one)[0]).Title, &tk, nil))
					}, len(key)/10 + 1},
				} {
					found := map[int32]bool{}
					sc := e.getScratch()
					c.gi.near(rs, c.limit, len(rs)-c.limit, len(rs)+c.limit, sc, func(k int32) { found[k] = true })
					e.putScratch(sc)
					for k := range int32(c.keys) {
						if EditDistance(key, c.key(k), c.limit) <= c.limit && !found[k] {
							t.Errorf("%q: %q is within %d edits but not found", key, c.key(k), c.limit)
						}
					}
				}
			}
		})
	}
}

// typo changes, drops or adds a letter of s, or leaves it.
func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 2 {
		return s
	}
	i := r.IntN(len(rs))
	switch r.IntN(4) {
	case 0:
		rs[i] = 'a' + rune(r.IntN(26))
	case 1:
		rs = slices.Delete(rs, i, i+1)
	case 2:
		rs = slices.Insert(rs, i, 'a'+rune(r.IntN(26)))
	}
	return strings.TrimSpace(string(rs))
}

// TestRankingsConcurrent runs the rankings of a fresh engine from several
// goroutines at once, so that -race sees the orders made on first use.
func TestRankingsConcurrent(t *testing.T) {
	e := testEngine(t)
	h := readerOf("moco", "simclr", "mae")
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			e.Recommend("contrastive", h, i, 3)
			e.WhatNext(h, Want{}, 3)
			e.WhatNext(h, Want{Topic: "contrastive", SkipSent: true}, 1)
			e.Path("contrastive")
			e.Similar("moco", 3, h)
			e.Suggest("simclv2", 3)
		})
	}
	wg.Wait()
}
