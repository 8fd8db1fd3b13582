package recommend

import (
	"testing"

	"github.com/paperbot/paperbot/bot/recommend/synthetic"
	"github.com/paperbot/paperbot/data"
)

// synthSet is a synthetic set of n papers (package synthetic).
func synthSet(tb testing.TB, n int) *data.Set {
	tb.Helper()
	s, err := synthetic.Set(n)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// synthQueries is the synthetic query mix for s.
func synthQueries(s *data.Set) []string { return synthetic.Queries(s) }
