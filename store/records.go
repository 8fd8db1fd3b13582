package store

import (
	"time"

	"github.com/paperbot/paperbot/bot"
)

// This file lends the record format to other backends (store/etcdstore),
// so a reader is the same bytes wherever it is kept and a store can be
// copied from one backend to the other value by value.

// SchemaVersion is the version of the layout this code reads and writes.
const SchemaVersion = schemaVersion

// MaxKeyLen is the longest reader key accepted, in bytes.
const MaxKeyLen = maxKeyLen

// CheckKey reports whether key is a valid reader key (platform:id or
// platform:id:id, at most MaxKeyLen bytes, no spaces or control
// characters). Its errors wrap bot.ErrBadKey.
func CheckKey(key string) error { return checkKey(key) }

// EncodeReader returns the stored bytes of r, the same for the same reader.
// The key is not part of them.
func EncodeReader(r *bot.Reader) []byte { return encodeReader(r) }

// DecodeReader rebuilds the reader stored under key from data, copying
// everything out of it. It fails, never panics, on damage; the error does
// not name the key.
func DecodeReader(key string, data []byte) (bot.Reader, error) { return decodeReader(key, data) }

// Canonical returns a copy of r as it reads back after being saved: times
// in whole seconds in UTC, empty maps and slices nil.
func Canonical(r *bot.Reader) bot.Reader { return canonical(r) }

// EncodeIndex returns the subscription-index record of r; Listens tells
// whether r has one at all.
func EncodeIndex(r *bot.Reader) []byte { return encodeIndex(r) }

// IndexSubscribed reports whether an index record is of a reader whose
// daily paper is on (the index also holds readers who only follow).
func IndexSubscribed(data []byte) bool {
	return len(data) > 0 && (data[0] == 1 || len(data) > 1 && data[1]&indexDigest != 0)
}

// Trim keeps the newest bot.MaxDigests digest entries of r, as every save
// does.
func Trim(r *bot.Reader) {
	if n := len(r.Digests); n > bot.MaxDigests {
		r.Digests = r.Digests[n-bot.MaxDigests:]
	}
}

// Tally counts readers into the figures of an admin's /stats, the same
// way for every backend.
type Tally struct {
	st          bot.Stats
	today, week time.Time
	reads       map[string]int
}

// NewTally starts a count of what happened since today and since week.
func NewTally(today, week time.Time) *Tally {
	return &Tally{today: today, week: week, reads: map[string]int{}}
}

// Add counts one reader.
func (t *Tally) Add(r *bot.Reader) {
	t.st.Readers++
	countReader(&t.st, r, t.today, t.week, t.reads)
}

// Stats returns the figures with subscribers as counted from the index
// and the top most read papers.
func (t *Tally) Stats(subscribers, top int) bot.Stats {
	st := t.st
	st.Subscribers = subscribers
	st.TopPapers = topPapers(t.reads, top)
	return st
}
