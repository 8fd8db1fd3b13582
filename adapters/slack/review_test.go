package slack

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/intake/intaketest"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/internal/testkit"
)

// The candidate the review test harvests (intaketest.SSL): plainly
// self-supervised vision.
const (
	candArXiv = "2611.07001"
	candID    = "arxiv-2611-07001"
	candTitle = "Occluded Token Forecasting Pretrains Vision Transformers Without Labels"
)

// TestReviewCardOnSlack: a harvest in review mode "admins" sends the admin
// a card with Accept and Reject in a direct message through Send; a click
// by someone else changes nothing, the admin's click accepts the paper,
// and a search finds it.
func TestReviewCardOnSlack(t *testing.T) {
	const adminKey = "slack:T1:UADMIN"
	var hv *intake.Harvester
	e := newEnvBot(t, func(e *env, o *bot.Options) {
		db, base := e.db, testkit.Engine(e.t)
		hv = intake.New(intake.Options{
			Store: db, Review: intake.ReviewAdmins, Logger: slog.New(slog.DiscardHandler),
			Engine: func() *recommend.Engine { return e.bot.Engine() },
			// As cmd/paperbot publishes.
			Publish: intaketest.Publisher(db, base.Set(), func(eng *recommend.Engine) { e.bot.SetEngine(eng) }),
		})
		o.Admins, o.Review, o.Logger = []string{adminKey}, hv, e.opts.Logger
	})
	// As cmd/paperbot's notifyAdmins: each candidate to each admin.
	hv.SetNotify(intaketest.NotifyAdmin(t, e.bot, e.a, adminKey))

	ctx := context.Background()
	now := time.Now()
	rep, err := hv.Run(ctx, intaketest.Pages(-1, []intake.Entry{intaketest.SSL(candArXiv, candTitle, 1, now.Add(-24*time.Hour))}), now, false)
	if err != nil || len(rep.Queued) != 1 || rep.Queued[0].ID != candID {
		t.Fatalf("harvest = %+v, %v; want %s queued", rep, err, candID)
	}

	// The card, in the admin's direct messages.
	if got := e.fake.next("conversations.open").form.Get("users"); got != "UADMIN" {
		t.Errorf("conversations.open users=%q, want UADMIN", got)
	}
	c := e.fake.next("chat.postMessage")
	if got := c.form.Get("channel"); got != "DUADMIN" {
		t.Errorf("the card went to %q, want the admin's DM channel DUADMIN", got)
	}
	card := c.message(t)
	contains(t, "review card", card.all(), "New candidate from arXiv", candTitle, "cs.CV", "Ada Lovelace", "Accept", "Reject")
	contains(t, "review card notification text", card.Text, "New candidate from arXiv")
	acceptBlock, accept, ok := card.button("a:")
	if !ok || accept.Value != "a:"+candID {
		t.Fatalf("the card's Accept button is %+v, want value a:%s:\n%s", accept, candID, card.all())
	}
	if _, reject, ok := card.button("j:"); !ok || reject.Value != "j:"+candID {
		t.Errorf("the card's Reject button is %+v, want value j:%s", reject, candID)
	}
	e.fake.none("chat.postMessage")
	if e.bot.Engine().Set().ByArXiv(candArXiv) != nil {
		t.Fatal("a queued paper is in the set before anyone accepted it")
	}

	// Someone who is not an admin clicks Accept (a forged click): a note
	// only they see, and nothing changes.
	click := press{team: "T1", user: "U2", channel: "DUADMIN", blockID: acceptBlock, actionID: accept.ActionID,
		value: accept.Value, messageTS: "1700000000.000002", message: &card}
	e.click(click)
	got := e.fake.next("respond").message(t)
	if got.ReplaceOriginal || got.ResponseType != "ephemeral" {
		t.Errorf("a reader's click: replace %v type %q, want a new ephemeral message", got.ReplaceOriginal, got.ResponseType)
	}
	contains(t, "a reader's click", got.all(), "Only admins can do that.")
	e.idle()
	if e.bot.Engine().Set().ByArXiv(candArXiv) != nil {
		t.Fatal("a reader's click put the paper in the set")
	}
	if q, err := hv.Queue(ctx); err != nil || len(q) != 1 || q[0].Status != intake.Queued {
		t.Fatalf("after a reader's click, the queue = %+v, %v; want the paper still waiting", q, err)
	}

	// The admin clicks Accept.
	click.user = "UADMIN"
	e.click(click)
	got = e.fake.next("respond").message(t)
	contains(t, "the admin's click", got.all(), "Accepted: "+candTitle+" ["+candID+"]. It is searchable now.")
	if got.ResponseType != "ephemeral" {
		t.Errorf("the admin's click answered with response_type %q, want ephemeral", got.ResponseType)
	}
	if p := e.bot.Engine().Set().ByArXiv(candArXiv); p == nil || p.ID != candID {
		t.Fatalf("after Accept the set has %+v for %s", p, candArXiv)
	}
	e.idle()
	e.fake.none("chat.postMessage")
	e.fake.none("respond")

	// Anyone finds it now; a second click says it is done already.
	m, _ := e.slash("T1", "U2", "C1", "occluded token forecasting")
	contains(t, "search for the accepted paper", m.all(), candTitle)
	e.click(click)
	contains(t, "a second Accept", e.fake.next("respond").message(t).all(), "was already accepted")
}
