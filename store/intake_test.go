package store

import (
	"context"
	"encoding/binary"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/data"
)

func intakeRecord(id, status string) intake.Record {
	return intake.Record{
		Paper: data.Paper{ID: "arxiv-" + strings.ReplaceAll(id, ".", "-"), ArXiv: id, Title: "A paper " + id, Authors: []string{"A. Author"},
			Year: 2026, Topics: []string{"contrastive"}, Summary: data.Text{EN: "It learns."},
			Source: "arxiv", Added: "2026-11-27", Date: "2026-11-25", Score: 0.8,
			Reason: &data.Text{EN: "contrastive", ZH: "对比学习"}},
		Version: 1, Updated: t0, Status: status, Decided: t0,
	}
}

// Records written by an older paperbot (format 1: no digests' New, no
// follows) and old index entries still read.
func TestReadsFormat1(t *testing.T) {
	r := sampleReader()
	r.Follows = nil
	for i := range r.Digests {
		r.Digests[i].New = nil
	}
	v1 := encodeFormat1(&r)
	got, err := decodeReader(r.Key, v1)
	if err != nil {
		t.Fatal(err)
	}
	assertReader(t, got, canonical(&r))
	sub, err := decodeIndex([]byte{1, 5, '0', '8', ':', '0', '0', 3, 'U', 'T', 'C', 0})
	if err != nil || !sub.On || sub.Time != "08:00" || sub.Zone != "UTC" {
		t.Errorf("format 1 index entry = %+v, %v", sub, err)
	}
}

// encodeFormat1 writes r as paperbot wrote readers before intake.
func encodeFormat1(r *bot.Reader) []byte {
	b := []byte{1}
	b = appendString(b, r.Lang)
	b = appendTime(appendTime(b, r.FirstSeen), r.LastSeen)
	b = appendTimes(appendTimes(appendTimes(b, r.Read), r.Saved), r.Dismissed)
	b = append(b, 1)
	s := r.Sub
	for _, f := range []string{s.Time, s.Zone, s.Frequency, s.Topic, s.By} {
		b = appendString(b, f)
	}
	b = appendTime(b, s.Since)
	b = binary.AppendUvarint(b, uint64(len(r.Digests)))
	for _, d := range r.Digests {
		b = appendTime(appendString(appendString(appendString(b, d.Day), d.Paper), d.State), d.At)
	}
	return appendString(b, r.Path)
}

// A version 2 file gains the intake buckets and keeps its readers.
func TestMigrateFromVersion2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	r := sampleReader()
	r.Follows = nil
	for i := range r.Digests {
		r.Digests[i].New = nil
	}
	writeRaw(t, path, map[string]map[string]string{
		"meta":    {"version": "2"},
		"readers": {r.Key: string(encodeFormat1(&r))},
		"subs":    {r.Key: string([]byte{1, 5, '0', '8', ':', '1', '5', 0, 0})},
	})
	db := mustOpenAt(t, path, Options{})
	if v := rawVersion(t, db); v != strconv.Itoa(schemaVersion) {
		t.Errorf("version after Open = %q, want %d", v, schemaVersion)
	}
	got, err := db.Get(context.Background(), r.Key)
	if err != nil {
		t.Fatal(err)
	}
	assertReader(t, got, canonical(&r))
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		if tx.Bucket(papersBucket) == nil || tx.Bucket(intakeBucket) == nil {
			t.Error("intake buckets missing after the migration")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
