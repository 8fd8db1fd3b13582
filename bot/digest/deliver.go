package digest

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// action is what a look at a reader's record decides about a digest.
type action int

const (
	actSend    action = iota // none yet, or a failed one whose wait is over
	actDone                  // sent, or unconfirmed: never again that day
	actWait                  // failed, and its wait is not over
	actRecover               // marked sending by a run that stopped
	actGone                  // unsubscribed, or no longer due (changed since the scan)
)

// skipped is a claim that found, inside the transaction, that the digest
// is not to be sent after all.
type skipped struct {
	act   action
	until time.Time
}

func (e *skipped) Error() string { return "digest: nothing to send" }

// entryOf is the digest entry of day in r, nil when there is none.
func entryOf(r *bot.Reader, day string) *bot.DigestEntry {
	for i := len(r.Digests) - 1; i >= 0; i-- {
		e := &r.Digests[i]
		if e.Day != day {
			continue
		}
		switch e.State {
		case bot.DigestSending, bot.DigestSent, bot.DigestFailed, bot.DigestUnconfirmed:
			return e
		}
	}
	return nil
}

// decide looks at r for the digest of j; until is when a failed digest may
// be tried again. now is the real clock.
func (s *Scheduler) decide(r *bot.Reader, j job, m memo, now time.Time) (act action, until time.Time) {
	if !r.Listens() {
		return actGone, time.Time{}
	}
	sl, ok, err := s.slotFor(r.Sub, j.now)
	if err != nil {
		sl, ok, _ = s.slotFor(bot.Subscription{Frequency: r.Sub.Frequency}, j.now)
	}
	if !ok || sl.day != j.day || j.now.Before(sl.at) {
		return actGone, time.Time{}
	}
	e := entryOf(r, j.day)
	switch {
	case e == nil:
		return actSend, time.Time{}
	case e.State == bot.DigestSending:
		return actRecover, time.Time{}
	case e.State == bot.DigestFailed:
		if until := e.At.Add(s.backoff(m.failures)); now.Before(until) {
			return actWait, until
		}
		return actSend, time.Time{}
	}
	return actDone, time.Time{}
}

// backoff is the wait after the failures-th failure in a row.
func (s *Scheduler) backoff(failures int) time.Duration {
	d := s.opts.Retry
	for i := 1; i < failures && d < s.opts.MaxRetry; i++ {
		d *= 2
	}
	return min(d, s.opts.MaxRetry)
}

// outcome is a digest recorded as sending: the reply to send, then how
// sending went, for settle to record.
type outcome struct {
	job
	paper   string
	reply   bot.Reply
	sendErr error
	m       memo
	claim   Claim
}

// prepare reads the reader, decides, and records a digest to send as
// sending; it returns that digest, or nil when there is none to send (or
// composing it panicked: the bot's Guard logs and counts that, and a
// digest already marked sending is found unconfirmed by the next pass).
// ctx is the pass's send context.
func (s *Scheduler) prepare(ctx context.Context, j job, c *counts) (out *outcome) {
	s.safe.Run(ctx, j.update("compose"), func(ctx context.Context) { out = s.prepareOne(ctx, j, c) }, nil)
	return out
}

// update names a digest for the Guard. A digest panicking is not answered
// with an apology: the reader asked for nothing just then.
func (j job) update(step string) bot.Update {
	return bot.Update{Platform: "digest", ID: j.key + " " + j.day, Command: step + " via " + j.platform, Reader: j.key}
}

func (s *Scheduler) prepareOne(ctx context.Context, j job, c *counts) *outcome {
	log := s.log.With("platform", j.platform, "chat", j.key, "day", j.day)
	m := s.recall(j.key, j.day)
	r, err := s.opts.Store.Get(ctx, j.key)
	if err != nil {
		log.Error("digest: read reader", "err", err)
		return nil
	}
	act, until := s.decide(&r, j, m, s.opts.Now())
	if act != actSend && act != actRecover {
		s.note(j, act, until, m, c)
		return nil
	}
	cl, err := s.claimFor(ctx, j)
	switch {
	case errors.Is(err, ErrClaimed):
		c.elsewhere.Add(1)
		log.Debug("digest: another replica holds the claim")
		return nil
	case err != nil:
		log.Error("digest: claim", "err", err)
		return nil
	}
	if act == actRecover {
		s.recoverSending(ctx, j, cl, log, c)
		s.release(ctx, j, cl)
		return nil
	}
	reply, paper, err := s.claim(ctx, cl, r, j, m)
	var sk *skipped
	switch {
	case errors.As(err, &sk):
		s.release(ctx, j, cl)
		s.note(j, sk.act, sk.until, m, c)
		return nil
	case err != nil:
		s.release(ctx, j, cl)
		log.Error("digest: record sending", "err", err)
		return nil
	}
	return &outcome{job: j, paper: paper, reply: reply, m: m, claim: cl}
}

// note remembers what a look found that sends nothing: done for the day,
// or a failed digest's wait.
func (s *Scheduler) note(j job, act action, until time.Time, m memo, c *counts) {
	switch act {
	case actDone:
		c.already.Add(1)
		s.remember(j.key, memo{day: j.day, done: true})
	case actWait:
		m.until = until
		s.remember(j.key, m)
	}
}

// send sends a prepared digest inside the bot's Guard, once a read shows
// its claim still held; ok is false when the claim was lost (whoever
// claims it next finds it sending and marks it unconfirmed: at most once)
// or the Sender panicked, which leaves the digest marked sending too.
func (s *Scheduler) send(ctx context.Context, to bot.Sender, o *outcome, c *counts) (ok bool) {
	if err := o.claim.Held(ctx); err != nil {
		c.lost.Add(1)
		s.log.Warn("digest: claim lost before sending; not sending", "platform", o.platform, "chat", o.key, "day", o.day, "err", err)
		return false
	}
	return s.safe.Run(ctx, o.update("send"), func(ctx context.Context) {
		o.sendErr = to.Send(ctx, o.key, o.reply)
		o.reply = bot.Reply{}
	}, nil)
}

// claim records the digest as sending and returns it. It is written from
// snap, the reader as read before the transaction, so the write lock is
// not held while composing; if the reader changed in what the digest
// depends on, it is written again inside.
func (s *Scheduler) claim(ctx context.Context, cl Claim, snap bot.Reader, j job, m memo) (bot.Reply, string, error) {
	reply, paper, err := s.opts.Composer.DigestReply(snap, j.day, j.now)
	if errors.Is(err, bot.ErrNoDigest) {
		return bot.Reply{}, "", &skipped{act: actDone}
	}
	if err != nil {
		return bot.Reply{}, "", err
	}
	_, err = cl.RecordDigest(ctx, func(r *bot.Reader) error {
		now := s.opts.Now()
		if act, until := s.decide(r, j, m, now); act != actSend {
			return &skipped{act, until}
		}
		if !sameInputs(r, &snap) {
			var err error
			reply, paper, err = s.opts.Composer.DigestReply(*r, j.day, j.now)
			if errors.Is(err, bot.ErrNoDigest) {
				return &skipped{act: actDone}
			}
			if err != nil {
				return err
			}
		}
		e := bot.DigestEntry{Day: j.day, Paper: paper, State: bot.DigestSending, At: now, New: reply.New}
		if p := entryOf(r, j.day); p != nil {
			*p = e
		} else {
			r.Digests = append(r.Digests, e)
		}
		return nil
	})
	return reply, paper, err
}

// sameInputs reports whether a and b agree in everything a digest is
// written from (the record only grows between two looks a moment apart,
// so counts tell a change).
func sameInputs(a, b *bot.Reader) bool {
	return a.Lang == b.Lang && a.Sub.Topic == b.Sub.Topic && a.Sub.On == b.Sub.On && len(a.Read) == len(b.Read) &&
		len(a.Saved) == len(b.Saved) && len(a.Dismissed) == len(b.Dismissed) &&
		len(a.Digests) == len(b.Digests) && slices.Equal(a.Follows, b.Follows)
}

// settle records how sending went: sent, failed (tried again later that
// day), or unreachable (unsubscribed). It writes even after the pass's
// context ended: the digest went out or not either way.
func (s *Scheduler) settle(ctx context.Context, o *outcome, c *counts) {
	j, paper, sendErr, m := o.job, o.paper, o.sendErr, o.m
	log := s.log.With("platform", j.platform, "chat", j.key, "day", j.day)
	now := s.opts.Now()
	state := bot.DigestSent
	if sendErr != nil {
		state = bot.DigestFailed
	}
	gone := errors.Is(sendErr, bot.ErrUnreachable)
	defer s.release(ctx, j, o.claim)
	_, err := o.claim.RecordDigest(context.WithoutCancel(ctx), func(r *bot.Reader) error {
		e := entryOf(r, j.day)
		if e == nil || e.State != bot.DigestSending {
			return errors.New("digest entry vanished while sending")
		}
		e.State, e.At = state, now
		if gone {
			r.Sub.On = false
			r.Follows = nil
		}
		return nil
	})
	switch {
	case err != nil:
		// The entry stays "sending": the next pass marks it unconfirmed.
		log.Error("digest: record outcome", "state", state, "send_err", sendErr, "err", err)
	case gone:
		s.observe(j.platform, "failed")
		c.unsubscribed.Add(1)
		s.remember(j.key, memo{day: j.day, done: true})
		log.Warn("digest: recipient unreachable; unsubscribed", "err", sendErr)
	case sendErr != nil:
		s.observe(j.platform, "failed")
		c.failed.Add(1)
		m.failures++
		m.until = now.Add(s.backoff(m.failures))
		s.remember(j.key, m)
		log.Warn("digest: send failed; will retry", "attempt", m.failures, "retry_at", m.until, "err", sendErr)
	default:
		s.observe(j.platform, "sent")
		c.sent.Add(1)
		s.remember(j.key, memo{day: j.day, done: true})
		log.Debug("digest sent", "paper", paper)
	}
}

// recoverSending deals with a digest an earlier run recorded as sending
// and never settled: the process stopped between the two, and whether the
// platform got it is unknown. It is marked unconfirmed and not resent, so
// nobody gets two (at most once).
func (s *Scheduler) recoverSending(ctx context.Context, j job, cl Claim, log *slog.Logger, c *counts) {
	var e bot.DigestEntry
	_, err := cl.RecordDigest(context.WithoutCancel(ctx), func(r *bot.Reader) error {
		p := entryOf(r, j.day)
		if p == nil || p.State != bot.DigestSending {
			return &skipped{act: actDone}
		}
		p.State = bot.DigestUnconfirmed
		e = *p
		return nil
	})
	var sk *skipped
	switch {
	case errors.As(err, &sk):
	case err != nil:
		log.Error("digest: mark unconfirmed", "err", err)
		return
	default:
		s.observe(j.platform, "skipped")
		c.unconfirmed.Add(1)
		log.Warn("digest: found one still marked sending by an earlier run; not sending it again",
			"paper", e.Paper, "since", e.At)
	}
	s.remember(j.key, memo{day: j.day, done: true})
}

// observe reports an outcome to Options.Observe.
func (s *Scheduler) observe(platform, outcome string) {
	if s.opts.Observe != nil {
		s.opts.Observe(platform, outcome)
	}
}
