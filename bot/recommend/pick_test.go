package recommend

import (
	"testing"
)

// TestWhatNextUsesUp picks one paper a day for a digest reader, as the
// digest does, until nothing is left: every paper of the topic that is
// not read or dismissed comes exactly once.
func TestWhatNextUsesUp(t *testing.T) {
	e := testEngine(t)
	for _, topic := range []string{"", "contrastive", "jigsaw"} {
		t.Run("topic="+topic, func(t *testing.T) {
			h := readerOf("moco", "jigsaw")
			h.Dismissed["simclr"] = true
			h.Saved["byol"] = t0
			want := 0
			for i := range e.set.Papers {
				p := &e.set.Papers[i]
				if !h.read(p.ID) && !h.Dismissed[p.ID] && (topic == "" || e.set.HasTopic(p, topic)) {
					want++
				}
			}
			got := 0
			for {
				picks := e.WhatNext(h, Want{Topic: topic, SkipSent: true}, 1)
				if len(picks) == 0 {
					break
				}
				p := picks[0].Paper
				if h.read(p.ID) || h.Dismissed[p.ID] || h.Sent[p.ID] {
					t.Fatalf("WhatNext(topic %q) = %s, which is read, dismissed or sent", topic, p.ID)
				}
				if topic != "" && !e.set.HasTopic(p, topic) {
					t.Fatalf("WhatNext(topic %q) = %s, outside the topic", topic, p.ID)
				}
				h.Sent[p.ID] = true
				got++
			}
			if got != want {
				t.Errorf("WhatNext(topic %q) gave %d papers before none, want %d", topic, got, want)
			}
		})
	}
}

func TestWhatNextPrefersSaved(t *testing.T) {
	e := testEngine(t)
	h := readerOf("moco")
	h.Saved["byol"] = t0.AddDate(0, 0, 2)
	h.Saved["simclr"] = t0.AddDate(0, 0, 1)
	h.Saved["moco"] = t0 // read: not a pick
	picks := e.WhatNext(h, Want{}, 3)
	if len(picks) != 3 {
		t.Fatalf("WhatNext = %d picks, want 3", len(picks))
	}
	for i, want := range []string{"simclr", "byol"} {
		if pk := picks[i]; pk.Paper.ID != want || pk.Kind != KindSaved || !pk.SavedAt.Equal(h.Saved[want]) {
			t.Errorf("pick %d = %s (%s), want %s saved", i, pk.Paper.ID, pk.Kind, want)
		}
	}
	if picks[2].Kind == KindSaved {
		t.Errorf("pick 2 = %s saved; only two saved papers are unread", picks[2].Paper.ID)
	}
	// a topic keeps to its path, saved papers included
	h.Saved["jigsaw"] = t0.AddDate(0, 0, -1)
	for _, pk := range e.WhatNext(h, Want{Topic: "contrastive"}, 5) {
		if pk.Paper.ID == "jigsaw" {
			t.Errorf("WhatNext(contrastive) picks the saved jigsaw paper")
		}
	}
	if pk := e.WhatNext(h, Want{}, 1); pk[0].Paper.ID != "jigsaw" {
		t.Errorf("WhatNext = %s, want the oldest save, jigsaw", pk[0].Paper.ID)
	}
	// a saved paper already sent by the digest is not sent again
	h.Sent["jigsaw"] = true
	if pk := e.WhatNext(h, Want{SkipSent: true}, 1); pk[0].Paper.ID != "simclr" {
		t.Errorf("WhatNext(SkipSent) = %s, want simclr", pk[0].Paper.ID)
	}
}

func TestWhatNextFollowsThePath(t *testing.T) {
	e := testEngine(t)
	pk := e.WhatNext(History{}, Want{}, 1)
	if len(pk) != 1 || pk[0].Topic != defaultStart || pk[0].Paper != e.Path(defaultStart)[0] || pk[0].Kind != KindStart {
		t.Errorf("WhatNext for a new reader = %+v; want the start of the %s path", pk, defaultStart)
	}
	h := readerOf("jigsaw", "moco")
	main := e.set.Paper("moco").Topics[0]
	pk = e.WhatNext(h, Want{}, 3)
	for _, p := range pk {
		if p.Topic != main || !e.set.HasTopic(p.Paper, main) || h.read(p.Paper.ID) {
			t.Errorf("WhatNext after MoCo = %s on %q; want an unread paper of %s", p.Paper.ID, p.Topic, main)
		}
		switch p.Kind {
		case KindBuildsOn:
			if p.After == nil || !h.read(p.After.ID) {
				t.Errorf("%s builds on %v, which is not a read paper", p.Paper.ID, p.After)
			}
		case KindPath:
		default:
			t.Errorf("%s: kind %s, want builds-on or path", p.Paper.ID, p.Kind)
		}
	}
	// the chosen path comes before the last read's topic
	pk = e.WhatNext(h, Want{Path: "对比学习"}, 1)
	if len(pk) != 1 || pk[0].Topic != "contrastive" {
		t.Errorf("WhatNext(path 对比学习) = %+v, want the contrastive path", pk)
	}
	// a finished topic has nothing; the reader's own path widens
	h = readerOf()
	for _, q := range e.Path("jigsaw") {
		h.Read[q.ID] = t0
	}
	if pk := e.WhatNext(h, Want{Topic: "jigsaw"}, 1); len(pk) != 0 {
		t.Errorf("WhatNext(jigsaw) after reading it all = %s, want none", pk[0].Paper.ID)
	}
	if pk := e.WhatNext(h, Want{Path: "jigsaw"}, 1); len(pk) != 1 || pk[0].Topic == "jigsaw" {
		t.Errorf("WhatNext(path jigsaw) after reading it all = %+v, want a wider path", pk)
	}
	if pk := e.WhatNext(h, Want{Topic: "no such topic"}, 1); pk != nil {
		t.Errorf("WhatNext(no such topic) = %+v, want nil", pk)
	}
}
