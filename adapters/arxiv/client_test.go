package arxiv_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/arxiv"
	"github.com/paperbot/paperbot/adapters/arxiv/arxivtest"
	"github.com/paperbot/paperbot/bot/intake"
)

func TestFetchShortPages(t *testing.T) {
	want := papers(25)
	f := newFake(t, want)
	f.pageCap = 7 // asked for 10, the server sends 7
	c, _, ev := testClient(t, f)
	var pages [][]intake.Entry
	res, err := c.Fetch(t.Context(), time.Time{}, collect(&pages))
	if err != nil {
		t.Fatal(err)
	}
	if got := flatten(pages); !reflect.DeepEqual(got, want) {
		t.Errorf("got %d entries, want the %d served, in order", len(got), len(want))
	}
	if starts, _, _ := f.seen(); !slices.Equal(starts, []int{0, 7, 14, 21}) {
		t.Errorf("starts %v, want [0 7 14 21]", starts)
	}
	if res != (arxiv.Result{Requests: 4, Pages: 4, Entries: 25, Total: 25}) || len(pages) != 4 {
		t.Errorf("result %+v, %d pages", res, len(pages))
	}
	if ev.count("request") != 4 || ev.count("retry") != 0 {
		t.Errorf("events %v", ev.n)
	}
}

func TestFetchStopsAtTotalResults(t *testing.T) {
	f := newFake(t, papers(20))
	c, _, _ := testClient(t, f)
	res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	// Two full pages make totalResults: no third request for an empty page.
	if res.Requests != 2 || res.Entries != 20 || res.Total != 20 {
		t.Errorf("result %+v", res)
	}
}

func TestFetchStopsAtSince(t *testing.T) {
	all := papers(30)
	f := newFake(t, all)
	c, _, _ := testClient(t, f)
	since := all[13].Published // entries 0..13 are in the window
	var pages [][]intake.Entry
	res, err := c.Fetch(t.Context(), since, collect(&pages))
	if err != nil {
		t.Fatal(err)
	}
	if got := flatten(pages); !reflect.DeepEqual(got, all[:14]) {
		t.Errorf("got %d entries, want the first 14", len(got))
	}
	if len(pages) != 2 || len(pages[1]) != 4 || res.Requests != 2 || res.Entries != 14 {
		t.Errorf("result %+v, pages of %d", res, len(pages))
	}
}

func TestFetchOlderPageIsNotPassed(t *testing.T) {
	all := papers(30)
	f := newFake(t, all)
	c, _, _ := testClient(t, f)
	calls := 0
	res, err := c.Fetch(t.Context(), t0.Add(time.Hour), func([]intake.Entry) error { calls++; return nil })
	if err != nil || calls != 0 || res.Requests != 1 || res.Entries != 0 {
		t.Errorf("err %v, %d calls, result %+v", err, calls, res)
	}
}

func TestFetchEmptyFeed(t *testing.T) {
	f := newFake(t, nil) // a weekend
	c, _, _ := testClient(t, f)
	res, err := c.Fetch(t.Context(), t0.Add(-72*time.Hour), func([]intake.Entry) error {
		t.Error("fn called for an empty feed")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if res != (arxiv.Result{Requests: 1, Pages: 1}) {
		t.Errorf("result %+v", res)
	}
}

func TestFetchRetryAfterSeconds(t *testing.T) {
	f := newFake(t, papers(5))
	f.then(status(http.StatusTooManyRequests, "Retry-After", "7"))
	c, clk, ev := testClient(t, f)
	res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := clk.Slept(); !slices.Equal(got, []time.Duration{7 * time.Second}) {
		t.Errorf("slept %v, want [7s]", got)
	}
	if res.Requests != 2 || res.Entries != 5 || ev.count("retry") != 1 || ev.count("request") != 2 {
		t.Errorf("result %+v, events %v", res, ev.n)
	}
}

func TestFetchRetryAfterDate(t *testing.T) {
	f := newFake(t, papers(5))
	c, clk, _ := testClient(t, f)
	at := clk.Now().Add(90 * time.Second).Format(http.TimeFormat)
	f.then(status(http.StatusTooManyRequests, "Retry-After", at))
	if _, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := clk.Slept(); !slices.Equal(got, []time.Duration{90 * time.Second}) {
		t.Errorf("slept %v, want [1m30s]", got)
	}
}

func TestFetchRetryAfterIsCapped(t *testing.T) {
	f := newFake(t, papers(5))
	f.then(status(http.StatusServiceUnavailable, "Retry-After", "86400"))
	c, clk, _ := testClient(t, f)
	if _, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := clk.Slept(); !slices.Equal(got, []time.Duration{10 * time.Minute}) {
		t.Errorf("slept %v, want [10m]", got)
	}
}

func TestFetch503ThenOK(t *testing.T) {
	f := newFake(t, papers(5))
	f.then(status(http.StatusServiceUnavailable)) // no Retry-After: back off
	c, clk, _ := testClient(t, f)
	res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	got := clk.Slept()
	if len(got) != 1 || got[0] < 2500*time.Millisecond || got[0] > 5*time.Second || res.Requests != 2 {
		t.Errorf("slept %v, result %+v; want one back-off of 2.5-5s", got, res)
	}
}

func TestFetchMalformedThenOK(t *testing.T) {
	f := newFake(t, papers(5))
	f.then(body(http.StatusOK, truncated), body(http.StatusOK, []byte("<html><body>Bad gateway</body></html>")))
	c, clk, ev := testClient(t, f)
	res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 3 || res.Entries != 5 || len(clk.Slept()) != 2 || ev.count("retry") != 2 {
		t.Errorf("result %+v, slept %v, events %v", res, clk.Slept(), ev.n)
	}
}

func TestFetchGivesUp(t *testing.T) {
	f := newFake(t, papers(5))
	for range 10 {
		f.then(body(http.StatusOK, []byte("<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>")))
	}
	c, clk, ev := testClient(t, f, func(o *arxiv.Options) { o.MaxTries = 3 })
	res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "after 3 tries") || !strings.Contains(err.Error(), "XML") {
		t.Fatalf("err %v, want a give-up after 3 tries naming the XML error", err)
	}
	slept := clk.Slept()
	if res.Requests != 3 || f.requests() != 3 || len(slept) != 2 || slept[1] <= slept[0] {
		t.Errorf("result %+v, %d requests, slept %v (want two growing back-offs)", res, f.requests(), slept)
	}
	if ev.count("giveup") != 1 || ev.count("retry") != 2 {
		t.Errorf("events %v", ev.n)
	}
}

func TestFetchErrorFeed(t *testing.T) {
	for _, code := range []int{http.StatusOK, http.StatusBadRequest} {
		t.Run(fmt.Sprintf("HTTP %d", code), func(t *testing.T) {
			f := newFake(t, papers(5))
			f.then(body(code, arxivtest.ErrorFeed("incorrect id format for 1234.12345")))
			c, _, _ := testClient(t, f)
			res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
			var ae *arxiv.APIError
			if !errors.As(err, &ae) || ae.Message != "incorrect id format for 1234.12345" {
				t.Errorf("HTTP %d: err %v, want an *APIError", code, err)
			}
			if res.Requests != 1 || f.requests() != 1 {
				t.Errorf("HTTP %d: %d requests, want 1 (no retry)", code, f.requests())
			}
		})
	}
}

func TestFetch4xxFailsAtOnce(t *testing.T) {
	f := newFake(t, papers(5))
	f.then(status(http.StatusForbidden))
	c, clk, _ := testClient(t, f)
	_, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "403") || f.requests() != 1 || len(clk.Slept()) != 0 {
		t.Errorf("err %v after %d requests, slept %v", err, f.requests(), clk.Slept())
	}
}

func TestFetchFnErrorStops(t *testing.T) {
	f := newFake(t, papers(25))
	c, _, _ := testClient(t, f)
	stop := errors.New("disk full")
	res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return stop })
	if !errors.Is(err, stop) || res.Requests != 1 || res.Entries != 0 {
		t.Errorf("err %v, result %+v", err, res)
	}
}

func TestFetchServerIgnoringStart(t *testing.T) {
	f := newFake(t, papers(25))
	f.repeat = true
	c, _, _ := testClient(t, f)
	res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
	if err == nil || res.Requests != 2 {
		t.Errorf("err %v, result %+v; want an error at the second page", err, res)
	}
}

func TestFetchPageCap(t *testing.T) {
	f := newFake(t, papers(300))
	f.pageCap = 1
	f.total = 100000
	c, _, _ := testClient(t, f)
	res, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
	if err != nil || res.Pages != 200 || res.Entries != 200 {
		t.Errorf("err %v, result %+v; want a stop at 200 pages", err, res)
	}
}

func TestFetchCancelledDuringRetryAfter(t *testing.T) {
	f := newFake(t, papers(5))
	f.then(status(http.StatusTooManyRequests, "Retry-After", "600"))
	c, _, _ := testClient(t, f, func(o *arxiv.Options) { o.Now, o.Sleep = nil, nil }) // the real clock
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := c.Fetch(ctx, time.Time{}, func([]intake.Entry) error { return nil })
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > 2*time.Second {
		t.Errorf("err %v after %v", err, time.Since(began))
	}
}

func TestFetchBadOptions(t *testing.T) {
	f := newFake(t, papers(5))
	for _, tc := range []struct {
		name string
		edit func(*arxiv.Options)
	}{
		{"category with a query", func(o *arxiv.Options) { o.Categories = []string{"cs.CV OR all:x"} }},
		{"base URL without a scheme", func(o *arxiv.Options) { o.BaseURL = "export.arxiv.org/api/query" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _, _ := testClient(t, f, tc.edit)
			if _, err := c.Fetch(t.Context(), time.Time{}, nil); err == nil {
				t.Error("no error for a bad option")
			}
		})
	}
	if f.requests() != 0 {
		t.Errorf("%d requests with bad options", f.requests())
	}
}

func TestUserAgent(t *testing.T) {
	f := newFake(t, papers(3))
	c, _, _ := testClient(t, f, func(o *arxiv.Options) { o.Contact = testContact + "\r\nX-Evil: 1" })
	if _, err := c.Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil }); err != nil {
		t.Fatal(err)
	}
	_, agents, _ := f.seen()
	ua := agents[0]
	if !strings.HasPrefix(ua, "paperbot/1.2.3 ") || !strings.Contains(ua, testContact) || strings.ContainsAny(ua, "\r\n") {
		t.Errorf("User-Agent %q", ua)
	}
}

// TestRequestsNeverOverlap runs harvests from several goroutines and two
// Clients on the process-wide Pacer with the real clock, and checks at the
// server that requests never overlap and start at least MinInterval apart.
func TestRequestsNeverOverlap(t *testing.T) {
	const interval = 100 * time.Millisecond
	f := newFake(t, papers(12))
	f.delay = 5 * time.Millisecond
	var clients []*arxiv.Client
	for range 2 {
		c, _, _ := testClient(t, f, func(o *arxiv.Options) {
			o.Pacer, o.Now, o.Sleep = nil, nil, nil
			o.PageSize, o.MinInterval = 5, interval
		})
		clients = append(clients, c)
	}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			res, err := clients[i%2].Fetch(t.Context(), time.Time{}, func([]intake.Entry) error { return nil })
			if err != nil || res.Entries != 12 {
				t.Errorf("harvest %d: %+v, %v", i, res, err)
			}
		})
	}
	wg.Wait()
	_, _, spans := f.seen()
	slices.SortFunc(spans, func(a, b span) int { return a.start.Compare(b.start) })
	if len(spans) != 12 {
		t.Fatalf("%d requests, want 12", len(spans))
	}
	// The server sees a request a little after the client starts it; allow
	// for a difference in that delay between two requests, which on a
	// loaded machine (the race detector, other tests) reaches tens of
	// milliseconds; the pacer's own spacing is tested with a fake clock.
	const slack = 30 * time.Millisecond
	for i := 1; i < len(spans); i++ {
		if spans[i].start.Before(spans[i-1].end) {
			t.Errorf("request %d started before request %d ended", i, i-1)
		}
		if gap := spans[i].start.Sub(spans[i-1].start); gap < interval-slack {
			t.Errorf("requests %d and %d started %v apart, want at least %v", i-1, i, gap, interval)
		}
	}
}
