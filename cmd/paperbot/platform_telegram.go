package main

import (
	"fmt"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/adapters/telegram"
)

// telegramOptions are the Telegram adapter's options as the config sets
// them; validate checks them with telegram.Options.Validate.
func (c *Config) telegramOptions() telegram.Options {
	t := c.Telegram
	return telegram.Options{
		Token:         string(t.Token),
		Endpoint:      t.APIEndpoint,
		Mode:          t.Mode,
		WebhookListen: t.Webhook.Listen,
		WebhookURL:    t.Webhook.URL,
		WebhookSecret: string(t.Webhook.SecretToken),
		RatePerChat:   rate.Limit(t.RatePerChat), // 0: the adapter's default, 1 a second
		RateGlobal:    rate.Limit(t.RateGlobal),  // 0: the adapter's default, 30 a second
		Workers:       t.Workers,                 // 0: the adapter's default, 16
	}
}

// newTelegram builds the Telegram adapter from the config. It does not
// contact Telegram; the adapter's Run does, retrying until it can.
func newTelegram(a *app) (platform, error) {
	o := a.cfg.telegramOptions()
	o.Handler, o.Logger, o.Metrics, o.Inbox = a.bot, a.log, a.metrics, a.inbox()
	p, err := telegram.New(o)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return p, nil
}
