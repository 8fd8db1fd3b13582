package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/paperbot/paperbot/bot"
)

// Composer writes a reader's digest; *bot.Bot is one. It returns the reply
// and the id of the paper in it ("" for a digest without one).
type Composer interface {
	DigestReply(r bot.Reader, day string, now time.Time) (bot.Reply, string, error)
}

// Store is what the scheduler needs of the reader store; *store.DB is one.
// Schedules walks the subscription index, giving each subscriber's Time,
// Zone and Frequency without loading the reader. RecordDigest is
// bot.Store's Update for an existing reader, without counting the digest
// as the reader being seen (LastSeen).
type Store interface {
	Get(ctx context.Context, key string) (bot.Reader, error)
	RecordDigest(ctx context.Context, key string, fn func(*bot.Reader) error) (bot.Reader, error)
	Schedules(ctx context.Context, fn func(key string, sub bot.Subscription) error) error
}

// Options configures a Scheduler. Store and Composer are required.
type Options struct {
	Store    Store
	Composer Composer
	// Senders deliver digests, by reader-key prefix ("telegram", "slack",
	// "console"). Subscribers of a platform without one are left alone.
	Senders map[string]bot.Sender
	Now     func() time.Time // default time.Now
	Logger  *slog.Logger     // default slog.Default()
	// DefaultTime ("HH:MM") and DefaultZone apply to a subscription that
	// lacks them; defaults "08:00" and "UTC".
	DefaultTime, DefaultZone string
	// Workers is how many digests each platform has in flight at once
	// (default 24). The adapters pace their sends, so this bounds how many
	// digests wait in a platform's rate limiter ahead of a chat reply (at
	// Telegram's 30 a second, 24 is 0.8s); with limits off it sets the
	// pace the store can keep, about Workers digests per group commit.
	Workers int
	// Drain is how long digests already in flight may take once the
	// context of a pass ends (default 10s); none start after it ends.
	Drain time.Duration
	// Retry is the wait before a failed digest is tried again, doubling
	// with each failure up to MaxRetry; defaults 2 and 30 minutes. Retries
	// stop when the reader's local day ends.
	Retry, MaxRetry time.Duration
	// Spec is the cron spec of the passes, default every minute.
	Spec string
	// Claims, if set, is taken before each digest is recorded as sending,
	// so several replicas can run passes over one shared store; nil for a
	// single process.
	Claims Claims
	// Observe, if set, is told the outcome of each digest for metrics:
	// "sent", "failed" (tried again later, or unreachable) or "skipped"
	// (found unconfirmed after a crash).
	Observe func(platform, outcome string)
	// PassFailed, if set, is told of a scheduled pass that failed (the
	// store could not be read); the error is logged either way.
	PassFailed func(err error)
}

// Scheduler sends each subscriber's daily paper once per local day.
type Scheduler struct {
	opts  Options
	log   *slog.Logger
	safe  *bot.Guard // the bot's one recover, around each digest (bot.GuardOf)
	zones zones
	lanes map[string]*lane // by platform, one for each Sender
	names []string         // the lanes' platforms, sorted
}

// lane is one platform's passes: one at a time, and what they learnt.
type lane struct {
	pass sync.Mutex
	mu   sync.Mutex
	memo map[string]memo // key → what the last look found, for its local day
}

// memo lets a pass skip a subscriber without reading their record: done
// for day, or not to be tried before until.
type memo struct {
	day      string
	done     bool
	until    time.Time
	failures int
}

// New returns a Scheduler.
func New(o Options) (*Scheduler, error) {
	if o.Store == nil || o.Composer == nil {
		return nil, errors.New("digest: Store and Composer are required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.DefaultTime == "" {
		o.DefaultTime = "08:00"
	}
	if o.DefaultZone == "" {
		o.DefaultZone = "UTC"
	}
	if _, _, err := clockOf(o.DefaultTime); err != nil {
		return nil, fmt.Errorf("digest: default time: %w", err)
	}
	zone, err := bot.ParseZone(o.DefaultZone)
	if err != nil {
		return nil, fmt.Errorf("digest: default zone: %w", err)
	}
	o.DefaultZone = zone
	if o.Workers <= 0 {
		o.Workers = 24
	}
	if o.Drain <= 0 {
		o.Drain = 10 * time.Second
	}
	if o.Retry <= 0 {
		o.Retry = 2 * time.Minute
	}
	if o.MaxRetry < o.Retry {
		o.MaxRetry = max(30*time.Minute, o.Retry)
	}
	if o.Spec == "" {
		o.Spec = "* * * * *"
	}
	if _, err := cron.ParseStandard(o.Spec); err != nil {
		return nil, fmt.Errorf("digest: schedule %q: %w", o.Spec, err)
	}
	sc := &Scheduler{opts: o, log: o.Logger, safe: bot.GuardOf(o.Composer, o.Logger), lanes: map[string]*lane{}}
	for p, to := range o.Senders {
		if to != nil {
			sc.lanes[p] = &lane{memo: map[string]memo{}}
			sc.names = append(sc.names, p)
		}
	}
	slices.Sort(sc.names)
	return sc, nil
}

// Report counts what one pass did.
type Report struct {
	Subscribers  int // in the subscription index
	Due          int // due and not known to be done when the pass began
	Sent         int
	Already      int // due, but their record shows the day's digest went out
	Failed       int // failed for now; tried again later that local day
	Unsubscribed int // unreachable: blocked the bot, left or deleted the chat
	Unconfirmed  int // found marked "sending" by an earlier run; not resent
	NoSender     int // due, but on a platform not connected here
	Elsewhere    int // due, but another replica holds the claim (Options.Claims)
	LostClaim    int // claimed, but the claim lapsed before sending: not sent
	BadSchedule  int // time or zone unreadable; the defaults were used
}

// counts is a Report being filled by many goroutines.
type counts struct {
	sent, already, failed, unsubscribed, unconfirmed atomic.Int64
	elsewhere, lost                                  atomic.Int64
}

// job is one due subscriber in a pass.
type job struct {
	key, platform string
	slot
	now time.Time // the pass's clock
}

// platformOf is the reader-key prefix: "telegram" of "telegram:123".
func platformOf(key string) string {
	p, _, _ := strings.Cut(key, ":")
	return p
}
