package telegram_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
)

// recorder is a telegram.Metrics that keeps what it was told.
type recorder struct {
	mu     sync.Mutex
	waits  []time.Duration
	errors map[string]int
}

func (r *recorder) RateLimitWait(platform string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if platform == "telegram" {
		r.waits = append(r.waits, d)
	}
}

func (r *recorder) Error(kind string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.errors == nil {
		r.errors = map[string]int{}
	}
	r.errors[kind]++
}

func (r *recorder) counts() ([]time.Duration, map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	errs := map[string]int{}
	for k, v := range r.errors {
		errs[k] = v
	}
	return append([]time.Duration(nil), r.waits...), errs
}

// TestMetricsReportWaitsAndErrors: failed getMe calls, Telegram's
// retry_after, the adapter's own pacing and a refused send are reported.
func TestMetricsReportWaitsAndErrors(t *testing.T) {
	m := &recorder{}
	h := newHarness(t, func(o *telegram.Options) { o.Metrics, o.RatePerChat, o.RateGlobal = m, 2, rate.Inf })
	h.fake.Script("getMe", telegramtest.InternalError(), telegramtest.BadGateway())
	h.start()
	h.fake.Wait(t, "getUpdates", 1) // connected
	if _, errs := m.counts(); errs["platform"] != 2 {
		t.Errorf("platform errors = %d after two failed getMe, want 2", errs["platform"])
	}

	ctx := context.Background()
	h.fake.Script("sendMessage", telegramtest.Flood(1))
	if err := h.a.Send(ctx, "telegram:42", digest); err != nil {
		t.Fatalf("Send after a 429 = %v", err)
	}
	if waits, _ := m.counts(); len(waits) != 1 || waits[0] != time.Second {
		t.Fatalf("waits after a 429 with retry_after 1 = %v, want [1s]", waits)
	}
	// 2 a second with bursts of 3 in one chat: the fourth quick send waits.
	for range 3 {
		if err := h.a.Send(ctx, "telegram:43", digest); err != nil {
			t.Fatal(err)
		}
	}
	if waits, _ := m.counts(); len(waits) != 1 {
		t.Fatalf("a burst of 3 reported waits %v", waits[1:])
	}
	if err := h.a.Send(ctx, "telegram:43", digest); err != nil {
		t.Fatal(err)
	}
	if waits, _ := m.counts(); len(waits) != 2 || waits[1] <= 0 || waits[1] > 500*time.Millisecond {
		t.Errorf("the fourth send reported %v, want one wait of at most 500ms", waits[1:])
	}

	h.fake.Script("sendMessage", telegramtest.Forbidden())
	if err := h.a.Send(ctx, "telegram:44", digest); err == nil {
		t.Fatal("Send to a chat that blocked the bot succeeded")
	}
	if _, errs := m.counts(); errs["send"] != 1 {
		t.Errorf("send errors = %d, want 1", errs["send"])
	}
}
