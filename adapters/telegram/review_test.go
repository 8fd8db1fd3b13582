package telegram_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/intake/intaketest"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/internal/testkit"
)

// The candidate the review tests harvest (intaketest.SSL): plainly
// self-supervised vision.
const (
	candArXiv = "2611.07001"
	candID    = "arxiv-2611-07001"
	candTitle = "Occluded Token Forecasting Pretrains Vision Transformers Without Labels"
)

// TestReviewCardOnTelegram: a harvest in review mode "admins" sends the
// admin a card with Accept and Reject through the adapter's Send; a
// press by someone else changes nothing, the admin's press accepts the
// paper, and a search finds it.
func TestReviewCardOnTelegram(t *testing.T) {
	admin, other := ann, bo
	adminKey := "telegram:1001"
	var hv *intake.Harvester
	h := newHarnessBot(t, testkit.Engine(t), func(h *harness, o *bot.Options) {
		db, base := h.db, h.eng
		hv = intake.New(intake.Options{
			Store: db, Review: intake.ReviewAdmins, Logger: slog.New(slog.DiscardHandler),
			Engine: func() *recommend.Engine { return h.bot.Engine() },
			// As cmd/paperbot publishes.
			Publish: intaketest.Publisher(db, base.Set(), func(eng *recommend.Engine) { h.bot.SetEngine(eng) }),
		})
		o.Admins, o.Review = []string{adminKey}, hv
	}).start()
	// As cmd/paperbot's notifyAdmins: each candidate to each admin.
	hv.SetNotify(intaketest.NotifyAdmin(t, h.bot, h.a, adminKey))

	ctx := context.Background()
	now := time.Now()
	rep, err := hv.Run(ctx, intaketest.Pages(-1, []intake.Entry{intaketest.SSL(candArXiv, candTitle, 1, now.Add(-24*time.Hour))}), now, false)
	if err != nil || len(rep.Queued) != 1 || rep.Queued[0].ID != candID {
		t.Fatalf("harvest = %+v, %v; want %s queued", rep, err, candID)
	}

	// The card, in the admin's private chat.
	calls := h.fake.Wait(t, "sendMessage", 1)
	if len(calls) != 1 || calls[0].Chat() != admin.ID {
		t.Fatalf("sendMessage calls %+v, want one to the admin's chat %d", calls, admin.ID)
	}
	sent := h.fake.SentTo(admin.ID)
	card := sent[len(sent)-1]
	visible := checkHTML(t, card.Text)
	for _, want := range []string{"New candidate from arXiv", candTitle, "cs.CV", "Ada Lovelace", "https://arxiv.org/abs/" + candArXiv} {
		if !strings.Contains(visible, want) {
			t.Errorf("the card does not show %q:\n%s", want, visible)
		}
	}
	kb := keyboard(t, card.Markup)
	accept, reject := findButton(t, kb, "a:"), findButton(t, kb, "j:")
	if accept != "a:"+candID || reject != "j:"+candID {
		t.Errorf("buttons carry %q and %q, want a:%s and j:%s", accept, reject, candID, candID)
	}
	for _, data := range []string{accept, reject} {
		if len(data) > 64 {
			t.Errorf("callback data %q is %d bytes, over Telegram's 64", data, len(data))
		}
	}
	if h.bot.Engine().Set().ByArXiv(candArXiv) != nil {
		t.Fatal("a queued paper is in the set before anyone accepted it")
	}

	// Someone who is not an admin presses Accept (a forwarded card, or a
	// forged press): a toast, and nothing changes.
	n := len(h.fake.Calls("sendMessage"))
	h.fake.Push(h.fake.Press(other, card, accept))
	answers := h.fake.Wait(t, "answerCallbackQuery", 1)
	if got := answers[0].Params.Get("text"); got != "Only admins can do that." {
		t.Errorf("a reader's press answered %q, want Only admins can do that.", got)
	}
	if h.bot.Engine().Set().ByArXiv(candArXiv) != nil {
		t.Fatal("a reader's press put the paper in the set")
	}
	if q, err := hv.Queue(ctx); err != nil || len(q) != 1 || q[0].Status != intake.Queued {
		t.Fatalf("after a reader's press, the queue = %+v, %v; want the paper still waiting", q, err)
	}

	// The admin presses Accept. (Presses in one chat are handled in
	// order: the reader's is done by now.)
	h.fake.Push(h.fake.Press(admin, card, accept))
	answers = h.fake.Wait(t, "answerCallbackQuery", 2)
	if got := answers[1].Params.Get("text"); got != "Accepted" {
		t.Errorf("the admin's press answered %q, want Accepted", got)
	}
	msgs := h.fake.Wait(t, "sendMessage", n+1)
	said := checkHTML(t, msgs[n].Params.Get("text"))
	if msgs[n].Chat() != admin.ID || !strings.Contains(said, "Accepted: "+candTitle+" ["+candID+"]. It is searchable now.") {
		t.Errorf("after the admin's press, chat %d got:\n%s", msgs[n].Chat(), said)
	}
	if len(msgs) != n+1 {
		t.Errorf("%d messages after the two presses, want 1 (the reader's press gets only a toast)", len(msgs)-n)
	}
	if p := h.bot.Engine().Set().ByArXiv(candArXiv); p == nil || p.ID != candID {
		t.Fatalf("after Accept the set has %+v for %s", p, candArXiv)
	}

	// Anyone finds it now.
	found := checkHTML(t, h.say(telegramtest.Private(other), other, "/paper occluded token forecasting").Text)
	if !strings.Contains(found, candTitle) {
		t.Errorf("/paper occluded token forecasting does not list the accepted paper:\n%s", found)
	}
	// Pressing again says it is done already.
	n = len(h.fake.Calls("sendMessage"))
	h.fake.Push(h.fake.Press(admin, card, accept))
	msgs = h.fake.Wait(t, "sendMessage", n+1)
	if got := checkHTML(t, msgs[n].Params.Get("text")); !strings.Contains(got, "was already accepted") {
		t.Errorf("a second Accept said:\n%s", got)
	}
}
