package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

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
