package etcdstore

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/paperbot/paperbot/store"
)

// loadBatch is how many entries a Backup collects before writing them to
// its bbolt file.
const loadBatch = 10000

// bucketPrefix is where the entries of a store bucket live.
func (db *DB) bucketPrefix(bucket string) string {
	switch bucket {
	case "readers":
		return db.keys.readers()
	case "subs":
		return db.keys.subs()
	case "papers":
		return db.keys.papers()
	}
	return db.keys.prefix + "intake/"
}

// Dump calls fn with every entry of store.CopyBuckets as of one revision
// of the cluster (a consistent copy), bucket by bucket in key order.
func (db *DB) Dump(ctx context.Context, fn func(store.Entry) error) error {
	rev, err := db.revision(ctx)
	if err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	for _, b := range store.CopyBuckets {
		err := db.scanAt(ctx, db.bucketPrefix(b), rev, func(k string, v []byte) error {
			return fn(store.Entry{Bucket: b, Key: k, Value: v})
		})
		if err != nil {
			return fmt.Errorf("dump %s: %w", b, err)
		}
	}
	return nil
}

// revision is the cluster's current revision.
func (db *DB) revision(ctx context.Context) (int64, error) {
	ctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	resp, err := db.cli.Get(ctx, db.keys.version())
	if err != nil {
		return 0, err
	}
	return resp.Header.Revision, nil
}

// Load puts entries as they are, in transactions of 100 (etcd's limit of
// operations a transaction), after checking them all: a damaged copy
// writes nothing. It is for an empty prefix (Empty); on one in use, a
// failure part way leaves some entries written.
func (db *DB) Load(ctx context.Context, entries []store.Entry) error {
	if err := store.CheckEntries(entries); err != nil {
		return err
	}
	for len(entries) > 0 {
		n := min(len(entries), maxTxnRecords)
		ops := make([]clientv3.Op, n)
		for i, e := range entries[:n] {
			ops[i] = clientv3.OpPut(db.bucketPrefix(e.Bucket)+e.Key, string(e.Value))
		}
		if err := db.put(ctx, ops...); err != nil {
			return fmt.Errorf("load: %w", err)
		}
		entries = entries[n:]
	}
	return nil
}

// Empty reports whether the prefix holds no readers and no intake
// papers, as a target of a migration must.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	for _, p := range []string{db.keys.readers(), db.keys.papers()} {
		n, err := db.countKeys(ctx, p)
		if err != nil {
			return false, fmt.Errorf("count keys: %w", err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// Backup writes a consistent copy of the store to w as a bbolt store
// file, the format of the default backend's backups: `paperbot restore`
// puts it in place of a bbolt store and `paperbot migrate --to etcd`
// loads it into a cluster. It returns the bytes written.
func (db *DB) Backup(ctx context.Context, w io.Writer) (int64, error) {
	dir, err := os.MkdirTemp("", "paperbot-etcd-backup-")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "paperbot.db")
	if err := db.dumpTo(ctx, path); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	n, err := io.Copy(w, f)
	if err != nil {
		return n, fmt.Errorf("backup: %w", err)
	}
	return n, nil
}

// dumpTo copies the store into a new bbolt store at path.
func (db *DB) dumpTo(ctx context.Context, path string) error {
	out, err := store.Open(path, store.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	var batch []store.Entry
	flush := func() error {
		err := out.Load(ctx, batch)
		batch = batch[:0]
		return err
	}
	err = db.Dump(ctx, func(e store.Entry) error {
		batch = append(batch, e)
		if len(batch) < loadBatch {
			return nil
		}
		return flush()
	})
	if err == nil {
		err = flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
