package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// t0 is the test clock's start; whole seconds in UTC, as the store keeps them.
var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

// mustOpen opens a store in a fresh temporary directory, closed when the
// test ends.
func mustOpen(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenAt(tb, filepath.Join(tb.TempDir(), "data", "paperbot.db"), Options{})
}

// mustOpenAt opens the store at path; a nil opts.Now becomes a fixed clock
// at t0.
func mustOpenAt(tb testing.TB, path string, opts Options) *DB {
	tb.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return t0 }
	}
	db, err := Open(path, opts)
	if err != nil {
		tb.Fatalf("Open(%q) = %v", path, err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	db := mustOpenAt(t, filepath.Join(dir, "paperbot.db"), Options{})
	for _, c := range []struct {
		path string
		want os.FileMode
	}{{dir, 0o700}, {db.Path(), 0o600}} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			fi, err := os.Stat(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != c.want {
				t.Errorf("mode of %s = %v, want %v", c.path, got, c.want)
			}
		})
	}
	if got := rawVersion(t, db); got != strconv.Itoa(schemaVersion) {
		t.Errorf("schema version of a new file = %q, want %d", got, schemaVersion)
	}
}

func TestOpenNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not bbolt\n"), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{Timeout: time.Second})
	if err == nil || errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open(%q) = %v, want an error naming the file", path, err)
	}
}

func TestPersistsAcrossReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paperbot.db")
	db := mustOpenAt(t, path, Options{})
	ctx := context.Background()
	if _, err := db.Update(ctx, "telegram:1", markRead("p1", "p2")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(ctx, "telegram:1", subscribe(true)); err != nil {
		t.Fatal(err)
	}
	want, _ := db.Get(ctx, "telegram:1")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, Options{})
	got, err := db.Get(ctx, "telegram:1")
	if err != nil {
		t.Fatal(err)
	}
	assertReader(t, got, want)
	if r, s, err := db.Count(ctx); r != 1 || s != 1 || err != nil {
		t.Errorf("Count after reopen = %d, %d, %v, want 1, 1, nil", r, s, err)
	}
}

func TestBackup(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	if _, err := db.Update(ctx, "slack:T1:U2", markRead("p1")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := db.Backup(ctx, &buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("Backup = %d, %v; wrote %d bytes", n, err, buf.Len())
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := mustOpenAt(t, path, Options{}).Get(ctx, "slack:T1:U2")
	if err != nil || got.Read["p1"].IsZero() {
		t.Errorf("Get from backup = %+v, %v, want p1 read", got, err)
	}
}

// helperEnv names the database TestHelperHoldLock opens when it is set.
const helperEnv = "PAPERBOT_STORE_HOLD_LOCK"

// TestHelperHoldLock is not a test: TestOpenLockedByOtherProcess runs the
// test binary again with helperEnv set, and this function then holds the
// store open until its stdin closes.
func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process only")
	}
	db, err := Open(path, Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // returns at EOF
	_ = db.Close()
}

func TestOpenLockedByOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paperbot.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper said %q, %v; want ready", line, err)
	}

	start := time.Now()
	db, err := Open(path, Options{Timeout: 300 * time.Millisecond})
	elapsed := time.Since(start)
	if err == nil {
		_ = db.Close()
		t.Fatal("Open of a file held by another process succeeded")
	}
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open error = %q, want ErrLocked naming %s", err, path)
	}
	t.Logf("second Open gave up after %v: %v", elapsed.Round(time.Millisecond), err)
	if elapsed > 3*time.Second {
		t.Errorf("Open took %v to give up, want under 3s", elapsed)
	}

	_ = stdin.Close() // the helper closes the store and exits
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	mustOpenAt(t, path, Options{Timeout: time.Second}) // free again
}

// rawVersion reads the schema version straight from the bbolt file.
func rawVersion(tb testing.TB, db *DB) string {
	tb.Helper()
	var v string
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(metaBucket).Get(versionKey))
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return v
}

func markRead(ids ...string) func(*bot.Reader) error {
	return func(r *bot.Reader) error {
		if r.Read == nil {
			r.Read = map[string]time.Time{}
		}
		for _, id := range ids {
			r.Read[id] = t0
		}
		return nil
	}
}

func subscribe(on bool) func(*bot.Reader) error {
	return func(r *bot.Reader) error {
		r.Sub.On, r.Sub.Time, r.Sub.Zone = on, "09:00", "Europe/Berlin"
		return nil
	}
}

func TestOpenRefusesATruncatedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paperbot.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		key := fmt.Sprintf("console:r%d", i)
		if _, err := db.Update(context.Background(), key, func(r *bot.Reader) error {
			r.Lang = "en"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw[:len(raw)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{})
	if err == nil {
		db.Close()
		t.Fatalf("Open of a file cut to %d of %d bytes succeeded", len(raw)/2, len(raw))
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("Open error = %v, want the file named and the damage said", err)
	}
}
