package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

// historyIDs is what `ask --json /history` lists for user in dir.
func historyIDs(t *testing.T, dir, user string) []string {
	t.Helper()
	out, errOut, code := runCLI(t, "", "ask", "--data-dir", dir, "--user", user, "--json", "/history")
	if code != 0 {
		t.Fatalf("ask /history: %d %s", code, errOut)
	}
	var r struct{ Papers []struct{ ID string } }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("ask /history: %v\n%s", err, out)
	}
	var ids []string
	for _, p := range r.Papers {
		ids = append(ids, p.ID)
	}
	slices.Sort(ids)
	return ids
}

func askAs(t *testing.T, dir, user, text string) {
	t.Helper()
	if _, errOut, code := runCLI(t, "", "ask", "--data-dir", dir, "--user", user, text); code != 0 {
		t.Fatalf("ask %q: %d %s", text, code, errOut)
	}
}

func TestBackupRestoreRoundTripKeepsProgress(t *testing.T) {
	dir := t.TempDir()
	askAs(t, dir, "ann", "/read mocov2")
	askAs(t, dir, "ann", "/read byol")
	askAs(t, dir, "bob", "/subscribe 08:30 Asia/Shanghai")
	backup := filepath.Join(t.TempDir(), "b.db")
	out, errOut, code := runCLI(t, "", "backup", "--data-dir", dir, backup)
	if code != 0 || !strings.Contains(out, "readers: 2") || !strings.Contains(out, "read directly") {
		t.Fatalf("backup = %d %q %q", code, out, errOut)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}

	// Progress after the backup, then the restore takes it back.
	askAs(t, dir, "ann", "/unread byol")
	askAs(t, dir, "ann", "/read simclr")
	askAs(t, dir, "carl", "/read dino")
	out, errOut, code = runCLI(t, "", "restore", "--data-dir", dir, backup)
	if code != 0 || !strings.Contains(out, "readers: 2, subscribed: 1") {
		t.Fatalf("restore = %d %q %q", code, out, errOut)
	}
	if got, want := historyIDs(t, dir, "ann"), []string{"byol", "mocov2"}; !slices.Equal(got, want) {
		t.Errorf("ann's history after restore = %v, want %v", got, want)
	}
	if got := historyIDs(t, dir, "carl"); len(got) != 0 {
		t.Errorf("carl, who came after the backup, has history %v", got)
	}

	// The store as it was before the restore is kept beside it.
	kept, _ := filepath.Glob(filepath.Join(dir, "paperbot.db.before-restore-*"))
	if len(kept) != 1 || !strings.Contains(out, kept[0]) {
		t.Fatalf("kept files %v; restore said %q", kept, out)
	}
	db, err := store.Open(kept[0], store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.Get(context.Background(), "console:carl")
	if err != nil || r.Read["dino"].IsZero() {
		t.Errorf("the kept store lacks carl's read of dino: %+v %v", r, err)
	}
}

func TestRestoreRefusesWhileServingAndBadFiles(t *testing.T) {
	dir := t.TempDir()
	askAs(t, dir, "ann", "/read mocov2")
	good := filepath.Join(t.TempDir(), "good.db")
	if _, errOut, code := runCLI(t, "", "backup", "--data-dir", dir, good); code != 0 {
		t.Fatal(errOut)
	}
	notStore := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(notStore, bytes.Repeat([]byte("hello\n"), 5000), 0o600)
	storePath := filepath.Join(dir, "paperbot.db")

	for _, c := range []struct{ name, file, want string }{
		{"not a store", notStore, "not a paperbot store"},
		{"missing", filepath.Join(dir, "nope.db"), "no such file"},
		{"the store itself", storePath, "is the store itself"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, "", "restore", "--data-dir", dir, c.file)
			if code != 1 || !strings.Contains(errOut, c.want) {
				t.Errorf("restore = %d %q, want status 1 and %q", code, errOut, c.want)
			}
		})
	}

	// A running paperbot holds the store: restore refuses and changes nothing.
	db, err := store.Open(storePath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(storePath)
	_, errOut, code := runCLI(t, "", "restore", "--data-dir", dir, good)
	after, _ := os.ReadFile(storePath)
	db.Close()
	if code != 1 || !strings.Contains(errOut, "refused while a paperbot runs") {
		t.Errorf("restore while the store is held = %d %q", code, errOut)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("a refused restore changed the store")
	}
	// Nor may backup write over the store, or read one that is not there.
	if _, errOut, code := runCLI(t, "", "backup", "--data-dir", dir, storePath); code != 1 || !strings.Contains(errOut, "store itself") {
		t.Errorf("backup onto the store = %d %q", code, errOut)
	}
	if _, errOut, code := runCLI(t, "", "backup", "--data-dir", t.TempDir(), good); code != 1 || !strings.Contains(errOut, "no store") {
		t.Errorf("backup of no store = %d %q", code, errOut)
	}
	if kept, _ := filepath.Glob(filepath.Join(dir, "*before-restore*")); len(kept) != 0 {
		t.Errorf("a refused restore left %v", kept)
	}
}

func TestBackupWhileHeldNeedsTheOpsListener(t *testing.T) {
	dir := t.TempDir()
	askAs(t, dir, "ann", "/read mocov2")
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, errOut, code := runCLI(t, "", "backup", "--data-dir", dir, filepath.Join(t.TempDir(), "b.db"))
	if code != 1 || !strings.Contains(errOut, "set http.listen") {
		t.Errorf("backup of a held store without http.listen = %d %q", code, errOut)
	}
}

func TestBackupToStandardOutput(t *testing.T) {
	dir := t.TempDir()
	askAs(t, dir, "ann", "/read mocov2")
	out, errOut, code := runCLI(t, "", "backup", "--data-dir", dir, "-")
	if code != 0 {
		t.Fatalf("backup - = %d %s", code, errOut)
	}
	f := filepath.Join(t.TempDir(), "piped.db")
	os.WriteFile(f, []byte(out), 0o600)
	if n, err := store.Verify(context.Background(), f); n != 1 || err != nil {
		t.Errorf("backup to stdout: %d readers, %v", n, err)
	}
}

func TestScheduledBackupsKeepTheNewest(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "paperbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Update(context.Background(), "telegram:1", func(r *bot.Reader) error { r.Lang = "en"; return nil }); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	s := &schedule{db: db, dir: dir, every: 6 * time.Hour, keep: 3, log: slog.New(slog.DiscardHandler),
		now: func() time.Time { return now }}
	if w := s.firstWait(); w != 0 {
		t.Errorf("first wait with no backups = %v, want 0", w)
	}
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600)
	var made []string
	for i := range 5 {
		p, err := s.once(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, filepath.Base(p))
		now = now.Add(time.Duration(i+1) * time.Hour)
	}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := append([]string{"notes.txt"}, made[2:]...)
	if !slices.Equal(got, want) {
		t.Errorf("backup dir = %v, want %v", got, want)
	}
	if n, err := store.Verify(context.Background(), filepath.Join(dir, made[4])); n != 1 || err != nil {
		t.Errorf("newest backup: %d readers, %v", n, err)
	}
	// It is midnight; the newest was made at 19:00, so the next is due at 01:00.
	if w := s.firstWait(); w != time.Hour {
		t.Errorf("wait after the newest backup = %v, want 1h", w)
	}
	// A partial file left by a crash is not a backup.
	os.WriteFile(filepath.Join(dir, ".paperbot-20260315T000000Z.db.partial-123"), []byte("x"), 0o600)
	if names := s.backups(); !slices.Equal(names, made[2:]) {
		t.Errorf("backups() = %v, want %v", names, made[2:])
	}
}

func TestBackupIntervalMustBeADuration(t *testing.T) {
	for _, iv := range []string{"daily", "10s", "-1h"} {
		t.Run(iv, func(t *testing.T) {
			file := writeTestConfig(t, fmt.Sprintf("backup:\n  interval: %q\n", iv))
			if _, err := loadConfig(file, t.TempDir()); err == nil || !strings.Contains(err.Error(), "backup.interval") {
				t.Errorf("backup.interval %q: %v, want an error naming the key", iv, err)
			}
		})
	}
	a := openTestApp(t, "backup:\n  interval: 24h\n")
	if s, err := newBackupService(a); err != nil || s == nil {
		t.Errorf("backup.interval 24h: %v, %v", s, err)
	}
}

func TestRestoreRollsBackAStoreFromANewerPaperbot(t *testing.T) {
	dir := t.TempDir()
	askAs(t, dir, "ann", "/read mocov2")
	backup := filepath.Join(t.TempDir(), "before-upgrade.db")
	if _, errOut, code := runCLI(t, "", "backup", "--data-dir", dir, backup); code != 0 {
		t.Fatal(errOut)
	}
	// A newer paperbot upgraded the store: this one cannot open it.
	storePath := filepath.Join(dir, "paperbot.db")
	bdb, err := bolt.Open(storePath, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("version"), []byte("99")) })
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, "", "ask", "--data-dir", dir, "/progress"); code != 1 || !strings.Contains(errOut, "upgrade paperbot") {
		t.Fatalf("ask on the upgraded store = %d %q, want a refusal", code, errOut)
	}
	out, errOut, code := runCLI(t, "", "restore", "--data-dir", dir, backup)
	if code != 0 || !strings.Contains(out, "before-restore") {
		t.Fatalf("restore over a newer store = %d %q %q", code, out, errOut)
	}
	if got := historyIDs(t, dir, "ann"); !slices.Equal(got, []string{"mocov2"}) {
		t.Errorf("history after the rollback = %v", got)
	}
}

// TestDamagedStoreSaysHowToRestore: a damaged store (here empty) stops
// every command with one line naming the file and the restore command,
// changes nothing, and that restore command then works.
func TestDamagedStoreSaysHowToRestore(t *testing.T) {
	dir := t.TempDir()
	askAs(t, dir, "ann", "/read mocov2")
	backup := filepath.Join(t.TempDir(), "good.db")
	if _, errOut, code := runCLI(t, "", "backup", "--data-dir", dir, backup); code != 0 {
		t.Fatal(errOut)
	}
	storePath := filepath.Join(dir, "paperbot.db")
	if err := os.WriteFile(storePath, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"ask", "--data-dir", dir, "/progress"}, {"digest", "run", "--data-dir", dir, "--dry-run"}} {
		t.Run(args[0], func(t *testing.T) {
			_, errOut, code := runCLI(t, "", args...)
			want := "paperbot: store: " + storePath + " is damaged"
			if code != 1 || !strings.HasPrefix(errOut, want) || !strings.Contains(errOut, "paperbot restore BACKUP") ||
				strings.Count(errOut, "\n") != 1 || strings.Count(errOut, "store:") != 1 {
				t.Errorf("%v on an empty store = %d %q, want one line starting %q that says how to restore", args, code, errOut, want)
			}
		})
	}
	if fi, err := os.Stat(storePath); err != nil || fi.Size() != 0 {
		t.Fatalf("the empty store changed: %v, %v", fi, err)
	}
	if _, errOut, code := runCLI(t, "", "restore", "--data-dir", dir, backup); code != 0 {
		t.Fatalf("restore over a damaged store = %d %s", code, errOut)
	}
	if got := historyIDs(t, dir, "ann"); !slices.Equal(got, []string{"mocov2"}) {
		t.Errorf("after the restore ann's history is %v, want [mocov2]", got)
	}
	if kept, _ := filepath.Glob(filepath.Join(dir, "*before-restore*")); len(kept) != 1 {
		t.Errorf("the damaged store was not kept aside: %v", kept)
	}
}
