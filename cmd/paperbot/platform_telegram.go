package main

import "errors"

// newTelegram builds the Telegram adapter from the config.
func newTelegram(a *app) (platform, error) {
	return nil, errors.New("telegram is configured, but this version of paperbot has no Telegram adapter yet; unset the token to chat in the terminal")
}
