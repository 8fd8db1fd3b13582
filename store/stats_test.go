package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

func TestStatsCountsPeriodsTopPapersAndDigests(t *testing.T) {
	db := mustOpen(t)
	today := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) // t0 is 09:30 that day
	week := today.AddDate(0, 0, -6)
	old := week.Add(-time.Hour)
	readers := []bot.Reader{
		{Key: "telegram:1", LastSeen: t0, Read: map[string]time.Time{"mocov2": t0, "simclr": week, "byol": old},
			Sub:     bot.Subscription{On: true, Time: "08:00", Zone: "UTC"},
			Digests: []bot.DigestEntry{{Day: "2026-03-01", Paper: "byol", State: "sent", At: t0}, {Day: "2026-02-20", Paper: "x", State: "failed", At: old}}},
		{Key: "slack:T1:U2", LastSeen: week, Read: map[string]time.Time{"mocov2": week},
			Digests: []bot.DigestEntry{{Day: "2026-02-27", Paper: "y", State: "failed", At: week}, {Day: "2026-02-28", Paper: "z", State: "sending", At: week}}},
		{Key: "console:old", LastSeen: old, Read: map[string]time.Time{"simclr": old}},
	}
	if err := db.putAll(readers); err != nil {
		t.Fatal(err)
	}
	got, err := db.Stats(context.Background(), today, week, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Stats{Readers: 3, Subscribers: 1, ActiveToday: 1, ActiveWeek: 2, ReadsToday: 1, ReadsWeek: 3,
		TopPapers:   []bot.PaperReads{{ID: "mocov2", Reads: 2}, {ID: "simclr", Reads: 2}},
		DigestsSent: 1, DigestsFailed: 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats = %+v\nwant    %+v", got, want)
	}
	empty, err := mustOpen(t).Stats(context.Background(), today, week, 5)
	if err != nil || empty.Readers != 0 || empty.TopPapers == nil || len(empty.TopPapers) != 0 {
		t.Errorf("Stats of an empty store = %+v, %v; want zero counts and an empty list", empty, err)
	}
}

func TestVerifyAcceptsBackupsAndRefusesOtherFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := mustOpen(t)
	for _, k := range []string{"telegram:1", "telegram:2"} {
		if _, err := db.Update(ctx, k, func(r *bot.Reader) error { r.Lang = "zh"; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := db.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	os.WriteFile(backup, buf.Bytes(), 0o600)
	before, _ := os.ReadFile(backup)
	if n, err := Verify(ctx, backup); n != 2 || err != nil {
		t.Errorf("Verify(backup) = %d, %v; want 2 readers", n, err)
	}
	if after, _ := os.ReadFile(backup); !bytes.Equal(before, after) {
		t.Errorf("Verify changed the file")
	}

	// A bbolt file of some other program, a text file, an empty file,
	// half a backup, a backup with its pages overwritten and a store from a
	// newer paperbot.
	other := filepath.Join(dir, "other.db")
	bdb, err := bolt.Open(other, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	bdb.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	bdb.Close()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, bytes.Repeat([]byte("not a database\n"), 1000), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	half := filepath.Join(dir, "half.db")
	os.WriteFile(half, buf.Bytes()[:buf.Len()/2], 0o600)
	scribbled := filepath.Join(dir, "scribbled.db")
	garbage := bytes.Clone(buf.Bytes())
	for i := 2 * os.Getpagesize(); i < len(garbage); i++ {
		garbage[i] = 0xA5 // every page after the two meta pages
	}
	os.WriteFile(scribbled, garbage, 0o600)
	newer := filepath.Join(dir, "newer.db")
	os.WriteFile(newer, buf.Bytes(), 0o600)
	bdb, err = bolt.Open(newer, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	bdb.Update(func(tx *bolt.Tx) error { return writeVersion(tx, schemaVersion+1) })
	bdb.Close()

	for _, c := range []struct {
		path string
		want error
	}{{other, ErrNotStore}, {text, ErrNotStore}, {empty, ErrNotStore}, {half, ErrNotStore}, {scribbled, ErrNotStore}, {newer, ErrSchemaTooNew}} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			n, err := Verify(ctx, c.path)
			t.Logf("Verify(%s): %v", filepath.Base(c.path), err)
			if !errors.Is(err, c.want) {
				t.Errorf("Verify(%s) = %d, %v; want an error matching %v", filepath.Base(c.path), n, err, c.want)
			}
		})
	}
	if _, err := Verify(ctx, filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Verify(missing) = %v, want a not-exist error", err)
	}
}
