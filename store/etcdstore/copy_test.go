package etcdstore

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

// TestBackupIsABboltStore: an etcd backup is a bbolt store file with the
// same bytes for each reader, and loading a bbolt store's dump into etcd
// gives those bytes back.
func TestBackupIsABboltStore(t *testing.T) {
	c := etcdtest.Start(t, 1)
	db := mustOpen(t, c, Options{})
	ctx := context.Background()
	for _, key := range []string{"telegram:1", "telegram:2", "slack:T1:U2"} {
		if _, err := db.Update(ctx, key, func(r *bot.Reader) error {
			r.Sub = bot.Subscription{On: key == "telegram:2", Time: "07:00", Zone: "UTC"}
			return markRead("p-" + key)(r)
		}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := db.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := store.Verify(ctx, path); err != nil || n != 3 {
		t.Fatalf("Verify(backup) = %d, %v; want 3 readers", n, err)
	}
	bdb, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if r, s, err := bdb.Count(ctx); err != nil || r != 3 || s != 1 {
		t.Errorf("backup holds %d readers, %d subscribed (%v); want 3, 1", r, s, err)
	}
	var entries []store.Entry
	if err := bdb.Dump(ctx, func(e store.Entry) error { entries = append(entries, e); return nil }); err != nil {
		t.Fatal(err)
	}
	back := mustOpen(t, c, Options{})
	if empty, err := back.Empty(ctx); err != nil || !empty {
		t.Fatalf("a new prefix is empty = %v, %v", empty, err)
	}
	if err := back.Load(ctx, entries); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		resp, err := back.Client().Get(ctx, back.bucketPrefix(e.Bucket)+e.Key)
		if err != nil || len(resp.Kvs) != 1 || !bytes.Equal(resp.Kvs[0].Value, e.Value) {
			t.Errorf("%s/%s after the round trip differs from the bbolt bytes", e.Bucket, e.Key)
		}
	}
	if empty, _ := back.Empty(ctx); empty {
		t.Error("a loaded prefix says it is empty")
	}
}
