package main

import (
	"fmt"
	"regexp"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/adapters/telegram"
)

var telegramSecretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// newTelegram builds the Telegram adapter from the config. It does not
// contact Telegram; the adapter's Run does, retrying until it can.
func newTelegram(a *app) (platform, error) {
	c := a.cfg.Telegram
	bad := func(key, format string, args ...any) error {
		return fmt.Errorf("config: telegram.%s: %s", key, fmt.Sprintf(format, args...))
	}
	if c.Mode == telegram.ModeWebhook {
		switch {
		case c.Webhook.URL == "":
			return nil, bad("webhook.url", "required in webhook mode (the public https URL Telegram posts to)")
		case c.Webhook.Listen == "":
			return nil, bad("webhook.listen", "required in webhook mode (the address to listen on, such as 127.0.0.1:8443)")
		case !telegramSecretRe.MatchString(string(c.Webhook.SecretToken)):
			return nil, bad("webhook.secret_token", "required in webhook mode: 1-256 characters of A-Z a-z 0-9 _ -")
		}
	}
	p, err := telegram.New(telegram.Options{
		Token:         string(c.Token),
		Endpoint:      c.APIEndpoint,
		Mode:          c.Mode,
		WebhookListen: c.Webhook.Listen,
		WebhookURL:    c.Webhook.URL,
		WebhookSecret: string(c.Webhook.SecretToken),
		RatePerChat:   rate.Limit(c.RatePerChat), // 0: the adapter's default, 1 a second
		RateGlobal:    rate.Limit(c.RateGlobal),  // 0: the adapter's default, 30 a second
		Workers:       c.Workers,                 // 0: the adapter's default, 16
		Handler:       a.bot,
		Readers:       a.store,
		Inbox:         a.store.Inbox(),
		Logger:        a.log,
	})
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return p, nil
}
