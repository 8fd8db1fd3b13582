package etcdstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// DefaultLeaseTTL is the TTL of a replica's lease when LeadOptions.TTL is
// zero: how long a replica that died keeps leading.
const DefaultLeaseTTL = 4 * time.Second

// retryCampaign is the wait before campaigning again after a failure
// (the cluster unreachable, say).
const retryCampaign = time.Second

// LeadOptions configures Lead.
type LeadOptions struct {
	// Name is the election: replicas campaigning under the same name
	// elect one leader.
	Name string
	// ID names this replica in the election key's value and in claims.
	ID string
	// TTL is the lease's time to live, rounded up to whole seconds: a
	// replica cut off or paused longer than this loses leadership and its
	// claims. DefaultLeaseTTL if zero.
	TTL time.Duration
	// OnChange, if set, is told when this replica starts and stops
	// leading.
	OnChange func(leading bool)
}

// Term is one spell of this replica as leader.
type Term struct {
	// Store writes fenced on the election key: once the term is over,
	// its writes fail with ErrFenced.
	Store *DB
	// Claims are the digest claims of the term, under its lease and
	// fenced like Store.
	Claims *Claims
	// Key and Rev are the election key and its create revision.
	Key string
	Rev int64
}

// Session grants a lease of ttl (within the call's deadline, so an
// unreachable cluster fails it) and keeps it alive until Close, or until
// keep-alives fail for longer than ttl.
func (db *DB) Session(ctx context.Context, ttl time.Duration) (*concurrency.Session, error) {
	secs := int64(max(1, (ttl+time.Second-1)/time.Second))
	gctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	start := time.Now()
	lease, err := db.cli.Grant(gctx, secs)
	db.observe("grant", start, err)
	if err != nil {
		return nil, fmt.Errorf("grant lease: %w", err)
	}
	s, err := concurrency.NewSession(db.cli, concurrency.WithLease(lease.ID), concurrency.WithTTL(int(secs)),
		concurrency.WithContext(context.WithoutCancel(ctx)))
	if err != nil {
		return nil, fmt.Errorf("keep lease alive: %w", err)
	}
	return s, nil
}

// Lead campaigns in the election o.Name and, each time this replica wins,
// runs fn with the Term and a context that ends when the leadership does:
// the lease lapsed, the election key vanished, or ctx ended. After fn
// returns it resigns (unless the lease is already gone) and campaigns
// again, until ctx ends; then it returns nil. fn should return soon after
// its context ends.
func (db *DB) Lead(ctx context.Context, o LeadOptions, fn func(ctx context.Context, t Term) error) error {
	if o.TTL <= 0 {
		o.TTL = DefaultLeaseTTL
	}
	for ctx.Err() == nil {
		err := db.term(ctx, o, fn)
		if err == nil || ctx.Err() != nil {
			continue
		}
		db.log.Warn("leader election: campaign failed; trying again", "election", o.Name, "err", err)
		t := time.NewTimer(retryCampaign)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
	return nil
}

// term is one campaign and, if won, one term.
func (db *DB) term(ctx context.Context, o LeadOptions, fn func(ctx context.Context, t Term) error) error {
	s, err := db.Session(ctx, o.TTL)
	if err != nil {
		return err
	}
	defer db.closeSession(s)
	e := concurrency.NewElection(s, db.keys.election(o.Name))
	// Campaign on the session's context (the pitfall: with one that
	// outlives the lease, a campaign whose lease expired waits forever),
	// ended early if ctx ends.
	cctx, cancel := context.WithCancel(s.Ctx())
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	if err := e.Campaign(cctx, o.ID); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("campaign: %w", err)
	}
	if err := db.stillElected(ctx, e); err != nil {
		return err
	}
	lctx, end := context.WithCancel(cctx)
	defer end()
	go db.watchKey(lctx, end, e.Key())
	if o.OnChange != nil {
		o.OnChange(true)
		defer o.OnChange(false)
	}
	db.log.Info("leader election: leading", "election", o.Name, "id", o.ID)
	fenced := db.Fenced(e.Key(), e.Rev())
	err = fn(lctx, Term{Store: fenced, Claims: fenced.Claims(s, o.ID), Key: e.Key(), Rev: e.Rev()})
	db.log.Info("leader election: no longer leading", "election", o.Name, "id", o.ID)
	db.resign(e, s)
	if err != nil && lctx.Err() == nil {
		return err
	}
	return nil
}

// stillElected checks that the election key Campaign returned for still
// exists as created: Campaign may return after the lease behind it
// expired.
func (db *DB) stillElected(ctx context.Context, e *concurrency.Election) error {
	ctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	resp, err := db.cli.Get(ctx, e.Key())
	switch {
	case err != nil:
		return fmt.Errorf("check election key: %w", err)
	case len(resp.Kvs) == 0 || resp.Kvs[0].CreateRevision != e.Rev():
		return errors.New("elected, but the election key is gone")
	}
	return nil
}

// watchKey calls end when key is deleted or ctx ends.
func (db *DB) watchKey(ctx context.Context, end context.CancelFunc, key string) {
	defer end()
	for resp := range db.cli.Watch(clientv3.WithRequireLeader(ctx), key) {
		if resp.Err() != nil {
			return
		}
		for _, ev := range resp.Events {
			if ev.Type == clientv3.EventTypeDelete {
				return
			}
		}
	}
}

// resign gives leadership up at once, so another replica need not wait
// out the lease; it does nothing when the lease is already gone.
func (db *DB) resign(e *concurrency.Election, s *concurrency.Session) {
	select {
	case <-s.Done():
		return
	default:
	}
	ctx, cancel := db.opCtx(context.Background(), 0)
	defer cancel()
	if err := e.Resign(ctx); err != nil {
		db.log.Debug("leader election: resign", "err", err)
	}
}

// closeSession revokes the session's lease, within a deadline.
func (db *DB) closeSession(s *concurrency.Session) {
	if err := s.Close(); err != nil {
		db.log.Debug("leader election: revoke lease", "err", err)
	}
}
