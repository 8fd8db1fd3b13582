package arxiv

import (
	"context"
	"sync"
	"time"
)

// A Pacer makes requests take turns: one at a time, each starting at least
// an interval after the start of the one before. Clients that share a
// Pacer share its limits, whichever goroutine calls them; all Clients share
// one process-wide Pacer unless given another. Clients sharing a Pacer
// should share a clock. The zero value is ready to use.
type Pacer struct {
	init sync.Once
	turn chan struct{} // a lock that waiting can give up on: full while a request runs

	// Guarded by turn.
	last      time.Time // when the last request started
	notBefore time.Time // no request before this (the server's Retry-After)
}

// NewPacer returns a Pacer of its own, for tests or for a second upstream.
func NewPacer() *Pacer { return new(Pacer) }

// sharedPacer paces every Client not given a Pacer.
var sharedPacer = NewPacer()

// acquire waits for the turn, then until interval after the start of the
// last request and until any Retry-After has passed, and marks now as the
// start of the caller's request. The caller must release the turn. If ctx
// ends first, it returns ctx's error without the turn.
func (p *Pacer) acquire(ctx context.Context, interval time.Duration, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	p.init.Do(func() { p.turn = make(chan struct{}, 1) })
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	t := now()
	next := p.last.Add(interval)
	if p.notBefore.After(next) {
		next = p.notBefore
	}
	if wait := next.Sub(t); wait > 0 {
		if err := sleep(ctx, wait); err != nil {
			<-p.turn
			return err
		}
		t = now()
	}
	p.last = t
	return nil
}

// holdUntil keeps every request back until t. Only the holder of the turn
// may call it.
func (p *Pacer) holdUntil(t time.Time) {
	if t.After(p.notBefore) {
		p.notBefore = t
	}
}

// release gives the turn back.
func (p *Pacer) release() { <-p.turn }
