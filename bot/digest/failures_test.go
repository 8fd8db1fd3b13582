package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// A platform that is rate limited (429) once and then accepts: the digest
// is retried after the backoff and delivered once.
func TestTransientFailureRetriedOnce(t *testing.T) {
	p := &fakeSender{fail: func(n int, _ string) error {
		if n == 1 {
			return errors.New("telegram: sendMessage: 429 Too Many Requests: retry after 35")
		}
		return nil
	}}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"telegram": p})
	p.clock = w.clock
	w.subscribe("telegram:1", "08:00", "UTC", "daily", nil)
	if rep := w.pass(); rep.Failed != 1 || rep.Sent != 0 {
		t.Fatalf("first pass: %+v, want 1 failed", rep)
	}
	if e := entryOf(ptr(w.reader("telegram:1")), "2026-03-14"); e == nil || e.State != bot.DigestFailed {
		t.Fatalf("after a failure the entry is %+v, want failed", e)
	}
	w.clock.Set(utc("2026-03-14T08:01:00Z"))
	if rep := w.pass(); rep.Due != 0 {
		t.Errorf("a pass within the backoff: %+v, want nothing due", rep)
	}
	// A restart forgets the failure count, not the record: still waits.
	w.db.Close()
	w.open()
	if rep := w.pass(); rep.Sent != 0 || rep.Failed != 0 {
		t.Errorf("a pass within the backoff after a restart: %+v, want nothing sent", rep)
	}
	w.clock.Set(utc("2026-03-14T08:02:00Z"))
	if rep := w.pass(); rep.Sent != 1 {
		t.Errorf("a pass after the backoff: %+v, want 1 sent", rep)
	}
	for _, at := range []string{"2026-03-14T08:30:00Z", "2026-03-14T23:59:00Z"} {
		w.clock.Set(utc(at))
		w.pass()
	}
	if got := p.deliveries(); len(got) != 1 || !got[0].at.Equal(utc("2026-03-14T08:02:00Z")) {
		t.Errorf("deliveries %+v, want one at 08:02", got)
	}
	if p.calls != 2 {
		t.Errorf("%d sends, want 2 (one failed, one delivered)", p.calls)
	}
	r := w.reader("telegram:1")
	if len(r.Digests) != 1 || r.Digests[0].State != bot.DigestSent {
		t.Errorf("digests %+v, want one sent entry", r.Digests)
	}
}

// Failures in a row wait longer each time, and stop at the end of the
// local day.
func TestBackoffDoublesAndEndsWithTheDay(t *testing.T) {
	var tries []string
	p := &fakeSender{}
	w := newWorld(t, utc("2026-03-14T22:00:00Z"), map[string]bot.Sender{"slack": p})
	p.clock = w.clock
	p.fail = func(int, string) error {
		tries = append(tries, w.clock.Now().Format("15:04"))
		return errors.New("slack: 500 internal_error")
	}
	w.subscribe("slack:T1:U1", "22:00", "UTC", "daily", nil)
	for now := utc("2026-03-14T22:00:00Z"); now.Before(utc("2026-03-15T08:00:00Z")); now = now.Add(time.Minute) {
		w.clock.Set(now)
		w.pass()
	}
	// Waits of 2, 4, 8, 16, then 30 minutes (the cap) until midnight.
	if got, want := strings.Join(tries, " "), "22:00 22:02 22:06 22:14 22:30 23:00 23:30"; got != want {
		t.Errorf("attempts at %s, want %s", got, want)
	}
	if !w.reader("slack:T1:U1").Sub.On {
		t.Error("a failing platform unsubscribed the reader")
	}
}

// A recipient who blocked the bot is unsubscribed, once, with a log line.
func TestUnreachableUnsubscribes(t *testing.T) {
	p := &fakeSender{fail: func(_ int, key string) error {
		return fmt.Errorf("telegram: send to %s: 403 Forbidden: bot was blocked by the user: %w", key, bot.ErrUnreachable)
	}}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"telegram": p})
	p.clock = w.clock
	w.subscribe("telegram:7", "08:00", "UTC", "daily", nil)
	if rep := w.pass(); rep.Unsubscribed != 1 {
		t.Errorf("pass: %+v, want 1 unsubscribed", rep)
	}
	if r := w.reader("telegram:7"); r.Sub.On {
		t.Error("still subscribed after the platform said unreachable")
	}
	if log := w.log.String(); !strings.Contains(log, "unsubscribed") || !strings.Contains(log, "telegram:7") {
		t.Errorf("log %q lacks the unsubscription", log)
	}
	w.clock.Set(utc("2026-03-15T08:00:00Z"))
	if rep := w.pass(); rep.Subscribers != 0 || p.calls != 1 {
		t.Errorf("next day: %+v after %d sends, want no subscriber and 1 send", rep, p.calls)
	}
}

// A digest left "sending" by a process that died is not sent again.
func TestSendingLeftByACrashIsNotResent(t *testing.T) {
	p := &fakeSender{}
	w := newWorld(t, utc("2026-03-14T09:00:00Z"), map[string]bot.Sender{"console": p})
	p.clock = w.clock
	w.subscribe("console:alice", "08:00", "UTC", "daily", func(r *bot.Reader) {
		r.Digests = []bot.DigestEntry{{Day: "2026-03-14", Paper: "mocov2", State: bot.DigestSending, At: utc("2026-03-14T08:00:00Z")}}
	})
	if rep := w.pass(); rep.Unconfirmed != 1 || rep.Sent != 0 {
		t.Errorf("pass: %+v, want 1 unconfirmed", rep)
	}
	if len(p.deliveries()) != 0 {
		t.Error("resent a digest that may have gone out")
	}
	if e := w.reader("console:alice").Digests[0]; e.State != bot.DigestUnconfirmed || e.Paper != "mocov2" {
		t.Errorf("entry %+v, want mocov2 unconfirmed", e)
	}
	w.clock.Set(utc("2026-03-15T08:00:00Z"))
	if rep := w.pass(); rep.Sent != 1 {
		t.Errorf("next day: %+v, want 1 sent", rep)
	}
	if got := p.deliveries(); len(got) != 1 || got[0].paper == "mocov2" {
		t.Errorf("next day got %+v, want a digest other than mocov2", got)
	}
}

// Subscribers of a platform not connected here are left for later, and a
// panic while sending is contained by the bot's Guard: logged, counted,
// and the other digests of the pass still go out.
func TestNoSenderAndPanickingSender(t *testing.T) {
	var once sync.Once
	p := &fakeSender{fail: func(int, string) error {
		once.Do(func() { panic("adapter bug") })
		return nil
	}}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"console": p})
	p.clock = w.clock
	w.subscribe("console:bob", "08:00", "UTC", "daily", nil)
	w.subscribe("console:cy", "08:00", "UTC", "daily", nil)
	w.subscribe("slack:T1:U2", "08:00", "UTC", "daily", nil)
	rep := w.pass()
	if rep.NoSender != 1 || rep.Sent != 1 || len(p.deliveries()) != 1 {
		t.Errorf("pass: %+v, %d delivered; want 1 without sender, 1 sent", rep, len(p.deliveries()))
	}
	if !strings.Contains(w.log.String(), "panic while handling an update") || !strings.Contains(w.log.String(), "adapter bug") {
		t.Errorf("the panic was not logged:\n%s", w.log.String())
	}
	if n := w.panics.Load(); n != 1 {
		t.Errorf("panics counted = %d, want 1", n)
	}
	w.clock.Set(utc("2026-03-14T08:01:00Z"))
	if rep := w.pass(); rep.Unconfirmed != 1 || len(p.deliveries()) != 1 {
		t.Errorf("after the panic: %+v, %d delivered; want it unconfirmed, no more delivered", rep, len(p.deliveries()))
	}
	if r := w.reader("slack:T1:U2"); len(r.Digests) != 0 {
		t.Errorf("slack reader without a sender has digests %+v", r.Digests)
	}
}

// panickyComposer is the bot, except that composing who's digest panics.
type panickyComposer struct {
	*bot.Bot
	who string
}

func (p panickyComposer) DigestReply(r bot.Reader, day string, now time.Time) (bot.Reply, string, error) {
	if r.Key == p.who {
		panic("composer bug")
	}
	return p.Bot.DigestReply(r, day, now)
}

// A digest whose composing panics is contained by the bot's Guard: logged
// and counted, and the other subscribers get theirs.
func TestPanickingComposer(t *testing.T) {
	p := &fakeSender{}
	w := newWorld(t, utc("2026-03-14T08:00:00Z"), map[string]bot.Sender{"console": p})
	p.clock = w.clock
	w.subscribe("console:bob", "08:00", "UTC", "daily", nil)
	w.subscribe("console:cy", "08:00", "UTC", "daily", nil)
	o := w.opts
	o.Store, o.Composer = w.db, panickyComposer{Bot: w.bot, who: "console:bob"}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunOnce(context.Background(), w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := p.deliveries(); len(got) != 1 || got[0].key != "console:cy" {
		t.Errorf("delivered %+v, want cy's digest only", got)
	}
	if n := w.panics.Load(); n != 1 || !strings.Contains(w.log.String(), "composer bug") {
		t.Errorf("panics counted = %d, log:\n%s\nwant 1, logged", n, w.log.String())
	}
}
