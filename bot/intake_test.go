package bot_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/intake/intaketest"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/internal/testkit"
	"github.com/paperbot/paperbot/store"
)

// intakeBot is a bot with console:boss as admin and intake over a real
// store, its harvests publishing into the bot as cmd wires them.
type intakeBot struct {
	t     *testing.T
	bot   *bot.Bot
	db    *store.DB
	h     *intake.Harvester
	clock *testkit.Clock
}

func newIntakeBot(t *testing.T, review string) *intakeBot {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "paperbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ib := &intakeBot{t: t, db: db, clock: testkit.NewClock(time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))}
	base := testkit.Engine(t)
	ib.h = intake.New(intake.Options{
		Store: db, Review: review, Now: ib.clock.Now, Logger: slog.New(slog.DiscardHandler),
		Engine:  func() *recommend.Engine { return ib.bot.Engine() },
		Publish: intaketest.Publisher(db, base.Set(), func(e *recommend.Engine) { ib.bot.SetEngine(e) }),
	})
	ib.bot = bot.New(bot.Options{Engine: base, Store: db, Now: ib.clock.Now, Admins: []string{"console:boss"},
		Review: ib.h, Logger: slog.New(slog.DiscardHandler)})
	return ib
}

func (ib *intakeBot) say(who, text string) bot.Reply {
	ib.t.Helper()
	return handle(ib.t, ib.bot, who, text)
}

// harvest takes in two new papers submitted the day before: a
// masked-image-modeling one by Ada Lovelace and a speech one.
func (ib *intakeBot) harvest() intake.Report {
	ib.t.Helper()
	day := ib.clock.Now().Add(-24 * time.Hour)
	rep, err := ib.h.Run(context.Background(), intaketest.Pages(-1, []intake.Entry{
		intaketest.SSL("2611.07001", "Hidden Patch Regression Pretrains Vision Transformers Without Labels", 1, day),
		intaketest.Speech("2611.07002", day),
	}), ib.clock.Now(), false)
	if err != nil {
		ib.t.Fatal(err)
	}
	return rep
}

func TestNewPapersAndTheirCards(t *testing.T) {
	ib := newIntakeBot(t, intake.ReviewAuto)
	contains(t, ib.say("console:a", "/new"), "No new papers")
	if rep := ib.harvest(); len(rep.Accepted) != 1 {
		t.Fatalf("harvest accepted %+v", rep.Accepted)
	}
	r := ib.say("console:a", "/new")
	if len(r.Papers) != 1 || r.Papers[0].ID != "arxiv-2611-07001" || !r.Papers[0].New {
		t.Fatalf("/new = %+v", r.Papers)
	}
	contains(t, r, "🆕", "masked image")
	contains(t, ib.say("console:a", "/new masked image modeling"), "arxiv-2611-07001")
	contains(t, ib.say("console:a", "/new video"), "No new papers in Video")
	card := ib.say("console:a", "/show 2611.07001")
	contains(t, card, "Submitted: 2026-11-27", "arXiv category: cs.CV", "Why it is here:", "https://arxiv.org/pdf/2611.07001")
	zh := ib.say("console:b", "/lang zh")
	_ = zh
	contains(t, ib.say("console:b", "/show arxiv-2611-07001"), "摘要为英文原文", "提交: 2026-11-27")
	// The search finds it, and the mark goes after seven days.
	contains(t, ib.say("console:a", "/paper hidden patch regression"), "arxiv-2611-07001")
	ib.clock.Advance(8 * 24 * time.Hour)
	if r := ib.say("console:a", "/show 2611.07001"); r.Papers[0].New || strings.Contains(r.Text, "🆕") {
		t.Errorf("a paper added 8 days ago still shows as new: %q", r.Text)
	}
	contains(t, ib.say("console:a", "/new"), "No new papers")
}

func TestFollowCommands(t *testing.T) {
	ib := newIntakeBot(t, intake.ReviewAuto)
	contains(t, ib.say("console:a", "/following"), "You follow nothing")
	contains(t, ib.say("console:a", "/follow"), "Follow what?")
	contains(t, ib.say("console:a", "/follow masked image modeling"), "Following “masked image modeling”")
	contains(t, ib.say("console:a", "/follow author Ada Lovelace"), "Following the author Ada Lovelace")
	contains(t, ib.say("console:a", "/follow Masked Image Modeling"), "already follow")
	contains(t, ib.say("console:a", "/follow "+strings.Repeat("x", 200)), "too long")
	r := ib.say("console:a", "/following")
	contains(t, r, "1. search “masked image modeling”", "2. author Ada Lovelace", "08:00 UTC")
	contains(t, ib.say("console:a", "/settings"), "Following: 2 searches and authors")
	contains(t, ib.say("console:a", "/unfollow 1"), "Stopped following search “masked image modeling”")
	contains(t, ib.say("console:a", "/unfollow 5"), "Which one?")
	rd, err := ib.db.Get(context.Background(), "console:a")
	if err != nil {
		t.Fatal(err)
	}
	if len(rd.Follows) != 1 || rd.Follows[0].Kind != bot.FollowAuthor {
		t.Errorf("stored follows = %+v", rd.Follows)
	}
	contains(t, ib.say("console:z", "/关注 掩码图像建模"), "已关注")
	for i := 0; i < bot.MaxFollows; i++ {
		ib.say("console:f", "/follow topic "+strings.Repeat("a", i+1))
	}
	contains(t, ib.say("console:f", "/follow one more"), "the most there can be")

	// The follower-only reader's daily message: the new paper by the author
	// they follow, then nothing the next day.
	ib.harvest()
	rd, _ = ib.db.Get(context.Background(), "console:a")
	reply, paper, err := ib.bot.DigestReply(rd, "2026-11-28", ib.clock.Now())
	if err != nil || paper != "" || len(reply.New) != 1 || reply.New[0] != "arxiv-2611-07001" {
		t.Fatalf("follower's digest = %q, %q, %v (new %v)", reply.Text, paper, err, reply.New)
	}
	contains(t, reply, "New for you", "author Ada Lovelace")
	rd.Digests = append(rd.Digests, bot.DigestEntry{Day: "2026-11-28", State: bot.DigestSent, New: reply.New})
	if _, _, err := ib.bot.DigestReply(rd, "2026-11-29", ib.clock.Now()); err != bot.ErrNoDigest {
		t.Errorf("the next day's digest = %v, want ErrNoDigest", err)
	}
}

func TestReviewInChat(t *testing.T) {
	ib := newIntakeBot(t, intake.ReviewAdmins)
	contains(t, ib.say("console:boss", "/review"), "No papers are waiting")
	if rep := ib.harvest(); len(rep.Queued) != 1 {
		t.Fatalf("harvest queued %+v", rep.Queued)
	}
	// Only admins see the commands; others get "unknown command".
	contains(t, ib.say("console:a", "/review"), "Unknown command")
	r := ib.say("console:boss", "/review")
	contains(t, r, "1 papers wait for review", "arxiv-2611-07001")
	if len(r.Papers) != 1 || len(r.Papers[0].Buttons) != 2 || r.Papers[0].Buttons[0].Action.Verb != bot.VerbAccept {
		t.Fatalf("review card = %+v", r.Papers)
	}
	if ib.bot.Engine().Set().ByArXiv("2611.07001") != nil {
		t.Fatal("a queued paper is searchable")
	}
	// A reader who is not an admin cannot press Accept.
	accept := r.Papers[0].Buttons[0].Action
	if code := accept.Encode(); code != "a:arxiv-2611-07001" {
		t.Errorf("Accept encodes as %q", code)
	}
	got, err := ib.bot.Handle(context.Background(), bot.Request{Reader: "console:a", Action: &accept})
	if err != nil || !strings.Contains(got.Toast, "Only admins") {
		t.Fatalf("a reader's Accept = %+v, %v", got, err)
	}
	if ib.bot.Engine().Set().ByArXiv("2611.07001") != nil {
		t.Fatal("a reader's press accepted the paper")
	}
	got, err = ib.bot.Handle(context.Background(), bot.Request{Reader: "console:boss", Action: &accept})
	if err != nil || got.Toast != "Accepted" || !strings.Contains(got.Text, "searchable now") {
		t.Fatalf("the admin's Accept = %+v, %v", got, err)
	}
	contains(t, ib.say("console:a", "/paper hidden patch regression"), "arxiv-2611-07001")
	contains(t, ib.say("console:boss", "/accept 2611.07001"), "was already accepted")
	contains(t, ib.say("console:boss", "/reject arxiv-2611-07001"), "Rejected")
	contains(t, ib.say("console:boss", "/reject 2611.99999"), "Intake has no paper")
	contains(t, ib.say("console:boss", "/accept"), "Which paper?")
	if ib.bot.Engine().Set().ByArXiv("2611.07001") != nil {
		t.Error("a rejected paper is still searchable")
	}
	// The card sent to admins.
	q, _ := ib.db.IntakeRecords(context.Background())
	card := bot.ReviewReply("zh", q[0])
	if !strings.Contains(card.Text, "是否收录") || len(card.Papers[0].Buttons) != 2 {
		t.Errorf("review card in Chinese = %q", card.Text)
	}
}

// Every other day, the daily paper of a reader with topics may be a paper
// new this week in those topics; the day after, the curated calendar.
func TestDailyPaperMayBeANewPaperInTheReadersTopics(t *testing.T) {
	ib := newIntakeBot(t, intake.ReviewAuto)
	ib.say("console:a", "/read mae")
	ib.say("console:b", "/read jigsaw")
	ib.harvest()
	id := "arxiv-2611-07001"
	rd, _ := ib.db.Get(context.Background(), "console:a")
	rd.Sub.On = true
	reply, paper, err := ib.bot.DigestReply(rd, "2026-11-28", ib.clock.Now())
	if err != nil || paper != id {
		t.Fatalf("day 1 pick for a reader of MAE = %q (%v); want the new MIM paper\n%s", paper, err, reply.Text)
	}
	contains(t, reply, "new on arXiv, in your topics")
	rd.Digests = append(rd.Digests, bot.DigestEntry{Day: "2026-11-28", Paper: paper, State: bot.DigestSent})
	if _, paper, _ := ib.bot.DigestReply(rd, "2026-11-29", ib.clock.Now()); paper == id || strings.HasPrefix(paper, "arxiv-") {
		t.Errorf("day 2 pick = %q; want a curated paper after a new one", paper)
	}
	// a reader of other topics keeps the calendar
	rb, _ := ib.db.Get(context.Background(), "console:b")
	rb.Sub.On = true
	if _, paper, _ := ib.bot.DigestReply(rb, "2026-11-28", ib.clock.Now()); paper == id {
		t.Errorf("a reader of pretext tasks got the new MIM paper as their daily paper")
	}
}
