package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// A crash in the middle of a fan-out: the store is closed while sends are
// in flight and reopened by a new scheduler, as after a restart. Everyone
// gets exactly one digest; those in flight at the crash are marked
// unconfirmed, not sent again.
func TestRestartMidFanOut(t *testing.T) {
	const subs, before = 60, 20
	release := make(chan struct{})
	blocked := make(chan string, subs)
	first := &fakeSender{}
	senders := map[string]bot.Sender{"telegram": first}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), senders)
	first.clock = w.clock
	first.fail = func(n int, key string) error {
		if n > before { // delivered, then the process hangs before recording it
			first.mu.Lock()
			first.got = append(first.got, delivery{key: key, at: w.clock.Now()})
			first.mu.Unlock()
			blocked <- key
			<-release
			return errors.New("never reached: the process died")
		}
		return nil
	}
	for i := range subs {
		w.subscribe(fmt.Sprintf("telegram:%d", i), "08:00", "UTC", "daily", nil)
	}
	oldDone := make(chan struct{})
	old := w.s
	go func() {
		defer close(oldDone)
		_, _ = old.RunOnce(context.Background(), w.clock.Now())
	}()
	inFlight := map[string]bool{}
	for range w.opts.Workers {
		inFlight[<-blocked] = true
	}
	if err := w.db.Close(); err != nil { // the crash
		t.Fatal(err)
	}

	second := &fakeSender{clock: w.clock}
	senders["telegram"] = second
	w.clock.Set(utc("2026-03-14T08:01:00Z"))
	w.open()
	rep := w.pass()
	close(release)
	<-oldDone // the old process's last writes fail: its store is closed
	w.clock.Set(utc("2026-03-14T09:00:00Z"))
	if again := w.pass(); again.Due != 0 || again.Sent != 0 {
		t.Errorf("a later pass: %+v, want nothing due", again)
	}

	if rep.Unconfirmed != len(inFlight) || rep.Sent != subs-before-len(inFlight) {
		t.Errorf("pass after the restart: %+v, want %d unconfirmed and %d sent", rep, len(inFlight), subs-before-len(inFlight))
	}
	count := map[string]int{}
	for _, d := range append(first.deliveries(), second.deliveries()...) {
		count[d.key]++
	}
	for i := range subs {
		key := fmt.Sprintf("telegram:%d", i)
		if count[key] != 1 {
			t.Errorf("%s got %d digests, want 1", key, count[key])
		}
		e := entryOf(ptr(w.reader(key)), "2026-03-14")
		want := bot.DigestSent
		if inFlight[key] {
			want = bot.DigestUnconfirmed
		}
		if e == nil || e.State != want {
			t.Errorf("%s: entry %+v, want %s", key, e, want)
		}
	}
	if !strings.Contains(w.log.String(), "not sending it again") {
		t.Error("no log line about the unconfirmed digests")
	}
}

func ptr[T any](v T) *T { return &v }

// Shutting down: digests in flight finish and are recorded; no new ones
// start; the rest go out at the next start, the same day.
func TestShutdownFinishesInFlight(t *testing.T) {
	const subs = 12
	started := make(chan string, subs)
	release := make(chan struct{})
	p := &fakeSender{fail: func(_ int, key string) error {
		started <- key
		<-release
		return nil
	}}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"telegram": p})
	p.clock = w.clock
	for i := range subs {
		w.subscribe(fmt.Sprintf("telegram:%d", i), "08:00", "UTC", "daily", nil)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var rep Report
	done := make(chan struct{})
	go func() {
		defer close(done)
		rep, _ = w.s.RunOnce(ctx, w.clock.Now())
	}()
	for range w.opts.Workers {
		<-started
	}
	cancel()
	close(release)
	<-done
	if rep.Sent != w.opts.Workers {
		t.Errorf("pass cut short: %+v, want the %d in flight sent", rep, w.opts.Workers)
	}
	w.clock.Set(utc("2026-03-14T08:05:00Z"))
	if rep := w.pass(); rep.Sent != subs-w.opts.Workers {
		t.Errorf("next pass: %+v, want %d sent", rep, subs-w.opts.Workers)
	}
	if n := len(p.deliveries()); n != subs {
		t.Errorf("%d digests delivered, want %d", n, subs)
	}
}

// A send still going when the drain time is over is cut off, recorded as
// failed and tried again later.
func TestDrainDeadline(t *testing.T) {
	started := make(chan struct{}, 1)
	var calls atomic.Int32
	p := &fakeSenderFunc{func(ctx context.Context) error {
		if calls.Add(1) == 1 {
			started <- struct{}{}
			<-ctx.Done()
			return fmt.Errorf("send: %w", ctx.Err())
		}
		return nil
	}}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"telegram": p})
	w.opts.Drain = 20 * time.Millisecond
	w.db.Close()
	w.open()
	w.subscribe("telegram:1", "08:00", "UTC", "daily", nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	rep, _ := w.s.RunOnce(ctx, w.clock.Now())
	if rep.Failed != 1 {
		t.Errorf("pass: %+v, want the cut-off send failed", rep)
	}
	w.clock.Set(utc("2026-03-14T08:10:00Z"))
	if rep := w.pass(); rep.Sent != 1 {
		t.Errorf("retry: %+v, want 1 sent", rep)
	}
}

type fakeSenderFunc struct {
	f func(ctx context.Context) error
}

func (f *fakeSenderFunc) Send(ctx context.Context, _ string, _ bot.Reply) error { return f.f(ctx) }

// Platforms run in parallel: one stuck platform does not hold up another.
func TestPlatformsInParallel(t *testing.T) {
	release := make(chan struct{})
	stuck := &fakeSender{fail: func(int, string) error { <-release; return nil }}
	fine := &fakeSender{}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"slack": stuck, "telegram": fine})
	stuck.clock, fine.clock = w.clock, w.clock
	w.subscribe("slack:T1:U1", "08:00", "UTC", "daily", nil)
	var keys []string
	for i := range 10 {
		keys = append(keys, fmt.Sprintf("telegram:%d", i))
		w.subscribe(keys[i], "08:00", "UTC", "daily", nil)
	}
	done := make(chan Report)
	go func() { done <- w.pass() }()
	deadline := time.After(10 * time.Second)
	for len(fine.deliveries()) < len(keys) {
		select {
		case <-deadline:
			t.Fatalf("telegram got %d of %d while slack was stuck", len(fine.deliveries()), len(keys))
		case <-time.After(time.Millisecond):
		}
	}
	close(release)
	if rep := <-done; rep.Sent != 11 {
		t.Errorf("pass: %+v, want 11 sent", rep)
	}
}

// A dry run lists what would be sent and changes nothing.
func TestPlanChangesNothing(t *testing.T) {
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), nil)
	w.subscribe("slack:T1:U1", "07:00", "Asia/Kathmandu", "daily", nil)
	w.subscribe("telegram:1", "08:00", "UTC", "daily", nil)
	w.subscribe("telegram:2", "09:00", "UTC", "daily", nil)
	w.subscribe("telegram:3", "08:00", "UTC", "daily", func(r *bot.Reader) {
		r.Digests = []bot.DigestEntry{{Day: "2026-03-14", Paper: "simclr", State: bot.DigestSent}}
	})
	plan, err := w.s.Plan(context.Background(), w.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range plan {
		got = append(got, p.Key+" "+p.Day+" "+p.Due.UTC().Format("15:04"))
		if p.Paper == "" || !strings.Contains(p.Reply.Text, p.Paper) {
			t.Errorf("plan for %s: paper %q, reply %q", p.Key, p.Paper, p.Reply.Text)
		}
	}
	if want := "slack:T1:U1 2026-03-14 01:15,telegram:1 2026-03-14 08:00"; strings.Join(got, ",") != want {
		t.Errorf("plan = %v, want %s", got, want)
	}
	// Without a Sender a pass sends nothing either, and says so.
	if rep := w.pass(); rep.NoSender != 3 || rep.Due != 0 {
		t.Errorf("pass without senders: %+v, want 3 without sender", rep)
	}
	for _, k := range []string{"slack:T1:U1", "telegram:1"} {
		if r := w.reader(k); len(r.Digests) != 0 {
			t.Errorf("a dry run recorded %+v for %s", r.Digests, k)
		}
	}
}
