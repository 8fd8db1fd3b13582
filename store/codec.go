package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"
)

// The stored values are built from three kinds of field: strings (uvarint
// length, then the bytes), times (zigzag varint Unix seconds, 0 for the
// zero time) and counts (uvarint) that precede repeated fields.

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendTimes stores a paper id → time map as a count and its entries in id
// order, so equal maps give equal bytes.
func appendTimes(b []byte, m map[string]time.Time) []byte {
	b = binary.AppendUvarint(b, uint64(len(m)))
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		b = appendTime(appendString(b, id), m[id])
	}
	return b
}

// appendTime stores t as Unix seconds, with 0 for the zero time.
func appendTime(b []byte, t time.Time) []byte {
	return binary.AppendVarint(b, unix(t))
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

var errShort = errors.New("truncated")

// decoder reads a record front to back. After the first problem it keeps
// returning zero values and finish reports the problem.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err, d.b = err, nil
	}
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail(errShort)
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a number of items, each at least minSize bytes long, and
// checks that they can fit in what is left.
func (d *decoder) count(minSize int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/minSize) {
		d.fail(fmt.Errorf("count %d exceeds the %d bytes left", n, len(d.b)))
		return 0
	}
	return int(n)
}

func (d *decoder) string() string {
	n := d.count(1)
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) time() time.Time {
	s, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail(errShort)
		return time.Time{}
	}
	d.b = d.b[n:]
	return fromUnix(s)
}

// times reads a paper id → time map; it is nil when empty.
func (d *decoder) times() map[string]time.Time {
	n := d.count(2)
	if n == 0 {
		return nil
	}
	m := make(map[string]time.Time, n)
	for range n {
		id := d.string()
		m[id] = d.time()
	}
	return m
}

func (d *decoder) finish() error {
	if d.err == nil && len(d.b) > 0 {
		d.err = fmt.Errorf("%d bytes left over", len(d.b))
	}
	return d.err
}
