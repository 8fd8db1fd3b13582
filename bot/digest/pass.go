package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// RunOnce is one pass as if the clock said now: every subscriber whose
// digest for their local date of now is due and not yet sent gets it,
// through the Sender of their platform, platforms in parallel. It returns
// when every digest it started is settled. When ctx ends it starts no more
// and gives those in flight Options.Drain to finish. The error reports a
// store failure or unreadable index entries; digests that could not be
// sent are counted in the Report and logged, not returned.
func (s *Scheduler) RunOnce(ctx context.Context, now time.Time) (Report, error) {
	return s.pass(ctx, now, s.names, true)
}

// pass is a pass over the subscribers of platforms; with all set it also
// counts those of platforms without a Sender. Passes over a platform take
// turns.
func (s *Scheduler) pass(ctx context.Context, now time.Time, platforms []string, all bool) (Report, error) {
	for _, p := range platforms { // in sorted order, so passes cannot deadlock
		s.lanes[p].pass.Lock()
		defer s.lanes[p].pass.Unlock()
	}
	jobs, rep, scanErr := s.collect(ctx, now, true, platforms, all)
	if len(jobs) == 0 {
		return rep, scanErr
	}
	var c counts
	s.fanOut(ctx, jobs, &c)
	rep.Sent, rep.Already, rep.Failed = int(c.sent.Load()), int(c.already.Load()), int(c.failed.Load())
	rep.Unsubscribed, rep.Unconfirmed = int(c.unsubscribed.Load()), int(c.unconfirmed.Load())
	rep.Elsewhere, rep.LostClaim = int(c.elsewhere.Load()), int(c.lost.Load())
	return rep, scanErr
}

// collect lists the due subscribers of platforms. With live set it skips
// those their lane knows are done or waiting, and drops what the lanes
// knew of subscribers not due and of other days; with all set it counts
// the subscribers of other platforms (as NoSender when due). A dry run
// (live false) lists every platform's and uses no lane.
func (s *Scheduler) collect(ctx context.Context, now time.Time, live bool, platforms []string, all bool) (map[string][]job, Report, error) {
	var rep Report
	jobs := map[string][]job{}
	var bad string
	old, fresh := map[string]map[string]memo{}, map[string]map[string]memo{}
	for _, p := range platforms {
		l := s.lanes[p]
		l.mu.Lock()
		old[p], fresh[p] = l.memo, make(map[string]memo, len(l.memo))
		l.mu.Unlock()
	}
	err := s.opts.Store.Schedules(ctx, func(key string, sub bot.Subscription) error {
		p := platformOf(key)
		_, mine := old[p]
		if live && !mine && !all {
			return nil
		}
		rep.Subscribers++
		sl, ok, err := s.slotFor(sub, now)
		if err != nil {
			rep.BadSchedule++
			bad = fmt.Sprintf("%s: %v", key, err)
			sl, ok, err = s.slotFor(bot.Subscription{Frequency: sub.Frequency}, now)
			if err != nil {
				return err
			}
		}
		if !ok || now.Before(sl.at) {
			return nil
		}
		if live && !mine {
			rep.NoSender++
			return nil
		}
		if m, found := old[p][key]; found && m.day == sl.day {
			fresh[p][key] = m
			if m.done || s.opts.Now().Before(m.until) {
				return nil
			}
		}
		rep.Due++
		jobs[p] = append(jobs[p], job{key: key, platform: p, slot: sl, now: now})
		return nil
	})
	for p, m := range fresh {
		l := s.lanes[p]
		l.mu.Lock()
		l.memo = m
		l.mu.Unlock()
	}
	if bad != "" {
		s.log.Warn("digest: unreadable time or zone; using the defaults", "count", rep.BadSchedule, "example", bad)
	}
	if err != nil {
		return jobs, rep, fmt.Errorf("digest pass: %w", err)
	}
	return jobs, rep, nil
}

// remember records what a look at key found for its local day.
func (s *Scheduler) remember(key string, m memo) {
	if l := s.lanes[platformOf(key)]; l != nil {
		l.mu.Lock()
		l.memo[key] = m
		l.mu.Unlock()
	}
}

// recall returns what is known of key for day.
func (s *Scheduler) recall(key, day string) memo {
	if l := s.lanes[platformOf(key)]; l != nil {
		l.mu.Lock()
		defer l.mu.Unlock()
		if m, ok := l.memo[key]; ok && m.day == day {
			return m
		}
	}
	return memo{day: day}
}
