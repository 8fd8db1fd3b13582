package arxiv

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/paperbot/paperbot/internal/testkit"
)

func TestPacerSpacesStarts(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC))
	p := NewPacer()
	var starts []time.Time
	take := func() {
		t.Helper()
		if err := p.acquire(t.Context(), 3*time.Second, clk.Now, clk.Sleep); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, clk.Now())
	}
	take() // the first request goes at once
	clk.Advance(time.Second)
	p.release()
	take() // one second later: waits two more
	clk.Advance(5 * time.Second)
	p.holdUntil(clk.Now().Add(time.Minute)) // a Retry-After
	p.release()
	take()
	p.release()

	if want := []time.Duration{2 * time.Second, time.Minute}; !slices.Equal(clk.Slept(), want) {
		t.Errorf("slept %v, want %v", clk.Slept(), want)
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 3*time.Second {
			t.Errorf("starts %d and %d %v apart", i-1, i, gap)
		}
	}
}

func TestPacerWaitGivesUpWithContext(t *testing.T) {
	p := NewPacer()
	if err := p.acquire(t.Context(), time.Millisecond, time.Now, sleep); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if err := p.acquire(ctx, time.Millisecond, time.Now, sleep); err == nil {
		t.Fatal("took a turn that was held")
	}
	p.release()
	if err := p.acquire(t.Context(), time.Millisecond, time.Now, sleep); err != nil {
		t.Fatalf("after release: %v", err)
	}
	p.release()
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"7":                    7 * time.Second,
		" 0 ":                  0,
		"86400":                maxRetryAfter,
		"99999999999999999999": -1, // overflows: ignored
		"-3":                   -1,
		"soon":                 -1,
		"":                     -1,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
		now.Add(-time.Hour).Format(http.TimeFormat):       0,
		now.Add(48 * time.Hour).Format(http.TimeFormat):   maxRetryAfter,
		"Tuesday, 03-Nov-26 12:00:30 GMT":                 30 * time.Second, // RFC 850
	} {
		t.Run(in, func(t *testing.T) {
			d, ok := parseRetryAfter(in, now)
			if ok != (want >= 0) || ok && d != want {
				t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", in, d, ok, want)
			}
		})
	}
}
