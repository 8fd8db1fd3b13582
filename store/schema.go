package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Bucket names and the meta key; doc.go describes what they hold.
var (
	metaBucket    = []byte("meta")
	readersBucket = []byte("readers")
	subsBucket    = []byte("subs")
	papersBucket  = []byte("papers") // arXiv id → intake record (JSON)
	intakeBucket  = []byte("intake") // "state" → intake state (JSON)
	versionKey    = []byte("version")
)

// schemaVersion is the version this code reads and writes. It is always
// len(migrations)+1.
const schemaVersion = 4

// migration upgrades a file from version from to from+1 inside the
// transaction it is given.
type migration struct {
	from int
	name string
	run  func(tx *bolt.Tx) error
}

// migrations lists every upgrade step in order; migrations[i].from is i+1.
// To change the layout, append a step and bump schemaVersion.
var migrations = []migration{
	{from: 1, name: "build subscription index", run: buildSubIndex},
	{from: 2, name: "add intake buckets", run: addIntakeBuckets},
	{from: 3, name: "add inbox buckets", run: addInboxBuckets},
}

// prepare brings the file to schemaVersion and makes sure every bucket
// exists. Open runs it in one transaction, so a failed upgrade changes
// nothing.
func prepare(tx *bolt.Tx, path string) error {
	v, err := readVersion(tx)
	if err != nil {
		return fmt.Errorf("store: %s: %w", path, err)
	}
	if v > schemaVersion {
		return &openError{
			msg: fmt.Sprintf("store: %s has schema version %d, this paperbot knows up to %d; upgrade paperbot",
				path, v, schemaVersion),
			errs: []error{ErrSchemaTooNew},
		}
	}
	from := v
	if v == 0 { // a new file: nothing to migrate
		v = schemaVersion
	}
	for _, name := range [][]byte{metaBucket, readersBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("store: %s: create bucket %s: %w", path, name, err)
		}
	}
	for ; v < schemaVersion; v++ {
		if v > len(migrations) {
			return fmt.Errorf("store: %s: no migration from schema version %d", path, v)
		}
		m := migrations[v-1]
		if err := m.run(tx); err != nil {
			return fmt.Errorf("store: %s: migrate schema %d to %d (%s): %w", path, v, v+1, m.name, err)
		}
	}
	for _, name := range [][]byte{subsBucket, papersBucket, intakeBucket, inboxBucket, inboxTimesBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("store: %s: create bucket %s: %w", path, name, err)
		}
	}
	if from == schemaVersion {
		return nil
	}
	if err := writeVersion(tx, schemaVersion); err != nil {
		return fmt.Errorf("store: %s: %w", path, err)
	}
	return nil
}

// readVersion returns the file's schema version: 0 for a new file, 1 for a
// file with readers but no version.
func readVersion(tx *bolt.Tx) (int, error) {
	var raw []byte
	if b := tx.Bucket(metaBucket); b != nil {
		raw = b.Get(versionKey)
	}
	if raw == nil {
		if tx.Bucket(readersBucket) != nil {
			return 1, nil
		}
		return 0, nil
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 1 {
		return 0, fmt.Errorf("bad schema version %q", raw)
	}
	return v, nil
}

func writeVersion(tx *bolt.Tx, v int) error {
	if err := tx.Bucket(metaBucket).Put(versionKey, []byte(strconv.Itoa(v))); err != nil {
		return fmt.Errorf("write schema version: %w", err)
	}
	return nil
}

// buildSubIndex is the 1→2 migration: it adds the subs bucket and indexes
// every subscribed reader. A record that does not decode stops it, naming
// the reader, rather than leaving a reader silently out of the index.
func buildSubIndex(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(subsBucket); err != nil {
		return fmt.Errorf("create bucket %s: %w", subsBucket, err)
	}
	return tx.Bucket(readersBucket).ForEach(func(k, v []byte) error {
		key := string(k)
		r, err := decodeReader(key, v)
		if err == nil {
			err = syncIndex(tx, &r)
		}
		if err != nil {
			return fmt.Errorf("reader %s: %w", key, err)
		}
		return nil
	})
}

// addIntakeBuckets is the 2→3 migration: the papers and intake buckets of
// arXiv intake. Reader records of format 1 are still read as they are and
// rewritten as format 2 when next saved; version 3 keeps an older
// paperbot, which cannot read format 2, from opening the file.
func addIntakeBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{papersBucket, intakeBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}
