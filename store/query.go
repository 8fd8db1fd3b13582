package store

import (
	"context"
	"errors"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// Subscribers calls fn for every reader whose subscription is on, found
// through the subscription index, in key order. fn runs outside any
// transaction, so it may call Update; each reader is loaded just before fn
// sees it, and a reader who unsubscribed in the meantime is skipped.
//
// An error from fn stops the walk and is returned unchanged. A reader
// whose record does not decode is skipped so the others still get their
// digest, and its error, naming the key, is returned at the end.
func (db *DB) Subscribers(ctx context.Context, fn func(bot.Reader) error) error {
	keys, err := db.subscriberKeys(ctx)
	if err != nil {
		return err
	}
	return EachSubscriber(ctx, keys, db.Get, fn)
}

// EachSubscriber calls fn with the record of each key (read with get) whose
// daily paper is on, for a backend's Subscribers: a record that cannot be
// read is skipped so the others still get their digest, and its error is
// returned at the end; an error of fn stops the walk.
func EachSubscriber(ctx context.Context, keys []string, get func(context.Context, string) (bot.Reader, error), fn func(bot.Reader) error) error {
	var bad []error
	for _, key := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := get(ctx, key)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		if !r.Sub.On {
			continue
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("subscribers: %w", errors.Join(bad...))
	}
	return nil
}

// subscriberKeys copies the keys of the subscription index out of one
// read transaction.
func (db *DB) subscriberKeys(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var keys []string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(subsBucket).ForEach(func(k, _ []byte) error {
			keys = append(keys, string(k))
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list subscribers: %w", err)
	}
	return keys, nil
}

// Count returns how many readers are stored and how many of them are
// subscribed.
func (db *DB) Count(ctx context.Context) (readers, subscribers int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	err = db.bolt.View(func(tx *bolt.Tx) error {
		readers = tx.Bucket(readersBucket).Stats().KeyN
		subscribers = countSubscribers(tx)
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("count readers: %w", err)
	}
	return readers, subscribers, nil
}

// Backup writes a consistent copy of the whole file to w and returns the
// number of bytes written. It runs in a read transaction, so Updates go on
// meanwhile.
func (db *DB) Backup(ctx context.Context, w io.Writer) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup %s: %w", db.path, err)
	}
	return n, nil
}

// countSubscribers counts the index entries of readers whose daily paper
// is on; the index also holds readers who only follow new papers.
func countSubscribers(tx *bolt.Tx) int {
	n := 0
	_ = tx.Bucket(subsBucket).ForEach(func(_, v []byte) error {
		if IndexSubscribed(v) {
			n++
		}
		return nil
	})
	return n
}
