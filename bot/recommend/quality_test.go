package recommend

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// judgedQuery is a query of a relevance file with its graded papers
// (arXiv id → 2 must, 1 good).
type judgedQuery struct {
	query  string
	grades map[string]int
}

// readJudgements reads a relevance file: a header line, then lines of a
// query, a tab and space-separated arxiv:grade pairs.
func readJudgements(tb testing.TB, path string) []judgedQuery {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []judgedQuery
	sc := bufio.NewScanner(f)
	for line := 0; sc.Scan(); line++ {
		q, rest, ok := strings.Cut(sc.Text(), "\t")
		if line == 0 || !ok {
			continue
		}
		jq := judgedQuery{query: q, grades: map[string]int{}}
		for _, pair := range strings.Fields(rest) {
			id, g, _ := strings.Cut(pair, ":")
			n, err := strconv.Atoi(g)
			if err != nil {
				tb.Fatalf("%s:%d: bad grade %q", path, line+1, pair)
			}
			jq.grades[id] = n
		}
		out = append(out, jq)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// queryScores are the figures of one query at cut-off k.
type queryScores struct {
	ndcg, recallMust, recallAll float64
}

// evaluate scores a ranking (arXiv ids, best first) against judged grades:
// nDCG@k with the grade as gain and the ideal ranking over all judged
// papers, and recall@k of the grade-2 papers and of all judged papers.
func evaluate(ranked []string, grades map[string]int, k int) queryScores {
	var dcg, idcg float64
	var must, foundMust, foundAll int
	for i, id := range ranked[:min(k, len(ranked))] {
		g := grades[id]
		dcg += float64(g) / math.Log2(float64(i+2))
		if g > 0 {
			foundAll++
		}
		if g == 2 {
			foundMust++
		}
	}
	var ideal []int
	for _, g := range grades {
		ideal = append(ideal, g)
		if g == 2 {
			must++
		}
	}
	slices.SortFunc(ideal, func(a, b int) int { return b - a })
	for i, g := range ideal[:min(k, len(ideal))] {
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	s := queryScores{recallAll: float64(foundAll) / float64(max(len(grades), 1))}
	if idcg > 0 {
		s.ndcg = dcg / idcg
	}
	s.recallMust = 1
	if must > 0 {
		s.recallMust = float64(foundMust) / float64(must)
	}
	return s
}

// meanScores ranks every judged query with rank (Search or Answer) and
// logs the figures of each query and their mean.
func meanScores(t *testing.T, rank func(string, int) []Hit, qs []judgedQuery, k int) queryScores {
	t.Helper()
	var sum queryScores
	for _, jq := range qs {
		var ranked []string
		for _, h := range rank(jq.query, k) {
			ranked = append(ranked, h.Paper.ArXiv)
		}
		s := evaluate(ranked, jq.grades, k)
		t.Logf("%-40q nDCG@%d %.3f  recall@%d grade-2 %.2f all %.2f  top %v", jq.query, k, s.ndcg, k, s.recallMust, s.recallAll, ranked)
		sum.ndcg += s.ndcg
		sum.recallMust += s.recallMust
		sum.recallAll += s.recallAll
	}
	n := float64(max(len(qs), 1))
	return queryScores{sum.ndcg / n, sum.recallMust / n, sum.recallAll / n}
}

// TestQualityPublic measures the ranking on the public judged queries, of
// Search and of Answer (what the bot and `paperbot search` show), and
// fails under nDCG@5 = 0.92. The aim is 0.95; measured 0.9233 on the set
// of 159 papers (0.9312 on 130). What is left are relevant papers the
// judgements predate or leave out ranked above judged ones: UP-DETR, DETReg
// and CutLER for "object detection pretraining", MoBY for "momentum
// encoder", EsViT and Registers for "vision transformer self-supervised".
// The judgements are the public file as given; they are not edited here.
func TestQualityPublic(t *testing.T) {
	checkQuality(t, "testdata/queries-public.tsv", "public", 0.92)
}

// TestQualityDev measures the ranking on this package's own judged
// queries, a guard against tuning to the public ones only.
func TestQualityDev(t *testing.T) {
	checkQuality(t, "testdata/queries-dev.tsv", "dev", 0.90)
}

func checkQuality(t *testing.T, path, name string, floor float64) {
	e := testEngine(t)
	qs := readJudgements(t, path)
	for _, r := range []struct {
		name string
		rank func(string, int) []Hit
	}{
		{"Search", e.Search},
		{"Answer", func(q string, k int) []Hit { return e.Answer(q, History{}, 0, k).Hits }},
	} {
		t.Run(r.name, func(t *testing.T) {
			m := meanScores(t, r.rank, qs, 5)
			line := fmt.Sprintf("%s queries (%s): %d: nDCG@5 %.4f, recall@5 grade-2 %.4f, recall@5 all judged %.4f", name, r.name, len(qs), m.ndcg, m.recallMust, m.recallAll)
			t.Log(line)
			if testing.Verbose() {
				fmt.Println("quality:", line)
			}
			if m.ndcg < floor {
				t.Errorf("%s nDCG@5 of %s = %.4f, want >= %.2f", name, r.name, m.ndcg, floor)
			}
		})
	}
}
