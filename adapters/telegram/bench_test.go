package telegram_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/testkit"
	"github.com/paperbot/paperbot/store"
)

// benchScript is what each reader sends, in turn; every reply is one
// message.
var benchScript = []string{
	"/paper contrastive", "/show mocov2", "/read mocov2", "/paper masked image modeling",
	"/progress", "/today", "/read simclr", "/similar byol", "/paper 自监督", "/saved",
}

// BenchmarkUpdates measures updates handled end to end: the fake's
// getUpdates hands an update out, the adapter handles it with the real bot
// and store, and the fake receives the reply. 1,000 readers each send their
// next message when the reply to the last one arrives, so latency includes
// the wait for a worker; with as many readers as workers it is the time one
// update takes. Rate limits are off. Reported: updates/s, p50 and p99
// latency from push to reply, and the peak live heap of the whole process
// (fake server included).
func BenchmarkUpdates(b *testing.B) {
	for _, c := range []struct{ readers, workers int }{{1000, 8}, {1000, 16}, {1000, 32}, {8, 8}} {
		b.Run(fmt.Sprintf("readers=%d/workers=%d", c.readers, c.workers), func(b *testing.B) {
			benchUpdates(b, c.readers, c.workers)
		})
	}
}

func benchUpdates(b *testing.B, readers, workers int) {
	fake := telegramtest.NewServer(b)
	fake.Quiet = true
	db, err := store.Open(filepath.Join(b.TempDir(), "paperbot.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.DiscardHandler)
	a, err := telegram.New(telegram.Options{
		Token: telegramtest.Token, Endpoint: fake.Endpoint(), Logger: log,
		Handler:     bot.New(bot.Options{Engine: testkit.Engine(b), Store: db, Logger: log}),
		RatePerChat: rate.Inf, RateGlobal: rate.Inf, Workers: workers,
	})
	if err != nil {
		b.Fatal(err)
	}

	var (
		mu        sync.Mutex
		sentAt    = map[int64]time.Time{}
		turn      = map[int64]int{}
		latencies = make([]time.Duration, 0, b.N)
		issued    int
		done      = make(chan struct{})
	)
	push := func(id int64) { // with mu held
		u := telegramtest.User{ID: id, FirstName: "reader", LanguageCode: "en"}
		text := benchScript[turn[id]%len(benchScript)]
		turn[id]++
		issued++
		sentAt[id] = time.Now()
		fake.Push(telegramtest.Text(telegramtest.Private(u), u, text))
	}
	fake.OnCall = func(c telegramtest.Call) {
		if c.Method != "sendMessage" {
			return
		}
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		id := c.Chat()
		at, waiting := sentAt[id]
		if !waiting {
			return
		}
		delete(sentAt, id)
		latencies = append(latencies, now.Sub(at))
		switch {
		case issued < b.N:
			push(id)
		case len(latencies) == b.N:
			close(done)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- a.Run(ctx) }()
	peak := make(chan uint64)
	stopSampling := make(chan struct{})
	go samplePeakHeap(stopSampling, peak)

	b.ResetTimer()
	start := time.Now()
	mu.Lock()
	for i := range min(b.N, readers) {
		push(int64(100000 + i))
	}
	mu.Unlock()
	<-done
	elapsed := time.Since(start)
	b.StopTimer()
	close(stopSampling)
	cancel()
	if err := <-ran; err != nil {
		b.Fatal(err)
	}

	slices.Sort(latencies)
	q := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-MB")
}

// samplePeakHeap reports the largest live-heap reading taken every 5ms
// until stop closes.
func samplePeakHeap(stop <-chan struct{}, peak chan<- uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var top uint64
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		metrics.Read(s)
		top = max(top, s[0].Value.Uint64())
		select {
		case <-stop:
			peak <- top
			return
		case <-t.C:
		}
	}
}
