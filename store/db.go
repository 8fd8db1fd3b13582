package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/paperbot/paperbot/bot"
)

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is zero.
const DefaultTimeout = 2 * time.Second

// ErrLocked is returned by Open when another process holds the file.
var ErrLocked = errors.New("store is locked by another process")

// ErrSchemaTooNew is returned by Open for a file written by a newer paperbot.
var ErrSchemaTooNew = errors.New("store schema is newer than this paperbot")

// Options tunes Open. The zero value is ready to use.
type Options struct {
	// Timeout is how long to wait for the file lock; DefaultTimeout if zero.
	Timeout time.Duration
	// Now is the clock for FirstSeen and LastSeen; time.Now if nil.
	Now func() time.Time
}

// DB is a reader store backed by one bbolt file. It is safe for
// concurrent use.
type DB struct {
	bolt    *bolt.DB
	batcher *batcher
	// batch runs an Update's transaction function, sharing transactions
	// between concurrent calls: batcher.do, or in benchmarks bbolt's own
	// Batch to compare.
	batch func(func(*bolt.Tx) error) error
	path  string
	now   func() time.Time
}

var _ bot.Store = (*DB)(nil)

// Open opens the store at path, creating the file (mode 0600) and its
// directory (mode 0700) if needed, and upgrades an older schema. It fails
// with ErrLocked when another process keeps the file open for longer than
// opts.Timeout, and with ErrSchemaTooNew for a file from a newer paperbot.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create directory for %s: %w", path, err)
	}
	bdb, err := openBolt(path, opts.Timeout)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, &openError{
			msg: fmt.Sprintf("store: %s is in use by another process (waited %v); "+
				"stop the other paperbot or use another --data-dir", path, opts.Timeout),
			errs: []error{ErrLocked, err},
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error { return prepare(tx, path) }); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	bt := &batcher{bolt: bdb}
	return &DB{bolt: bdb, batcher: bt, batch: bt.do, path: path, now: opts.Now}, nil
}

// openBolt opens the file and refuses one that is damaged, such as a copy
// cut short: bbolt panics on some damage and maps the file, so reading past
// its end would kill the process with SIGBUS. Both become an error that
// names the file.
func openBolt(path string, timeout time.Duration) (bdb *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	damaged := func(why string) error {
		return fmt.Errorf("store: %s is damaged (%s); restore a backup with 'paperbot restore FILE'", path, why)
	}
	defer func() {
		if r := recover(); r != nil {
			bdb, err = nil, damaged(fmt.Sprint(r))
		}
	}()
	bdb, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		bdb.Close()
		return nil, fmt.Errorf("store: stat %s: %w", path, err)
	}
	err = bdb.View(func(tx *bolt.Tx) error {
		if fi.Size() < tx.Size() {
			return damaged(fmt.Sprintf("cut short at %d of %d bytes", fi.Size(), tx.Size()))
		}
		return nil
	})
	if err != nil {
		bdb.Close()
		return nil, err
	}
	return bdb, nil
}

// Path returns the file name the store was opened with.
func (db *DB) Path() string { return db.path }

// Close releases the file. Updates already waiting for a transaction
// commit first; later ones fail.
func (db *DB) Close() error {
	db.batcher.close()
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	return nil
}

// openError is an Open failure with a message fit for the person running
// paperbot that still matches its sentinel and cause with errors.Is.
type openError struct {
	msg  string
	errs []error
}

func (e *openError) Error() string   { return e.msg }
func (e *openError) Unwrap() []error { return e.errs }
