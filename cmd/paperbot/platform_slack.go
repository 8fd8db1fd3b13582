package main

import "errors"

// newSlack builds the Slack adapter from the config.
func newSlack(a *app) (platform, error) {
	return nil, errors.New("slack is configured, but this version of paperbot has no Slack adapter yet; unset the tokens to chat in the terminal")
}
