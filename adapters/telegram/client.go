package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
)

// client makes Bot API calls with a context, classifies their failures and
// retries the ones worth retrying.
type client struct {
	base        tgbotapi.BotAPI // copied for each call; never changed after newClient
	short, long *http.Client    // long is for getUpdates, whose reply may take PollTimeout
	redact      *redactor
	timing      Timing
	attempts    int
	log         *slog.Logger
	metrics     Metrics // set by New; nil counts nothing
}

func newClient(token, endpoint string, t Timing, attempts int, log *slog.Logger) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64 // one host, many workers: keep their connections
	c := &client{
		base:   tgbotapi.BotAPI{Token: token, Buffer: 100},
		short:  &http.Client{Transport: tr, Timeout: t.SendTimeout},
		long:   &http.Client{Transport: tr, Timeout: t.PollTimeout + 10*time.Second},
		redact: newRedactor(token),
		timing: t, attempts: attempts, log: log,
	}
	c.base.SetAPIEndpoint(endpoint)
	return c
}

// ctxDoer is the HTTP client of one call: it attaches the call's context
// and remembers the HTTP status, which the library ignores.
type ctxDoer struct {
	ctx    context.Context
	hc     *http.Client
	status int
}

func (d *ctxDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.hc.Do(req.WithContext(d.ctx))
	if resp != nil {
		d.status = resp.StatusCode
	}
	return resp, err
}

// once makes one call through a copy of the library client bound to ctx.
// A failure comes back as an *apiError.
func (c *client) once(ctx context.Context, method string, hc *http.Client, call func(api *tgbotapi.BotAPI) error) error {
	d := &ctxDoer{ctx: ctx, hc: hc}
	api := c.base
	api.Client = d
	err := call(&api)
	if err == nil {
		return nil
	}
	ae := c.classify(ctx, method, err, d.status)
	if c.metrics != nil && connectionCalls[method] && ae.kind != kindCanceled {
		c.metrics.Error("platform")
	}
	return ae
}

// do makes a call with retries: a 429 waits retry_after, network errors,
// timeouts and 5xx back off; anything else fails at once. limit, if not
// nil, is waited for before each try (the rate limits of a send). A retried
// send that had in fact arrived is delivered twice; Telegram offers no
// idempotency key.
func (c *client) do(ctx context.Context, method string, limit func(context.Context) error, call func(api *tgbotapi.BotAPI) error) error {
	backoff := c.timing.Backoff
	var err error
	for attempt := 1; ; attempt++ {
		if limit != nil {
			if lerr := limit(ctx); lerr != nil {
				return fmt.Errorf("telegram %s: waiting for the rate limit: %w", method, lerr)
			}
		}
		err = c.once(ctx, method, c.short, call)
		if err == nil {
			return nil
		}
		ae := err.(*apiError)
		var wait time.Duration
		switch ae.kind {
		case kindFlood:
			wait = ae.retryAfter
			if wait <= 0 {
				wait, backoff = backoff, min(2*backoff, c.timing.MaxBackoff)
			}
			c.log.Info("flood control: waiting before retrying", "method", method, "retry_after", wait, "attempt", attempt)
		case kindTransient:
			wait, backoff = backoff, min(2*backoff, c.timing.MaxBackoff)
			c.log.Debug("call failed; retrying", "method", method, "in", wait, "attempt", attempt, "err", err)
		default:
			return err
		}
		if attempt >= c.attempts {
			return err
		}
		if ae.kind == kindFlood && c.metrics != nil {
			c.metrics.RateLimitWait(platformName, wait)
		}
		if !sleep(ctx, wait) {
			return err
		}
	}
}

// kind sorts failures by what to do about them.
type kind int

const (
	kindPermanent kind = iota // bad request, unsupported method: retrying will not help
	kindTransient             // network error, timeout, 5xx: back off and retry
	kindFlood                 // 429: wait retry_after and retry
	kindGone                  // 403 or chat not found: the chat cannot be reached
	kindAuth                  // the token was refused
	kindConflict              // 409: a webhook is set or another poller runs
	kindCanceled              // the call's context ended
)

// apiError is a failed Bot API call. Its text never holds the token. It
// matches bot.ErrUnreachable when the chat cannot be reached.
type apiError struct {
	method     string
	kind       kind
	code       int // Telegram's error_code, else the HTTP status (0: no response)
	retryAfter time.Duration
	migrateTo  int64 // a group became a supergroup with this id
	msg        string
	err        error
}

func (e *apiError) Error() string { return "telegram " + e.method + ": " + e.msg }
func (e *apiError) Unwrap() error { return e.err }

// Is makes a 403 match bot.ErrUnreachable.
func (e *apiError) Is(target error) bool { return target == bot.ErrUnreachable && e.kind == kindGone }

// kindOf is the kind of a failure from once or do; kindPermanent for other
// errors.
func kindOf(err error) kind {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.kind
	}
	return kindPermanent
}

// classify turns a failed call into an *apiError, its text and the
// errors it wraps redacted: the token never leaves the client.
func (c *client) classify(ctx context.Context, method string, err error, status int) *apiError {
	e := &apiError{method: method, code: status, err: c.redact.Error(err), msg: c.redact.String(err.Error())}
	if ctx.Err() != nil {
		e.kind = kindCanceled
		return e
	}
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		// No Bot API answer: a network error, a timeout, or a body that is
		// not JSON (a proxy's error page).
		if status == 0 || status >= 500 || status == 429 || status == http.StatusRequestTimeout {
			e.kind = kindTransient
		}
		return e
	}
	code := te.Code
	if code == 0 { // multipart uploads and non-Telegram servers leave it out
		code = codeFromText(te.Message, status)
	}
	e.code, e.retryAfter, e.migrateTo = code, time.Duration(te.RetryAfter)*time.Second, te.MigrateToChatID
	if te.Message == "" {
		e.msg = fmt.Sprintf("HTTP %d without a description (method not supported?)", status)
	}
	switch {
	case code == 429 || te.RetryAfter > 0:
		e.kind = kindFlood
	case code == 403, code == 400 && strings.Contains(strings.ToLower(te.Message), "chat not found"):
		e.kind = kindGone
	case code == 401, code == 404 && (method == "getMe" || method == "getUpdates"):
		e.kind = kindAuth
	case code == 409:
		e.kind = kindConflict
	case code >= 500:
		e.kind = kindTransient
	}
	return e
}

// codeFromText recovers the error code from Telegram's description.
func codeFromText(desc string, status int) int {
	for prefix, code := range map[string]int{
		"Too Many Requests": 429, "Forbidden": 403, "Unauthorized": 401,
		"Bad Request": 400, "Conflict": 409, "Not Found": 404,
	} {
		if strings.HasPrefix(desc, prefix) {
			return code
		}
	}
	return status
}
