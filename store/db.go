package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
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

// ErrDamaged is returned by Open for a file that is not a whole store:
// empty, cut short, or not a bbolt file at all. The file is left as it is.
var ErrDamaged = errors.New("store file is damaged")

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
// opts.Timeout, with ErrDamaged for a file that is empty, cut short or not
// a store, and with ErrSchemaTooNew for a file from a newer paperbot.
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
	if err != nil {
		return nil, err
	}
	bt := &batcher{bolt: bdb}
	return &DB{bolt: bdb, batcher: bt, batch: bt.do, path: path, now: opts.Now}, nil
}

// openBolt opens the file, refuses one that is damaged, and prepares the
// buckets and schema. A damaged file (empty, cut short, not bbolt, pages
// bbolt panics on) gets one short message and is not written to: bbolt
// would make an empty file a new store, and it maps the file, so reading
// past the end of a short one would kill the process with SIGBUS; faults
// and panics become errors here.
func openBolt(path string, timeout time.Duration) (bdb *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			closeQuietly(bdb)
			bdb, err = nil, damaged(path, fmt.Errorf("bbolt: %v", r))
		}
	}()
	// A file that exists but is empty is damaged (a copy that never got its
	// bytes). A new store is made only where there is no file.
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		return nil, damaged(path, errors.New("the file is empty"))
	}
	bdb, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if err != nil {
		return nil, openFailed(path, timeout, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		closeQuietly(bdb)
		return nil, fmt.Errorf("store: read %s: %w", path, pathless(err))
	}
	err = bdb.View(func(tx *bolt.Tx) error {
		if fi.Size() < tx.Size() {
			return damaged(path, fmt.Errorf("cut short at %d of %d bytes", fi.Size(), tx.Size()))
		}
		return nil
	})
	if err == nil {
		err = bdb.Update(func(tx *bolt.Tx) error { return prepare(tx, path) })
	}
	if err != nil {
		closeQuietly(bdb)
		return nil, err
	}
	return bdb, nil
}

// openFailed words a failure of bolt.Open. The system's refusals (no
// permission, no memory for the mapping) are said as they are; every
// other failure is bbolt finding the file is not a whole store (a bad
// magic number or checksum, fewer bytes than two pages).
func openFailed(path string, timeout time.Duration, err error) error {
	var pe *fs.PathError
	var errno syscall.Errno
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return &openError{
			msg: fmt.Sprintf("store: %s is in use by another process (waited %v); "+
				"stop the other paperbot or use another --data-dir", path, timeout),
			errs: []error{ErrLocked, err},
		}
	case errors.As(err, &pe), errors.As(err, &errno):
		return fmt.Errorf("store: open %s: %w", path, pathless(err))
	}
	return damaged(path, err)
}

// damaged is the error for a store file that cannot be read: the same
// short message whatever the damage, which stays in the chain for
// errors.Is and logs that want it.
func damaged(path string, cause error) error {
	return &openError{
		msg: fmt.Sprintf("store: %s is damaged and was left as it is; "+
			"restore a backup with 'paperbot restore BACKUP'", path),
		errs: []error{ErrDamaged, cause},
	}
}

// pathless drops the operation and path an *fs.PathError repeats ("open
// /x/paperbot.db: permission denied"), which the caller's message names.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// closeQuietly closes a bbolt handle that failed, which may panic again
// after damage; the lock and mapping go with the file either way.
func closeQuietly(bdb *bolt.DB) {
	if bdb == nil {
		return
	}
	defer func() { _ = recover() }()
	_ = bdb.Close()
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
