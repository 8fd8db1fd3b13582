package arxiv_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paperbot/paperbot/adapters/arxiv"
	"github.com/paperbot/paperbot/adapters/arxiv/arxivtest"
)

// FuzzParseFeed checks that ParseFeed never panics, that every entry it
// returns has an ID and a title, and that its errors stay short.
func FuzzParseFeed(f *testing.F) {
	f.Add(arxivtest.Feed(3, 0, 10, papers(3)))
	f.Add([]byte(prefixed))
	f.Add(arxivtest.ErrorFeed("incorrect id format"))
	f.Add(truncated)
	f.Add([]byte(strings.Replace(prefixed, "2611.01234v2", "hep-th/9901001v1", 1)))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2611.01234v1</id><title>t</title><published>2026-11-02T00:00:00Z</published></entry></feed>`))
	f.Add([]byte("<html></html>"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		feed, err := arxiv.ParseFeed(bytes.NewReader(doc))
		if err != nil {
			if n := utf8.RuneCountInString(err.Error()); n > 400 {
				t.Errorf("error of %d characters: %.100q…", n, err.Error())
			}
			return
		}
		for i, e := range feed.Entries {
			if e.ID == "" || e.Title == "" || e.Version < 1 {
				t.Errorf("entry %d: %+v", i, e)
			}
		}
		if feed.Skipped != len(feed.Reasons) {
			t.Errorf("skipped %d with %d reasons", feed.Skipped, len(feed.Reasons))
		}
	})
}
