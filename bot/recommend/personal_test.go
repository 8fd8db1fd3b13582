package recommend

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)

// readerOf returns a history that read the given papers, one a day.
func readerOf(ids ...string) History {
	h := History{Read: map[string]time.Time{}, Saved: map[string]time.Time{}, Dismissed: map[string]bool{}, Sent: map[string]bool{}}
	for i, id := range ids {
		h.Read[id] = t0.AddDate(0, 0, i)
	}
	return h
}

func TestRecommendNeverDismissed(t *testing.T) {
	e := testEngine(t)
	h := readerOf("moco", "simclr")
	for i := range e.set.Papers {
		if i%3 == 0 {
			h.Dismissed[e.set.Papers[i].ID] = true
		}
	}
	for _, q := range []string{"contrastive", "对比学习", "mocov2", "video", "Kaiming He"} {
		t.Run(q, func(t *testing.T) {
			for off := 0; off < len(e.set.Papers); off += 25 {
				for _, hit := range e.Recommend(q, h, off, 25) {
					if h.Dismissed[hit.Paper.ID] {
						t.Errorf("Recommend(%q, offset %d) shows dismissed %s", q, off, hit.Paper.ID)
					}
				}
			}
		})
	}
}

func TestRecommendUnreadFirst(t *testing.T) {
	e := testEngine(t)
	h := readerOf("moco", "simclr", "mocov2", "byol", "swav")
	for _, q := range []string{"contrastive", "momentum encoder"} {
		t.Run(q, func(t *testing.T) {
			hits := e.Recommend(q, h, 0, len(e.set.Papers))
			sawRead := false
			for _, hit := range hits {
				read := h.read(hit.Paper.ID)
				if hit.Reason.Read != read {
					t.Errorf("Recommend(%q): %s Reason.Read = %v, want %v", q, hit.Paper.ID, hit.Reason.Read, read)
				}
				if sawRead && !read {
					t.Errorf("Recommend(%q): unread %s after a read paper", q, hit.Paper.ID)
				}
				sawRead = sawRead || read
			}
			if !sawRead {
				t.Errorf("Recommend(%q) does not list the read papers", q)
			}
		})
	}
}

func TestRecommendBuildsOnRead(t *testing.T) {
	e := testEngine(t)
	h := readerOf("mocov2")
	if hits := e.Recommend("", h, 0, 5); hits != nil {
		t.Errorf("Recommend(\"\") = %d hits, want none (WhatNext answers that)", len(hits))
	}
	hits := e.Recommend("contrastive", h, 0, 200)
	for _, hit := range hits {
		if !slices.Contains(hit.Paper.BuildsOn, "mocov2") {
			continue
		}
		if !slices.Contains(hit.Reason.BuildsOnRead, "mocov2") {
			t.Errorf("reason for %s = %+v, want builds-on mocov2", hit.Paper.ID, hit.Reason)
		}
		if got := hit.Reason.Text("en", e.set); !strings.Contains(got, "builds on MoCo v2, which you read") {
			t.Errorf("reason text for %s = %q", hit.Paper.ID, got)
		}
		if got := hit.Reason.Text("zh", e.set); !strings.Contains(got, "基于你读过的 MoCo v2") {
			t.Errorf("Chinese reason text for %s = %q", hit.Paper.ID, got)
		}
	}
	// a search ranks a paper building on a read one higher than before
	plain := rankOf(e.Recommend("contrastive", History{}, 0, 200), "mochi")
	after := rankOf(e.Recommend("contrastive", h, 0, 200), "mochi")
	if after < 0 || after > plain {
		t.Errorf("MoCHi ranks %d for contrastive after reading MoCo v2, %d before; want higher", after, plain)
	}
}

func rankOf(hits []Hit, id string) int {
	for i, h := range hits {
		if h.Paper.ID == id {
			return i
		}
	}
	return -1
}

func TestRecommendPages(t *testing.T) {
	e := testEngine(t)
	h := readerOf("moco")
	h.Dismissed["simclr"] = true
	for _, q := range []string{"contrastive", "self-supervised"} {
		t.Run(q, func(t *testing.T) {
			all := e.Recommend(q, h, 0, 1000)
			var paged []Hit
			for off := 0; ; off += 4 {
				page := e.Recommend(q, h, off, 4)
				if len(page) == 0 {
					break
				}
				paged = append(paged, page...)
			}
			if fmt.Sprint(ids(paged)) != fmt.Sprint(ids(all)) {
				t.Errorf("Recommend(%q) in pages of 4 = %v, want %v", q, ids(paged), ids(all))
			}
		})
	}
	if got := e.Recommend("contrastive", h, 10000, 5); len(got) != 0 {
		t.Errorf("Recommend past the end = %d hits, want none", len(got))
	}
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Paper.ID)
	}
	return out
}

func TestSimilar(t *testing.T) {
	e := testEngine(t)
	h := readerOf("simclr")
	h.Dismissed["mocov3"] = true
	hits := e.Similar("moco", 5, h)
	if len(hits) != 5 {
		t.Fatalf("Similar(moco) = %d hits, want 5", len(hits))
	}
	var got []string
	for _, hit := range hits {
		got = append(got, hit.Paper.ID)
		if hit.Paper.ID == "moco" || hit.Paper.ID == "mocov3" {
			t.Errorf("Similar(moco) shows %s", hit.Paper.ID)
		}
		if hit.Reason.Kind != KindSimilar || hit.Reason.Text("en", e.set) == "" {
			t.Errorf("Similar(moco): reason for %s = %+v", hit.Paper.ID, hit.Reason)
		}
	}
	if !slices.Contains(got, "mocov2") {
		t.Errorf("Similar(moco) = %v, want mocov2 among them", got)
	}
	if hits := e.Similar("nope", 5, h); hits != nil {
		t.Errorf("Similar(nope) = %v, want nil", hits)
	}
}
