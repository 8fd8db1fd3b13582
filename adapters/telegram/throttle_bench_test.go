package telegram_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
)

// BenchmarkSendRateLimited drives the adapter's own Send path (its rate
// limiters and 429 handling, as telegram.Options set them) for 20 seconds
// against the fake Bot API behind a front that enforces Telegram's
// broadcast limit: a sendMessage beyond the 30th accepted in any
// one-second window is refused with a 429 and retry_after 1, which the
// adapter honours. 24 goroutines (the digest's default workers) send
// digests to distinct chats, so only the overall limit binds. Reported:
// msgs/s accepted in the 20 seconds from the first, how far that is from
// the limit (off-limit-%), the 429s, and sends that failed outright.
//
// global=default is RateGlobal left at its default (30, paced 2% under);
// global=60 sets twice Telegram's limit, to show the front does refuse
// what is over it. Each run takes 20s, so it is a benchmark, not a test:
//
//	go test -run '^$' -bench SendRateLimited -benchtime 1x ./adapters/telegram/
func BenchmarkSendRateLimited(b *testing.B) {
	for _, c := range []struct {
		name   string
		global rate.Limit
	}{{"default", 0}, {"60", 60}} {
		b.Run("global="+c.name, func(b *testing.B) { benchSendRateLimited(b, c.global) })
	}
}

func benchSendRateLimited(b *testing.B, global rate.Limit) {
	const (
		window  = 20 * time.Second
		limit   = 30 // Telegram's: messages a second in all
		senders = 24
	)
	var sent, n429, failed int
	for range b.N {
		fake := telegramtest.NewServer(b)
		fake.Quiet = true
		front := &windowFront{limit: limit, next: proxyTo(b, fake.URL())}
		srv := httptest.NewServer(front)
		a, err := telegram.New(telegram.Options{
			Token: telegramtest.Token, Endpoint: srv.URL + "/bot%s/%s",
			Handler: noHandler{}, Logger: slog.New(slog.DiscardHandler),
			RateGlobal: global,
		})
		if err != nil {
			b.Fatal(err)
		}
		// Cancelled, not a deadline: the limiter's Wait fails at once when
		// its turn would come after a deadline.
		ctx, cancel := context.WithCancel(context.Background())
		stop := time.AfterFunc(window+2*time.Second, cancel)
		reply := bot.Reply{Intro: "Your paper for today", Papers: []bot.Item{{
			ID: "simclr", ArXiv: "2002.05709", Title: "A Simple Framework for Contrastive Learning of Visual Representations",
			Year: 2020, Summary: strings.Repeat("Contrastive learning of visual representations. ", 6),
		}}}
		var chat atomic.Int64
		var fails atomic.Int64
		var wg sync.WaitGroup
		for range senders {
			wg.Go(func() {
				for ctx.Err() == nil {
					to := fmt.Sprintf("telegram:%d", 100000+chat.Add(1))
					if err := a.Send(ctx, to, reply); err != nil && ctx.Err() == nil {
						fails.Add(1)
					}
				}
			})
		}
		wg.Wait()
		stop.Stop()
		cancel()
		srv.Close()
		front.mu.Lock()
		for _, t := range front.ok {
			if t.Sub(front.ok[0]) < window {
				sent++
			}
		}
		n429 += front.n429
		front.mu.Unlock()
		failed += int(fails.Load())
	}
	achieved := float64(sent) / float64(b.N) / window.Seconds()
	b.ReportMetric(achieved, "msgs/s")
	b.ReportMetric(100*(achieved-limit)/limit, "off-limit-%")
	b.ReportMetric(float64(n429)/float64(b.N), "429s")
	b.ReportMetric(float64(failed)/float64(b.N), "failed")
}

// windowFront stands in front of the fake Bot API with Telegram's
// broadcast limit: more than limit sendMessage calls accepted in any
// one-second window are refused with a 429 and retry_after 1.
type windowFront struct {
	limit int
	next  http.Handler

	mu    sync.Mutex
	times []time.Time // accepted sends in the last second
	ok    []time.Time // every accepted send
	n429  int
}

func (f *windowFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/sendMessage") && !f.accept() {
		flood := telegramtest.Flood(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(flood.Status)
		io.WriteString(w, flood.Body)
		return
	}
	f.next.ServeHTTP(w, r)
}

func (f *windowFront) accept() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	i := 0
	for i < len(f.times) && !f.times[i].After(now.Add(-time.Second)) {
		i++
	}
	f.times = f.times[i:]
	if len(f.times) >= f.limit {
		f.n429++
		return false
	}
	f.times = append(f.times, now)
	f.ok = append(f.ok, now)
	return true
}

func proxyTo(tb testing.TB, raw string) http.Handler {
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return httputil.NewSingleHostReverseProxy(u)
}

// noHandler answers nothing: Send does not use the handler.
type noHandler struct{}

func (noHandler) Handle(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{}, nil }
func (noHandler) Commands(string) [][2]string                            { return nil }
func (noHandler) Inline(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{}, nil }
