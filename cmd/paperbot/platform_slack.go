package main

import (
	"fmt"

	"github.com/paperbot/paperbot/adapters/slack"
)

// newSlack builds the Slack adapter from the config: Socket Mode when an
// app token is set (unless slack.mode says http), else HTTP mode.
func newSlack(a *app) (platform, error) {
	c := a.cfg.Slack
	var names []string
	for _, cmd := range a.bot.Commands("en") {
		names = append(names, cmd[0])
	}
	p, err := slack.New(a.bot, slack.Options{
		BotToken:       string(c.BotToken),
		AppToken:       string(c.AppToken),
		SigningSecret:  string(c.SigningSecret),
		Mode:           c.Mode,
		Listen:         c.Listen,
		APIURL:         c.APIURL,
		RatePerChannel: c.RatePerChannel,
		RateGlobal:     c.RateGlobal,
		Commands:       names,
		Logger:         a.log,
		Inbox:          a.store.Inbox(),
	})
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return p, nil
}
