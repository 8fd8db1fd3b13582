// Package ratewait waits for a token bucket (golang.org/x/time/rate) and
// says how long it waited, so the adapters can report their rate-limit
// waits.
package ratewait

import (
	"context"
	"errors"
	"time"

	"golang.org/x/time/rate"
)

// Take takes a token from lim, sleeping until it is due, and returns how
// long it slept (0 when a token was there). A wait cut short by ctx gives
// its token back and returns ctx's error.
func Take(ctx context.Context, lim *rate.Limiter) (time.Duration, error) {
	r := lim.Reserve()
	if !r.OK() {
		return 0, errors.New("rate limiter with no burst")
	}
	d := r.Delay()
	if d == 0 {
		return 0, nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return d, nil
	case <-ctx.Done():
		r.Cancel()
		return 0, ctx.Err()
	}
}
