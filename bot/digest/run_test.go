package digest

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// panickyStore panics in its first Schedules call.
type panickyStore struct {
	Store
	calls atomic.Int32
}

func (p *panickyStore) Schedules(ctx context.Context, fn func(string, bot.Subscription) error) error {
	if p.calls.Add(1) == 1 {
		panic("index bug")
	}
	return p.Store.Schedules(ctx, fn)
}

// Run passes at once and then on its schedule; a pass that panics is
// logged and the next one runs (Recover sits inside SkipIfStillRunning).
// Stopping waits for the pass under way.
func TestRunRecoversAndKeepsGoing(t *testing.T) {
	sent := make(chan struct{}, 1)
	p := &fakeSender{fail: func(int, string) error { sent <- struct{}{}; return nil }}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"console": p})
	p.clock = w.clock
	w.subscribe("console:alice", "08:00", "UTC", "daily", nil)
	o := w.s.opts
	o.Store = &panickyStore{Store: w.db}
	o.Spec = "@every 1s"
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	go func() { stopped <- s.Run(ctx) }()
	select {
	case <-sent:
	case <-time.After(10 * time.Second):
		t.Fatal("no digest within 10s of a panicking first pass")
	}
	cancel()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if log := w.log.String(); !strings.Contains(log, "cron: panic") || !strings.Contains(log, "index bug") {
		t.Errorf("log lacks the recovered panic:\n%s", log)
	}
	if e := entryOf(ptr(w.reader("console:alice")), "2026-03-14"); e == nil || e.State != bot.DigestSent {
		t.Errorf("entry %+v, want sent", e)
	}
}

func TestBadSpec(t *testing.T) {
	_, err := New(Options{Store: nilStore{}, Composer: nilComposer{}, Spec: "every minute"})
	if err == nil || !strings.Contains(err.Error(), "every minute") {
		t.Errorf("New with a bad spec = %v", err)
	}
}

// Each platform has passes of its own: a fan-out stuck on Slack does not
// hold up a Telegram digest that falls due meanwhile.
func TestRunPlatformsDoNotWaitForEachOther(t *testing.T) {
	slackSending := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	stuck := &fakeSender{fail: func(int, string) error { close(slackSending); <-release; return nil }}
	sent := make(chan struct{}, 1)
	fine := &fakeSender{fail: func(int, string) error { sent <- struct{}{}; return nil }}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"slack": stuck, "telegram": fine})
	stuck.clock, fine.clock = w.clock, w.clock
	w.subscribe("slack:T1:U1", "08:00", "UTC", "daily", nil)
	w.subscribe("telegram:1", "08:01", "UTC", "daily", nil)
	o := w.s.opts
	o.Spec = "@every 1s"
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	go func() { stopped <- s.Run(ctx) }()
	<-slackSending
	w.clock.Set(utc("2026-03-14T08:01:00Z"))
	select {
	case <-sent:
	case <-time.After(10 * time.Second):
		t.Fatal("the Telegram digest waited for the Slack pass")
	}
	cancel()
	release <- struct{}{}
	if err := <-stopped; err != nil {
		t.Errorf("Run = %v", err)
	}
}
