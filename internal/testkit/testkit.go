// Package testkit holds what the project's tests share: a clock to set, a
// log sink safe for many goroutines, a store in a temporary directory, the
// engine over the embedded paper set and a bot ready to answer. It is for
// tests only; the binary does not import it.
package testkit

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

// Clock is an injected time, for tests whose subject is time. It moves
// when set, advanced or slept on, and records each sleep.
type Clock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Sleep records d and moves the clock on by d at once; it returns the
// context's error, as a sleep that was cut short would.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// Slept lists the durations slept so far.
func (c *Clock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// LogBuffer collects log output written from many goroutines.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var (
	engineOnce sync.Once
	engine     *recommend.Engine
)

// Engine is the engine over the embedded paper set, built once: it is
// read-only, so tests share it.
func Engine(tb testing.TB) *recommend.Engine {
	tb.Helper()
	engineOnce.Do(func() {
		set, err := data.Embedded()
		if err != nil {
			panic(err)
		}
		engine = recommend.New(set)
	})
	return engine
}

// Store opens a store in a new temporary directory, closed when the test
// ends; now is its clock (time.Now when nil).
func Store(tb testing.TB, now func() time.Time) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "paperbot.db"), store.Options{Timeout: time.Second, Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Bot is a bot over the embedded set and a new store, answering at the
// time now gives (time.Now when nil).
func Bot(tb testing.TB, now func() time.Time) (*bot.Bot, *store.DB) {
	tb.Helper()
	db := Store(tb, now)
	return bot.New(bot.Options{Engine: Engine(tb), Store: db, Now: now, Intn: func(int) int { return 0 }}), db
}

// GoldenTime is when GoldenReplies are made.
var GoldenTime = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// NamedReply is a reply of the core with a name for its golden file.
type NamedReply struct {
	Name  string
	Reply bot.Reply
}

// GoldenReplies are the replies every adapter's golden files render: a
// search, a paper's card, progress, the daily paper and an error, from a
// bot over the embedded set at GoldenTime.
func GoldenReplies(tb testing.TB) []NamedReply {
	tb.Helper()
	clock := NewClock(GoldenTime)
	b, db := Bot(tb, clock.Now)
	ctx := tb.Context()
	say := func(text string) bot.Reply {
		tb.Helper()
		r, err := b.Handle(ctx, bot.Request{Reader: "console:golden", Text: text})
		if err != nil {
			tb.Fatalf("%s: %v", text, err)
		}
		return r
	}
	out := []NamedReply{{"search", say("/paper contrastive")}}
	say("/read mocov2")
	say("/save simclr")
	out = append(out, NamedReply{"card", say("/show mocov2")}, NamedReply{"progress", say("/progress")})
	r, err := db.Get(ctx, "console:golden")
	if err != nil {
		tb.Fatal(err)
	}
	digest, _, err := b.DigestReply(r, "2026-03-14", GoldenTime)
	if err != nil {
		tb.Fatal(err)
	}
	return append(out, NamedReply{"digest", digest}, NamedReply{"error", say("/read no-such-paper")})
}
