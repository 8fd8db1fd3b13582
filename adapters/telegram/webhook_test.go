package telegram_test

import (
	"bytes"
	"net"
	"net/http"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
)

const hookSecret = "s3cret_Token-42"

// webhookHarness runs the adapter in webhook mode on a loopback listener
// and returns the URL deliveries go to.
func webhookHarness(t *testing.T) (*harness, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(o *telegram.Options) {
		o.Mode, o.Listener = telegram.ModeWebhook, ln
		o.WebhookURL, o.WebhookSecret = "https://bot.example.org/tg/hook", hookSecret
	})
	h.start()
	h.fake.Wait(t, "setWebhook", 1)
	return h, "http://" + ln.Addr().String() + "/tg/hook"
}

func deliver(t *testing.T, url, secret string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestWebhookRejectsWrongSecret(t *testing.T) {
	h, url := webhookHarness(t)
	set := h.fake.Calls("setWebhook")[0].Params
	if set.Get("url") != "https://bot.example.org/tg/hook" || set.Get("secret_token") != hookSecret {
		t.Errorf("setWebhook url=%q secret_token=%q", set.Get("url"), set.Get("secret_token"))
	}
	chat := telegramtest.Private(ann)
	for _, c := range []struct{ name, secret string }{
		{"none", ""}, {"wrong", "wrong"}, {"one character more", hookSecret + "x"}, {"a prefix", hookSecret[:5]},
	} {
		t.Run(c.name, func(t *testing.T) {
			if code := deliver(t, url, c.secret, h.fake.Raw(telegramtest.Text(chat, ann, "/read mocov2"))); code != http.StatusUnauthorized {
				t.Errorf("delivery with secret %q = %d, want 401", c.secret, code)
			}
		})
	}
	if n := h.handled.Load(); n != 0 {
		t.Errorf("the bot handled %d requests without the secret", n)
	}

	update := h.fake.Raw(telegramtest.Text(chat, ann, "/read mocov2"))
	for range 2 { // the second is a redelivery and is dropped
		if code := deliver(t, url, hookSecret, update); code != http.StatusOK {
			t.Fatalf("delivery with the secret = %d, want 200", code)
		}
	}
	if code := deliver(t, url, hookSecret, h.fake.Raw(telegramtest.Text(chat, ann, "/progress"))); code != http.StatusOK {
		t.Fatalf("delivery = %d", code)
	}
	h.fake.Wait(t, "sendMessage", 2)
	// One chat's updates are handled in order: had the redelivery been
	// handled, its reply would come second.
	if sent := h.fake.SentTo(chat.ID); !bytes.Contains([]byte(sent[1].Text), []byte("You have read 1 of")) {
		t.Errorf("second reply, want /progress's:\n%s", sent[1].Text)
	}
	if code := deliver(t, url[:len(url)-4]+"other", hookSecret, update); code != http.StatusNotFound {
		t.Errorf("delivery to another path = %d, want 404", code)
	}
	if !h.a.Ready() {
		t.Error("Ready = false with the webhook set")
	}
	if n := len(h.fake.Calls("getUpdates")); n != 0 {
		t.Errorf("webhook mode polled %d times", n)
	}
}

func TestNewChecksOptions(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name string
		o    telegram.Options
	}{
		{"no token", telegram.Options{Handler: h.bot}},
		{"no handler", telegram.Options{Token: "t"}},
		{"bad mode", telegram.Options{Token: "t", Handler: h.bot, Mode: "pigeon"}},
		{"webhook without URL", telegram.Options{Token: "t", Handler: h.bot, Mode: "webhook", WebhookSecret: "abc", WebhookListen: ":0"}},
		{"webhook bad secret", telegram.Options{Token: "t", Handler: h.bot, Mode: "webhook", WebhookURL: "https://x.org/h", WebhookSecret: "a b", WebhookListen: ":0"}},
		{"webhook no listen", telegram.Options{Token: "t", Handler: h.bot, Mode: "webhook", WebhookURL: "https://x.org/h", WebhookSecret: "abc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := telegram.New(tt.o); err == nil {
				t.Errorf("New(%s) = nil error", tt.name)
			}
		})
	}
}
