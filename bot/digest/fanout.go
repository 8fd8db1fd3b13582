package digest

import (
	"context"
	"sync"
	"time"
)

// fanOut delivers the jobs, all platforms at once, and waits for them.
// Each platform has Options.Workers goroutines that each take a due
// reader, compose the digest, record it as sending and send it at once,
// then hand the outcome to one of Workers more goroutines to record, so
// the store's transactions for claims and outcomes overlap (bbolt commits
// them in groups). At most Workers digests a platform are in its Sender
// at once, so at most that many wait in the adapter's rate limiter ahead
// of a chat reply, and a digest is recorded as sending only just before
// it is sent, so a crash costs no more than the sends under way. Store
// calls and sends run on a context that outlives ctx by Options.Drain;
// after ctx ends no new digest starts.
func (s *Scheduler) fanOut(ctx context.Context, jobs map[string][]job, c *counts) {
	sendCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(s.opts.Drain, cancel) })
	defer stop()
	var wg sync.WaitGroup
	for p, list := range jobs {
		to := s.opts.Senders[p]
		n := min(s.opts.Workers, len(list))
		next := make(chan job)
		outcomes := make(chan *outcome, n)
		wg.Go(func() {
			defer close(next)
			for _, j := range list {
				if ctx.Err() != nil {
					return
				}
				select {
				case next <- j:
				case <-ctx.Done():
					return
				}
			}
		})
		var senders sync.WaitGroup
		for range n {
			senders.Go(func() {
				for j := range next {
					if o := s.prepare(sendCtx, j, c); o != nil && s.send(sendCtx, to, o, c) {
						outcomes <- o
					}
				}
			})
			wg.Go(func() {
				for o := range outcomes {
					s.settle(sendCtx, o, c)
				}
			})
		}
		wg.Go(func() {
			senders.Wait()
			close(outcomes)
		})
	}
	wg.Wait()
}
