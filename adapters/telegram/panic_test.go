package telegram_test

import (
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/testkit"
)

// panicky makes the bot's /random panic inside its store transaction (its
// randomness panics) and counts the panics the bot's Guard reports for
// Telegram.
func panicky(count *atomic.Int64) func(*harness, *bot.Options) {
	return func(_ *harness, o *bot.Options) {
		o.Intn = func(int) int { panic("test: /random panics") }
		o.Panicked = func(platform string) {
			if platform == "telegram" {
				count.Add(1)
			}
		}
	}
}

// checkPanicAnswered checks a reply to a panicking command: the apology,
// one panic counted and logged with the update's id.
func checkPanicAnswered(t *testing.T, h *harness, sent *telegramtest.Sent, panics *atomic.Int64) {
	t.Helper()
	if !strings.Contains(sent.Text, "Sorry, something went wrong") {
		t.Errorf("reply to a panicking /random = %q, want the apology", sent.Text)
	}
	if n := panics.Load(); n != 1 {
		t.Errorf("panics counted = %d, want 1", n)
	}
	for _, want := range []string{"panic while handling an update", "test: /random panics", "command=/random", "update=1000"} {
		if !strings.Contains(h.logs.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

// TestPollingPanicIsContained: a command that panics gets an apology and
// is counted, and the bot goes on answering.
func TestPollingPanicIsContained(t *testing.T) {
	var panics atomic.Int64
	h := newHarnessBot(t, testkit.Engine(t), panicky(&panics)).start()
	chat := telegramtest.Private(ann)
	checkPanicAnswered(t, h, h.say(chat, ann, "/random"), &panics)
	if got := h.say(chat, ann, "/progress"); !strings.Contains(got.Text, "You have read 0 of") {
		t.Errorf("after the panic, /progress = %q", got.Text)
	}
}

// TestWebhookPanicIsContained is the same over the webhook.
func TestWebhookPanicIsContained(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var panics atomic.Int64
	h := newHarnessBot(t, testkit.Engine(t), panicky(&panics), func(o *telegram.Options) {
		o.Mode, o.Listener = telegram.ModeWebhook, ln
		o.WebhookURL, o.WebhookSecret = "https://bot.example.org/tg/hook", hookSecret
	}).start()
	h.fake.Wait(t, "setWebhook", 1)
	url := "http://" + ln.Addr().String() + "/tg/hook"
	chat := telegramtest.Private(ann)
	for i, text := range []string{"/random", "/progress"} {
		if code := deliver(t, url, hookSecret, h.fake.Raw(telegramtest.Text(chat, ann, text))); code != http.StatusOK {
			t.Fatalf("delivery of %s = %d", text, code)
		}
		h.fake.Wait(t, "sendMessage", i+1)
	}
	sent := h.fake.SentTo(chat.ID)
	checkPanicAnswered(t, h, sent[0], &panics)
	if !strings.Contains(sent[1].Text, "You have read 0 of") {
		t.Errorf("after the panic, /progress = %q", sent[1].Text)
	}
}
