package slack

import (
	"context"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// recorder is a Metrics that keeps what it was told.
type recorder struct {
	mu     sync.Mutex
	waits  []time.Duration
	errors map[string]int
}

func (r *recorder) RateLimitWait(platform string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if platform == platformName {
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

// TestMetricsReportWaitsAndErrors: Slack's rate limiting, the pacing of
// posts, a refused send and failed connection attempts are reported.
func TestMetricsReportWaitsAndErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	m := &recorder{}
	e := newEnv(t, func(o *Options) { o.Listen, o.Metrics = addr, m })
	e.fake.fail("auth.test", reply{503, nil, "down"}, reply{503, nil, "down"})
	runAdapter(t, e)
	waitReady(t, e.a)
	if _, errs := m.counts(); errs["platform"] != 2 {
		t.Errorf("platform errors = %d after two failed auth.test, want 2", errs["platform"])
	}

	e.fake.fail("chat.postMessage", reply{429, map[string]string{"Retry-After": "3"}, `{"ok":false,"error":"ratelimited"}`})
	ctx := context.Background()
	daily := bot.Reply{Text: "daily", Intro: "daily"}
	if err := e.a.Send(ctx, "slack:T1:C1", daily); err != nil {
		t.Fatalf("Send = %v", err)
	}
	e.fake.fail("chat.postMessage", reply429(), reply429(), reply429(), reply429())
	if err := e.a.Send(ctx, "slack:T1:C1", daily); err == nil {
		t.Fatal("Send rate-limited four times succeeded")
	}
	waits, errs := m.counts()
	if want := []time.Duration{3 * time.Second, time.Second, time.Second, time.Second}; !slices.Equal(waits, want) {
		t.Errorf("waits = %v, want %v: the Retry-After of each 429 retried", waits, want)
	}
	if errs["send"] != 1 {
		t.Errorf("send errors = %d, want 1", errs["send"])
	}
}

func reply429() reply {
	return reply{429, map[string]string{"Retry-After": "1"}, `{"ok":false,"error":"ratelimited"}`}
}

// TestPacerReportsWaits: a post that had to wait for the pace is reported
// with how long it waited; one that did not is not.
func TestPacerReportsWaits(t *testing.T) {
	var waits []time.Duration
	p := newPacer(20, 1000, func(d time.Duration) { waits = append(waits, d) }) // bursts of 20
	for i := range 21 {
		if err := p.wait(context.Background(), "T1", "C1"); err != nil {
			t.Fatal(err)
		}
		if i == 19 && len(waits) != 0 {
			t.Fatalf("the burst of 20 reported waits %v", waits)
		}
	}
	if len(waits) != 1 || waits[0] < 30*time.Millisecond || waits[0] > 60*time.Millisecond {
		t.Errorf("the 21st post reported %v, want one wait of about 50ms", waits)
	}
}
