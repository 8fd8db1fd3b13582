package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

func TestDigestRunPrintsConsoleDigestsOnce(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := runCLI(t, "", "ask", "--data-dir", dir, "--user", "alice", "/subscribe", "08:30", "Asia/Kathmandu"); code != 0 {
		t.Fatalf("subscribe: %s", errOut)
	}
	if _, errOut, code := runCLI(t, "", "ask", "--data-dir", dir, "--user", "bob", "/subscribe", "09:00", "UTC"); code != 0 {
		t.Fatalf("subscribe: %s", errOut)
	}
	// A Telegram reader, whose platform is not configured here.
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Update(context.Background(), "telegram:42", func(r *bot.Reader) error {
		r.Sub = bot.Subscription{On: true, Time: "07:00", Zone: "UTC"}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	// 13:45 in Kathmandu: alice is due, bob not yet. A fixed day, maybe far
	// from today: the real passes need --force.
	at := "2026-03-14T08:00:00Z"

	for range 2 { // a dry run records nothing, so twice gives the same
		out, errOut, code := runCLI(t, "", "digest", "run", "--data-dir", dir, "--dry-run", "--at", at)
		if code != 0 || !strings.Contains(out, "console:alice  2026-03-14  2026-03-14 02:45") ||
			!strings.Contains(out, "telegram:42") || strings.Contains(out, "console:bob") {
			t.Fatalf("dry run = %d\n%s\n%s", code, out, errOut)
		}
	}
	out, errOut, code := runCLI(t, "", "digest", "run", "--data-dir", dir, "--force", "--at", at)
	if code != 0 || !strings.Contains(out, "daily paper for console:alice") || !strings.Contains(out, "0 of ") ||
		strings.Contains(out, "console:bob") || !strings.Contains(errOut, "1 sent") || !strings.Contains(errOut, "1 due on platforms not configured") {
		t.Fatalf("digest run = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, "", "digest", "run", "--data-dir", dir, "--force", "--at", at)
	if code != 0 || out != "" || !strings.Contains(errOut, "0 sent") {
		t.Errorf("second digest run the same day = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	out, _, _ = runCLI(t, "", "digest", "run", "--data-dir", dir, "--force", "--at", "2026-03-14T09:00:00Z")
	if !strings.Contains(out, "console:bob") || strings.Contains(out, "console:alice") {
		t.Errorf("at 09:00 UTC:\n%s\nwant bob's digest only", out)
	}
}

func TestDigestRunUsage(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"digest"}, "paperbot digest run"},
		{"unknown subcommand", []string{"digest", "now"}, "paperbot digest run"},
		{"bad --at", []string{"digest", "run", "--data-dir", dir, "--at", "tomorrow"}, "not an RFC 3339 time"},
		{"extra argument", []string{"digest", "run", "--data-dir", dir, "extra"}, "unexpected"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, "", c.args...)
			if code != 1 || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("%v = %d, %q; want status 1 and one line with %q", c.args, code, errOut, c.want)
			}
		})
	}
}

// TestDigestRunFarAtNeedsDryRunOrForce: an --at more than 48 hours from now
// records nothing unless --dry-run or --force says it is meant.
func TestDigestRunFarAtNeedsDryRunOrForce(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := runCLI(t, "", "ask", "--data-dir", dir, "--user", "ann", "/subscribe", "00:00", "UTC"); code != 0 {
		t.Fatalf("subscribe: %s", errOut)
	}
	now := time.Now().UTC()
	stamp := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	tests := []struct {
		name  string
		flags []string
		ok    bool
	}{
		{"the far future", []string{"--at", "9999-12-31T08:00:00Z"}, false},
		{"three days ahead", []string{"--at", stamp(72 * time.Hour)}, false},
		{"three days ago", []string{"--at", stamp(-72 * time.Hour)}, false},
		{"a day ahead", []string{"--at", stamp(24 * time.Hour)}, true},
		{"a day ago", []string{"--at", stamp(-24 * time.Hour)}, true},
		{"now", nil, true},
		{"the far future, dry run", []string{"--dry-run", "--at", "9999-12-31T08:00:00Z"}, true},
		{"three days ahead, forced", []string{"--force", "--at", stamp(72 * time.Hour)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, "", append([]string{"digest", "run", "--data-dir", dir}, tt.flags...)...)
			if tt.ok && code != 0 {
				t.Errorf("digest run %v = %d %q, want it to run", tt.flags, code, errOut)
			}
			if !tt.ok && (code != 1 || !strings.Contains(errOut, "--dry-run") || !strings.Contains(errOut, "--force") ||
				strings.Count(strings.TrimSpace(errOut), "\n") > 0) {
				t.Errorf("digest run %v = %d %q, want status 1 and one line naming --dry-run and --force", tt.flags, code, errOut)
			}
		})
	}
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.Get(context.Background(), "console:ann")
	if err != nil {
		t.Fatal(err)
	}
	refused := now.Add(-72 * time.Hour).Format(time.DateOnly) // only the refused pass was for that day
	for _, d := range r.Digests {
		if d.Day == refused || strings.HasPrefix(d.Day, "9999") {
			t.Errorf("a refused or dry pass recorded a digest for %s", d.Day)
		}
	}
	if len(r.Digests) == 0 {
		t.Error("no pass recorded anything: the test shows nothing")
	}
}
