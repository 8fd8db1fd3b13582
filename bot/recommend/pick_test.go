package recommend

import (
	"slices"
	"testing"
)

func TestPersonalPickUsesUp(t *testing.T) {
	e := testEngine(t)
	for _, topic := range []string{"", "contrastive", "jigsaw"} {
		h := readerOf("moco", "jigsaw")
		h.Dismissed["simclr"] = true
		want := 0
		for i := range e.set.Papers {
			p := &e.set.Papers[i]
			if !h.used(p.ID) && (topic == "" || e.set.HasTopic(p, topic)) {
				want++
			}
		}
		got := 0
		for day := t0; ; day = day.AddDate(0, 0, 1) {
			p := e.PersonalPick(h, day, topic)
			if p == nil {
				break
			}
			if h.used(p.ID) {
				t.Fatalf("PersonalPick(topic %q) = %s, which is read, dismissed or sent", topic, p.ID)
			}
			if topic != "" && !e.set.HasTopic(p, topic) {
				t.Fatalf("PersonalPick(topic %q) = %s, outside the topic", topic, p.ID)
			}
			h.Sent[p.ID] = true
			got++
		}
		if got != want {
			t.Errorf("PersonalPick(topic %q) gave %d papers before nil, want %d", topic, got, want)
		}
	}
}

func TestPersonalPickPrefersPaperOfDay(t *testing.T) {
	e := testEngine(t)
	day := t0.AddDate(0, 3, 0)
	if got, want := e.PersonalPick(History{}, day, ""), e.PaperOfDay(day); got != want {
		t.Errorf("PersonalPick for a new reader = %s, want the paper of the day %s", got.ID, want.ID)
	}
	h := readerOf(e.PaperOfDay(day).ID)
	got := e.PersonalPick(h, day, "")
	if got == nil || got.ID == e.PaperOfDay(day).ID {
		t.Fatalf("PersonalPick after reading the paper of the day = %v", got)
	}
	if h = readerOf("mocov2"); h.read(e.PaperOfDay(day).ID) {
		t.Skip("the paper of the day is MoCo v2")
	}
	h.Sent[e.PaperOfDay(day).ID] = true
	if p := e.PersonalPick(h, day, ""); !slices.Contains(p.BuildsOn, "mocov2") {
		t.Errorf("PersonalPick after reading MoCo v2 = %s, want a paper building on it", p.ID)
	}
	if p := e.PersonalPick(History{}, day, "no such topic"); p != nil {
		t.Errorf("PersonalPick(no such topic) = %s, want nil", p.ID)
	}
}

func TestNext(t *testing.T) {
	e := testEngine(t)
	p, topic := e.Next(History{}, "")
	if p == nil || topic != defaultStart || p.ID != e.Path(defaultStart)[0].ID {
		t.Errorf("Next for a new reader = %v, %q; want the first paper of the %s path", p, topic, defaultStart)
	}
	h := readerOf("jigsaw", "moco")
	p, topic = e.Next(h, "")
	if want := e.set.Paper("moco").Topics[0]; topic != want || p == nil || !e.set.HasTopic(p, want) || h.read(p.ID) {
		t.Errorf("Next after MoCo = %v, %q; want an unread paper of %s", p, topic, want)
	}
	p, topic = e.Next(h, "对比学习")
	if topic != "contrastive" || p == nil || h.read(p.ID) {
		t.Errorf("Next(对比学习) = %v, %q; want an unread contrastive paper", p, topic)
	}
	// reading the whole jigsaw path finishes it
	h = readerOf()
	for _, q := range e.Path("jigsaw") {
		h.Read[q.ID] = t0
	}
	if p, _ := e.Next(h, "jigsaw"); p != nil {
		t.Errorf("Next(jigsaw) after reading it all = %s, want nil", p.ID)
	}
	if p, _ := e.Next(h, ""); p == nil {
		t.Error("Next(\"\") after reading jigsaw = nil, want a wider path")
	}
}
