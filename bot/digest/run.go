package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/paperbot/paperbot/bot"
)

// Run runs passes until ctx is done: for each platform, one at once
// (catching up on digests due while the bot was down) and then on
// Options.Spec, every minute by default. Platforms have passes of their
// own, so a long fan-out on one (100,000 digests at Telegram's 30 a
// second take most of an hour) does not hold up another. A pass still
// running when its platform's next is due makes that one skip, and a
// panic in a pass is logged and the next runs as usual. When ctx is done
// Run waits for the passes under way, whose digests in flight get
// Options.Drain to finish. It returns nil.
func (s *Scheduler) Run(ctx context.Context) error {
	l := cronLogger{s.log}
	c := cron.New(cron.WithLocation(time.UTC), cron.WithLogger(l),
		// Recover innermost: outside SkipIfStillRunning, a panic would
		// leave the job marked running and skipped forever (cron#366).
		cron.WithChain(cron.SkipIfStillRunning(l), cron.Recover(l)))
	var jobs []cron.Job
	for _, p := range s.names {
		id, err := c.AddFunc(s.opts.Spec, func() { s.scheduledPass(ctx, p) })
		if err != nil { // New checked the spec
			return fmt.Errorf("digest: schedule %q: %w", s.opts.Spec, err)
		}
		jobs = append(jobs, c.Entry(id).WrappedJob)
	}
	if len(jobs) == 0 {
		s.log.Warn("digest: no platform to send through; no daily papers from this process")
	}
	c.Start()
	var first sync.WaitGroup
	for _, j := range jobs {
		first.Go(j.Run)
	}
	<-ctx.Done()
	<-c.Stop().Done()
	first.Wait()
	return nil
}

// scheduledPass is one pass on the clock over platform p, logged.
func (s *Scheduler) scheduledPass(ctx context.Context, p string) {
	if ctx.Err() != nil {
		return
	}
	start := time.Now()
	rep, err := s.pass(ctx, s.opts.Now(), []string{p}, false)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil && !errors.Is(err, context.Canceled) {
		s.log.Error("digest pass", "platform", p, "err", err, "took", took)
		if s.opts.PassFailed != nil {
			s.opts.PassFailed(err)
		}
	}
	if rep.Due == 0 {
		s.log.Debug("digest pass: nothing due", "platform", p, "subscribers", rep.Subscribers, "took", took)
		return
	}
	s.log.Info("digest pass", "platform", p, "due", rep.Due, "sent", rep.Sent, "already", rep.Already, "failed", rep.Failed,
		"unsubscribed", rep.Unsubscribed, "unconfirmed", rep.Unconfirmed, "elsewhere", rep.Elsewhere, "lost_claim", rep.LostClaim, "took", took)
}

// Planned is a digest a pass would send.
type Planned struct {
	Key   string
	Day   string    // the reader's local date
	Due   time.Time // when it fell due
	Retry bool      // an earlier try that day failed
	Paper string    // "" for the congratulation when every paper is used
	Reply bot.Reply
}

// Plan lists, in key order, the digests a pass at now would send, without
// sending or recording anything and whatever platforms are connected.
func (s *Scheduler) Plan(ctx context.Context, now time.Time) ([]Planned, error) {
	jobs, _, scanErr := s.collect(ctx, now, false, nil, true)
	var out []Planned
	for _, list := range jobs {
		for _, j := range list {
			r, err := s.opts.Store.Get(ctx, j.key)
			if err != nil {
				return out, err
			}
			act, _ := s.decide(&r, j, memo{}, s.opts.Now())
			if act != actSend {
				continue
			}
			reply, paper, err := s.opts.Composer.DigestReply(r, j.day, now)
			if errors.Is(err, bot.ErrNoDigest) {
				continue
			}
			if err != nil {
				return out, err
			}
			out = append(out, Planned{Key: j.key, Day: j.day, Due: j.at, Retry: entryOf(&r, j.day) != nil, Paper: paper, Reply: reply})
		}
	}
	slices.SortFunc(out, func(a, b Planned) int { return strings.Compare(a.Key, b.Key) })
	return out, scanErr
}

// cronLogger sends the cron library's log to slog: its chatter at debug,
// its errors (recovered panics among them) at error.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }

func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
