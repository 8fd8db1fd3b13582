package slack

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/paperbot/paperbot/internal/hostport"
)

// Validate checks the options as paperbot serve runs the adapter, naming
// the config key of the first problem: everything New checks, and in HTTP
// mode the address Run listens on. paperbot check and serve both call it,
// so a config check accepts is one serve starts with.
func (o Options) Validate() error {
	if err := o.check(); err != nil {
		return err
	}
	if o.mode() == ModeHTTP {
		return needListen(o.Listen)
	}
	return nil
}

// needListen is the rule that HTTP mode, run by the adapter, has an
// address to listen on: Validate and Run both apply it.
func needListen(listen string) error {
	if listen == "" {
		return errors.New("slack.listen: required in http mode (the address to serve " + EventsPath + " on, such as 127.0.0.1:3000)")
	}
	return nil
}

// check is what New needs of the options. An adapter whose Handler is
// served by someone else needs no Listen.
func (o Options) check() error {
	if o.BotToken == "" {
		return errors.New("slack.bot_token: required (xoxb-…)")
	}
	switch o.mode() {
	case ModeSocket:
		if o.AppToken == "" {
			return errors.New("slack.app_token: socket mode needs an app-level token (xapp-…)")
		}
	case ModeHTTP:
		if o.SigningSecret == "" {
			return errors.New("slack.signing_secret: http mode needs the app's signing secret")
		}
	default:
		return fmt.Errorf("slack.mode: %q is not socket or http", o.Mode)
	}
	if o.Listen != "" {
		if err := hostport.Check(o.Listen); err != nil {
			return fmt.Errorf("slack.listen: %w", err)
		}
	}
	if o.APIURL != "" {
		u, err := url.Parse(o.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("slack.api_url: %q is not an http(s) URL", o.APIURL)
		}
	}
	if o.RatePerChannel < 0 {
		return errors.New("slack.rate_per_channel: must not be negative")
	}
	if o.RateGlobal < 0 {
		return errors.New("slack.rate_global: must not be negative")
	}
	return nil
}

// mode is the mode the adapter runs in: Mode, else Socket Mode when an app
// token is set, else HTTP mode.
func (o Options) mode() string {
	switch {
	case o.Mode != "":
		return o.Mode
	case o.AppToken != "":
		return ModeSocket
	}
	return ModeHTTP
}
