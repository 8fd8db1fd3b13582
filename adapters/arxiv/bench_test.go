package arxiv_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/arxiv"
	"github.com/paperbot/paperbot/adapters/arxiv/arxivtest"
	"github.com/paperbot/paperbot/bot/intake"
)

// BenchmarkParseFeed decodes a page of 200 entries, arXiv's usual size.
func BenchmarkParseFeed(b *testing.B) {
	doc := arxivtest.Feed(5000, 0, 200, papers(200))
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := arxiv.ParseFeed(bytes.NewReader(doc))
		if err != nil || len(f.Entries) != 200 {
			b.Fatalf("%v, %d entries", err, len(f.Entries))
		}
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkHarvest1000 is the wall time of a 1,000-entry harvest at
// arXiv's pace: pages of 200 from a local fake, each request starting 3 s
// after the one before (the real Pacer and clock). Run it with
// -benchtime=1x; one op takes about 12 s.
func BenchmarkHarvest1000(b *testing.B) {
	entries := papers(1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start, _ := strconv.Atoi(r.URL.Query().Get("start"))
		n, _ := strconv.Atoi(r.URL.Query().Get("max_results"))
		lo, hi := min(start, len(entries)), min(start+n, len(entries))
		_, _ = w.Write(arxivtest.Feed(len(entries), start, n, entries[lo:hi]))
	}))
	defer srv.Close()
	for b.Loop() {
		c := arxiv.New(arxiv.Options{BaseURL: srv.URL, Contact: "bench@example.org", Pacer: arxiv.NewPacer(),
			Logger: slog.New(slog.DiscardHandler)})
		res, err := c.Fetch(context.Background(), t0.Add(-365*24*time.Hour), func([]intake.Entry) error { return nil })
		if err != nil || res.Entries != 1000 {
			b.Fatalf("%v, %+v", err, res)
		}
		b.ReportMetric(float64(res.Requests), "requests")
	}
}
