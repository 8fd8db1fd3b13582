package store

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// schedule is one entry of the subscription index, copied out.
type schedule struct {
	key string
	sub bot.Subscription
}

// Schedules calls fn for every reader who listens (daily paper on, or
// following new papers) with the schedule kept in the subscription index:
// a Subscription with only On, Time, Zone and Frequency set (On false for a
// reader who only follows), which is what a digest scheduler needs to know whether
// the reader is due. The index is read in one transaction, in key order,
// and fn runs after it, so fn may call Update. Reader records are not
// decoded, so a scheduler can afford this every minute.
//
// An error from fn stops the walk and is returned unchanged. An index
// entry that does not decode is skipped and reported, naming its key, at
// the end.
func (db *DB) Schedules(ctx context.Context, fn func(key string, sub bot.Subscription) error) error {
	return EachSchedule(ctx, func(visit func(key string, index []byte)) error {
		return db.bolt.View(func(tx *bolt.Tx) error {
			return tx.Bucket(subsBucket).ForEach(func(k, v []byte) error {
				visit(string(k), v)
				return nil
			})
		})
	}, fn)
}

// EachSchedule is a backend's Schedules: scan visits every entry of the
// subscription index (a key and its encoded schedule, which EachSchedule
// decodes at once, so the bytes may be the backend's memory), then fn is
// called for each in that order, so it may write to the store. An entry
// that does not decode is skipped and reported at the end; an error of fn
// stops the walk.
func EachSchedule(ctx context.Context, scan func(visit func(key string, index []byte)) error, fn func(key string, sub bot.Subscription) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var all []schedule
	var bad []error
	err := scan(func(k string, v []byte) {
		sub, err := decodeIndex(v)
		if err != nil {
			bad = append(bad, fmt.Errorf("schedule of %s: %w", k, err))
			return
		}
		all = append(all, schedule{k, sub})
	})
	if err != nil {
		return fmt.Errorf("list schedules: %w", err)
	}
	for _, s := range all {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(s.key, s.sub); err != nil {
			return err
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("schedules: %w", errors.Join(bad...))
	}
	return nil
}

// decodeIndex reads an index record written by encodeIndex. Its strings
// are copies, so data may be bbolt memory.
func decodeIndex(data []byte) (bot.Subscription, error) {
	d := decoder{b: data}
	format := d.byte()
	if format != 1 && format != indexFormat && d.err == nil {
		return bot.Subscription{}, fmt.Errorf("corrupt index record: unknown format %d", format)
	}
	on := true
	if format >= 2 {
		flags := d.byte()
		on = flags&indexDigest != 0
		if flags&^(indexDigest|indexFollower) != 0 || flags == 0 {
			d.fail(fmt.Errorf("bad flags %#x", flags))
		}
	}
	sub := bot.Subscription{On: on, Time: d.string(), Zone: d.string(), Frequency: d.string()}
	if err := d.finish(); err != nil {
		return bot.Subscription{}, fmt.Errorf("corrupt index record: %w", err)
	}
	return sub, nil
}

// ErrNoReader is returned by RecordDigest for a key with no reader stored.
var ErrNoReader = errors.New("no such reader")

// RecordDigest is Update for the digest scheduler: it runs fn on the
// reader stored under key and saves the result and its index entry in one
// transaction, keeping the newest bot.MaxDigests digest entries. Unlike
// Update it leaves LastSeen alone, since a digest going out is not the
// reader being seen, and it never creates a reader: a missing one gives
// ErrNoReader. fn may run more than once (transactions are shared) and
// must change nothing but the reader; if it fails, nothing is saved and its
// error is returned unchanged.
func (db *DB) RecordDigest(ctx context.Context, key string, fn func(*bot.Reader) error) (bot.Reader, error) {
	return db.update(ctx, key, fn, false)
}
