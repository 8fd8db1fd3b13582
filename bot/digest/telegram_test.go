package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
)

// Through the real Telegram adapter and a fake Bot API: a 429 with
// retry_after, then 200, delivers the digest once with its buttons; a 403
// (the reader blocked the bot) unsubscribes.
func TestThroughTelegram(t *testing.T) {
	srv := telegramtest.NewServer(t)
	senders := map[string]bot.Sender{}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), senders)
	tg, err := telegram.New(telegram.Options{Token: telegramtest.Token, Endpoint: srv.Endpoint(),
		Handler: w.bot, Logger: w.opts.Logger, Timing: telegram.Timing{Backoff: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	senders["telegram"] = tg
	w.opts.Workers = 1 // one at a time, so the script meets the chats in key order
	w.db.Close()
	w.open()
	w.subscribe("telegram:101", "08:00", "UTC", "daily", nil)
	w.subscribe("telegram:102", "08:00", "UTC", "daily", nil)
	srv.Script("sendMessage", telegramtest.Flood(1), telegramtest.Hang(0), telegramtest.Forbidden())

	rep := w.pass()
	if rep.Sent != 1 || rep.Unsubscribed != 1 || rep.Failed != 0 {
		t.Errorf("pass: %+v, want 1 sent and 1 unsubscribed", rep)
	}
	got := srv.SentTo(101)
	if len(got) != 1 || !strings.Contains(got[0].Text, "paper of the day") || !strings.Contains(string(got[0].Markup), "r:") {
		t.Fatalf("chat 101 got %+v, want one digest with buttons", got)
	}
	if n := len(srv.Calls("sendMessage")); n != 3 {
		t.Errorf("%d sendMessage calls, want 3 (429, its retry, 403)", n)
	}
	if r := w.reader("telegram:102"); r.Sub.On {
		t.Error("telegram:102 blocked the bot and is still subscribed")
	}
	w.clock.Set(utc("2026-03-14T12:00:00Z"))
	w.pass()
	if len(srv.SentTo(101)) != 1 || len(srv.Calls("sendMessage")) != 3 {
		t.Error("a later pass sent again")
	}
}
