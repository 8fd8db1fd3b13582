package telegram

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/bot"
)

// Handler answers requests; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) (bot.Reply, error)
	// Commands lists command names and descriptions in lang, for the menu.
	Commands(lang string) [][2]string
	// Inline answers an inline query ("@Bot query" in any chat).
	Inline(ctx context.Context, req bot.Request) (bot.Reply, error)
}

// Modes of receiving updates.
const (
	ModePolling = "polling"
	ModeWebhook = "webhook"
)

// Options configures an Adapter. Token and Handler are required; webhook
// mode also needs WebhookURL, WebhookSecret and WebhookListen or Listener.
type Options struct {
	Token    string // the bot token from BotFather
	Endpoint string // Bot API endpoint format: the token, then the method; default Telegram's
	Mode     string // ModePolling (default) or ModeWebhook

	WebhookListen string       // address the webhook listener binds, "0.0.0.0:8443"
	WebhookURL    string       // public HTTPS URL registered with setWebhook; its path is served
	WebhookSecret string       // secret_token: 1-256 characters of A-Z a-z 0-9 _ -
	Listener      net.Listener // if set, webhook mode serves on it instead of WebhookListen

	RatePerChat rate.Limit // messages a second to one chat; default 1, rate.Inf for no limit
	RateGlobal  rate.Limit // messages a second in all; default 30, rate.Inf for no limit
	Workers     int        // chats handled in parallel; default 16
	Attempts    int        // tries of one API call before giving up; default 5

	Handler Handler
	// Inbox keeps each update from before it is acknowledged (the webhook's
	// 200, the next poll's offset) until it is answered, so a crash loses
	// none; *store.Inbox is one. Without it, updates wait in memory only.
	Inbox   bot.Inbox
	Logger  *slog.Logger // default slog.Default()
	Metrics Metrics      // optional: rate-limit waits and errors
	Timing  Timing
}

// Timing holds the adapter's waits. Zero fields take the defaults.
type Timing struct {
	PollTimeout time.Duration // long-poll timeout of getUpdates; default 50s
	SendTimeout time.Duration // HTTP timeout of every other call; default 15s
	Backoff     time.Duration // first wait after a failure, doubling; default 500ms
	MaxBackoff  time.Duration // longest wait after failures; default 30s
	Drain       time.Duration // how long a shutdown waits for replies under way; default 10s
}

// Adapter is the Telegram platform. Run serves updates; Send delivers
// digests. It is safe for concurrent use.
type Adapter struct {
	o        Options
	log      *slog.Logger
	c        *client
	lim      *limiter
	disp     *dispatcher
	inbox    bot.Inbox  // nil: updates wait in memory only
	guard    *bot.Guard // the bot's one recover (bot.GuardOf)
	seen     *recentIDs // webhook update ids, to drop redeliveries
	hookPath string

	username    atomic.Pointer[string] // from getMe
	ready       atomic.Bool
	running     atomic.Bool
	unreachable sync.Map // chat id → struct{}: logged as unreachable
}

// New checks the options (Validate) and returns an adapter. It does not
// talk to Telegram; Run does.
func New(o Options) (*Adapter, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.Handler == nil {
		return nil, errors.New("telegram: no handler")
	}
	if o.Endpoint == "" {
		o.Endpoint = tgbotapi.APIEndpoint
	}
	a := &Adapter{}
	if o.Mode == "" {
		o.Mode = ModePolling
	}
	if o.Mode == ModeWebhook {
		a.hookPath, _ = webhookPath(o.WebhookURL) // Validate checked it
	}
	o.Timing = o.Timing.withDefaults()
	if o.Workers <= 0 {
		o.Workers = 16
	}
	if o.Attempts <= 0 {
		o.Attempts = 5
	}
	if o.RatePerChat == 0 {
		o.RatePerChat = 1
	}
	if o.RateGlobal == 0 {
		o.RateGlobal = 30
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Metrics == nil {
		o.Metrics = noMetrics{}
	}
	a.o = o
	a.log = o.Logger.With("platform", "telegram")
	a.c = newClient(o.Token, o.Endpoint, o.Timing, o.Attempts, a.log)
	a.c.metrics = o.Metrics
	a.lim = newLimiter(o.RatePerChat, o.RateGlobal, func(d time.Duration) { o.Metrics.RateLimitWait(platformName, d) })
	a.guard = bot.GuardOf(o.Handler, a.log)
	a.disp = newDispatcher(o.Workers, a.process)
	a.seen = newRecentIDs(4096)
	a.inbox = o.Inbox
	return a, nil
}

func (t Timing) withDefaults() Timing {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.PollTimeout, 50*time.Second)
	def(&t.SendTimeout, 15*time.Second)
	def(&t.Backoff, 500*time.Millisecond)
	def(&t.MaxBackoff, 30*time.Second)
	def(&t.Drain, 10*time.Second)
	return t
}

// Name is the reader-key prefix, "telegram".
func (a *Adapter) Name() string { return "telegram" }

// Ready reports whether the adapter is connected and taking updates.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// BotName is the bot's user name from getMe, once Run has connected.
func (a *Adapter) BotName() string {
	if p := a.username.Load(); p != nil {
		return *p
	}
	return ""
}

// Run connects (getMe, retried until it works or the token is refused),
// sets the command menu, and takes updates until ctx is done. Then it stops
// taking updates, finishes the replies under way within Timing.Drain and
// returns nil. It returns an error when the Bot API refuses the token.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("telegram: Run called twice")
	}
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	a.disp.start(work)
	err := a.connect(ctx)
	if err == nil {
		a.setCommands(ctx)
		err = a.replay(ctx)
	}
	if err == nil {
		if a.o.Mode == ModeWebhook {
			err = a.serveWebhook(ctx)
		} else {
			err = a.poll(ctx)
		}
	}
	a.ready.Store(false)
	a.drain(stopWork)
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return nil
	}
	return err
}

// connect calls getMe until it works, ctx is done or the token is refused.
// The library's constructors call getMe once and give up; this adapter
// builds its client without them and retries here.
func (a *Adapter) connect(ctx context.Context) error {
	var me tgbotapi.User
	err := a.untilDone(ctx, "getMe", func(ctx context.Context) error {
		return a.c.once(ctx, "getMe", a.c.short, func(api *tgbotapi.BotAPI) error {
			var err error
			me, err = api.GetMe()
			return err
		})
	})
	if err != nil {
		return err
	}
	a.username.Store(&me.UserName)
	a.log.Info("connected to the Bot API", "bot", me.UserName)
	return nil
}

// drain waits for the updates taken in to be handled, then gives up on
// the rest by cancelling their context.
func (a *Adapter) drain(stopWork context.CancelFunc) {
	if a.disp.wait(a.o.Timing.Drain) {
		return
	}
	a.log.Warn("shutdown: replies still under way after the drain deadline; abandoning them",
		"deadline", a.o.Timing.Drain, "pending", a.disp.pendingCount())
	stopWork()
	a.disp.wait(time.Second)
}

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
