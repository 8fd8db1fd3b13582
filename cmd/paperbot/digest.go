package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/paperbot/paperbot/adapters/console"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/digest"
)

// digestDrain is how long digests in flight may take after serve is told
// to stop; it leaves serve's shutdownGrace room to close the rest.
const digestDrain = shutdownGrace - 5*time.Second

// newDigestService returns the daily-paper scheduler, sending through the
// platforms' senders; it runs a pass at start and then every minute.
func newDigestService(a *app, senders map[string]bot.Sender) (*service, error) {
	s, err := a.newScheduler(senders)
	if err != nil {
		return nil, err
	}
	return &service{name: "digest", run: s.Run}, nil
}

// newScheduler builds the digest scheduler over the app's store and bot.
func (a *app) newScheduler(senders map[string]bot.Sender) (*digest.Scheduler, error) {
	return a.schedulerOn(a.store, nil, senders)
}

// schedulerOn builds the digest scheduler over st, taking claims when
// set: a leader's fenced etcd store and its claims.
func (a *app) schedulerOn(st digest.Store, claims digest.Claims, senders map[string]bot.Sender) (*digest.Scheduler, error) {
	s, err := digest.New(digest.Options{
		Store:       st,
		Claims:      claims,
		Composer:    a.bot,
		Senders:     senders,
		Logger:      a.log,
		DefaultTime: a.cfg.Digest.DefaultTime,
		DefaultZone: a.cfg.Digest.DefaultTimezone,
		Drain:       digestDrain,
		Observe:     a.metrics.Digest,
		PassFailed:  func(error) { a.metrics.Error("digest") },
	})
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	return s, nil
}

// consoleSender delivers console readers' digests by printing them, for
// "paperbot digest run".
type consoleSender struct {
	mu sync.Mutex
	w  io.Writer
}

// Send prints r under a line naming the reader.
func (c *consoleSender) Send(_ context.Context, to string, r bot.Reply) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := fmt.Fprintf(c.w, "── daily paper for %s ──\n%s", to, console.Render(r)); err != nil {
		return fmt.Errorf("print digest for %s: %w", to, err)
	}
	return nil
}
