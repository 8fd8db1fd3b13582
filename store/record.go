package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// Record formats: the first byte of every stored value. doc.go describes
// the fields that follow.
const (
	readerFormat byte = 2 // 1 lacked digests' New and Follows; still read
	indexFormat  byte = 2 // 1 lacked the flags byte; still read
)

// Flags of an index record (format 2).
const (
	indexDigest   byte = 1 << iota // the reader's daily paper is on
	indexFollower                  // the reader follows searches or authors
)

// encodeReader returns the stored bytes of r, always the same for the same
// reader. The key is not part of the value: it is the bbolt key.
func encodeReader(r *bot.Reader) []byte {
	b := make([]byte, 0, 64+24*(len(r.Read)+len(r.Saved)+len(r.Dismissed))+32*len(r.Digests))
	b = append(b, readerFormat)
	b = appendString(b, r.Lang)
	b = appendTime(b, r.FirstSeen)
	b = appendTime(b, r.LastSeen)
	b = appendTimes(appendTimes(appendTimes(b, r.Read), r.Saved), r.Dismissed)
	s := r.Sub
	on := byte(0)
	if s.On {
		on = 1
	}
	b = append(b, on)
	for _, f := range []string{s.Time, s.Zone, s.Frequency, s.Topic, s.By} {
		b = appendString(b, f)
	}
	b = appendTime(b, s.Since)
	b = binary.AppendUvarint(b, uint64(len(r.Digests)))
	for _, d := range r.Digests {
		b = appendString(appendString(appendString(b, d.Day), d.Paper), d.State)
		b = appendTime(b, d.At)
		b = binary.AppendUvarint(b, uint64(len(d.New)))
		for _, id := range d.New {
			b = appendString(b, id)
		}
	}
	b = appendString(b, r.Path)
	b = binary.AppendUvarint(b, uint64(len(r.Follows)))
	for _, f := range r.Follows {
		b = appendTime(appendString(appendString(b, f.Kind), f.Text), f.Since)
	}
	return b
}

// decodeReader rebuilds the reader stored under key. It copies everything
// out of data, so data may be bbolt memory, and it fails rather than panics
// on any damage. Its error does not name the key; callers add it.
func decodeReader(key string, data []byte) (bot.Reader, error) {
	d := decoder{b: data}
	format := d.byte()
	if format != 1 && format != readerFormat && d.err == nil {
		return bot.Reader{}, fmt.Errorf("corrupt record: unknown format %d", format)
	}
	r := bot.Reader{Key: key, Lang: d.string(), FirstSeen: d.time(), LastSeen: d.time()}
	r.Read, r.Saved, r.Dismissed = d.times(), d.times(), d.times()
	on := d.byte()
	if on > 1 {
		d.fail(fmt.Errorf("bad subscription flag %d", on))
	}
	r.Sub = bot.Subscription{On: on == 1, Time: d.string(), Zone: d.string(),
		Frequency: d.string(), Topic: d.string(), By: d.string(), Since: d.time()}
	if n := d.count(4); n > 0 {
		r.Digests = make([]bot.DigestEntry, n)
		for i := range r.Digests {
			r.Digests[i] = bot.DigestEntry{Day: d.string(), Paper: d.string(), State: d.string(), At: d.time()}
			if format >= 2 {
				if n := d.count(1); n > 0 {
					r.Digests[i].New = make([]string, n)
					for j := range r.Digests[i].New {
						r.Digests[i].New[j] = d.string()
					}
				}
			}
		}
	}
	r.Path = d.string()
	if format >= 2 {
		if n := d.count(3); n > 0 {
			r.Follows = make([]bot.Follow, n)
			for i := range r.Follows {
				r.Follows[i] = bot.Follow{Kind: d.string(), Text: d.string(), Since: d.time()}
			}
		}
	}
	if err := d.finish(); err != nil {
		return bot.Reader{}, fmt.Errorf("corrupt record: %w", err)
	}
	return r, nil
}

// encodeIndex returns the subs entry for r: the schedule a digest
// scheduler needs without loading the reader, and whether the daily paper
// is on or the reader only follows new papers.
func encodeIndex(r *bot.Reader) []byte {
	var flags byte
	if r.Sub.On {
		flags |= indexDigest
	}
	if len(r.Follows) > 0 {
		flags |= indexFollower
	}
	b := []byte{indexFormat, flags}
	sub := r.Sub
	return appendString(appendString(appendString(b, sub.Time), sub.Zone), sub.Frequency)
}

// syncIndex makes the subs entry for r match it: present when r listens
// (daily paper on, or follows), absent otherwise. It writes only on a
// change.
func syncIndex(tx *bolt.Tx, r *bot.Reader) error {
	key := r.Key
	b := tx.Bucket(subsBucket)
	old := b.Get([]byte(key))
	if !r.Listens() {
		if old == nil {
			return nil
		}
		if err := b.Delete([]byte(key)); err != nil {
			return fmt.Errorf("unindex: %w", err)
		}
		return nil
	}
	data := encodeIndex(r)
	if old != nil && bytes.Equal(old, data) {
		return nil
	}
	if err := b.Put([]byte(key), data); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// canonical returns a copy of r as it reads back after being saved: times
// in whole seconds and UTC, empty maps and slices nil. It is
// decodeReader(key, encodeReader(r)) without the encoding, and it shares no
// maps or slices with r.
func canonical(r *bot.Reader) bot.Reader {
	c := *r
	c.FirstSeen, c.LastSeen = fromUnix(unix(r.FirstSeen)), fromUnix(unix(r.LastSeen))
	c.Read, c.Saved, c.Dismissed = canonicalTimes(r.Read), canonicalTimes(r.Saved), canonicalTimes(r.Dismissed)
	c.Sub.Since = fromUnix(unix(r.Sub.Since))
	c.Digests = nil
	if len(r.Digests) > 0 {
		c.Digests = make([]bot.DigestEntry, len(r.Digests))
		for i, d := range r.Digests {
			d.At = fromUnix(unix(d.At))
			d.New = slices.Clone(d.New)
			if len(d.New) == 0 {
				d.New = nil
			}
			c.Digests[i] = d
		}
	}
	c.Follows = nil
	if len(r.Follows) > 0 {
		c.Follows = make([]bot.Follow, len(r.Follows))
		for i, f := range r.Follows {
			f.Since = fromUnix(unix(f.Since))
			c.Follows[i] = f
		}
	}
	return c
}

func canonicalTimes(m map[string]time.Time) map[string]time.Time {
	if len(m) == 0 {
		return nil
	}
	c := make(map[string]time.Time, len(m))
	for id, t := range m {
		c[id] = fromUnix(unix(t))
	}
	return c
}
