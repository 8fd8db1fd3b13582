package ratewait

import (
	"context"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestTake(t *testing.T) {
	lim := rate.NewLimiter(rate.Every(100*time.Millisecond), 1)
	if d, err := Take(context.Background(), lim); d != 0 || err != nil {
		t.Fatalf("first Take = %v, %v; want no wait", d, err)
	}
	start := time.Now()
	d, err := Take(context.Background(), lim)
	if err != nil || d < 50*time.Millisecond || time.Since(start) < d {
		t.Errorf("second Take = %v, %v after %v; want a wait of about 100ms, slept", d, err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if d, err := Take(ctx, lim); err == nil || d != 0 {
		t.Errorf("Take with a cancelled context = %v, %v; want an error", d, err)
	}
}
