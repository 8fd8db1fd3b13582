package digest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/intake/intaketest"
)

// mimEntry is version version of a new arXiv paper on masked image
// modeling by Ada Lovelace, as the arXiv adapter hands it over.
func mimEntry(version int, published time.Time) intake.Entry {
	title := "Masked Patch Feature Prediction for Self-Supervised Visual Pretraining"
	if version > 1 {
		title += " (revised)"
	}
	return intaketest.SSL("2611.04321", title, version, published)
}

// A reader who follows a search gets a matching new paper once, in the
// "New for you" section of their daily paper, across two harvests (the
// second lists the same paper again, as version 2); a reader who only
// follows gets it in a message of its own.
func TestFollowerGetsANewPaperOnceAcrossHarvests(t *testing.T) {
	ctx := context.Background()
	start := utc("2026-11-27T12:00:00Z")
	tg := &fakeSender{}
	w := newWorld(t, start, map[string]bot.Sender{"telegram": tg})
	tg.clock = w.clock
	h := intake.New(intake.Options{
		Store: w.db, Engine: w.bot.Engine, Now: w.clock.Now, Logger: w.opts.Logger,
		Publish: intaketest.Publisher(w.db, w.eng.Set(), w.bot.SetEngine),
	})
	w.subscribe("telegram:1", "08:00", "UTC", "daily", func(r *bot.Reader) {
		r.Follows = []bot.Follow{{Kind: bot.FollowQuery, Text: "masked image modeling", Since: start}}
	})
	if _, err := w.db.Update(ctx, "telegram:2", func(r *bot.Reader) error {
		r.Follows = []bot.Follow{{Kind: bot.FollowAuthor, Text: "ada lovelace", Since: start}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	harvest := func(at time.Time, version int) intake.Report {
		t.Helper()
		rep, err := h.Run(ctx, intaketest.Pages(-1, []intake.Entry{mimEntry(version, start.Add(-24*time.Hour))}), at, false)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := harvest(utc("2026-11-28T03:00:00Z"), 1); len(rep.Accepted) != 1 {
		t.Fatalf("first harvest accepted %+v (rejected %+v); want the MIM paper", rep.Accepted, rep.Rejected)
	}
	w.clock.Set(utc("2026-11-28T08:01:00Z"))
	w.pass()
	id := intake.PaperID("2611.04321")
	newIn := func(d delivery) []string {
		var out []string
		for _, it := range d.reply.Papers {
			if strings.Contains(it.Why, "🆕") {
				out = append(out, it.ID)
			}
		}
		return out
	}
	got := tg.deliveries()
	if len(got) != 2 {
		t.Fatalf("day 1: %d deliveries, want 2 (the subscriber and the follower)", len(got))
	}
	for _, d := range got {
		if !slices.Contains(newIn(d), id) {
			t.Errorf("day 1: %s got %v in New for you; want %s\n%s", d.key, newIn(d), id, d.reply.Text)
		}
	}
	// The second harvest lists the paper again, as version 2: it refreshes
	// the title and announces nothing.
	if rep := harvest(utc("2026-11-29T03:00:00Z"), 2); len(rep.Accepted) != 0 || rep.Updated != 1 {
		t.Fatalf("second harvest: accepted %d, updated %d; want 0 and 1", len(rep.Accepted), rep.Updated)
	}
	if p := w.bot.Engine().Set().ByArXiv("2611.04321"); p == nil || !strings.HasSuffix(p.Title, "(revised)") {
		t.Errorf("after version 2 the set has %+v; want the revised title", p)
	}
	w.clock.Set(utc("2026-11-29T08:01:00Z"))
	w.pass()
	got = tg.deliveries()[2:]
	for _, d := range got {
		if slices.Contains(newIn(d), id) {
			t.Errorf("day 2: %s got %s again", d.key, id)
		}
		if d.key == "telegram:2" {
			t.Errorf("day 2: the follower got a message with nothing new: %q", d.reply.Text)
		}
	}
	if len(got) != 1 {
		t.Errorf("day 2: %d deliveries, want 1 (the subscriber's daily paper)", len(got))
	}
}
