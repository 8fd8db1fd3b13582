package telegram_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/testkit"
)

func (h *harness) pending() []bot.Inbound {
	h.t.Helper()
	p, err := h.db.Inbox().Pending(context.Background(), "telegram")
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

// leave puts an update in the inbox as a run that crashed after
// acknowledging it would have left it.
func (h *harness) leave(raw []byte) {
	h.t.Helper()
	fresh, err := h.db.Inbox().Put(context.Background(), bot.Inbound{ID: updateID(h.t, raw), Received: time.Now(), Payload: raw})
	if err != nil || !fresh[0] {
		h.t.Fatalf("Put = %v, %v", fresh, err)
	}
}

func updateID(t *testing.T, raw []byte) string {
	t.Helper()
	i := strings.Index(string(raw), `"update_id":`)
	if i < 0 {
		t.Fatalf("no update_id in %s", raw)
	}
	n := strings.TrimLeft(string(raw[i+len(`"update_id":`):]), " ")
	end := strings.IndexAny(n, ",}")
	return "telegram:" + n[:end]
}

// TestRestartAnswersWhatWasTaken: updates a crashed run acknowledged are
// answered when the adapter starts again, each once, even when Telegram
// also sends one of them again (the crash came before its offset was
// confirmed); a leftover inline query is dropped and counted.
func TestRestartAnswersWhatWasTaken(t *testing.T) {
	var dropped atomic.Int64
	h := newHarnessBot(t, testkit.Engine(t), func(h *harness, o *bot.Options) {
		o.Dropped = func(string) { dropped.Add(1) }
	})
	chat := telegramtest.Private(ann)
	read := h.fake.Raw(telegramtest.Text(chat, ann, "/read mocov2"))
	progress := h.fake.Raw(telegramtest.Text(chat, ann, "/progress"))
	inline := h.fake.Raw(telegramtest.InlineQuery(ann, "mae"))
	for _, raw := range [][]byte{read, progress, inline} {
		h.leave(raw)
	}
	h.fake.Redeliver(progress) // not confirmed before the crash
	h.start()
	h.fake.Wait(t, "sendMessage", 2)
	h.stop() // waits for the replies under way
	var sent []*telegramtest.Sent
	for _, m := range h.fake.SentTo(chat.ID) {
		if m.Kind == "" { // /progress's chart comes as a photo too
			sent = append(sent, m)
		}
	}
	if len(sent) != 2 || !strings.Contains(sent[0].Text, "Marked as read") || !strings.Contains(sent[1].Text, "You have read 1 of") {
		t.Errorf("replies after the restart: %d, want /read's then /progress's", len(sent))
		for _, m := range sent {
			t.Log(m.Text)
		}
	}
	if n := len(h.fake.Calls("answerInlineQuery")); n != 0 || dropped.Load() != 1 {
		t.Errorf("%d inline answers, %d dropped; want the inline query dropped and counted", n, dropped.Load())
	}
	if p := h.pending(); len(p) != 0 {
		t.Errorf("%d updates still pending", len(p))
	}
	if h.fake.Pending() != 0 {
		t.Errorf("%d updates left unconfirmed at the fake", h.fake.Pending())
	}
}

// TestWebhookAckAfterTheInboxHasIt: the webhook answers 200 once the inbox
// has the update, before it is handled; once answered it is done.
func TestWebhookAckAfterTheInboxHasIt(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(o *telegram.Options) {
		o.Mode, o.Listener = telegram.ModeWebhook, ln
		o.WebhookURL, o.WebhookSecret = "https://bot.example.org/tg/hook", hookSecret
	})
	release := make(chan struct{})
	h.fake.OnCall = func(c telegramtest.Call) {
		if c.Method == "sendMessage" {
			<-release // the reply hangs until the test has looked
		}
	}
	h.start()
	h.fake.Wait(t, "setWebhook", 1)
	url := "http://" + ln.Addr().String() + "/tg/hook"
	chat := telegramtest.Private(ann)
	raw := h.fake.Raw(telegramtest.Text(chat, ann, "/read mae"))
	if code := deliver(t, url, hookSecret, raw); code != http.StatusOK {
		t.Fatalf("delivery = %d", code)
	}
	if p := h.pending(); len(p) != 1 || p[0].ID != updateID(t, raw) {
		t.Errorf("pending after the 200: %+v, want the update", p)
	}
	if code := deliver(t, url, hookSecret, raw); code != http.StatusOK { // delivered again
		t.Fatalf("redelivery = %d", code)
	}
	close(release)
	h.fake.Wait(t, "sendMessage", 1)
	h.stop()
	if p := h.pending(); len(p) != 0 {
		t.Errorf("still pending after the answer: %+v", p)
	}
	if n := len(h.fake.Calls("sendMessage")); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}
