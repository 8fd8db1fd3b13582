package telegram_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
	digestpkg "github.com/paperbot/paperbot/bot/digest"
	"github.com/paperbot/paperbot/internal/testkit"
)

// The daily paper through the adapter and a fake Bot API: a 429 with
// retry_after, then 200, delivers the digest once with its buttons; a 403
// (the reader blocked the bot) unsubscribes.
func TestDigestThroughTelegram(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 3, 14, 8, 0, 0, 0, time.UTC))
	b, db := testkit.Bot(t, clock.Now)
	log := slog.New(slog.NewTextHandler(&testkit.LogBuffer{}, nil))
	srv := telegramtest.NewServer(t)
	tg, err := telegram.New(telegram.Options{Token: telegramtest.Token, Endpoint: srv.Endpoint(),
		Handler: b, Logger: log, Timing: telegram.Timing{Backoff: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	// One worker, so the script meets the chats in key order.
	s, err := digestpkg.New(digestpkg.Options{Senders: map[string]bot.Sender{"telegram": tg}, Workers: 1,
		Now: clock.Now, Logger: log, Store: db, Composer: b})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"telegram:101", "telegram:102"} {
		if _, err := db.Update(ctx, key, func(r *bot.Reader) error {
			r.Sub = bot.Subscription{On: true, Time: "08:00", Zone: "UTC", Frequency: "daily"}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	srv.Script("sendMessage", telegramtest.Flood(1), telegramtest.Hang(0), telegramtest.Forbidden())

	rep, err := s.RunOnce(ctx, clock.Now())
	if err != nil || rep.Sent != 1 || rep.Unsubscribed != 1 || rep.Failed != 0 {
		t.Errorf("pass: %+v, %v; want 1 sent and 1 unsubscribed", rep, err)
	}
	got := srv.SentTo(101)
	if len(got) != 1 || !strings.Contains(got[0].Text, "paper of the day") || !strings.Contains(string(got[0].Markup), "r:") {
		t.Fatalf("chat 101 got %+v, want one digest with buttons", got)
	}
	if n := len(srv.Calls("sendMessage")); n != 3 {
		t.Errorf("%d sendMessage calls, want 3 (429, its retry, 403)", n)
	}
	if r, err := db.Get(ctx, "telegram:102"); err != nil || r.Sub.On {
		t.Errorf("telegram:102 blocked the bot and is still subscribed (%v)", err)
	}
	clock.Set(time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC))
	if _, err := s.RunOnce(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if len(srv.SentTo(101)) != 1 || len(srv.Calls("sendMessage")) != 3 {
		t.Error("a later pass sent again")
	}
}
