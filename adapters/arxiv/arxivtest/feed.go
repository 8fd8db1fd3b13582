// Package arxivtest renders arXiv API responses (Atom pages and arXiv's
// error feed) from intake entries, for tests that need arXiv's side of
// the conversation: the adapter's own and the command line's.
package arxivtest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/paperbot/paperbot/bot/intake"
)

// Esc is s escaped for XML text.
func Esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Wrap spreads text over lines the way arXiv does, for ParseFeed to fold.
func Wrap(s string) string {
	return "\n      " + strings.ReplaceAll(Esc(s), " ", "\n  \t ") + "\n    "
}

// Feed is an arXiv API page holding entries (totalResults total, startIndex
// start, itemsPerPage perPage), with the default Atom
// namespace and arXiv's usual prefixes.
func Feed(total, start, perPage int, entries []intake.Entry) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query: search_query=cat:cs.CV</title>
  <updated>2026-11-04T00:00:00Z</updated>
`)
	fmt.Fprintf(&b, "  <opensearch:itemsPerPage>%d</opensearch:itemsPerPage>\n", perPage)
	fmt.Fprintf(&b, "  <opensearch:totalResults>%d</opensearch:totalResults>\n", total)
	fmt.Fprintf(&b, "  <opensearch:startIndex>%d</opensearch:startIndex>\n", start)
	for _, e := range entries {
		b.WriteString(Entry(e))
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}

// Entry is one entry of an arXiv API page.
func Entry(e intake.Entry) string {
	var b strings.Builder
	b.WriteString("  <entry>\n")
	fmt.Fprintf(&b, "    <id>http://arxiv.org/abs/%sv%d</id>\n", e.ID, e.Version)
	fmt.Fprintf(&b, "    <updated>%s</updated>\n", e.Updated.Format(time.RFC3339))
	fmt.Fprintf(&b, "    <published>%s</published>\n", e.Published.Format(time.RFC3339))
	fmt.Fprintf(&b, "    <title>%s</title>\n", Wrap(e.Title))
	fmt.Fprintf(&b, "    <summary>%s</summary>\n", Wrap(e.Abstract))
	for _, a := range e.Authors {
		fmt.Fprintf(&b, "    <author><name>%s</name><arxiv:affiliation>Somewhere</arxiv:affiliation></author>\n", Esc(a))
	}
	fmt.Fprintf(&b, `    <link href="http://arxiv.org/abs/%sv%d" rel="alternate" type="text/html"/>`+"\n", e.ID, e.Version)
	if e.Comment != "" {
		fmt.Fprintf(&b, "    <arxiv:comment>%s</arxiv:comment>\n", Wrap(e.Comment))
	}
	if e.JournalRef != "" {
		fmt.Fprintf(&b, "    <arxiv:journal_ref>%s</arxiv:journal_ref>\n", Esc(e.JournalRef))
	}
	if e.DOI != "" {
		fmt.Fprintf(&b, "    <arxiv:doi>%s</arxiv:doi>\n", Esc(e.DOI))
	}
	fmt.Fprintf(&b, `    <arxiv:primary_category term="%s" scheme="http://arxiv.org/schemas/atom"/>`+"\n", Esc(e.Primary))
	for _, c := range e.Categories {
		fmt.Fprintf(&b, `    <category term="%s" scheme="http://arxiv.org/schemas/atom"/>`+"\n", Esc(c))
	}
	b.WriteString("  </entry>\n")
	return b.String()
}

// ErrorFeed is arXiv's answer to a bad query.
func ErrorFeed(msg string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query=&amp;id_list=1234.12345" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=1234.12345</title>
  <id>http://arxiv.org/api/errors</id>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title>Error</title>
    <summary>` + Wrap(msg) + `</summary>
    <updated>2026-11-04T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345" rel="alternate" type="text/html"/>
    <author><name>arXiv api core</name></author>
  </entry>
</feed>
`)
}
