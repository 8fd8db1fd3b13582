package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// maxKeyLen is the longest reader key accepted, in bytes.
const maxKeyLen = 200

// Update runs fn on the reader stored under key (a new reader with FirstSeen
// set to now when there is none), sets LastSeen, keeps the newest
// bot.MaxDigests digest entries and saves the reader and its subscription
// index entry in one transaction. It returns a copy of what was saved.
//
// Concurrent Updates share transactions, so fn may run more than once and
// must change nothing but the reader. If fn fails nothing is saved and its
// error is returned unchanged.
//
// When ctx carries the inbox id of an update (bot.WithUpdate), the inbox
// records in the same transaction that the update's change is made; an
// Update for that update after a restart returns bot.ErrApplied without
// running fn, so a command is never applied twice.
func (db *DB) Update(ctx context.Context, key string, fn func(*bot.Reader) error) (bot.Reader, error) {
	return db.update(ctx, key, fn, true)
}

// update is Update and RecordDigest: seen says whether this is the reader
// being seen (a new reader is created, LastSeen set) or a digest going out
// (the reader must exist; LastSeen stays).
func (db *DB) update(ctx context.Context, key string, fn func(*bot.Reader) error, seen bool) (bot.Reader, error) {
	if err := checkKey(key); err != nil {
		return bot.Reader{}, err
	}
	if err := ctx.Err(); err != nil {
		return bot.Reader{}, err
	}
	now := db.now()
	var update string // the inbox id of the update making this change
	if seen {
		update = bot.UpdateOf(ctx)
	}
	var saved bot.Reader
	var fnFailed bool // set by the last run of the transaction
	err := db.batch(func(tx *bolt.Tx) error {
		fnFailed = false
		if err := ctx.Err(); err != nil {
			fnFailed = true
			return err
		}
		if update != "" && applied(tx, update) {
			fnFailed = true
			return bot.ErrApplied
		}
		r, found, err := load(tx, key)
		switch {
		case err != nil:
			return err
		case !found && !seen:
			fnFailed = true
			return fmt.Errorf("record digest for %s: %w", key, ErrNoReader)
		case !found:
			r.FirstSeen = now
		}
		if err := fn(&r); err != nil {
			fnFailed = true
			return err
		}
		r.Key = key
		if seen {
			r.LastSeen = now
		}
		if n := len(r.Digests); n > bot.MaxDigests {
			r.Digests = r.Digests[n-bot.MaxDigests:]
		}
		saved = r
		if err := save(tx, &r); err != nil {
			return err
		}
		if update != "" {
			return markApplied(tx, update)
		}
		return nil
	})
	switch {
	case err != nil && fnFailed: // fn's own error (or ctx's): hand it back as is
		return bot.Reader{}, err
	case err != nil:
		return bot.Reader{}, fmt.Errorf("update reader %s: %w", key, err)
	}
	// Copy outside the transaction, which runs one batch at a time: what
	// Get will see, sharing nothing with what fn touched.
	return canonical(&saved), nil
}

// Get returns the reader stored under key, or a zero Reader with only Key
// set when there is none.
func (db *DB) Get(ctx context.Context, key string) (bot.Reader, error) {
	if err := checkKey(key); err != nil {
		return bot.Reader{}, err
	}
	if err := ctx.Err(); err != nil {
		return bot.Reader{}, err
	}
	var r bot.Reader
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		r, _, err = load(tx, key)
		return err
	})
	if err != nil {
		return bot.Reader{}, fmt.Errorf("get reader %s: %w", key, err)
	}
	return r, nil
}

// load reads the reader under key in tx; found is false (and r a zero
// Reader with Key set) when there is none.
func load(tx *bolt.Tx, key string) (r bot.Reader, found bool, err error) {
	data := tx.Bucket(readersBucket).Get([]byte(key))
	if data == nil {
		return bot.Reader{Key: key}, false, nil
	}
	r, err = decodeReader(key, data)
	if err != nil {
		return bot.Reader{}, false, err
	}
	return r, true, nil
}

// save writes r and its index entry in tx.
func save(tx *bolt.Tx, r *bot.Reader) error {
	if err := tx.Bucket(readersBucket).Put([]byte(r.Key), encodeReader(r)); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	return syncIndex(tx, r)
}

// checkKey reports whether key is platform:id[:id] with non-empty parts,
// at most maxKeyLen bytes of valid UTF-8 and no spaces or control
// characters. Its errors wrap bot.ErrBadKey.
func checkKey(key string) error {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", bot.ErrBadKey, key, why) }
	switch {
	case len(key) > maxKeyLen:
		return bad(fmt.Sprintf("longer than %d bytes", maxKeyLen))
	case !utf8.ValidString(key):
		return bad("not UTF-8")
	case strings.ContainsFunc(key, func(c rune) bool { return unicode.IsSpace(c) || unicode.IsControl(c) }):
		return bad("has a space or control character")
	}
	parts := strings.Split(key, ":")
	if len(parts) < 2 || len(parts) > 3 || slices.Contains(parts, "") {
		return bad("want platform:id or platform:id:id")
	}
	return nil
}

// putAll saves whole readers as they are, in one transaction; it is for
// loading many readers fast in benchmarks and tools.
func (db *DB) putAll(rs []bot.Reader) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		for i := range rs {
			if err := save(tx, &rs[i]); err != nil {
				return fmt.Errorf("put reader %s: %w", rs[i].Key, err)
			}
		}
		return nil
	})
}
