package telegram

import (
	"context"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const (
	// maxPending is how many updates may be taken in and not yet handled;
	// polling waits for room, a webhook delivery beyond it gets a 503.
	maxPending = 1024
	// maxPerChat is how many updates one chat may have waiting; more are
	// dropped, so one flooding chat cannot hold up the others.
	maxPerChat = 20
)

// dispatcher handles updates: those of one chat in order, different chats
// in parallel, at most workers at a time.
type dispatcher struct {
	handle func(ctx context.Context, u tgbotapi.Update)
	slots  chan struct{}

	mu      sync.Mutex
	ctx     context.Context             // handling context, set by start
	queues  map[int64][]tgbotapi.Update // a chat is present while its goroutine runs
	pending int                         // taken in, not yet handled
	changed chan struct{}               // closed and replaced when pending drops
}

func newDispatcher(workers int, handle func(context.Context, tgbotapi.Update)) *dispatcher {
	return &dispatcher{
		handle: handle, slots: make(chan struct{}, workers), ctx: context.Background(),
		queues: map[int64][]tgbotapi.Update{}, changed: make(chan struct{}),
	}
}

// start sets the context updates are handled with.
func (d *dispatcher) start(ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ctx = ctx
}

// submission is what became of a submitted update.
type submission int

const (
	accepted submission = iota
	dropped             // the chat has too many waiting
	full                // too many waiting in all
)

// submit queues u behind the other updates of chat.
func (d *dispatcher) submit(chat int64, u tgbotapi.Update) submission {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s := d.admitLocked(chat); s != accepted {
		return s
	}
	d.queueLocked(chat, u)
	return accepted
}

// admit tells what submit would do with an update of chat now, without
// taking it.
func (d *dispatcher) admit(chat int64) submission {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.admitLocked(chat)
}

func (d *dispatcher) admitLocked(chat int64) submission {
	if d.pending >= maxPending {
		return full
	}
	if len(d.queues[chat]) >= maxPerChat {
		return dropped
	}
	return accepted
}

// force queues u behind the other updates of chat whatever the limits: an
// update the inbox keeps is handled. Callers check admit first, so the
// limits are passed by at most the updates being taken in at once.
func (d *dispatcher) force(chat int64, u tgbotapi.Update) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.queueLocked(chat, u)
}

func (d *dispatcher) queueLocked(chat int64, u tgbotapi.Update) {
	q, running := d.queues[chat]
	d.queues[chat] = append(q, u)
	d.pending++
	if !running {
		go d.run(chat)
	}
}

// run handles the queue of chat until it is empty.
func (d *dispatcher) run(chat int64) {
	for {
		d.mu.Lock()
		q := d.queues[chat]
		if len(q) == 0 {
			delete(d.queues, chat)
			d.mu.Unlock()
			return
		}
		u := q[0]
		q[0] = tgbotapi.Update{}
		d.queues[chat] = q[1:]
		ctx := d.ctx
		d.mu.Unlock()
		select {
		case d.slots <- struct{}{}:
			d.handle(ctx, u) // the adapter's process: it recovers
			<-d.slots
		case <-ctx.Done(): // shutdown gave up on it
		}
		d.mu.Lock()
		d.pending--
		close(d.changed)
		d.changed = make(chan struct{})
		d.mu.Unlock()
	}
}

// room waits until fewer than maxPending updates are waiting and returns
// how many more may be taken in.
func (d *dispatcher) room(ctx context.Context) (int, error) {
	for {
		d.mu.Lock()
		n, ch := maxPending-d.pending, d.changed
		d.mu.Unlock()
		if n > 0 {
			return n, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// wait waits up to timeout for every update taken in to be handled and
// reports whether they were.
func (d *dispatcher) wait(timeout time.Duration) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		d.mu.Lock()
		n, ch := d.pending, d.changed
		d.mu.Unlock()
		if n == 0 {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return false
		}
	}
}

func (d *dispatcher) pendingCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pending
}
