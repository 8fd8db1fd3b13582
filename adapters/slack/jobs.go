package slack

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// jobTimeout bounds the work done for one request: the bot's answer and
// the Web API calls that deliver it.
const jobTimeout = 60 * time.Second

// jobs runs the work behind acked requests in the background: at most
// workers at once, at most backlog more waiting; beyond that a request is
// refused so the caller can say "busy" instead of queueing without bound.
type jobs struct {
	sem     chan struct{}
	pending atomic.Int64
	max     int64
	wg      sync.WaitGroup
	// stop ends the work still running when the shutdown grace is over.
	ctx  context.Context
	stop context.CancelFunc
}

func newJobs(workers, backlog int) *jobs {
	ctx, stop := context.WithCancel(context.Background())
	return &jobs{sem: make(chan struct{}, workers), max: int64(workers + backlog), ctx: ctx, stop: stop}
}

// try starts fn in the background and reports whether it was taken. fn
// gets a context that outlives the request that started it.
func (j *jobs) try(fn func(ctx context.Context)) bool {
	if !j.reserve() {
		return false
	}
	j.start(fn)
	return true
}

// reserve takes a place for one more job, unless workers+backlog are
// taken. A reserved place is used by start or given back by release.
func (j *jobs) reserve() bool {
	if j.pending.Add(1) > j.max {
		j.pending.Add(-1)
		return false
	}
	return true
}

// release gives back a reserved place that is not used.
func (j *jobs) release() { j.pending.Add(-1) }

// force starts fn beyond the limit: work taken in earlier (pending in the
// inbox at start) must not be refused.
func (j *jobs) force(fn func(ctx context.Context)) {
	j.pending.Add(1)
	j.start(fn)
}

// start runs fn in a reserved place once a worker is free.
func (j *jobs) start(fn func(ctx context.Context)) {
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		defer j.pending.Add(-1)
		select {
		case j.sem <- struct{}{}:
		case <-j.ctx.Done():
			return
		}
		defer func() { <-j.sem }()
		ctx, cancel := context.WithTimeout(j.ctx, jobTimeout)
		defer cancel()
		fn(ctx)
	}()
}

// stopped reports whether shutdown cancelled the work still under way.
func (j *jobs) stopped() bool { return j.ctx.Err() != nil }

// drain waits up to grace for the work under way, then cancels the rest.
func (j *jobs) drain(grace time.Duration, log *slog.Logger) {
	done := make(chan struct{})
	go func() { j.wg.Wait(); close(done) }()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		log.Warn("slack: replies still under way at shutdown; cancelling them", "pending", j.pending.Load())
		j.stop()
		<-done
	}
}
