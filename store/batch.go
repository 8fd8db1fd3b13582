package store

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// maxBatch is the most Updates one transaction takes; the rest wait for
// the next.
const maxBatch = 1000

// maxYields bounds how many times a batch lets other goroutines run
// before it starts; see gather.
const maxYields = 16

// batcher merges concurrent Updates into shared transactions (group
// commit). An Update that finds no transaction under way starts one at
// once; Updates that arrive while one is under way queue, and all of them
// go into the next transaction, which starts as soon as the one before has
// committed. So an idle store commits a lone Update without waiting, and a
// busy one commits back to back, each batch holding what arrived during
// the last commit.
//
// bbolt's own Batch instead waits a fixed MaxBatchDelay from the first
// call before it runs, even when nothing else is under way, and stops
// taking calls into a batch when that delay ends though it may then wait
// for the commit before it. With 64 writers all in one batch, the delay
// was idle time added to every commit (about 40% of each cycle at a 2ms
// delay; BenchmarkMarkRead100kReaders), and with a shorter delay batches
// came out small and queued one behind the other for the write lock, each
// paying its own fsyncs.
type batcher struct {
	bolt *bolt.DB

	mu      sync.Mutex
	queue   []batchCall
	running bool          // a goroutine is committing batches
	done    chan struct{} // closed when that goroutine stops
	closed  bool          // no more batches: Updates run alone
}

type batchCall struct {
	fn  func(*bolt.Tx) error
	err chan error // gets the transaction's outcome, or errTrySolo
}

// errTrySolo tells an Update that its function failed in a shared
// transaction: it runs again alone, so the others can commit without it.
var errTrySolo = errors.New("store: batch function failed; run it alone")

// do runs fn in a write transaction, shared with other concurrent calls.
// As with bbolt's Batch, fn may run more than once; if it fails or panics,
// it runs again alone in the caller's goroutine, so its error (or panic)
// is the caller's, and the others are not held back.
func (b *batcher) do(fn func(*bolt.Tx) error) error {
	c := batchCall{fn: fn, err: make(chan error, 1)}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return b.bolt.Update(fn) // fails: the file is closed or closing
	}
	b.queue = append(b.queue, c)
	if !b.running {
		b.running = true
		b.done = make(chan struct{})
		go b.loop(b.done)
	}
	b.mu.Unlock()
	err := <-c.err
	if err == errTrySolo {
		err = b.bolt.Update(fn)
	}
	return err
}

// loop commits queued calls, one batch after another, until none are
// left.
func (b *batcher) loop(done chan struct{}) {
	defer close(done)
	for {
		b.gather()
		b.mu.Lock()
		n := min(len(b.queue), maxBatch)
		if n == 0 {
			b.running = false
			b.queue = nil
			b.mu.Unlock()
			return
		}
		calls := b.queue[:n:n]
		b.queue = b.queue[n:]
		b.mu.Unlock()
		b.run(calls)
	}
}

// gather yields the processor while that lets more calls in: Updates
// whose goroutines are ready to run (such as the callers the last batch
// just released, coming back with their next Update) join this batch
// instead of waiting a whole commit for the next. It never sleeps, so an
// Update arriving at an idle store still starts at once.
func (b *batcher) gather() {
	for range maxYields {
		b.mu.Lock()
		n := len(b.queue)
		b.mu.Unlock()
		runtime.Gosched()
		b.mu.Lock()
		grew := len(b.queue) > n
		b.mu.Unlock()
		if !grew {
			return
		}
	}
}

// run commits calls in one transaction. A call whose function fails is
// taken out and told to run alone, and the rest are tried again.
func (b *batcher) run(calls []batchCall) {
	for len(calls) > 0 {
		failed := -1
		err := b.bolt.Update(func(tx *bolt.Tx) error {
			for i, c := range calls {
				if err := safelyCall(c.fn, tx); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed >= 0 {
			calls[failed].err <- errTrySolo
			calls = slices.Delete(calls, failed, failed+1)
			continue
		}
		for _, c := range calls {
			c.err <- err
		}
		return
	}
}

// close lets the queued calls commit, then makes later ones run alone
// (where bbolt fails them once the file is closed).
func (b *batcher) close() {
	b.mu.Lock()
	b.closed = true
	running, done := b.running, b.done
	b.mu.Unlock()
	if running {
		<-done
	}
}

// safelyCall runs fn, turning a panic into an error.
func safelyCall(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in a batched update: %v", p)
		}
	}()
	return fn(tx)
}
