package telegram_test

import (
	"strings"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram"
)

func TestValidate(t *testing.T) {
	const token = "123:secret token%41"
	hook := telegram.Options{Token: token, Mode: telegram.ModeWebhook, WebhookURL: "https://bot.example.org/hook",
		WebhookSecret: "abc", WebhookListen: "127.0.0.1:8443"}
	tests := []struct {
		name string
		edit func(*telegram.Options)
		want string // "" for valid
	}{
		{"webhook", func(*telegram.Options) {}, ""},
		{"polling", func(o *telegram.Options) { *o = telegram.Options{Token: token} }, ""},
		{"no token", func(o *telegram.Options) { o.Token = "" }, "telegram.token"},
		{"bad mode", func(o *telegram.Options) { o.Mode = "pigeon" }, "telegram.mode"},
		{"no url", func(o *telegram.Options) { o.WebhookURL = "" }, "telegram.webhook.url"},
		{"relative url", func(o *telegram.Options) { o.WebhookURL = "/hook" }, "telegram.webhook.url"},
		{"url with the token", func(o *telegram.Options) { o.WebhookURL = "ftp://x/" + token }, "telegram.webhook.url"},
		{"bad secret", func(o *telegram.Options) { o.WebhookSecret = "a b" }, "telegram.webhook.secret_token"},
		{"no listen", func(o *telegram.Options) { o.WebhookListen = "" }, "telegram.webhook.listen"},
		{"bad listen", func(o *telegram.Options) { o.WebhookListen = "999.1.1.1:99999" }, "telegram.webhook.listen"},
		{"negative rate", func(o *telegram.Options) { o.RateGlobal = -1 }, "telegram.rate_global"},
		{"negative workers", func(o *telegram.Options) { o.Workers = -1 }, "telegram.workers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := hook
			tt.edit(&o)
			err := o.Validate()
			if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error naming %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), token) {
				t.Errorf("Validate() = %v, which quotes the token", err)
			}
		})
	}
}
