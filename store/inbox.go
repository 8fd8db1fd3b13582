package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// RememberFor is how long the inbox keeps an update's id after the update
// was handled, so that a redelivery or a replay of it is recognised: it
// covers Slack's five-minute signing window and event retries, and
// Telegram delivering again what it sent just before a crash. Ids of
// updates still pending are kept until they are done.
const RememberFor = time.Hour

// The inbox's buckets; doc.go describes what they hold.
var (
	inboxBucket      = []byte("inbox")       // update id → inbox record
	inboxTimesBucket = []byte("inbox_times") // time, then update id → nothing
)

// MaxInboxID is the longest update id an inbox takes.
const MaxInboxID = 200

// CheckInboxIDs refuses entries an inbox of either backend cannot keep:
// one with an empty id or an id over MaxInboxID bytes.
func CheckInboxIDs(entries []bot.Inbound) error {
	for _, e := range entries {
		if e.ID == "" || len(e.ID) > MaxInboxID {
			return fmt.Errorf("inbox: bad update id %q", truncate(e.ID, 40))
		}
	}
	return nil
}

// States of an inbox record, its first byte.
const (
	inboxPending byte = 1 // taken in, not answered
	inboxDone    byte = 2 // answered: only the id is kept
	inboxApplied byte = 3 // not answered, but its change to a reader is stored
)

// waiting reports whether an inbox record is of an update not yet done.
func waiting(rec []byte) bool {
	return len(rec) >= 9 && (rec[0] == inboxPending || rec[0] == inboxApplied)
}

// Inbox is the store's durable inbox of acknowledged updates (see
// bot.Inbox and doc.go). It is safe for concurrent use.
type Inbox struct{ db *DB }

var _ bot.Inbox = (*Inbox)(nil)

// Inbox returns the store's inbox.
func (db *DB) Inbox() *Inbox { return &Inbox{db: db} }

// Put stores the updates whose ids it has not seen and reports which
// those were. Concurrent Puts share one commit (group commit, batch.go),
// so taking in many updates at once costs one fsync per batch. Each Put
// also forgets up to twice as many ids of updates done more than
// RememberFor ago, so the inbox stays the size of its window.
func (in *Inbox) Put(ctx context.Context, entries ...bot.Inbound) ([]bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := CheckInboxIDs(entries); err != nil {
		return nil, err
	}
	now := in.db.now()
	var fresh []bool
	err := in.db.batch(func(tx *bolt.Tx) error {
		fresh = make([]bool, len(entries)) // the function may run again
		for i, e := range entries {
			isNew, err := putInbound(tx, e, now)
			if err != nil {
				return err
			}
			fresh[i] = isNew
		}
		return pruneInbox(tx, now.Add(-RememberFor), 2*len(entries)+16)
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: put %d updates: %w", len(entries), err)
	}
	return fresh, nil
}

// putInbound stores e unless its id is known, and reports whether it
// stored it.
func putInbound(tx *bolt.Tx, e bot.Inbound, now time.Time) (bool, error) {
	b := tx.Bucket(inboxBucket)
	if b.Get([]byte(e.ID)) != nil {
		return false, nil
	}
	at := e.Received
	if at.IsZero() {
		at = now
	}
	rec := make([]byte, 0, 9+len(e.Payload))
	rec = append(rec, inboxPending)
	rec = binary.BigEndian.AppendUint64(rec, uint64(at.UnixNano()))
	rec = append(rec, e.Payload...)
	if err := b.Put([]byte(e.ID), rec); err != nil {
		return false, fmt.Errorf("update %s: %w", e.ID, err)
	}
	if err := tx.Bucket(inboxTimesBucket).Put(timeKey(at, e.ID), nil); err != nil {
		return false, fmt.Errorf("update %s: %w", e.ID, err)
	}
	return true, nil
}

// Pending returns platform's updates not yet done, oldest first, those
// whose change is stored (see bot.ErrApplied) among them. It reads
// the whole inbox (pending updates and the ids remembered), so adapters
// call it once, at start.
func (in *Inbox) Pending(ctx context.Context, platform string) ([]bot.Inbound, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	prefix := []byte(platform + ":")
	var out []bot.Inbound
	err := in.db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(inboxBucket)
		c := tx.Bucket(inboxTimesBucket).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			at, id, err := splitTimeKey(k)
			if err != nil {
				return err
			}
			if !bytes.HasPrefix(id, prefix) {
				continue
			}
			rec := b.Get(id)
			if !waiting(rec) {
				continue
			}
			out = append(out, bot.Inbound{ID: string(id), Received: at, Payload: bytes.Clone(rec[9:])})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: read pending %s updates: %w", platform, err)
	}
	return out, nil
}

// Done marks an update handled: its payload goes, its id stays for
// RememberFor. An id the inbox does not hold, or holds as done already,
// is no error. Concurrent Dones share commits.
func (in *Inbox) Done(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := in.db.now()
	err := in.db.batch(func(tx *bolt.Tx) error { return markDone(tx, id, now) })
	if err != nil {
		return fmt.Errorf("inbox: mark %s done: %w", truncate(id, 40), err)
	}
	return nil
}

// markDone rewrites a pending record as done at now and moves its time
// key, so the id is forgotten RememberFor after now.
func markDone(tx *bolt.Tx, id string, now time.Time) error {
	b, times := tx.Bucket(inboxBucket), tx.Bucket(inboxTimesBucket)
	rec := b.Get([]byte(id))
	if !waiting(rec) {
		return nil
	}
	at := time.Unix(0, int64(binary.BigEndian.Uint64(rec[1:9])))
	if err := times.Delete(timeKey(at, id)); err != nil {
		return err
	}
	done := binary.BigEndian.AppendUint64([]byte{inboxDone}, uint64(now.UnixNano()))
	if err := b.Put([]byte(id), done); err != nil {
		return err
	}
	return times.Put(timeKey(now, id), nil)
}

// applied reports whether the update id already changed a reader, in a
// run that stopped before answering it.
func applied(tx *bolt.Tx, id string) bool {
	rec := tx.Bucket(inboxBucket).Get([]byte(id))
	return len(rec) >= 9 && rec[0] == inboxApplied
}

// markApplied records, in the transaction that stores an update's change
// to a reader, that the change is made; an id the inbox does not hold as
// pending is left alone.
func markApplied(tx *bolt.Tx, id string) error {
	b := tx.Bucket(inboxBucket)
	rec := b.Get([]byte(id))
	if len(rec) < 9 || rec[0] != inboxPending {
		return nil
	}
	rec = bytes.Clone(rec)
	rec[0] = inboxApplied
	if err := b.Put([]byte(id), rec); err != nil {
		return fmt.Errorf("mark update %s applied: %w", truncate(id, 40), err)
	}
	return nil
}

// pruneInbox forgets the ids of updates done before cutoff, oldest first,
// looking at no more than limit keys. Pending updates are kept, however
// old.
func pruneInbox(tx *bolt.Tx, cutoff time.Time, limit int) error {
	b := tx.Bucket(inboxBucket)
	c := tx.Bucket(inboxTimesBucket).Cursor()
	end := timeKey(cutoff, "")
	for k, _ := c.First(); k != nil && limit > 0 && bytes.Compare(k, end) < 0; limit-- {
		key := bytes.Clone(k) // k is bbolt's memory, which the deletes may change
		_, id, err := splitTimeKey(key)
		if err != nil {
			return err
		}
		if waiting(b.Get(id)) {
			k, _ = c.Next()
			continue
		}
		if err := b.Delete(id); err != nil {
			return err
		}
		if err := c.Delete(); err != nil {
			return err
		}
		k, _ = c.Seek(key) // the key after the one deleted
	}
	return nil
}

// timeKey is an inbox time index key: the time in nanoseconds, big-endian
// so keys sort by time, then the id.
func timeKey(at time.Time, id string) []byte {
	k := make([]byte, 0, 8+len(id))
	k = binary.BigEndian.AppendUint64(k, uint64(at.UnixNano()))
	return append(k, id...)
}

var errBadTimeKey = errors.New("corrupt inbox time key")

func splitTimeKey(k []byte) (time.Time, []byte, error) {
	if len(k) < 9 {
		return time.Time{}, nil, errBadTimeKey
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))).UTC(), k[8:], nil
}

// truncate shortens s for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// addInboxBuckets is the 3→4 migration: the inbox and its time index.
func addInboxBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{inboxBucket, inboxTimesBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}
