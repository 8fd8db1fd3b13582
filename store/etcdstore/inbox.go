package etcdstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

// States of an inbox record, its first byte: the bbolt store's.
const (
	inboxPending byte = 1 // taken in, not answered
	inboxDone    byte = 2 // answered: only the id is kept
	inboxApplied byte = 3 // not answered, but its change to a reader is stored
)

// putChunk is how many updates one Put transaction takes (each is a
// nested transaction of up to three operations; etcd allows 128).
const putChunk = 32

// Inbox is the store's durable inbox of acknowledged updates (bot.Inbox),
// shared by the replicas: an update that reaches two of them (a retry
// through the load balancer) is taken in once. Each pending update is
// held under the lease of the replica that took it in, so Pending, run
// when a replica starts, hands over only the updates of replicas that are
// gone, not those another replica is answering now.
type Inbox struct {
	db      *DB
	session *concurrency.Session // nil: updates are held by nobody
	owner   string               // this replica's name, the holder keys' value
}

var _ bot.Inbox = (*Inbox)(nil)

// Inbox returns the inbox of the replica named owner; updates Put
// through it are held under session's lease (nil for a tool that answers
// none). A replica that restarts under the same name takes its own
// pending updates back at once, without waiting for its old lease to
// expire, so replicas need distinct names.
func (db *DB) Inbox(session *concurrency.Session, owner string) *Inbox {
	return &Inbox{db: db, session: session, owner: owner}
}

// Put stores the updates whose ids no replica has seen and reports which
// those were, each in a nested transaction of one commit. It also forgets
// a few ids of updates done more than store.RememberFor ago.
func (in *Inbox) Put(ctx context.Context, entries ...bot.Inbound) ([]bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := store.CheckInboxIDs(entries); err != nil {
		return nil, err
	}
	ctx, cancel := in.db.opCtx(ctx, 0)
	defer cancel()
	now := in.db.opts.Now()
	fresh := make([]bool, 0, len(entries))
	for chunk := range slices.Chunk(entries, putChunk) {
		got, err := in.put(ctx, chunk, now)
		if err != nil {
			return nil, fmt.Errorf("inbox: put %d updates: %w", len(entries), err)
		}
		fresh = append(fresh, got...)
	}
	if err := in.prune(ctx, now.Add(-store.RememberFor), 2*len(entries)+16); err != nil {
		return nil, fmt.Errorf("inbox: forget old ids: %w", err)
	}
	return fresh, nil
}

// put stores one chunk in one transaction. An id given twice is one
// update: only its first is put (etcd refuses a transaction that writes a
// key twice).
func (in *Inbox) put(ctx context.Context, entries []bot.Inbound, now time.Time) ([]bool, error) {
	k := in.db.keys
	var ops []clientv3.Op
	var at []int // index in ops of each entry's transaction, -1 for a repeat
	first := map[string]bool{}
	for _, e := range entries {
		if _, seen := first[e.ID]; seen {
			at = append(at, -1)
			continue
		}
		first[e.ID] = true
		at = append(at, len(ops))
		when := e.Received
		if when.IsZero() {
			when = now
		}
		rec := binary.BigEndian.AppendUint64([]byte{inboxPending}, uint64(when.UnixNano()))
		rec = append(rec, e.Payload...)
		then := []clientv3.Op{clientv3.OpPut(k.inbox(e.ID), string(rec)), clientv3.OpPut(k.time(when, e.ID), "")}
		if in.session != nil {
			then = append(then, clientv3.OpPut(k.owner(e.ID), in.owner, clientv3.WithLease(in.session.Lease())))
		}
		ops = append(ops, clientv3.OpTxn([]clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(k.inbox(e.ID)), "=", 0)}, then, nil))
	}
	start := time.Now()
	resp, err := in.db.cli.Txn(ctx).Then(ops...).Commit()
	in.db.observe("inbox_put", start, err)
	if err != nil {
		return nil, err
	}
	fresh := make([]bool, len(entries))
	for i, j := range at {
		fresh[i] = j >= 0 && resp.Responses[j].GetResponseTxn().Succeeded
	}
	return fresh, nil
}

// Pending returns platform's updates not yet done, oldest first, those
// whose change is stored among them, leaving out those another live
// replica holds (it is answering them).
func (in *Inbox) Pending(ctx context.Context, platform string) ([]bot.Inbound, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	held := map[string]bool{}
	err := in.db.scan(ctx, in.db.keys.owners()+platform+":", func(k string, v []byte) error {
		held[platform+":"+k] = string(v) != in.owner
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: read pending %s updates: %w", platform, err)
	}
	var out []bot.Inbound
	err = in.db.scan(ctx, in.db.keys.inboxes()+platform+":", func(k string, rec []byte) error {
		id := platform + ":" + k
		if waiting(rec) && !held[id] {
			out = append(out, bot.Inbound{ID: id, Received: recTime(rec), Payload: rec[9:]})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: read pending %s updates: %w", platform, err)
	}
	slices.SortStableFunc(out, func(a, b bot.Inbound) int { return a.Received.Compare(b.Received) })
	return out, nil
}

// Done marks an update handled: its payload and holder go, its id stays
// for store.RememberFor. An id not held as pending is no error.
func (in *Inbox) Done(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ctx, cancel := in.db.opCtx(ctx, 0)
	defer cancel()
	for attempt := range maxAttempts {
		if attempt > 0 {
			in.db.conflict("inbox_done")
			if err := pause(ctx, attempt); err != nil {
				return fmt.Errorf("inbox: mark %s done: %w", truncate(id, 40), err)
			}
		}
		ok, err := in.markDone(ctx, id)
		if err != nil {
			return fmt.Errorf("inbox: mark %s done: %w", truncate(id, 40), err)
		}
		if ok {
			return nil
		}
	}
	return fmt.Errorf("inbox: mark %s done: %w", truncate(id, 40), ErrConflict)
}

// markDone is one try of Done; ok is false when the record changed
// between the read and the write.
func (in *Inbox) markDone(ctx context.Context, id string) (ok bool, err error) {
	k := in.db.keys
	rec, rev, err := in.record(ctx, id)
	if err != nil || !waiting(rec) {
		return true, err
	}
	now := in.db.opts.Now()
	done := binary.BigEndian.AppendUint64([]byte{inboxDone}, uint64(now.UnixNano()))
	ops := []clientv3.Op{clientv3.OpPut(k.inbox(id), string(done)), clientv3.OpPut(k.time(now, id), ""), clientv3.OpDelete(k.owner(id))}
	if old := k.time(recTime(rec), id); old != k.time(now, id) {
		ops = append(ops, clientv3.OpDelete(old))
	}
	return in.db.commit(ctx, []clientv3.Cmp{clientv3.Compare(clientv3.ModRevision(k.inbox(id)), "=", rev)}, nil, ops...)
}

// record reads the inbox record of id and its mod revision (nil, 0 when
// there is none).
func (in *Inbox) record(ctx context.Context, id string) ([]byte, int64, error) {
	start := time.Now()
	resp, err := in.db.cli.Get(ctx, in.db.keys.inbox(id))
	in.db.observe("get", start, err)
	if err != nil || len(resp.Kvs) == 0 {
		return nil, 0, err
	}
	return resp.Kvs[0].Value, resp.Kvs[0].ModRevision, nil
}

// prune forgets the ids of updates done before cutoff, oldest first,
// looking at no more than limit entries of the time index. Pending
// updates are kept, however old.
func (in *Inbox) prune(ctx context.Context, cutoff time.Time, limit int) error {
	k := in.db.keys
	start := time.Now()
	resp, err := in.db.cli.Get(ctx, k.times(), clientv3.WithRange(k.time(cutoff, "")), clientv3.WithLimit(int64(limit)))
	in.db.observe("scan", start, err)
	if err != nil {
		return err
	}
	for _, kv := range resp.Kvs {
		tk := string(kv.Key)
		id := strings.TrimPrefix(tk, k.times())[16:]
		rec, rev, err := in.record(ctx, id)
		if err != nil {
			return err
		}
		if waiting(rec) {
			continue
		}
		cmp := clientv3.Compare(clientv3.ModRevision(k.inbox(id)), "=", rev)
		if _, err := in.db.commit(ctx, []clientv3.Cmp{cmp}, nil, clientv3.OpDelete(k.inbox(id)), clientv3.OpDelete(tk)); err != nil {
			return err
		}
	}
	return nil
}

// appliedOps looks at kv, the inbox record of update (nil when there is
// none), for an Update: applied is true when that update's change was
// stored before; otherwise cmps and ops mark it applied in the Update's
// transaction (none when the inbox does not hold it pending).
func (db *DB) appliedOps(update string, kv *mvccpb.KeyValue) (applied bool, cmps []clientv3.Cmp, ops []clientv3.Op) {
	if update == "" || kv == nil {
		return false, nil, nil
	}
	rec := kv.Value
	switch {
	case len(rec) >= 9 && rec[0] == inboxApplied:
		return true, nil, nil
	case len(rec) < 9 || rec[0] != inboxPending:
		return false, nil, nil
	}
	marked := slices.Clone(rec)
	marked[0] = inboxApplied
	return false, []clientv3.Cmp{clientv3.Compare(clientv3.ModRevision(db.keys.inbox(update)), "=", kv.ModRevision)},
		[]clientv3.Op{clientv3.OpPut(db.keys.inbox(update), string(marked))}
}

// waiting reports whether an inbox record is of an update not yet done.
func waiting(rec []byte) bool {
	return len(rec) >= 9 && (rec[0] == inboxPending || rec[0] == inboxApplied)
}

// recTime is the time an inbox record carries.
func recTime(rec []byte) time.Time {
	return time.Unix(0, int64(binary.BigEndian.Uint64(rec[1:9]))).UTC()
}

// truncate shortens s for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
