package arxiv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/paperbot/paperbot/bot/intake"
)

// DefaultBaseURL is arXiv's query endpoint.
const DefaultBaseURL = "https://export.arxiv.org/api/query"

// arXiv's own limits and the harvest's guards.
const (
	maxPageSize = 2000  // entries a page
	maxResults  = 30000 // entries a query
	maxPages    = 200   // pages a harvest, against a server that never ends
)

// Options configure a Client. Only Contact has no useful default.
type Options struct {
	BaseURL     string        // default DefaultBaseURL
	Categories  []string      // default cs.CV and cs.LG
	Version     string        // paperbot's version, for the User-Agent; default "dev"
	Contact     string        // how arXiv can reach the operator (an address or URL), sent in the User-Agent
	PageSize    int           // entries asked for a page; default 200, at most 2000
	MinInterval time.Duration // between the starts of two requests; default 3 s (less breaks arXiv's terms)
	MaxTries    int           // tries of one page before giving up; default 5
	Pacer       *Pacer        // default: the process-wide Pacer
	HTTP        *http.Client  // default: one with a 60 s timeout
	Logger      *slog.Logger  // default slog.Default()

	// For tests: the clock, a sleep that returns early with ctx's error when
	// ctx ends, a source of jitter in [0, 1) and a metrics hook, told
	// "request", "retry" or "giveup".
	Now     func() time.Time
	Sleep   func(ctx context.Context, d time.Duration) error
	Rand    func() float64
	Observe func(event string)
}

// Client harvests arXiv's newest papers. Its methods may be called from
// several goroutines; their requests take turns (see Pacer).
type Client struct {
	o     Options
	base  *url.URL
	query string // search_query
	ua    string
	pacer *Pacer
	log   *slog.Logger
	err   error // a bad option, returned by Fetch
}

// categoryPattern is an arXiv category: "cs.CV", "math-ph", "q-bio.NC".
var categoryPattern = regexp.MustCompile(`^[A-Za-z-]+(\.[A-Za-z-]+)?$`)

// New returns a Client. A bad BaseURL or category is reported by Fetch.
func New(o Options) *Client {
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	if len(o.Categories) == 0 {
		o.Categories = []string{"cs.CV", "cs.LG"}
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.PageSize <= 0 {
		o.PageSize = 200
	}
	o.PageSize = min(o.PageSize, maxPageSize)
	if o.MinInterval <= 0 {
		o.MinInterval = 3 * time.Second
	}
	if o.MaxTries <= 0 {
		o.MaxTries = 5
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 60 * time.Second}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.Observe == nil {
		o.Observe = func(string) {}
	}
	c := &Client{o: o, pacer: o.Pacer, log: o.Logger.With("upstream", "arxiv"), ua: userAgent(o.Version, o.Contact)}
	if c.pacer == nil {
		c.pacer = sharedPacer
	}
	c.base, c.err = url.Parse(o.BaseURL)
	if c.err == nil && (c.base.Scheme != "http" && c.base.Scheme != "https" || c.base.Host == "") {
		c.err = errors.New("not an http(s) URL")
	}
	if c.err != nil {
		c.err = fmt.Errorf("arxiv: bad base URL %q: %w", o.BaseURL, c.err)
	}
	terms := make([]string, len(o.Categories))
	for i, cat := range o.Categories {
		if !categoryPattern.MatchString(cat) && c.err == nil {
			c.err = fmt.Errorf("arxiv: bad category %q (want one like cs.CV)", truncate(cat, 40))
		}
		terms[i] = "cat:" + cat
	}
	c.query = strings.Join(terms, " OR ")
	return c
}

// userAgent is "paperbot/<version> (+<contact>)", with anything that
// cannot go in a header left out.
func userAgent(version, contact string) string {
	ua := "paperbot/" + headerSafe(version)
	if contact = headerSafe(contact); contact != "" {
		ua += " (+" + contact + ")"
	}
	return ua
}

func headerSafe(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < ' ' || r > '~' {
			return -1
		}
		return r
	}, s))
}

// Result tells what a harvest did.
type Result struct {
	Requests int // HTTP requests, retries included
	Pages    int // pages received
	Entries  int // entries in the window, passed to fn
	Skipped  int // entries left out as unusable (see Feed.Skipped)
	Total    int // the feed's totalResults on the last page
}

// Fetch harvests the newest papers in the Client's categories, newest
// first, and passes each page's entries submitted at or after since to fn,
// in feed order (a page with none is not passed; a nil fn only counts). It
// stops at an empty page, at the feed's totalResults (a feed without one
// ends after its first page), at the first entry submitted before since,
// after 30000 entries or 200 pages, or when fn returns an error, which it
// returns wrapped. A page that fails is retried (see the package
// documentation); the Result tells how far the harvest got either way.
func (c *Client) Fetch(ctx context.Context, since time.Time, fn func(page []intake.Entry) error) (Result, error) {
	var res Result
	if c.err != nil {
		return res, c.err
	}
	var prevFirst string // the first entry of the last page, to spot a server that ignores start
	for start := 0; ; {
		if start >= maxResults || res.Pages >= maxPages {
			c.log.Warn("stopping the harvest at arXiv's limit", "start", start, "pages", res.Pages, "total", res.Total)
			return res, nil
		}
		feed, err := c.page(ctx, start, min(c.o.PageSize, maxResults-start), &res)
		if err != nil {
			return res, err
		}
		res.Pages++
		res.Total = feed.TotalResults
		res.Skipped += feed.Skipped
		if feed.Skipped > 0 {
			c.log.Warn("skipped unusable entries", "start", start, "skipped", feed.Skipped, "first", feed.Reasons[0])
		}
		got := feed.Received()
		c.log.Debug("arxiv page", "start", start, "entries", got, "total", feed.TotalResults)
		if got == 0 {
			if start < feed.TotalResults {
				c.log.Warn("arXiv sent an empty page before the end of the results; stopping", "start", start, "total", feed.TotalResults)
			}
			return res, nil
		}
		if len(feed.Entries) > 0 {
			first := feed.Entries[0].ID + "v" + strconv.Itoa(feed.Entries[0].Version)
			if first == prevFirst {
				return res, fmt.Errorf("arxiv: the page at %d repeats the one before (does the server ignore start?)", start)
			}
			prevFirst = first
		}
		in, older := window(feed.Entries, since)
		if len(in) > 0 && fn != nil {
			if err := fn(in); err != nil {
				return res, fmt.Errorf("arxiv: handling the page at %d: %w", start, err)
			}
		}
		res.Entries += len(in)
		start += got
		if older || start >= feed.TotalResults {
			return res, nil
		}
	}
}

// window is the entries before the first one submitted before since, and
// whether there was such an entry.
func window(entries []intake.Entry, since time.Time) ([]intake.Entry, bool) {
	for i, e := range entries {
		if e.Published.Before(since) {
			return entries[:i], true
		}
	}
	return entries, false
}

// pageURL is the query for n entries from start, newest first.
func (c *Client) pageURL(start, n int) string {
	u := *c.base
	q := u.Query()
	q.Set("search_query", c.query)
	q.Set("sortBy", "submittedDate")
	q.Set("sortOrder", "descending")
	q.Set("start", strconv.Itoa(start))
	q.Set("max_results", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
