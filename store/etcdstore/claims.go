package etcdstore

import (
	"context"
	"fmt"
	"time"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/digest"
)

// Claims hands out digest claims for one replica: a key per (local date,
// reader), created only if absent and attached to the lease of session,
// which the replica keeps alive while it runs. A replica that dies or is
// cut off longer than the lease's TTL loses its claims; one paused that
// long finds them gone when it resumes (Held) and sends nothing more.
type Claims struct {
	db      *DB
	session *concurrency.Session
	owner   string
}

var _ digest.Claims = (*Claims)(nil)

// Claims returns the digest claims of the replica named owner under
// session's lease. Made from a fenced DB, every claim and every record
// through it is fenced as well.
func (db *DB) Claims(session *concurrency.Session, owner string) *Claims {
	return &Claims{db: db, session: session, owner: owner}
}

// Claim takes the claim on key's digest for day. It fails with an error
// wrapping digest.ErrClaimed when another replica's lease holds it; one
// this replica's lease already holds (left by a send that panicked) is
// taken back.
func (c *Claims) Claim(ctx context.Context, key, day string) (digest.Claim, error) {
	select {
	case <-c.session.Done():
		return nil, fmt.Errorf("claim digest of %s for %s: %w: session ended", key, day, digest.ErrClaimLost)
	default:
	}
	ctx, cancel := c.db.opCtx(ctx, 0)
	defer cancel()
	k := c.db.keys.claim(day, key)
	lease := c.session.Lease()
	cmps := []clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(k), "=", 0)}
	var guards []guard
	if f := c.db.fence; f != nil {
		guards = append(guards, guard{key: f.key, rev: f.rev, err: ErrFenced})
		cmps = append(cmps, clientv3.Compare(clientv3.CreateRevision(f.key), "=", f.rev))
	}
	start := time.Now()
	resp, err := c.db.cli.Txn(ctx).If(cmps...).
		Then(clientv3.OpPut(k, c.owner, clientv3.WithLease(lease))).
		Else(append([]clientv3.Op{clientv3.OpGet(k)}, guardGets(guards)...)...).Commit()
	c.db.observe("claim", start, err)
	if err != nil {
		return nil, fmt.Errorf("claim digest of %s for %s: %w", key, day, err)
	}
	if resp.Succeeded {
		return &claim{c: c, key: key, guard: guard{key: k, rev: resp.Header.Revision, err: digest.ErrClaimLost}}, nil
	}
	if gets := resp.Responses[1:]; len(gets) > 0 && guardFailed(guards[0], gets[0]) {
		return nil, fmt.Errorf("claim digest of %s for %s: %w", key, day, ErrFenced)
	}
	kvs := resp.Responses[0].GetResponseRange().Kvs
	if len(kvs) == 1 && clientv3.LeaseID(kvs[0].Lease) == lease {
		return &claim{c: c, key: key, guard: guard{key: k, rev: kvs[0].CreateRevision, err: digest.ErrClaimLost}}, nil
	}
	holder := "?"
	if len(kvs) == 1 {
		holder = string(kvs[0].Value)
	}
	return nil, fmt.Errorf("claim digest of %s for %s: %w (%s)", key, day, digest.ErrClaimed, holder)
}

// claim is one held claim; guard is its key and create revision.
type claim struct {
	c     *Claims
	key   string
	guard guard
}

// RecordDigest is DB.RecordDigest that commits only while the claim's key
// is the one this claim created.
func (cl *claim) RecordDigest(ctx context.Context, fn func(*bot.Reader) error) (bot.Reader, error) {
	return cl.c.db.update(ctx, cl.key, fn, false, cl.guard)
}

// Held reads the claim's key (a linearizable read) and says whether it is
// still the one this claim created.
func (cl *claim) Held(ctx context.Context) error {
	select {
	case <-cl.c.session.Done():
		return fmt.Errorf("%w: session ended", digest.ErrClaimLost)
	default:
	}
	ctx, cancel := cl.c.db.opCtx(ctx, 0)
	defer cancel()
	start := time.Now()
	resp, err := cl.c.db.cli.Get(ctx, cl.guard.key)
	cl.c.db.observe("get", start, err)
	switch {
	case err != nil:
		return fmt.Errorf("check claim of %s: %w", cl.key, err)
	case len(resp.Kvs) == 0 || resp.Kvs[0].CreateRevision != cl.guard.rev:
		return fmt.Errorf("claim of %s: %w", cl.key, digest.ErrClaimLost)
	}
	return nil
}

// Release deletes the claim's key if it is still this claim's.
func (cl *claim) Release(ctx context.Context) error {
	ctx, cancel := cl.c.db.opCtx(ctx, 0)
	defer cancel()
	k := cl.guard.key
	start := time.Now()
	_, err := cl.c.db.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", cl.guard.rev)).
		Then(clientv3.OpDelete(k)).Commit()
	cl.c.db.observe("txn", start, err)
	if err != nil {
		return fmt.Errorf("release claim of %s: %w", cl.key, err)
	}
	return nil
}

// guardGets reads the key of each guard, for a transaction's else branch.
func guardGets(gs []guard) []clientv3.Op {
	ops := make([]clientv3.Op, len(gs))
	for i, g := range gs {
		ops[i] = clientv3.OpGet(g.key)
	}
	return ops
}

// guardFailed reports whether r, the read of g's key, shows it gone or
// created anew.
func guardFailed(g guard, r *pb.ResponseOp) bool {
	kvs := r.GetResponseRange().Kvs
	return len(kvs) == 0 || kvs[0].CreateRevision != g.rev
}
