package arxiv_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/arxiv"
	"github.com/paperbot/paperbot/adapters/arxiv/arxivtest"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/internal/testkit"
)

const (
	testContact = "mailto:ops@example.org"
	testQuery   = "cat:cs.CV OR cat:cs.LG"
)

// t0 is when the newest test paper was submitted.
var t0 = time.Date(2026, 11, 3, 18, 0, 0, 0, time.UTC)

// papers are n entries, newest first, one submitted an hour before the
// next.
func papers(n int) []intake.Entry {
	es := make([]intake.Entry, n)
	for i := range es {
		pub := t0.Add(-time.Duration(i) * time.Hour)
		es[i] = intake.Entry{
			ID:         fmt.Sprintf("2611.%05d", 90000-i),
			Version:    1 + i%3,
			Title:      fmt.Sprintf("Masked <views> & contrastive learning, part %d", i),
			Abstract:   fmt.Sprintf("We study self-supervised learning (%d). It works & scales.", i),
			Authors:    []string{"Ada Lovelace", "Alan Turing"},
			Published:  pub,
			Updated:    pub.Add(time.Duration(i%3) * 24 * time.Hour),
			Primary:    "cs.CV",
			Categories: []string{"cs.CV", "cs.LG"},
			Comment:    "Accepted at CVPR 2026",
			JournalRef: "",
			DOI:        "",
		}
	}
	return es
}

// span is when the fake served one request.
type span struct{ start, end time.Time }

// fakeArxiv is an arXiv query endpoint over a fixed list of entries, newest
// first. It honours start and max_results and checks every request's
// query and User-Agent.
type fakeArxiv struct {
	t       *testing.T
	srv     *httptest.Server
	entries []intake.Entry
	pageCap int           // the most entries a page holds, whatever was asked (0: no cap)
	total   int           // totalResults to report (-1: len(entries))
	delay   time.Duration // how long each request takes
	repeat  bool          // ignore start: serve the first page every time

	mu     sync.Mutex
	script []http.HandlerFunc // answers to the next requests, before the real ones
	spans  []span
	starts []int
	agents []string
}

func newFake(t *testing.T, entries []intake.Entry) *fakeArxiv {
	f := &fakeArxiv{t: t, entries: entries, total: -1}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// then queues answers for the next requests.
func (f *fakeArxiv) then(h ...http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, h...)
}

func (f *fakeArxiv) serve(w http.ResponseWriter, r *http.Request) {
	begin := time.Now()
	defer func() {
		end := time.Now()
		f.mu.Lock()
		f.spans = append(f.spans, span{begin, end})
		f.mu.Unlock()
	}()
	time.Sleep(f.delay)
	q := r.URL.Query()
	start, err1 := strconv.Atoi(q.Get("start"))
	n, err2 := strconv.Atoi(q.Get("max_results"))
	ua := r.Header.Get("User-Agent")
	f.mu.Lock()
	f.agents = append(f.agents, ua)
	f.starts = append(f.starts, start)
	var h http.HandlerFunc
	if len(f.script) > 0 {
		h, f.script = f.script[0], f.script[1:]
	}
	f.mu.Unlock()
	switch {
	case r.URL.Path != "/api/query":
		f.t.Errorf("path %q", r.URL.Path)
	case q.Get("search_query") != testQuery || strings.Contains(r.URL.RawQuery, " "):
		f.t.Errorf("search_query %q (raw query %q)", q.Get("search_query"), r.URL.RawQuery)
	case q.Get("sortBy") != "submittedDate" || q.Get("sortOrder") != "descending":
		f.t.Errorf("sort %q %q", q.Get("sortBy"), q.Get("sortOrder"))
	case err1 != nil || err2 != nil || start < 0 || n < 1 || n > 2000:
		f.t.Errorf("start %q max_results %q", q.Get("start"), q.Get("max_results"))
	case !strings.Contains(ua, "paperbot") || !strings.Contains(ua, testContact):
		f.t.Errorf("User-Agent %q", ua)
	default:
		if h != nil {
			h(w, r)
			return
		}
		f.page(w, start, n)
		return
	}
	http.Error(w, "bad request", http.StatusBadRequest)
}

// page serves n entries from start.
func (f *fakeArxiv) page(w http.ResponseWriter, start, n int) {
	if f.repeat {
		start = 0
	}
	if f.pageCap > 0 {
		n = min(n, f.pageCap)
	}
	lo, hi := min(start, len(f.entries)), min(start+n, len(f.entries))
	total := f.total
	if total < 0 {
		total = len(f.entries)
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write(arxivtest.Feed(total, start, n, f.entries[lo:hi]))
}

// requests is how many requests the fake has had.
func (f *fakeArxiv) requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.starts)
}

// seen is what the fake has recorded: each request's start parameter,
// User-Agent and span.
func (f *fakeArxiv) seen() ([]int, []string, []span) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.starts), slices.Clone(f.agents), slices.Clone(f.spans)
}

// status answers with an HTTP status and headers.
func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, "<html><body>busy</body></html>")
	}
}

// body answers 200 with a body.
func body(code int, b []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		w.WriteHeader(code)
		_, _ = w.Write(b)
	}
}

// truncated is the start of a good page, cut off mid-entry.
var truncated = arxivtest.Feed(3, 0, 10, papers(3))[:900]

// events counts what a Client reports through Options.Observe.
type events struct {
	mu sync.Mutex
	n  map[string]int
}

func (e *events) observe(ev string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.n == nil {
		e.n = map[string]int{}
	}
	e.n[ev]++
}

func (e *events) count(ev string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n[ev]
}

// testClient is a Client of the fake with a fake clock, its own Pacer, a
// page size of 10 and a fixed jitter; edit changes its options.
func testClient(t *testing.T, f *fakeArxiv, edit ...func(*arxiv.Options)) (*arxiv.Client, *testkit.Clock, *events) {
	t.Helper()
	clk := testkit.NewClock(t0.Add(24 * time.Hour))
	ev := &events{}
	o := arxiv.Options{
		BaseURL:     f.srv.URL + "/api/query",
		Contact:     testContact,
		Version:     "1.2.3",
		PageSize:    10,
		MinInterval: time.Millisecond,
		Pacer:       arxiv.NewPacer(),
		HTTP:        f.srv.Client(),
		Logger:      slog.New(slog.DiscardHandler),
		Now:         clk.Now,
		Sleep:       clk.Sleep,
		Rand:        func() float64 { return 0.5 },
		Observe:     ev.observe,
	}
	for _, e := range edit {
		e(&o)
	}
	return arxiv.New(o), clk, ev
}

// collect is an fn for Fetch that keeps every page.
func collect(pages *[][]intake.Entry) func([]intake.Entry) error {
	return func(p []intake.Entry) error {
		*pages = append(*pages, append([]intake.Entry(nil), p...))
		return nil
	}
}

func flatten(pages [][]intake.Entry) []intake.Entry {
	var all []intake.Entry
	for _, p := range pages {
		all = append(all, p...)
	}
	return all
}
