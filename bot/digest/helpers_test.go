package digest

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/internal/testkit"
	"github.com/paperbot/paperbot/store"
)

// delivery is one digest a fake platform accepted.
type delivery struct {
	key   string
	at    time.Time
	paper string // "" for a digest without a paper
	reply bot.Reply
}

// fakeSender is a platform that accepts digests, or fails them as told.
type fakeSender struct {
	clock *testkit.Clock
	// fail, if set, decides the outcome of the n-th call (from 1) to key;
	// it may block.
	fail func(n int, key string) error

	mu    sync.Mutex
	calls int
	got   []delivery
}

func (f *fakeSender) Send(ctx context.Context, to string, r bot.Reply) error {
	f.mu.Lock()
	f.calls++
	n := f.calls
	f.mu.Unlock()
	if f.fail != nil {
		if err := f.fail(n, to); err != nil {
			return err
		}
	}
	d := delivery{key: to, at: f.clock.Now(), reply: r}
	if len(r.Papers) > 0 {
		d.paper = r.Papers[0].ID
	}
	f.mu.Lock()
	f.got = append(f.got, d)
	f.mu.Unlock()
	return nil
}

func (f *fakeSender) deliveries() []delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]delivery(nil), f.got...)
}

// world is a store file, a bot and a scheduler over them.
type world struct {
	t     *testing.T
	path  string
	clock *testkit.Clock
	eng   *recommend.Engine
	db    *store.DB
	bot   *bot.Bot
	s     *Scheduler
	log   *testkit.LogBuffer
	opts  Options
	// panics counts the panics the bot's Guard recovered in digests.
	panics atomic.Int64
}

func newWorld(t *testing.T, start time.Time, senders map[string]bot.Sender) *world {
	t.Helper()
	w := &world{t: t, path: filepath.Join(t.TempDir(), "paperbot.db"), clock: testkit.NewClock(start), eng: testkit.Engine(t), log: &testkit.LogBuffer{}}
	w.opts = Options{Senders: senders, Workers: 4, Now: w.clock.Now,
		Logger: slog.New(slog.NewTextHandler(w.log, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	w.open()
	t.Cleanup(func() { w.db.Close() })
	return w
}

// open opens the store and builds a fresh bot and scheduler over it, as a
// restarted process would.
func (w *world) open() {
	w.t.Helper()
	db, err := store.Open(w.path, store.Options{Now: w.clock.Now, Timeout: time.Second})
	if err != nil {
		w.t.Fatal(err)
	}
	w.db = db
	w.bot = bot.New(bot.Options{Engine: w.eng, Store: db, Now: w.clock.Now, Logger: w.opts.Logger,
		Panicked: func(platform string) {
			if platform == "digest" {
				w.panics.Add(1)
			}
		}})
	o := w.opts
	o.Store, o.Composer = db, w.bot
	if w.s, err = New(o); err != nil {
		w.t.Fatal(err)
	}
}

// subscribe stores a subscriber, with fn (if any) changing it further.
func (w *world) subscribe(key, hm, zone, freq string, fn func(*bot.Reader)) {
	w.t.Helper()
	_, err := w.db.Update(context.Background(), key, func(r *bot.Reader) error {
		r.Sub = bot.Subscription{On: true, Time: hm, Zone: zone, Frequency: freq}
		if fn != nil {
			fn(r)
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// pass runs one pass at the clock's time.
func (w *world) pass() Report {
	w.t.Helper()
	rep, err := w.s.RunOnce(context.Background(), w.clock.Now())
	if err != nil {
		w.t.Fatalf("RunOnce at %v = %v", w.clock.Now(), err)
	}
	return rep
}

func (w *world) reader(key string) bot.Reader {
	w.t.Helper()
	r, err := w.db.Get(context.Background(), key)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// nilStore and nilComposer stand in where a test needs no store or bot.
type nilStore struct{ bot.Store }

func (nilStore) RecordDigest(context.Context, string, func(*bot.Reader) error) (bot.Reader, error) {
	return bot.Reader{}, nil
}

func (nilStore) Schedules(context.Context, func(string, bot.Subscription) error) error { return nil }

type nilComposer struct{}

func (nilComposer) DigestReply(bot.Reader, string, time.Time) (bot.Reply, string, error) {
	return bot.Reply{}, "", nil
}
