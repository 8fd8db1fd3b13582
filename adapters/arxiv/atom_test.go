package arxiv_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/arxiv"
	"github.com/paperbot/paperbot/adapters/arxiv/arxivtest"
	"github.com/paperbot/paperbot/bot/intake"
)

// prefixed is a page that binds every namespace to an unusual prefix,
// Atom included.
const prefixed = `<?xml version="1.0" encoding="UTF-8"?>
<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:os="http://a9.com/-/spec/opensearch/1.1/" xmlns:x="http://arxiv.org/schemas/atom">
  <os:totalResults>1234</os:totalResults>
  <os:startIndex>200</os:startIndex>
  <os:itemsPerPage>200</os:itemsPerPage>
  <a:entry>
    <a:id>http://arxiv.org/abs/2611.01234v2</a:id>
    <a:updated>2026-11-05T09:30:00Z</a:updated>
    <a:published>2026-11-02T17:59:59-05:00</a:published>
    <a:title>Masked Siamese
      Networks   Revisited</a:title>
    <a:summary>  We revisit masked
  siamese networks.

  They scale.
</a:summary>
    <a:author><a:name>Ada Lovelace</a:name><x:affiliation>Analytical Engines</x:affiliation></a:author>
    <a:author><a:name> Alan
      Turing </a:name></a:author>
    <x:comment>Accepted at CVPR 2026;
      code: https://example.org/msn</x:comment>
    <x:journal_ref>CVPR 2026</x:journal_ref>
    <x:doi>10.1000/xyz123</x:doi>
    <a:link href="http://arxiv.org/abs/2611.01234v2" rel="alternate" type="text/html"/>
    <x:primary_category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <a:category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <a:category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </a:entry>
</a:feed>`

func TestParseFeed(t *testing.T) {
	f, err := arxiv.ParseFeed(strings.NewReader(prefixed))
	if err != nil {
		t.Fatal(err)
	}
	if f.TotalResults != 1234 || f.StartIndex != 200 || f.ItemsPerPage != 200 || f.Skipped != 0 || len(f.Entries) != 1 {
		t.Fatalf("feed %+v", f)
	}
	want := intake.Entry{
		ID: "2611.01234", Version: 2,
		Title:      "Masked Siamese Networks Revisited",
		Abstract:   "We revisit masked siamese networks. They scale.",
		Authors:    []string{"Ada Lovelace", "Alan Turing"},
		Published:  time.Date(2026, 11, 2, 22, 59, 59, 0, time.UTC),
		Updated:    time.Date(2026, 11, 5, 9, 30, 0, 0, time.UTC),
		Primary:    "cs.CV",
		Categories: []string{"cs.CV", "cs.LG"},
		Comment:    "Accepted at CVPR 2026; code: https://example.org/msn",
		JournalRef: "CVPR 2026",
		DOI:        "10.1000/xyz123",
	}
	got := f.Entries[0]
	if !got.Published.Equal(want.Published) || !got.Updated.Equal(want.Updated) {
		t.Errorf("dates %v %v, want %v %v", got.Published, got.Updated, want.Published, want.Updated)
	}
	got.Published, got.Updated = want.Published, want.Updated
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entry\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseRoundTrip(t *testing.T) {
	want := papers(50)
	want[3].JournalRef, want[3].DOI = "NeurIPS 2026", "10.1000/abc"
	f, err := arxiv.ParseFeed(bytes.NewReader(arxivtest.Feed(50, 0, 50, want)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Entries, want) {
		t.Errorf("entries differ from those rendered")
	}
}

func TestParseVersions(t *testing.T) {
	e := papers(1)[0]
	v1, v2 := e, e
	v1.Version, v2.Version = 1, 2
	f, err := arxiv.ParseFeed(bytes.NewReader(arxivtest.Feed(2, 0, 10, []intake.Entry{v2, v1})))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 2 || f.Entries[0].ID != e.ID || f.Entries[1].ID != e.ID ||
		f.Entries[0].Version != 2 || f.Entries[1].Version != 1 {
		t.Errorf("entries %+v", f.Entries)
	}
}

func TestParseID(t *testing.T) {
	for in, want := range map[string]struct {
		id string
		v  int
	}{
		"http://arxiv.org/abs/2611.01234v2":       {"2611.01234", 2},
		"https://arxiv.org/abs/0704.0001v1":       {"0704.0001", 1},
		" http://arxiv.org/abs/hep-th/9901001v1 ": {"hep-th/9901001", 1},
		"http://arxiv.org/abs/math.GT/0309136v12": {"math.GT/0309136", 12},
		"http://arxiv.org/abs/2611.01234":         {},
		"http://arxiv.org/abs/2611.01234v0":       {},
		"http://arxiv.org/abs/2611.01234v2/x":     {},
		"http://arxiv.org/pdf/2611.01234v2":       {},
		"2611.01234v2":                            {},
		"http://arxiv.org/abs/../../etc/passwdv1": {},
	} {
		t.Run(in, func(t *testing.T) {
			id, v, err := arxiv.ParseID(in)
			if id != want.id || v != want.v || (err == nil) != (want.id != "") {
				t.Errorf("ParseID(%q) = %q, %d, %v; want %q, %d", in, id, v, err, want.id, want.v)
			}
		})
	}
}

func TestParseErrorFeed(t *testing.T) {
	_, err := arxiv.ParseFeed(bytes.NewReader(arxivtest.ErrorFeed("incorrect id format for 1234.12345")))
	var ae *arxiv.APIError
	if !errors.As(err, &ae) || ae.Message != "incorrect id format for 1234.12345" {
		t.Fatalf("err %v, want an *APIError", err)
	}
}

func TestParseBadDocuments(t *testing.T) {
	good := string(arxivtest.Feed(3, 0, 10, papers(3)))
	for name, doc := range map[string]string{
		"empty":          "",
		"text":           "Service temporarily unavailable",
		"malformed":      strings.Replace(good, "</title>", "</titel>", 1),
		"truncated":      string(truncated),
		"html":           "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
		"rss":            `<rss version="2.0"><channel></channel></rss>`,
		"no namespace":   `<feed><entry><id>http://arxiv.org/abs/2611.01234v1</id></entry></feed>`,
		"bad total":      strings.Replace(good, "<opensearch:totalResults>3<", "<opensearch:totalResults>lots<", 1),
		"negative start": strings.Replace(good, "<opensearch:startIndex>0<", "<opensearch:startIndex>-5<", 1),
	} {
		t.Run(name, func(t *testing.T) {
			f, err := arxiv.ParseFeed(strings.NewReader(doc))
			if err == nil {
				t.Errorf("%s: no error, feed %+v", name, f)
				return
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "arxiv: ") || len(msg) > 200 {
				t.Errorf("%s: error %q: want a short one naming arxiv", name, msg)
			}
		})
	}
}

func TestParseSkipsBadEntries(t *testing.T) {
	es := papers(8)
	es[2].Title = " \n "
	es[3].Title = strings.Repeat("long ", 201)
	es[4].Abstract = strings.Repeat("word ", 4001)
	doc := string(arxivtest.Feed(8, 0, 10, es))
	doc = strings.Replace(doc, "abs/"+es[5].ID+"v", "abs/not-an-id", 1)         // bad id
	doc = strings.Replace(doc, "<id>http://arxiv.org/abs/"+es[6].ID, "<id>", 1) // no id
	f, err := arxiv.ParseFeed(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range f.Entries {
		ids = append(ids, e.ID)
	}
	want := []string{es[0].ID, es[1].ID, es[7].ID}
	if !reflect.DeepEqual(ids, want) || f.Skipped != 5 || len(f.Reasons) != 5 || f.Received() != 8 {
		t.Errorf("kept %v (want %v), skipped %d: %q", ids, want, f.Skipped, f.Reasons)
	}
	for i, frag := range []string{"no title", "title of 1004", "abstract of 20004", "bad id", "bad id"} {
		if i < len(f.Reasons) && !strings.Contains(f.Reasons[i], frag) {
			t.Errorf("reason %d %q, want it to mention %q", i, f.Reasons[i], frag)
		}
	}
}
