package intake_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot/intake"
)

// devEntries turns the classifier's labelled dev feed into n entries with
// ids of their own, cycling through the feed.
func devEntries(tb testing.TB, n int) []intake.Entry {
	tb.Helper()
	f, err := os.Open("../recommend/testdata/intake/devfeed.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "label\t") {
			rows = append(rows, strings.Split(l, "\t"))
		}
	}
	out := make([]intake.Entry, n)
	for i := range out {
		c := rows[i%len(rows)]
		pub := t0.Add(-time.Duration(i) * time.Minute)
		out[i] = intake.Entry{ID: fmt.Sprintf("2611.%05d", i+1), Version: 1, Title: c[3], Abstract: c[4],
			Authors: []string{"A. Writer"}, Published: pub, Updated: pub, Primary: c[1], Categories: strings.Fields(c[2])}
	}
	return out
}

// BenchmarkHarvestDecide1000 is our side of a 1,000-entry harvest: five
// pages of 200 classified, decided and stored (one bbolt transaction a
// page), then the set rebuilt with the accepted papers. arXiv's own pace
// (BenchmarkHarvest1000 in adapters/arxiv) comes on top.
func BenchmarkHarvestDecide1000(b *testing.B) {
	entries := devEntries(b, 1000)
	fetch := func(_ context.Context, _ time.Time, page func([]intake.Entry) error) error {
		for i := 0; i < len(entries); i += 200 {
			if err := page(entries[i : i+200]); err != nil {
				return err
			}
		}
		return nil
	}
	for b.Loop() {
		b.StopTimer()
		r := newRig(b, intake.Options{})
		b.StartTimer()
		rep, err := r.h.Run(context.Background(), fetch, t0, false)
		if err != nil || rep.Fetched != 1000 {
			b.Fatalf("%v, %+v", err, rep)
		}
		b.StopTimer()
		r.db.Close()
		b.StartTimer()
	}
}
