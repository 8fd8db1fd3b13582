package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/internal/ratewait"
)

// Telegram's published limits: about one message a second in a chat (short
// bursts pass), twenty a minute in a group, thirty a second in all.
const (
	chatBurst  = 3
	groupRate  = rate.Limit(20.0 / 60)
	groupBurst = 3
	// maxIdleLimiters is how many per-chat limiters are kept before idle
	// ones (with a full bucket) are dropped.
	maxIdleLimiters = 4096
	// globalMargin paces the overall limit 2% under what is configured: at
	// exactly 30/s, thirty 1/30 s intervals rounded to nanoseconds add up to
	// just under a second, and one message a second lands in the same
	// one-second window as the 30 before it (measured: one 429 a second at
	// 30/s, none at 29.4/s; docs/BENCHMARKS.md).
	globalMargin = 0.98
)

// limiter holds the sending rate limits: one bucket for all messages and
// one per chat.
type limiter struct {
	global  *rate.Limiter
	perChat rate.Limit
	waited  func(time.Duration) // each time a send had to wait, and how long

	mu    sync.Mutex
	chats map[int64]*rate.Limiter
}

func newLimiter(perChat, global rate.Limit, waited func(time.Duration)) *limiter {
	l := &limiter{perChat: perChat, waited: waited, chats: map[int64]*rate.Limiter{}}
	if global != rate.Inf {
		l.global = rate.NewLimiter(global*globalMargin, 1)
	}
	return l
}

// wait blocks until a message to chat may be sent, and reports a wait.
func (l *limiter) wait(ctx context.Context, chat int64) error {
	var total time.Duration
	for _, lim := range []*rate.Limiter{l.chat(chat), l.global} {
		if lim == nil {
			continue
		}
		d, err := ratewait.Take(ctx, lim)
		total += d
		if err != nil {
			return err
		}
	}
	if total > 0 && l.waited != nil {
		l.waited(total)
	}
	return nil
}

// forChat returns the wait function of do for messages to chat.
func (l *limiter) forChat(chat int64) func(context.Context) error {
	return func(ctx context.Context) error { return l.wait(ctx, chat) }
}

func (l *limiter) chat(id int64) *rate.Limiter {
	if l.perChat == rate.Inf {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.chats[id]; ok {
		return c
	}
	if len(l.chats) >= maxIdleLimiters {
		now := time.Now()
		for k, c := range l.chats {
			if c.TokensAt(now) >= float64(c.Burst()) {
				delete(l.chats, k)
			}
		}
	}
	r, burst := l.perChat, chatBurst
	if id < 0 && groupRate < r { // groups and channels have negative ids
		r, burst = groupRate, groupBurst
	}
	c := rate.NewLimiter(r, burst)
	l.chats[id] = c
	return c
}
