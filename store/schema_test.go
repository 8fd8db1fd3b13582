package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// writeRaw creates a bbolt file at path with the given buckets and values,
// the way an older or newer paperbot, or a damaged disk, might have left it.
func writeRaw(tb testing.TB, path string, buckets map[string]map[string]string) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for name, kv := range buckets {
			b, err := tx.CreateBucketIfNotExists([]byte(name))
			if err != nil {
				return err
			}
			for k, v := range kv {
				if err := b.Put([]byte(k), []byte(v)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestSchemaVersionMatchesMigrations(t *testing.T) {
	if schemaVersion != len(migrations)+1 {
		t.Errorf("schemaVersion = %d with %d migrations, want %d", schemaVersion, len(migrations), len(migrations)+1)
	}
	for i, m := range migrations {
		if m.from != i+1 {
			t.Errorf("migrations[%d].from = %d, want %d", i, m.from, i+1)
		}
	}
}

func TestMigrateFromVersion1(t *testing.T) {
	// Reader records have the same format in versions 1 and 2.
	first := time.Unix(1767225600, 0).UTC()
	v1Readers := map[string]string{
		"telegram:1": string(encodeReader(&bot.Reader{Lang: "en", FirstSeen: first,
			Read: map[string]time.Time{"p1": first.Add(time.Hour)},
			Sub:  bot.Subscription{On: true, Time: "07:00", Zone: "Asia/Shanghai"}})),
		"slack:T1:U2": string(encodeReader(&bot.Reader{Lang: "zh", Sub: bot.Subscription{Time: "08:00"}})),
		"console:bob": string(encodeReader(&bot.Reader{Saved: map[string]time.Time{"p9": first}})),
	}
	tests := []struct {
		name string
		meta map[string]string // nil: a file from before the meta bucket
	}{
		{"version 1", map[string]string{"version": "1"}},
		{"no version", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			buckets := map[string]map[string]string{"readers": v1Readers}
			if tt.meta != nil {
				buckets["meta"] = tt.meta
			}
			writeRaw(t, path, buckets)
			db := mustOpenAt(t, path, Options{})
			ctx := context.Background()

			if v := rawVersion(t, db); v != strconv.Itoa(schemaVersion) {
				t.Errorf("version after Open = %q, want %d", v, schemaVersion)
			}
			if r, s, err := db.Count(ctx); r != 3 || s != 1 || err != nil {
				t.Errorf("Count = %d, %d, %v, want 3, 1, nil", r, s, err)
			}
			if got := subscriberKeys(t, db); !slices.Equal(got, []string{"telegram:1"}) {
				t.Errorf("Subscribers visited %v, want [telegram:1]", got)
			}
			r, err := db.Get(ctx, "telegram:1")
			if err != nil {
				t.Fatal(err)
			}
			if r.Lang != "en" || !r.FirstSeen.Equal(first) || r.Read["p1"].IsZero() || r.Sub.Zone != "Asia/Shanghai" {
				t.Errorf("Get(telegram:1) = %+v, want the version 1 data", r)
			}
		})
	}
}

func TestMigrationCorruptRecordFailsCleanly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	writeRaw(t, path, map[string]map[string]string{
		"meta": {"version": "1"},
		"readers": {
			"telegram:1":   string(encodeReader(&bot.Reader{Sub: bot.Subscription{On: true}})),
			"telegram:666": string(encodeReader(&bot.Reader{Lang: "en"})[:2]),
		},
	})
	_, err := Open(path, Options{Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "telegram:666") || !strings.Contains(err.Error(), "migrate schema 1 to 2") {
		t.Fatalf("Open = %v, want a migration error naming telegram:666", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(metaBucket).Get(versionKey); string(v) != "1" || tx.Bucket(subsBucket) != nil {
			t.Errorf("after a failed migration: version %q, subs bucket %v; want version 1 and no subs", v, tx.Bucket(subsBucket) != nil)
		}
		return nil
	})
}

func TestRefuseNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	writeRaw(t, path, map[string]map[string]string{"meta": {"version": "7"}, "readers": {}})
	_, err := Open(path, Options{Timeout: time.Second})
	want := fmt.Sprintf("store: %s has schema version 7, this paperbot knows up to %d; upgrade paperbot", path, schemaVersion)
	if err == nil || err.Error() != want || !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open = %v, want %q", err, want)
	}
	writeRaw(t, path, nil) // the refused Open released the lock
}

func TestCorruptRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	ctx := context.Background()
	db := mustOpenAt(t, path, Options{})
	for _, key := range []string{"telegram:1", "telegram:2"} {
		if _, err := db.Update(ctx, key, subscribe(true)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	writeRaw(t, path, map[string]map[string]string{"readers": {"telegram:2": "\x00garbage"}})
	db = mustOpenAt(t, path, Options{})

	if _, err := db.Get(ctx, "telegram:2"); err == nil || !strings.Contains(err.Error(), "telegram:2") {
		t.Errorf("Get = %v, want an error naming telegram:2", err)
	}
	if _, err := db.Update(ctx, "telegram:2", markRead("p1")); err == nil || !strings.Contains(err.Error(), "telegram:2") {
		t.Errorf("Update = %v, want an error naming telegram:2", err)
	}
	var visited []string
	err := db.Subscribers(ctx, func(r bot.Reader) error { visited = append(visited, r.Key); return nil })
	if err == nil || !strings.Contains(err.Error(), "telegram:2") || !slices.Equal(visited, []string{"telegram:1"}) {
		t.Errorf("Subscribers visited %v and returned %v, want [telegram:1] and an error naming telegram:2", visited, err)
	}
}

// subscriberKeys returns the keys Subscribers visits, after checking that
// each visited reader is subscribed.
func subscriberKeys(tb testing.TB, db *DB) []string {
	tb.Helper()
	var keys []string
	err := db.Subscribers(context.Background(), func(r bot.Reader) error {
		if !r.Sub.On {
			tb.Errorf("Subscribers visited %s with Sub.On false", r.Key)
		}
		keys = append(keys, r.Key)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return keys
}
