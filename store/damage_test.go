package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// wholeStore writes a store of 200 readers at path and returns its bytes.
func wholeStore(t *testing.T, path string) []byte {
	t.Helper()
	db := mustOpenAt(t, path, Options{})
	for i := range 200 {
		if _, err := db.Update(context.Background(), "console:r"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+time.Duration(i).String(),
			func(r *bot.Reader) error { r.Lang = "en"; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// holdLock keeps path open in another process until the test ends.
func holdLock(t *testing.T, path string) {
	t.Helper()
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
	if line, err := bufio.NewReader(stdout).ReadString('\n'); strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper said %q, %v; want ready", line, err)
	}
}

// TestOpenRefusesDamageAndTouchesNothing: an empty, cut-short or foreign
// file, or one another process holds, is refused with a short message that
// names the file, and its bytes stay as they were.
func TestOpenRefusesDamageAndTouchesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	randomBytes := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return b
	}
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    error
	}{
		{"empty file", func(t *testing.T, path string) { write(t, path, nil) }, ErrDamaged},
		{"cut short", func(t *testing.T, path string) {
			raw := wholeStore(t, path)
			write(t, path, raw[:len(raw)/2])
		}, ErrDamaged},
		{"one page", func(t *testing.T, path string) {
			raw := wholeStore(t, path)
			write(t, path, raw[:4096])
		}, ErrDamaged},
		{"random bytes", func(t *testing.T, path string) { write(t, path, randomBytes(64<<10)) }, ErrDamaged},
		{"a few random bytes", func(t *testing.T, path string) { write(t, path, randomBytes(100)) }, ErrDamaged},
		{"held by another process", func(t *testing.T, path string) {
			wholeStore(t, path)
			holdLock(t, path)
		}, ErrLocked},
	}
	var damagedMsg string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "paperbot.db")
			tt.prepare(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fi, _ := os.Stat(path)
			db, err := Open(path, Options{Timeout: 300 * time.Millisecond})
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			msg := err.Error()
			if !errors.Is(err, tt.want) {
				t.Errorf("Open = %q, want %v", msg, tt.want)
			}
			if !strings.Contains(msg, path) || strings.Count(msg, "store:") != 1 || strings.Contains(msg, "\n") {
				t.Errorf("Open = %q, want one line naming %s with one store: prefix", msg, path)
			}
			for _, runtime := range []string{"runtime", "goroutine", "panic", "fault", "bbolt", "invalid database", "0x"} {
				if strings.Contains(msg, runtime) {
					t.Errorf("Open = %q, which shows Go's or bbolt's own text %q", msg, runtime)
				}
			}
			if tt.want == ErrDamaged {
				if !strings.Contains(msg, "paperbot restore BACKUP") {
					t.Errorf("Open = %q, want it to say how to restore", msg)
				}
				if damagedMsg == "" {
					damagedMsg = msg
				} else if strings.ReplaceAll(msg, path, "PATH") != strings.ReplaceAll(damagedMsg, damagedPath(damagedMsg), "PATH") {
					t.Errorf("Open = %q; another damage said %q: want the same message", msg, damagedMsg)
				}
			}
			after, err := os.ReadFile(path)
			fa, _ := os.Stat(path)
			if err != nil || !bytes.Equal(before, after) || !fa.ModTime().Equal(fi.ModTime()) {
				t.Errorf("the file changed: %d bytes → %d, %v → %v (%v)", len(before), len(after), fi.ModTime(), fa.ModTime(), err)
			}
		})
	}
}

// damagedPath is the file a damaged-store message names.
func damagedPath(msg string) string {
	rest, _ := strings.CutPrefix(msg, "store: ")
	path, _, _ := strings.Cut(rest, " is damaged")
	return path
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
