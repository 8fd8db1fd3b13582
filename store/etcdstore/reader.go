package etcdstore

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

// Update runs fn on the reader stored under key (a new reader with
// FirstSeen set to now when there is none), sets LastSeen, keeps the newest
// bot.MaxDigests digest entries and saves the reader and its subscription
// index entry in one transaction that succeeds only if the record is
// still the one fn saw (its mod revision). When another writer got there
// first, fn runs again on the new record. If fn fails nothing is saved and
// its error is returned unchanged.
//
// When ctx carries the inbox id of an update (bot.WithUpdate) that the
// inbox holds pending, the same transaction marks it applied; an Update
// for an update already applied returns bot.ErrApplied without running fn.
func (db *DB) Update(ctx context.Context, key string, fn func(*bot.Reader) error) (bot.Reader, error) {
	return db.update(ctx, key, fn, true)
}

// RecordDigest is Update for the digest scheduler: it leaves LastSeen
// alone and never creates a reader (store.ErrNoReader).
func (db *DB) RecordDigest(ctx context.Context, key string, fn func(*bot.Reader) error) (bot.Reader, error) {
	return db.update(ctx, key, fn, false)
}

// Get returns the reader stored under key, or a zero Reader with only Key
// set when there is none.
func (db *DB) Get(ctx context.Context, key string) (bot.Reader, error) {
	if err := store.CheckKey(key); err != nil {
		return bot.Reader{}, err
	}
	if err := ctx.Err(); err != nil {
		return bot.Reader{}, err
	}
	ctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	r, _, _, err := db.load(ctx, key)
	if err != nil {
		return bot.Reader{}, fmt.Errorf("get reader %s: %w", key, err)
	}
	return r, nil
}

// load reads the reader under key and the mod revision of its record (0
// when there is none).
func (db *DB) load(ctx context.Context, key string) (r bot.Reader, rev int64, found bool, err error) {
	start := time.Now()
	resp, err := db.cli.Get(ctx, db.keys.reader(key))
	db.observe("get", start, err)
	if err != nil {
		return bot.Reader{}, 0, false, err
	}
	if len(resp.Kvs) == 0 {
		return bot.Reader{Key: key}, 0, false, nil
	}
	kv := resp.Kvs[0]
	r, err = store.DecodeReader(key, kv.Value)
	if err != nil {
		return bot.Reader{}, 0, false, err
	}
	return r, kv.ModRevision, true, nil
}

// loadWith is load and, when update is not "", a read of that update's
// inbox record, in one request to the cluster.
func (db *DB) loadWith(ctx context.Context, key, update string) (r bot.Reader, rev int64, found bool, inbox *mvccpb.KeyValue, err error) {
	if update == "" {
		r, rev, found, err = db.load(ctx, key)
		return r, rev, found, nil, err
	}
	start := time.Now()
	resp, err := db.cli.Txn(ctx).Then(clientv3.OpGet(db.keys.reader(key)), clientv3.OpGet(db.keys.inbox(update))).Commit()
	db.observe("get", start, err)
	if err != nil {
		return bot.Reader{}, 0, false, nil, err
	}
	if kvs := resp.Responses[1].GetResponseRange().Kvs; len(kvs) > 0 {
		inbox = kvs[0]
	}
	kvs := resp.Responses[0].GetResponseRange().Kvs
	if len(kvs) == 0 {
		return bot.Reader{Key: key}, 0, false, inbox, nil
	}
	r, err = store.DecodeReader(key, kvs[0].Value)
	if err != nil {
		return bot.Reader{}, 0, false, nil, err
	}
	return r, kvs[0].ModRevision, true, inbox, nil
}

// fnError is fn's own error, handed back unwrapped.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

// update is Update and RecordDigest; seen says whether this is the reader
// being seen (created if new, LastSeen set) or a digest being recorded.
func (db *DB) update(ctx context.Context, key string, fn func(*bot.Reader) error, seen bool, guards ...guard) (bot.Reader, error) {
	if err := store.CheckKey(key); err != nil {
		return bot.Reader{}, err
	}
	if err := ctx.Err(); err != nil {
		return bot.Reader{}, err
	}
	ctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	op := "update"
	if !seen {
		op = "record_digest"
	}
	unlock, err := db.locks.lock(ctx, key)
	if err != nil {
		return bot.Reader{}, fmt.Errorf("update reader %s: %w", key, err)
	}
	defer unlock()
	for attempt := range maxAttempts {
		if attempt > 0 {
			db.conflict(op)
			if err := pause(ctx, attempt); err != nil {
				return bot.Reader{}, fmt.Errorf("update reader %s: %w", key, err)
			}
		}
		saved, ok, err := db.tryUpdate(ctx, key, fn, seen, guards)
		if fe, isFn := err.(fnError); isFn {
			return bot.Reader{}, fe.err
		}
		if err != nil {
			return bot.Reader{}, fmt.Errorf("update reader %s: %w", key, err)
		}
		if ok {
			return saved, nil
		}
	}
	return bot.Reader{}, fmt.Errorf("update reader %s: %w", key, ErrConflict)
}

// tryUpdate is one read-modify-write; ok is false when another writer
// changed the record in between.
func (db *DB) tryUpdate(ctx context.Context, key string, fn func(*bot.Reader) error, seen bool, guards []guard) (bot.Reader, bool, error) {
	var update string // the inbox id of the update making this change
	if seen {
		update = bot.UpdateOf(ctx)
	}
	r, rev, found, inboxRec, err := db.loadWith(ctx, key, update)
	if err != nil {
		return bot.Reader{}, false, err
	}
	applied, inboxCmps, inboxOps := db.appliedOps(update, inboxRec)
	switch {
	case applied:
		return bot.Reader{}, false, fnError{bot.ErrApplied}
	case !found && !seen:
		return bot.Reader{}, false, fnError{fmt.Errorf("record digest for %s: %w", key, store.ErrNoReader)}
	case !found:
		r.FirstSeen = db.opts.Now()
	}
	var oldIndex []byte
	if found && r.Listens() {
		oldIndex = store.EncodeIndex(&r)
	}
	if err := fn(&r); err != nil {
		return bot.Reader{}, false, fnError{err}
	}
	r.Key = key
	if seen {
		r.LastSeen = db.opts.Now()
	}
	store.Trim(&r)
	ops := []clientv3.Op{clientv3.OpPut(db.keys.reader(key), string(store.EncodeReader(&r)))}
	ops = append(ops, db.indexOps(&r, oldIndex)...)
	ops = append(ops, inboxOps...)
	cmps := append([]clientv3.Cmp{clientv3.Compare(clientv3.ModRevision(db.keys.reader(key)), "=", rev)}, inboxCmps...)
	ok, err := db.commit(ctx, cmps, guards, ops...)
	if err != nil || !ok {
		return bot.Reader{}, false, err
	}
	return store.Canonical(&r), true, nil
}

// indexOps brings r's subscription-index entry in line with r: present
// when r listens, absent otherwise, written only when it changes.
func (db *DB) indexOps(r *bot.Reader, old []byte) []clientv3.Op {
	k := db.keys.sub(r.Key)
	if !r.Listens() {
		if old == nil {
			return nil
		}
		return []clientv3.Op{clientv3.OpDelete(k)}
	}
	idx := store.EncodeIndex(r)
	if bytes.Equal(idx, old) {
		return nil
	}
	return []clientv3.Op{clientv3.OpPut(k, string(idx))}
}

// pause waits a little before the attempt-th try of a write that lost to
// another, longer each time and jittered so racing writers spread out.
func pause(ctx context.Context, attempt int) error {
	d := time.Duration(rand.Int64N(int64(min(attempt, 10))*int64(time.Millisecond)) + 1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
