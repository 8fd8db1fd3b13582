package slack

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	base := Options{BotToken: "xoxb-1", SigningSecret: "s", Mode: ModeHTTP, Listen: "127.0.0.1:3000"}
	tests := []struct {
		name string
		edit func(*Options)
		want string // "" for valid
	}{
		{"http mode", func(*Options) {}, ""},
		{"socket mode", func(o *Options) { o.Mode, o.AppToken, o.Listen = "", "xapp-1", "" }, ""},
		{"http mode without listen", func(o *Options) { o.Listen = "" }, "slack.listen"},
		{"http mode by default, without listen", func(o *Options) { o.Mode, o.Listen = "", "" }, "slack.listen"},
		{"bad listen", func(o *Options) { o.Listen = "999.1.1.1:99999" }, "slack.listen"},
		{"no signing secret", func(o *Options) { o.SigningSecret = "" }, "slack.signing_secret"},
		{"bad api url", func(o *Options) { o.APIURL = "ftp://slack.com/api" }, "slack.api_url"},
		{"negative rate", func(o *Options) { o.RatePerChannel = -1 }, "slack.rate_per_channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			tt.edit(&o)
			err := o.Validate()
			if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error naming %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "xoxb-1") {
				t.Errorf("Validate() = %v, which quotes the token", err)
			}
		})
	}
	// New serves a Handler someone else may mount: it needs no Listen.
	o := base
	o.Listen = ""
	if _, err := New(handlerFunc(nil), o); err != nil {
		t.Errorf("New without Listen = %v", err)
	}
}
