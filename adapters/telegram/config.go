package telegram

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

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
	if o.Endpoint != "" {
		if err := validateEndpoint(o.Endpoint); err != nil {
			return err
		}
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

// validateEndpoint checks an api_endpoint format as docs/telegram.md
// describes it: an http(s) URL with exactly two %s, the token (in the
// path) and then the method, and no other verb; %% is a literal %. A verb
// such as %x or %q would print the token in a form no one redacts.
func validateEndpoint(f string) error {
	n := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		next := byte(0)
		if i+1 < len(f) {
			next = f[i+1]
		}
		switch next {
		case '%':
		case 's':
			n++
		default:
			return fmt.Errorf("telegram.api_endpoint: %q has %q: it takes exactly two %%s, the token and then the method, and %%%% for a literal %%", f, f[i:min(i+2, len(f))])
		}
		i++
	}
	if n != 2 {
		return fmt.Errorf("telegram.api_endpoint: %q has %d %%s: it takes exactly two, the token and then the method", f, n)
	}
	const mark = "TOKEN"
	u, err := url.Parse(fmt.Sprintf(f, mark, "getMe"))
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("telegram.api_endpoint: %q is not an http(s) URL", f)
	case !strings.Contains(u.Path, mark) || strings.Contains(u.Host, mark) || !strings.HasSuffix(u.Path, "getMe"):
		return fmt.Errorf("telegram.api_endpoint: %q must put the token in the path and end with the method, as https://api.telegram.org/bot%%s/%%s", f)
	}
	return nil
}
