package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// ErrNotStore is returned by Verify for a file that is not a paperbot store.
var ErrNotStore = errors.New("not a paperbot store")

// Stats reads every reader once, in one read transaction, and counts what
// an admin's /stats shows: readers and subscribers, readers seen and papers
// marked read since today and since week (the starts of the two periods,
// in whatever zone the caller counts days), digest outcomes since week, and
// the top papers most readers marked read. A record that does not decode
// fails the whole count with an error naming its key.
func (db *DB) Stats(ctx context.Context, today, week time.Time, top int) (bot.Stats, error) {
	if err := ctx.Err(); err != nil {
		return bot.Stats{}, err
	}
	var st bot.Stats
	reads := map[string]int{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		st.Subscribers = countSubscribers(tx)
		return tx.Bucket(readersBucket).ForEach(func(k, v []byte) error {
			if st.Readers%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			r, err := decodeReader(string(k), v)
			if err != nil {
				return err
			}
			st.Readers++
			countReader(&st, &r, today, week, reads)
			return nil
		})
	})
	if err != nil {
		return bot.Stats{}, fmt.Errorf("count reader stats: %w", err)
	}
	st.TopPapers = topPapers(reads, top)
	return st, nil
}

// countReader adds what r did since today and week to st, and its read
// papers to reads.
func countReader(st *bot.Stats, r *bot.Reader, today, week time.Time, reads map[string]int) {
	if !r.LastSeen.Before(today) {
		st.ActiveToday++
	}
	if !r.LastSeen.Before(week) {
		st.ActiveWeek++
	}
	for id, at := range r.Read {
		reads[id]++
		if !at.Before(today) {
			st.ReadsToday++
		}
		if !at.Before(week) {
			st.ReadsWeek++
		}
	}
	for _, d := range r.Digests {
		if d.At.Before(week) {
			continue
		}
		switch d.State {
		case "sent":
			st.DigestsSent++
		case "failed":
			st.DigestsFailed++
		}
	}
}

// topPapers returns the n papers with the most reads, most first, ties by id.
func topPapers(reads map[string]int, n int) []bot.PaperReads {
	out := make([]bot.PaperReads, 0, len(reads))
	for id, c := range reads {
		out = append(out, bot.PaperReads{ID: id, Reads: c})
	}
	slices.SortFunc(out, func(a, b bot.PaperReads) int {
		return cmp.Or(cmp.Compare(b.Reads, a.Reads), cmp.Compare(a.ID, b.ID))
	})
	return out[:min(n, len(out))]
}

// Verify checks, without changing it, that the file at path is a paperbot
// store this paperbot can open: a bbolt file with the readers bucket, a
// schema version no newer than this code's (ErrSchemaTooNew otherwise),
// and reader records that all decode. It returns how many readers the file
// holds. Restore runs it on a backup before putting the backup in place.
func Verify(ctx context.Context, path string) (readers int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// bbolt maps the file; reading a page past the end of a cut-short file
	// is a fault (SIGBUS) that would kill the process. Make it a panic of
	// this goroutine, and the panic an error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			readers, err = 0, fmt.Errorf("verify %s: %w: the file is damaged", path, ErrNotStore)
		}
	}()
	fi, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("verify: %w", err)
	}
	if fi.Size() == 0 {
		return 0, fmt.Errorf("verify %s: %w: the file is empty", path, ErrNotStore)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: DefaultTimeout})
	switch {
	case errors.Is(err, fs.ErrPermission):
		return 0, fmt.Errorf("verify: %w", err)
	case err != nil:
		return 0, fmt.Errorf("verify %s: %w: %w", path, ErrNotStore, err)
	}
	defer bdb.Close()
	err = bdb.View(func(tx *bolt.Tx) error {
		if fi.Size() < tx.Size() {
			return fmt.Errorf("%w: the file is cut short: %d bytes of %d", ErrNotStore, fi.Size(), tx.Size())
		}
		v, err := readVersion(tx)
		switch {
		case err != nil:
			return fmt.Errorf("%w: %w", ErrNotStore, err)
		case v > schemaVersion:
			return fmt.Errorf("%w: schema version %d, this paperbot knows up to %d", ErrSchemaTooNew, v, schemaVersion)
		}
		b := tx.Bucket(readersBucket)
		if b == nil {
			return fmt.Errorf("%w: no readers bucket", ErrNotStore)
		}
		return b.ForEach(func(k, v []byte) error {
			if _, err := decodeReader(string(k), v); err != nil {
				return err
			}
			readers++
			return nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	return readers, nil
}
