package arxiv_test

import (
	"bytes"
	"testing"

	"github.com/paperbot/paperbot/adapters/arxiv"
	"github.com/paperbot/paperbot/adapters/arxiv/arxivtest"
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
