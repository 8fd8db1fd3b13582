package main

import "github.com/paperbot/paperbot/bot"

// newDigestService returns the daily-paper scheduler, or nil when there is
// none in this version.
func newDigestService(a *app, senders map[string]bot.Sender) (*service, error) {
	return nil, nil
}
