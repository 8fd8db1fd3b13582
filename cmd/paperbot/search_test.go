package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSearchUnderstands checks that `paperbot search` answers as the bot
// does: an arXiv id in any form is that paper alone, an unknown id and a
// query the set has nothing on give an empty list (and a sentence without
// --json), and relations list what builds on a paper.
func TestSearchUnderstands(t *testing.T) {
	dir := t.TempDir()
	search := func(t *testing.T, args ...string) []searchResult {
		t.Helper()
		out, errOut, code := runCLI(t, "", append([]string{"search", "--json", "--limit", "5", "--data-dir", dir}, args...)...)
		if code != 0 {
			t.Fatalf("search %q exited %d: %s", args, code, errOut)
		}
		var hits []searchResult
		if err := json.Unmarshal([]byte(out), &hits); err != nil {
			t.Fatalf("search %q: %v: %s", args, err, out)
		}
		return hits
	}
	for _, q := range []string{"arXiv:2104.14294v2", "https://arxiv.org/pdf/2006.09882v3", "http://export.arxiv.org/abs/2106.08254"} {
		t.Run(q, func(t *testing.T) {
			if hits := search(t, q); len(hits) != 1 || !strings.HasPrefix(q[strings.LastIndexAny(q, ":/")+1:], hits[0].ArXiv) {
				t.Errorf("search %q = %+v, want that paper alone", q, hits)
			}
		})
	}
	for _, q := range [][]string{{"2401.99999"}, {"protein", "structure", "prediction"}, {"v2"}} {
		t.Run(strings.Join(q, " "), func(t *testing.T) {
			if hits := search(t, q...); len(hits) != 0 {
				t.Errorf("search %q = %+v, want []", q, hits)
			}
		})
	}
	hits := search(t, "what", "came", "after", "MAE")
	if len(hits) != 5 || hits[0].ID == "mae" || hits[0].Reason != "builds on MAE" {
		t.Errorf("after MAE = %+v", hits)
	}
	out, _, code := runCLI(t, "", "search", "--data-dir", dir, "2401.99999")
	if code != 0 || !strings.Contains(out, "not in the set yet") {
		t.Errorf("search of an unknown id said %q", out)
	}
	out, _, _ = runCLI(t, "", "search", "--data-dir", dir, "protein structure prediction")
	if !strings.Contains(out, "nothing on") {
		t.Errorf("search with no answer said %q", out)
	}
}
