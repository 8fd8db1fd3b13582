package recommend

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paperbot/paperbot/data"
)

// TestPaperOfDayCycle checks that any len(set) consecutive days show every
// paper exactly once.
func TestPaperOfDayCycle(t *testing.T) {
	e := testEngine(t)
	n := len(e.set.Papers)
	for _, start := range []time.Time{
		time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 1, 0, 0, 0, 0, time.UTC), // before the epoch
		time.Date(2100, 2, 28, 23, 59, 59, 0, time.UTC),
	} {
		t.Run(start.Format(time.DateOnly), func(t *testing.T) {
			seen := map[string]int{}
			for i := range n {
				p := e.PaperOfDay(start.AddDate(0, 0, i))
				if p == nil {
					t.Fatalf("PaperOfDay(%v) = nil", start.AddDate(0, 0, i))
				}
				seen[p.ID]++
			}
			if len(seen) != n {
				t.Errorf("%d days from %v show %d different papers, want %d", n, start, len(seen), n)
			}
			if first, next := e.PaperOfDay(start), e.PaperOfDay(start.AddDate(0, 0, n)); first != next {
				t.Errorf("PaperOfDay(%v) = %s, %d days later %s; want the cycle to repeat", start, first.ID, n, next.ID)
			}
		})
	}
}

// TestPaperOfDayStable checks that the paper depends only on the UTC date:
// not on the time of day, the time zone, the engine or the file order.
func TestPaperOfDayStable(t *testing.T) {
	e := testEngine(t)
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	want := e.PaperOfDay(day)
	tokyo := time.FixedZone("UTC+9", 9*3600)
	for _, at := range []time.Time{
		day.Add(23*time.Hour + 59*time.Minute),
		time.Date(2025, 6, 2, 8, 59, 0, 0, tokyo),                             // 2025-06-01 23:59 UTC
		time.Date(2025, 5, 31, 20, 0, 0, 0, time.FixedZone("UTC-5", -5*3600)), // 2025-06-01 01:00 UTC
	} {
		t.Run(at.Format(time.RFC3339), func(t *testing.T) {
			if got := e.PaperOfDay(at); got != want {
				t.Errorf("PaperOfDay(%v) = %s, want %s as for %v", at, got.ID, want.ID, day)
			}
		})
	}
	if got := New(e.set).PaperOfDay(day); got.ID != want.ID {
		t.Errorf("a second engine's PaperOfDay(%v) = %s, want %s", day, got.ID, want.ID)
	}
	reversed := reversedSet(t, e.set)
	if got := New(reversed).PaperOfDay(day); got.ID != want.ID {
		t.Errorf("PaperOfDay(%v) over the reversed file = %s, want %s", day, got.ID, want.ID)
	}
}

// reversedSet writes the set's papers in reverse order and loads them.
func reversedSet(t *testing.T, s *data.Set) *data.Set {
	t.Helper()
	src, err := os.ReadFile("../../data/papers.jsonl")
	if err != nil {
		t.Skip("papers.jsonl not found:", err)
	}
	lines := bytes.Split(bytes.TrimSpace(src), []byte("\n"))
	slices.Reverse(lines)
	path := filepath.Join(t.TempDir(), "reversed.jsonl")
	if err := os.WriteFile(path, bytes.Join(lines, []byte("\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := data.Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Papers) != len(s.Papers) {
		t.Skip("the embedded set is not data/papers.jsonl")
	}
	return r
}
