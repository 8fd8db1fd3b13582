package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/bot"
)

// Handler answers requests; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) (bot.Reply, error)
}

// Modes the adapter runs in.
const (
	ModeSocket = "socket"
	ModeHTTP   = "http"
)

// EventsPath is the one endpoint of HTTP mode: slash commands, Events API
// callbacks and interactivity payloads all arrive here.
const EventsPath = "/slack/events"

// DefaultAPIURL is Slack's Web API.
const DefaultAPIURL = "https://slack.com/api/"

// Options configures an Adapter. BotToken is required; Socket Mode needs
// AppToken, HTTP mode SigningSecret (and Listen, for Run).
type Options struct {
	BotToken      string // xoxb-…
	AppToken      string // xapp-…, for Socket Mode
	SigningSecret string // verifies HTTP-mode requests
	// Mode is ModeSocket or ModeHTTP; empty means Socket Mode when
	// AppToken is set, else HTTP.
	Mode   string
	Listen string // HTTP mode: the address to serve EventsPath on
	APIURL string // the Web API base; DefaultAPIURL if empty
	// RatePerChannel and RateGlobal pace chat.postMessage, in messages a
	// second to one channel (default 1) and to one workspace (default 20).
	RatePerChannel, RateGlobal float64
	// Commands are the bot's command names (bot.Commands). Replies mention
	// commands as "/read mocov2"; in Slack that is typed "/paper read
	// mocov2", and the adapter rewrites what it is given.
	Commands []string
	// Workers is how many requests are handled at once (default 32);
	// Backlog how many more may wait (default 64 per worker) before new
	// ones are refused as busy.
	Workers, Backlog int
	Logger           *slog.Logger
	HTTPClient       *http.Client // for the Web API; 30-second timeout if nil
	Metrics          Metrics      // optional: rate-limit waits and errors
	// Inbox keeps each request from before it is acknowledged until it is
	// answered, so a crash loses none; *store.Inbox is one. Without it,
	// acknowledged requests wait in memory only.
	Inbox bot.Inbox
}

// Adapter is the Slack platform: it serves conversations (Run) and
// delivers digests (Send).
type Adapter struct {
	api     *slack.Client
	bot     Handler
	guard   *bot.Guard // the bot's one recover (bot.GuardOf)
	log     *slog.Logger
	mode    string
	listen  string
	secret  string
	jobs    *jobs
	inbox   bot.Inbox
	seen    *recent // Events API event ids already taken
	replays *recent // fingerprints of signed requests (HTTP mode)
	memo    *memo   // ephemeral messages, to update and share them
	pace    *pacer
	dms     *ttlCache[string] // "T:U" → direct-message channel id
	admins  *ttlCache[bool]   // "T:U" → workspace admin
	cmdWord *commandRewriter
	metrics Metrics
	ready   atomic.Bool
	botUser atomic.Pointer[string] // the bot's own user id, from auth.test
	// sleep waits between retries; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

var _ bot.Sender = (*Adapter)(nil)

// New returns an Adapter that answers with h. It checks the options (all
// but the Listen that Run needs: see Validate) but does not contact Slack;
// Run does.
func New(h Handler, o Options) (*Adapter, error) {
	if h == nil {
		return nil, errors.New("slack: no handler")
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	mode := o.mode()
	apiURL := o.APIURL
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/" // slack-go appends the method name
	}
	client := o.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	opts := []slack.Option{slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(client)}
	if o.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(o.AppToken))
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	workers := o.Workers
	if workers <= 0 {
		workers = 32
	}
	backlog := o.Backlog
	if backlog <= 0 {
		backlog = 64 * workers
	}
	metrics := o.Metrics
	if metrics == nil {
		metrics = noMetrics{}
	}
	perChannel, global := o.RatePerChannel, o.RateGlobal
	if perChannel <= 0 {
		perChannel = 1
	}
	if global <= 0 {
		global = 20
	}
	log = log.With("platform", "slack")
	return &Adapter{
		api:     slack.New(o.BotToken, opts...),
		bot:     h,
		guard:   bot.GuardOf(h, log),
		log:     log,
		mode:    mode,
		listen:  o.Listen,
		secret:  o.SigningSecret,
		jobs:    newJobs(workers, backlog),
		inbox:   o.Inbox,
		seen:    newRecent(10000),
		replays: newRecent(maxReplays),
		memo:    newMemo(2048, memoTTL),
		pace:    newPacer(perChannel, global, func(d time.Duration) { metrics.RateLimitWait(platformName, d) }),
		dms:     newTTLCache[string](10000, 24*time.Hour),
		admins:  newTTLCache[bool](10000, 10*time.Minute),
		cmdWord: newCommandRewriter(o.Commands),
		metrics: metrics,
		sleep:   sleepCtx,
	}, nil
}

// Name is the reader-key prefix, "slack".
func (a *Adapter) Name() string { return "slack" }

// Mode tells whether the adapter runs in Socket Mode or HTTP mode.
func (a *Adapter) Mode() string { return a.mode }

// Ready reports whether the adapter is connected (Socket Mode) or
// listening (HTTP mode).
func (a *Adapter) Ready() bool { return a.ready.Load() }

// maxReplays is how many signed requests HTTP mode remembers, to refuse
// a replay even without an inbox.
const maxReplays = 20000

// shutdownGrace is how long Run waits, once ctx is done, for the replies
// under way.
const shutdownGrace = 10 * time.Second

// Run checks the token with auth.test, then serves conversations in the
// configured mode until ctx is done, then finishes the replies under way
// and returns nil. An error means it could not run.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.authenticate(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	if err := a.replay(ctx); err != nil {
		return err
	}
	var err error
	if a.mode == ModeSocket {
		err = a.runSocket(ctx)
	} else {
		err = a.runHTTP(ctx)
	}
	a.ready.Store(false)
	a.jobs.drain(shutdownGrace, a.log)
	return err
}

// authenticate learns the bot's user id, so the adapter can tell its own
// messages apart. While Slack cannot be reached (network errors, 5xx, rate
// limits) it keeps trying, backing off up to a minute, until ctx is done; a
// token Slack refuses is an error.
func (a *Adapter) authenticate(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		resp, err := a.api.AuthTestContext(ctx)
		if err == nil {
			a.botUser.Store(&resp.UserID)
			a.log.Info("slack: signed in", "team", resp.TeamID, "bot_user", resp.UserID, "mode", a.mode)
			return nil
		}
		if permanent(err) {
			return fmt.Errorf("slack: Slack refused the bot token (slack.bot_token): auth.test: %w", err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a.metrics.Error("platform")
		wait := min(time.Second<<min(attempt-1, 6), time.Minute)
		var rl *slack.RateLimitedError
		if errors.As(err, &rl) {
			wait = max(rl.RetryAfter, time.Second)
		}
		a.log.Warn("slack: cannot reach Slack; retrying", "err", err, "wait", wait)
		if err := a.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// permanent tells an answer from Slack that retrying will not change (a bad
// token, a wrong api_url) from a failure to reach it.
func permanent(err error) bool {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return true
	}
	var sc slack.StatusCodeError
	return errors.As(err, &sc) && sc.Code < 500 && sc.Code != http.StatusTooManyRequests
}

// self is the bot's user id, "" before Run checked the token.
func (a *Adapter) self() string {
	if p := a.botUser.Load(); p != nil {
		return *p
	}
	return ""
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
