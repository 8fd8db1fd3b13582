package recommend

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/data"
)

// kindQuery is a query of testdata/queries-understanding.tsv: its kind,
// graded papers (arXiv id → 2 must, 1 good) and papers that must not be in
// the top 5.
type kindQuery struct {
	kind, query string
	grades      map[string]int
	not         []string
}

func readKindQueries(tb testing.TB, path string) []kindQuery {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []kindQuery
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") || strings.HasPrefix(text, "kind\t") || strings.TrimSpace(text) == "" {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 2 {
			tb.Fatalf("%s:%d: want kind, query and judgements", path, line)
		}
		kq := kindQuery{kind: cols[0], query: cols[1], grades: map[string]int{}}
		if len(cols) > 2 {
			for _, j := range strings.Fields(cols[2]) {
				if id, ok := strings.CutPrefix(j, "-"); ok {
					kq.not = append(kq.not, id)
					continue
				}
				id, g, _ := strings.Cut(j, ":")
				n, err := strconv.Atoi(g)
				if err != nil {
					tb.Fatalf("%s:%d: bad grade %q", path, line, j)
				}
				kq.grades[id] = n
			}
		}
		out = append(out, kq)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestQualityUnderstanding gates Answer on the queries a researcher types
// beyond method names: an arXiv id gives that paper alone, a query on
// something the set does not hold gives nothing, and relations,
// comparisons, negations, Chinese without spaces and weak words reach a
// mean nDCG@5 of 0.9 with no paper in the top 5 that must not be there.
func TestQualityUnderstanding(t *testing.T) {
	e := testEngine(t)
	qs := readKindQueries(t, "testdata/queries-understanding.tsv")
	type tally struct {
		n, graded int
		ndcg      float64
		ok        int
	}
	byKind := map[string]*tally{}
	var kinds []string
	var graded tally
	for _, kq := range qs {
		a := e.Answer(kq.query, History{}, 0, 5)
		var ranked []string
		for _, h := range a.Hits {
			ranked = append(ranked, h.Paper.ArXiv)
		}
		tl := byKind[kq.kind]
		if tl == nil {
			tl = &tally{}
			byKind[kq.kind] = tl
			kinds = append(kinds, kq.kind)
		}
		tl.n++
		switch kq.kind {
		case "id":
			want := []string{}
			for id := range kq.grades {
				want = append(want, id)
			}
			if slices.Equal(ranked, want) && a.Kind == AnswerLookup {
				tl.ok++
			} else {
				t.Errorf("%q: got %s %v, want exactly %v", kq.query, a.Kind, ranked, want)
			}
		case "none":
			if len(ranked) == 0 && a.Kind == AnswerNone {
				tl.ok++
			} else {
				t.Errorf("%q: got %s %v, want nothing", kq.query, a.Kind, ranked)
			}
		default:
			// a query with no graded paper ("learning based on image
			// models") is judged by what must not be in its top 5 only
			s := evaluate(ranked, kq.grades, 5)
			if len(kq.grades) > 0 {
				tl.ndcg += s.ndcg
				tl.graded++
				graded.graded++
				graded.ndcg += s.ndcg
			}
			bad := false
			for _, id := range kq.not {
				if slices.Contains(ranked, id) {
					t.Errorf("%q: %s is in the top 5 %v", kq.query, id, ranked)
					bad = true
				}
			}
			if !bad {
				tl.ok++
			}
			t.Logf("%-8s %-46q %-7s nDCG@5 %.3f  top %v", kq.kind, kq.query, a.Kind, s.ndcg, ranked)
		}
	}
	for _, k := range kinds {
		tl := byKind[k]
		line := fmt.Sprintf("understanding %-8s queries %2d: right %2d", k, tl.n, tl.ok)
		if k != "id" && k != "none" {
			line += fmt.Sprintf(", nDCG@5 %.4f", tl.ndcg/float64(max(tl.graded, 1)))
		}
		t.Log(line)
		if testing.Verbose() {
			fmt.Println("quality:", line)
		}
	}
	mean := graded.ndcg / float64(max(graded.graded, 1))
	line := fmt.Sprintf("understanding graded queries: %d: nDCG@5 %.4f", graded.graded, mean)
	t.Log(line)
	if testing.Verbose() {
		fmt.Println("quality:", line)
	}
	if mean < 0.9 {
		t.Errorf("understanding nDCG@5 = %.4f, want >= 0.90", mean)
	}
}

// A word that names a topic stays a word to search by however many papers
// hold it: a set that grows contrastive papers must still answer
// "contrastive". A common word that names no topic does turn weak.
func TestTopicWordsNeverWeak(t *testing.T) {
	set, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var extra []data.Paper
	for i := range 2 * len(set.Papers) {
		extra = append(extra, data.Paper{
			ID: fmt.Sprintf("extra%d", i), Title: fmt.Sprintf("Contrastive widgets number %d", i),
			Authors: []string{"A. Author"}, Year: 2025, Topics: []string{"contrastive"}, URL: fmt.Sprintf("https://example.org/%d", i),
			Summary: data.Text{EN: "A contrastive study of widgets."}})
	}
	big, skipped := set.With(extra)
	if len(skipped) > 0 {
		t.Fatal(skipped[0])
	}
	e := New(big)
	if a := e.Answer("contrastive", History{}, 0, 5); a.Kind != AnswerSearch || len(a.Hits) == 0 {
		t.Errorf(`Answer("contrastive") = %s, %d hits in a set where most papers are contrastive`, a.Kind, len(a.Hits))
	}
	if a := e.Answer("widgets", History{}, 0, 5); a.Kind != AnswerNone || !a.Broad {
		t.Errorf(`Answer("widgets") = %s, %d hits; a word in most papers that names no topic is too broad`, a.Kind, len(a.Hits))
	}
}
