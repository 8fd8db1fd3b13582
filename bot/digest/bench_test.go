package digest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/testkit"
	"github.com/paperbot/paperbot/store"
)

// benchAt is the minute every benchmark subscriber is due: 08:00 UTC on a
// Saturday in February, in five zones.
var benchAt = utc("2026-02-14T08:00:00Z")

var benchZones = []struct{ zone, hm string }{
	{"UTC", "08:00"}, {"Asia/Shanghai", "16:00"}, {"Asia/Kathmandu", "13:45"},
	{"Europe/Berlin", "09:00"}, {"America/New_York", "03:00"},
}

// benchStores holds one store file per size, built once per process, so
// each run starts from a copy: n subscribers, spread over the first
// platforms of Telegram and Slack, all due at benchAt.
var benchStores sync.Map // [2]int{n, platforms} → func() (string, error)

func benchStore(b *testing.B, n, platforms int) string {
	b.Helper()
	f, _ := benchStores.LoadOrStore([2]int{n, platforms},
		sync.OnceValues(func() (string, error) { return buildBenchStore(n, platforms) }))
	path, err := f.(func() (string, error))()
	if err != nil {
		b.Fatal(err)
	}
	dst := filepath.Join(b.TempDir(), "paperbot.db")
	if err := copyFile(dst, path); err != nil {
		b.Fatal(err)
	}
	return dst
}

// benchDirs are the directories of the built stores, removed by TestMain.
var benchDirs struct {
	sync.Mutex
	list []string
}

func TestMain(m *testing.M) {
	code := m.Run()
	benchDirs.Lock()
	for _, d := range benchDirs.list {
		os.RemoveAll(d)
	}
	benchDirs.Unlock()
	os.Exit(code)
}

func buildBenchStore(n, platforms int) (string, error) {
	dir, err := os.MkdirTemp("", "digest-bench-")
	if err != nil {
		return "", err
	}
	benchDirs.Lock()
	benchDirs.list = append(benchDirs.list, dir)
	benchDirs.Unlock()
	path := filepath.Join(dir, "paperbot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return "", err
	}
	defer db.Close()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				key := fmt.Sprintf("telegram:%d", 100000000+i)
				if i%platforms == 1 {
					key = fmt.Sprintf("slack:T1:U%d", 100000000+i)
				}
				z := benchZones[i%len(benchZones)]
				_, err := db.Update(context.Background(), key, func(r *bot.Reader) error {
					r.Sub = bot.Subscription{On: true, Time: z.hm, Zone: z.zone, Frequency: "daily"}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return path, <-errs
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// peakHeap samples the heap (live and not yet swept objects) until stop
// is called and returns the largest figure, in bytes.
func peakHeap() (stop func() uint64) {
	done := make(chan struct{})
	var peak atomic.Uint64
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return peak.Load() }
}

type noopSender struct{ n atomic.Int64 }

func (s *noopSender) Send(context.Context, string, bot.Reply) error { s.n.Add(1); return nil }

// BenchmarkFanOut is one pass over n subscribers all due in the same
// minute, with senders that accept at once (limits off): how many digests
// a second the scheduler, the bot and the store sustain, fsync on, and the
// peak heap, with one platform or two (each its own workers) and
// Options.Workers of 16, 24 (the default) and 64. Each digest is a read
// and two store transactions (sending, then sent), which the store
// commits in groups, so the rate follows the number of workers.
//
//	go test -run '^$' -bench FanOut -benchtime 1x ./bot/digest/
func BenchmarkFanOut(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		for _, c := range []struct{ platforms, workers int }{{1, 16}, {1, 24}, {1, 64}, {2, 24}} {
			b.Run(fmt.Sprintf("subs=%d/platforms=%d/workers=%d", n, c.platforms, c.workers),
				func(b *testing.B) { benchFanOut(b, n, c.platforms, c.workers) })
		}
	}
}

func benchFanOut(b *testing.B, n, platforms, workers int) {
	eng := testkit.Engine(b)
	var elapsed time.Duration
	var peak uint64
	for range b.N {
		b.StopTimer()
		path := benchStore(b, n, platforms)
		runtime.GC()
		b.StartTimer()
		stop := peakHeap()
		start := time.Now()
		db, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		tg, sl := &noopSender{}, &noopSender{}
		s, err := New(Options{Store: db, Composer: bot.New(bot.Options{Engine: eng, Store: db}),
			Senders: map[string]bot.Sender{"telegram": tg, "slack": sl}, Workers: workers,
			Now: func() time.Time { return benchAt }, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := s.RunOnce(context.Background(), benchAt)
		elapsed += time.Since(start)
		peak = max(peak, stop())
		b.StopTimer()
		if err != nil || rep.Sent != n || int(tg.n.Load()+sl.n.Load()) != n {
			b.Fatalf("pass: %+v, %v; %d+%d sends, want %d", rep, err, tg.n.Load(), sl.n.Load(), n)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "digests/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// windowPlatform is a fake platform with Telegram's broadcast limit: more
// than limit messages in any one-second window are refused with a 429.
type windowPlatform struct {
	limit int
	mu    sync.Mutex
	times []time.Time // accepted messages in the last second
	first time.Time
	ok    []time.Time
	n429  int
}

var err429 = errors.New("429 Too Many Requests: retry after 1")

func (p *windowPlatform) Send(context.Context, string, bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	i := 0
	for i < len(p.times) && !p.times[i].After(now.Add(-time.Second)) {
		i++
	}
	p.times = p.times[i:]
	if len(p.times) >= p.limit {
		p.n429++
		return err429
	}
	p.times = append(p.times, now)
	if p.first.IsZero() {
		p.first = now
	}
	p.ok = append(p.ok, now)
	return nil
}

// paced is a Sender behind a token bucket, as an adapter paces its sends.
type paced struct {
	lim  *rate.Limiter
	next bot.Sender
}

func (p paced) Send(ctx context.Context, to string, r bot.Reply) error {
	if err := p.lim.Wait(ctx); err != nil {
		return err
	}
	return p.next.Send(ctx, to, r)
}

// BenchmarkRateLimited30 sends through a token bucket (golang.org/x/time/
// rate, burst 1) to a fake platform that refuses a 31st message in any
// one-second window, for 20 seconds, and reports the rate achieved and
// the 429s. margin=0 paces at exactly 30/s, margin=2 at 29.4/s. Each run
// takes 20s, so it is a benchmark, not a test.
//
//	go test -run '^$' -bench RateLimited30 -benchtime 1x ./bot/digest/
func BenchmarkRateLimited30(b *testing.B) {
	for _, margin := range []float64{0, 2} {
		b.Run(fmt.Sprintf("margin=%g%%", margin), func(b *testing.B) { benchRateLimited(b, 30, margin) })
	}
}

func benchRateLimited(b *testing.B, limit int, margin float64) {
	const window = 20 * time.Second
	eng := testkit.Engine(b)
	var sent, n429 int
	for range b.N {
		b.StopTimer()
		path := benchStore(b, 2000, 1)
		b.StartTimer()
		db, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		platform := &windowPlatform{limit: limit}
		s, err := New(Options{Store: db, Composer: bot.New(bot.Options{Engine: eng, Store: db}),
			Senders: map[string]bot.Sender{"telegram": paced{rate.NewLimiter(rate.Limit(float64(limit)*(1-margin/100)), 1), platform}},
			Drain:   time.Second, Now: func() time.Time { return benchAt }, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), window+time.Second)
		if _, err := s.RunOnce(ctx, benchAt); err != nil {
			b.Fatal(err)
		}
		cancel()
		db.Close()
		for _, t := range platform.ok {
			if t.Sub(platform.first) < window {
				sent++
			}
		}
		n429 += platform.n429
	}
	achieved := float64(sent) / float64(b.N) / window.Seconds()
	b.ReportMetric(achieved, "msgs/s")
	b.ReportMetric(100*(achieved-float64(limit))/float64(limit), "off-limit-%")
	b.ReportMetric(float64(n429)/float64(b.N), "429s")
}
