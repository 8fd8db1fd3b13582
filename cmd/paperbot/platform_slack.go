package main

import (
	"fmt"

	"github.com/paperbot/paperbot/adapters/slack"
)

// slackOptions are the Slack adapter's options as the config sets them;
// validate checks them with slack.Options.Validate.
func (c *Config) slackOptions() slack.Options {
	s := c.Slack
	return slack.Options{
		BotToken:       string(s.BotToken),
		AppToken:       string(s.AppToken),
		SigningSecret:  string(s.SigningSecret),
		Mode:           s.Mode,
		Listen:         s.Listen,
		APIURL:         s.APIURL,
		RatePerChannel: s.RatePerChannel,
		RateGlobal:     s.RateGlobal,
	}
}

// newSlack builds the Slack adapter from the config: Socket Mode when an
// app token is set (unless slack.mode says http), else HTTP mode.
func newSlack(a *app) (platform, error) {
	o := a.cfg.slackOptions()
	for _, cmd := range a.bot.Commands("en") {
		o.Commands = append(o.Commands, cmd[0])
	}
	o.Logger, o.Metrics, o.Inbox = a.log, a.metrics, a.inbox()
	p, err := slack.New(a.bot, o)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return p, nil
}
