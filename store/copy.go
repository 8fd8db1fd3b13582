package store

import (
	"context"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Entry is one stored value, for copying a store from one backend to
// another (paperbot migrate, an etcd backup): Bucket is one of
// CopyBuckets, Key and Value the bytes as stored.
type Entry struct {
	Bucket string
	Key    string
	Value  []byte
}

// CopyBuckets are the buckets a copy carries: readers, their index,
// intake's papers and its state. The schema version is the target's own.
var CopyBuckets = []string{"readers", "subs", "papers", "intake"}

// Dump calls fn with every entry of CopyBuckets, bucket by bucket in key
// order, inside one read transaction: a consistent copy. Values are
// copies. fn must not write to db.
func (db *DB) Dump(ctx context.Context, fn func(Entry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range CopyBuckets {
			err := tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
				return fn(Entry{Bucket: name, Key: string(k), Value: slices.Clone(v)})
			})
			if err != nil {
				return err
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("dump %s: %w", db.path, err)
	}
	return nil
}

// Load puts entries as they are, in one transaction. It refuses an entry
// of an unknown bucket, a bad reader key and a reader record that does
// not decode, so a damaged copy changes nothing.
func (db *DB) Load(ctx context.Context, entries []Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckEntries(entries); err != nil {
		return err
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for _, e := range entries {
			if err := tx.Bucket([]byte(e.Bucket)).Put([]byte(e.Key), e.Value); err != nil {
				return fmt.Errorf("%s/%s: %w", e.Bucket, e.Key, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load into %s: %w", db.path, err)
	}
	return nil
}

// CheckEntries checks entries before a Load: known buckets, reader keys
// and records that decode.
func CheckEntries(entries []Entry) error {
	for _, e := range entries {
		switch e.Bucket {
		case "readers", "subs":
			if err := checkKey(e.Key); err != nil {
				return fmt.Errorf("load: %w", err)
			}
		case "papers", "intake":
		default:
			return fmt.Errorf("load: unknown bucket %q", e.Bucket)
		}
		if e.Bucket == "readers" {
			if _, err := decodeReader(e.Key, e.Value); err != nil {
				return fmt.Errorf("load: reader %s: %w", e.Key, err)
			}
		}
	}
	return nil
}
