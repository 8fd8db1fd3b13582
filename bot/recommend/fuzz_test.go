package recommend

import (
	"testing"
	"unicode/utf8"
)

// FuzzSearch feeds arbitrary text to the query side: search, lookup,
// suggestions and topics must not panic, and hits must come best first,
// each paper once, within the limit. Its seed corpus is in
// testdata/fuzz/FuzzSearch; run it with go test -fuzz=FuzzSearch.
func FuzzSearch(f *testing.F) {
	e := testEngine(f)
	for _, s := range badInputs {
		if len(s) < 200 {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		hits := e.Search(q, 5)
		if len(hits) > 5 {
			t.Fatalf("Search(%q, 5) = %d hits", q, len(hits))
		}
		seen := map[string]bool{}
		for i, h := range hits {
			if seen[h.Paper.ID] {
				t.Fatalf("Search(%q): %s twice", q, h.Paper.ID)
			}
			seen[h.Paper.ID] = true
			if i > 0 && h.Score > hits[i-1].Score {
				t.Fatalf("Search(%q): scores out of order", q)
			}
			if txt := h.Reason.Text("zh", e.set); !utf8.ValidString(txt) {
				t.Fatalf("Search(%q): reason %q is not valid UTF-8", q, txt)
			}
		}
		if p, ok := e.Lookup(q); ok && p == nil {
			t.Fatalf("Lookup(%q) = nil, true", q)
		}
		if len(e.Suggest(q, 3)) > 3 {
			t.Fatalf("Suggest(%q, 3) returned more than 3", q)
		}
		if tp, ok := e.ResolveTopic(q); ok && tp == nil {
			t.Fatalf("ResolveTopic(%q) = nil, true", q)
		}
	})
}
