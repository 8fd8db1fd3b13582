package telegram

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"

	"github.com/paperbot/paperbot/internal/hostport"
)

var secretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// Validate checks the options that come from paperbot's config, naming the
// config key of the first problem. New calls it, and paperbot check and
// serve call it on the config before anything starts, so a config check
// accepts is one serve starts with. It never quotes the token.
func (o Options) Validate() error {
	if o.Token == "" {
		return errors.New("telegram.token: required (the bot token from BotFather)")
	}
	switch o.Mode {
	case "", ModePolling:
	case ModeWebhook:
		if err := o.validateWebhook(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("telegram.mode: %q is not polling or webhook", o.Mode)
	}
	switch {
	case o.RatePerChat < 0:
		return errors.New("telegram.rate_per_chat: must not be negative")
	case o.RateGlobal < 0:
		return errors.New("telegram.rate_global: must not be negative")
	case o.Workers < 0:
		return errors.New("telegram.workers: must not be negative")
	}
	return nil
}

// validateWebhook checks what webhook mode needs: the public URL Telegram
// posts to, the secret it sends back, and an address to listen on.
func (o Options) validateWebhook() error {
	if o.WebhookURL == "" {
		return errors.New("telegram.webhook.url: required in webhook mode (the public https URL Telegram posts to)")
	}
	if _, err := webhookPath(o.WebhookURL); err != nil {
		return err
	}
	if !secretRe.MatchString(o.WebhookSecret) {
		return errors.New("telegram.webhook.secret_token: required in webhook mode: 1-256 characters of A-Z a-z 0-9 _ -")
	}
	if o.Listener != nil {
		return nil
	}
	if o.WebhookListen == "" {
		return errors.New("telegram.webhook.listen: required in webhook mode (the address to listen on, such as 127.0.0.1:8443)")
	}
	if err := hostport.Check(o.WebhookListen); err != nil {
		return fmt.Errorf("telegram.webhook.listen: %w", err)
	}
	return nil
}

// webhookPath is the path of the webhook URL, which the listener serves.
// The URL is not quoted in the error: it may hold a secret path.
func webhookPath(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", errors.New("telegram.webhook.url: not an absolute https URL")
	}
	if p := u.EscapedPath(); p != "" {
		return p, nil
	}
	return "/", nil
}
