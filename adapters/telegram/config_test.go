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

func TestValidateEndpoint(t *testing.T) {
	tests := []struct {
		name, endpoint string
		ok             bool
	}{
		{"default", "", true},
		{"telegram's", "https://api.telegram.org/bot%s/%s", true},
		{"self-hosted", "http://127.0.0.1:8081/bot%s/%s", true},
		{"a literal percent", "http://127.0.0.1:8081/a%%20b/bot%s/%s", true},
		{"hex token", "http://127.0.0.1:1/%x/%s", false},
		{"quoted token", "http://127.0.0.1:1/bot%q/%s", false},
		{"any value", "http://127.0.0.1:1/bot%v/%s", false},
		{"a third verb", "http://127.0.0.1:1/bot%s/%s/%d", false},
		{"indexed", "http://127.0.0.1:1/bot%[2]s/%[1]s", false},
		{"one %s", "http://127.0.0.1:1/bot%s", false},
		{"three %s", "http://127.0.0.1:1/%s/bot%s/%s", false},
		{"a trailing percent", "http://127.0.0.1:1/bot%s/%s%", false},
		{"an escape read as a verb", "http://127.0.0.1:1/a%20b/bot%s/%s", false},
		{"token in the host", "https://%s.example.org/%s", false},
		{"method first", "https://api.telegram.org/%s/bot%s/x", false},
		{"not http", "ftp://api.telegram.org/bot%s/%s", false},
		{"no host", "/bot%s/%s", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := telegram.Options{Token: "1:x", Endpoint: tt.endpoint}.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("Validate() with api_endpoint %q = %v, want ok %v", tt.endpoint, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "telegram.api_endpoint") {
				t.Errorf("Validate() = %v, want it to name telegram.api_endpoint", err)
			}
		})
	}
}
