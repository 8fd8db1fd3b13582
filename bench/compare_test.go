package bench

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// queriesFile is the public judged query set of the recommend package.
const queriesFile = "../bot/recommend/testdata/queries-public.tsv"

type judged struct {
	query  string
	grades map[string]int // arXiv id → 2 must, 1 good
}

func readJudged(tb testing.TB) []judged {
	tb.Helper()
	f, err := os.Open(queriesFile)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []judged
	sc := bufio.NewScanner(f)
	for line := 0; sc.Scan(); line++ {
		q, rest, ok := strings.Cut(sc.Text(), "\t")
		if line == 0 || !ok {
			continue
		}
		j := judged{q, map[string]int{}}
		for _, pair := range strings.Fields(rest) {
			id, g, _ := strings.Cut(pair, ":")
			n, err := strconv.Atoi(g)
			if err != nil {
				tb.Fatalf("%s:%d: bad grade %q", queriesFile, line+1, pair)
			}
			j.grades[id] = n
		}
		out = append(out, j)
	}
	return out
}

// ndcg is nDCG@k of ranked (arXiv ids) with the grade as gain and the ideal
// ranking over all judged papers.
func ndcg(ranked []string, grades map[string]int, k int) float64 {
	var dcg, idcg float64
	for i, id := range ranked[:min(k, len(ranked))] {
		dcg += float64(grades[id]) / math.Log2(float64(i+2))
	}
	var ideal []int
	for _, g := range grades {
		ideal = append(ideal, g)
	}
	slices.Sort(ideal)
	slices.Reverse(ideal)
	for i, g := range ideal[:min(k, len(ideal))] {
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// engines builds both engines over the embedded set.
func engines(tb testing.TB) (*recommend.Engine, *BleveIndex) {
	tb.Helper()
	set, err := data.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	bl, err := NewBleveIndex(set)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { bl.Close() })
	return recommend.New(set), bl
}

func arxivIDs(ps []*data.Paper) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ArXiv
	}
	return out
}

// TestCompareQuality prints nDCG@5 of both engines on the public queries,
// per query and on average, and the average of each other kind of bleve
// index.
func TestCompareQuality(t *testing.T) {
	pb, bl := engines(t)
	qs := readJudged(t)
	var sumPB, sumBL float64
	for _, q := range qs {
		var mine []*data.Paper
		for _, h := range pb.Search(q.query, 5) {
			mine = append(mine, h.Paper)
		}
		theirs, err := bl.Search(q.query, 5)
		if err != nil {
			t.Fatal(err)
		}
		a, b := ndcg(arxivIDs(mine), q.grades, 5), ndcg(arxivIDs(theirs), q.grades, 5)
		sumPB += a
		sumBL += b
		t.Logf("%-36q paperbot %.3f  bleve %.3f", q.query, a, b)
	}
	n := float64(len(qs))
	line := fmt.Sprintf("nDCG@5 on %d public queries: paperbot %.4f, bleve (%s) %.4f", len(qs), sumPB/n, Scorch, sumBL/n)
	t.Log(line)
	fmt.Println(line)
	set := pb.Set()
	for _, kind := range BleveKinds[1:] {
		other, err := NewBleveIndexKind(set, kind)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, q := range qs {
			ps, err := other.Search(q.query, 5)
			if err != nil {
				t.Fatal(err)
			}
			sum += ndcg(arxivIDs(ps), q.grades, 5)
		}
		other.Close()
		line := fmt.Sprintf("nDCG@5 on %d public queries: bleve (%s) %.4f", len(qs), kind, sum/n)
		t.Log(line)
		fmt.Println(line)
	}
}
