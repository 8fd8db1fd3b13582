package recommend

import (
	"os"
	"testing"

	"github.com/paperbot/paperbot/data"
)

// testSet returns the embedded set, or the papers file named by
// RECOMMEND_PAPERS (replacing the embedded papers) to evaluate the ranking
// on another file.
func testSet(tb testing.TB) *data.Set {
	tb.Helper()
	var (
		s   *data.Set
		err error
	)
	if path := os.Getenv("RECOMMEND_PAPERS"); path != "" {
		s, err = data.Load(path, true)
	} else {
		s, err = data.Embedded()
	}
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// testEngine builds an engine over testSet.
func testEngine(tb testing.TB) *Engine {
	tb.Helper()
	return New(testSet(tb))
}
