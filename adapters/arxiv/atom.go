package arxiv

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paperbot/paperbot/bot/intake"
)

// The namespaces of an arXiv API response.
const (
	nsAtom       = "http://www.w3.org/2005/Atom"
	nsOpenSearch = "http://a9.com/-/spec/opensearch/1.1/"
	nsArxiv      = "http://arxiv.org/schemas/atom"
)

// maxFeedBytes is the most ParseFeed reads of one response; a page of 2000
// entries is about 5 MiB. A variable so that tests can lower it.
var maxFeedBytes int64 = 32 << 20

// Feed is one page of an arXiv API response.
type Feed struct {
	TotalResults int // opensearch:totalResults: matches of the whole query
	StartIndex   int // opensearch:startIndex: the 0-based position of the page
	ItemsPerPage int // opensearch:itemsPerPage: the page size asked for
	Entries      []intake.Entry

	Skipped int      // entries left out because they could not be used
	Reasons []string // why, one line per skipped entry
}

// Received is the number of entries the page held, skipped ones included:
// how far the next page starts from this one.
func (f *Feed) Received() int { return len(f.Entries) + f.Skipped }

// APIError is arXiv's own report of a bad request, sent as a feed whose
// one entry is the error.
type APIError struct {
	Message string
}

func (e *APIError) Error() string { return "arxiv API error: " + e.Message }

// errTooLarge is returned when a response is longer than maxFeedBytes.
var errTooLarge = fmt.Errorf("arxiv: the feed is larger than %d MiB", maxFeedBytes>>20)

// atomFeed is the part of a response this package reads.
type atomFeed struct {
	TotalResults string      `xml:"http://a9.com/-/spec/opensearch/1.1/ totalResults"`
	StartIndex   string      `xml:"http://a9.com/-/spec/opensearch/1.1/ startIndex"`
	ItemsPerPage string      `xml:"http://a9.com/-/spec/opensearch/1.1/ itemsPerPage"`
	Entries      []atomEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomEntry struct {
	ID         string       `xml:"http://www.w3.org/2005/Atom id"`
	Published  string       `xml:"http://www.w3.org/2005/Atom published"`
	Updated    string       `xml:"http://www.w3.org/2005/Atom updated"`
	Title      string       `xml:"http://www.w3.org/2005/Atom title"`
	Summary    string       `xml:"http://www.w3.org/2005/Atom summary"`
	Authors    []atomAuthor `xml:"http://www.w3.org/2005/Atom author"`
	Categories []atomTerm   `xml:"http://www.w3.org/2005/Atom category"`
	Primary    atomTerm     `xml:"http://arxiv.org/schemas/atom primary_category"`
	Comment    string       `xml:"http://arxiv.org/schemas/atom comment"`
	JournalRef string       `xml:"http://arxiv.org/schemas/atom journal_ref"`
	DOI        string       `xml:"http://arxiv.org/schemas/atom doi"`
}

type atomAuthor struct {
	Name string `xml:"http://www.w3.org/2005/Atom name"`
}

type atomTerm struct {
	Term string `xml:"term,attr"`
}

// ParseFeed decodes one arXiv API response. It reads at most 32 MiB.
// Entries that cannot be used are skipped and counted (Feed.Skipped); a
// document that is not a whole Atom feed is an error, and arXiv's error
// feed is an *APIError.
func ParseFeed(r io.Reader) (*Feed, error) {
	lr := &limitReader{r: r, left: maxFeedBytes}
	dec := xml.NewDecoder(lr)
	root, err := rootElement(dec)
	if err != nil {
		return nil, decodeError(lr, err)
	}
	if root.Name.Space != nsAtom || root.Name.Local != "feed" {
		return nil, fmt.Errorf("arxiv: not an Atom feed: the document is a <%s>", shortName(root.Name))
	}
	var af atomFeed
	if err := dec.DecodeElement(&af, &root); err != nil {
		return nil, decodeError(lr, err)
	}
	return convertFeed(&af)
}

// rootElement reads up to the document's first element.
func rootElement(dec *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// decodeError describes a failure of the XML decoder.
func decodeError(lr *limitReader, err error) error {
	switch {
	case lr.over:
		return errTooLarge
	case errors.Is(err, io.EOF):
		return errors.New("arxiv: the response is empty or holds no XML element")
	}
	return fmt.Errorf("arxiv: decoding the feed: %w", err)
}

// shortName is an element's name for an error message, cut short.
func shortName(n xml.Name) string {
	s := n.Local
	if n.Space != "" {
		s = n.Space + " " + s
	}
	return truncate(s, 60)
}

// convertFeed turns the decoded document into a Feed.
func convertFeed(af *atomFeed) (*Feed, error) {
	f := &Feed{Entries: make([]intake.Entry, 0, len(af.Entries))}
	for _, c := range []struct {
		name string
		in   string
		out  *int
	}{
		{"totalResults", af.TotalResults, &f.TotalResults},
		{"startIndex", af.StartIndex, &f.StartIndex},
		{"itemsPerPage", af.ItemsPerPage, &f.ItemsPerPage},
	} {
		n, err := count(c.in)
		if err != nil {
			return nil, fmt.Errorf("arxiv: opensearch:%s %q is not a count", c.name, truncate(c.in, 20))
		}
		*c.out = n
	}
	for i := range af.Entries {
		ae := &af.Entries[i]
		if isErrorID(ae.ID) {
			return nil, apiError(ae)
		}
		e, reason := convertEntry(ae)
		if reason != "" {
			f.Skipped++
			f.Reasons = append(f.Reasons, fmt.Sprintf("entry %d (%s): %s", i+1, truncate(strings.TrimSpace(ae.ID), 60), reason))
			continue
		}
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

// count parses an OpenSearch number; an absent one is 0.
func count(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errors.New("not a count")
	}
	return n, nil
}

// isErrorID tells whether an entry id is arXiv's error marker,
// "http://arxiv.org/api/errors#...".
func isErrorID(id string) bool {
	return strings.Contains(id, "/api/errors")
}

// apiError is the *APIError an error entry stands for.
func apiError(ae *atomEntry) *APIError {
	msg := fold(ae.Summary)
	if msg == "" {
		_, msg, _ = strings.Cut(strings.TrimSpace(ae.ID), "#")
	}
	if msg == "" {
		msg = "unspecified error"
	}
	return &APIError{Message: truncate(msg, 300)}
}

// limitReader reads at most left bytes and notes when there was more.
type limitReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// Look one byte past the limit: a body of exactly the limit is fine.
		var b [1]byte
		n, err := l.r.Read(b[:])
		if n > 0 {
			l.over = true
			return 0, errTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
