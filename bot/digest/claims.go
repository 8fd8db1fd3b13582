package digest

import (
	"context"
	"errors"

	"github.com/paperbot/paperbot/bot"
)

// Claims lets passes run on several replicas over one shared store
// without a reader getting two digests on one local date. Before a pass
// records a digest as sending it claims (reader, date); a claim held by
// another replica makes it leave that reader alone. The store's etcd
// backend provides one (etcdstore.Claims); with a single process, Claims
// is nil and the lanes' locks are enough.
type Claims interface {
	// Claim takes the claim on key's digest for the local date day. It
	// fails with an error wrapping ErrClaimed when another replica holds
	// it.
	Claim(ctx context.Context, key, day string) (Claim, error)
}

// Claim is this replica's hold on one reader's digest for one date.
type Claim interface {
	// RecordDigest is Store.RecordDigest that saves only while the claim
	// is held; once it is not, it fails with an error wrapping
	// ErrClaimLost and saves nothing.
	RecordDigest(ctx context.Context, fn func(*bot.Reader) error) (bot.Reader, error)
	// Held returns nil while the claim is still this replica's, and an
	// error wrapping ErrClaimLost once it is not (its lease expired while
	// the replica was cut off or paused). A digest is sent only after
	// Held said nil.
	Held(ctx context.Context) error
	// Release gives the claim up once the outcome is recorded.
	Release(ctx context.Context) error
}

// ErrClaimed is returned (wrapped) by Claims.Claim when another replica
// holds the claim.
var ErrClaimed = errors.New("digest: claimed by another replica")

// ErrClaimLost is returned (wrapped) by a Claim that is no longer held.
var ErrClaimLost = errors.New("digest: claim lost")

// storeClaim is the Claim of a single process: the store's own
// transactions, always held.
type storeClaim struct {
	store Store
	key   string
}

func (c storeClaim) RecordDigest(ctx context.Context, fn func(*bot.Reader) error) (bot.Reader, error) {
	return c.store.RecordDigest(ctx, c.key, fn)
}

func (storeClaim) Held(context.Context) error    { return nil }
func (storeClaim) Release(context.Context) error { return nil }

// claimFor takes the claim on j's digest: Options.Claims' when set, else
// the store's own.
func (s *Scheduler) claimFor(ctx context.Context, j job) (Claim, error) {
	if s.opts.Claims == nil {
		return storeClaim{store: s.opts.Store, key: j.key}, nil
	}
	return s.opts.Claims.Claim(ctx, j.key, j.day)
}

// release gives up a claim, logging a failure: the claim then lapses with
// its lease.
func (s *Scheduler) release(ctx context.Context, j job, cl Claim) {
	if err := cl.Release(context.WithoutCancel(ctx)); err != nil {
		s.log.Debug("digest: release claim", "chat", j.key, "day", j.day, "err", err)
	}
}
