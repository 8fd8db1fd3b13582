package arxiv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Waits between tries.
const (
	baseBackoff   = 5 * time.Second  // the first back-off; it doubles each try
	maxBackoff    = 2 * time.Minute  // the longest back-off
	maxRetryAfter = 10 * time.Minute // the longest Retry-After honoured
)

// page gets n entries from start, retrying what is worth retrying, and
// counts its requests in res.
func (c *Client) page(ctx context.Context, start, n int, res *Result) (*Feed, error) {
	u := c.pageURL(start, n)
	backoff := baseBackoff
	for try := 1; ; try++ {
		feed, err := c.get(ctx, u, res)
		if err == nil {
			return feed, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("arxiv: getting the page at %d: %w", start, ctx.Err())
		}
		wait, retry := c.retryWait(err, &backoff)
		if !retry {
			return nil, fmt.Errorf("arxiv: getting the page at %d: %w", start, err)
		}
		if try >= c.o.MaxTries {
			c.o.Observe("giveup")
			return nil, fmt.Errorf("arxiv: giving up on the page at %d after %d tries: %w", start, try, err)
		}
		c.o.Observe("retry")
		c.log.Warn("arXiv request failed; retrying", "start", start, "try", try, "max_tries", c.o.MaxTries, "in", wait, "err", err)
		if serr := c.o.Sleep(ctx, wait); serr != nil {
			return nil, fmt.Errorf("arxiv: waiting to retry the page at %d: %w (last failure: %v)", start, serr, err)
		}
	}
}

// retryWait says whether a failure is worth another try and how long to
// wait before it, advancing the back-off.
func (c *Client) retryWait(err error, backoff *time.Duration) (time.Duration, bool) {
	var ae *APIError
	var he *httpError
	switch {
	case errors.As(err, &ae), errors.Is(err, errTooLarge):
		return 0, false
	case errors.As(err, &he):
		if he.hasRetryAfter && (he.status == http.StatusTooManyRequests || he.status == http.StatusServiceUnavailable) {
			return he.retryAfter, true
		}
		if he.status != http.StatusTooManyRequests && he.status < 500 {
			return 0, false
		}
	}
	// Network errors, timeouts, 5xx, malformed feeds: back off.
	b := *backoff
	*backoff = min(2*b, maxBackoff)
	return b/2 + time.Duration(c.o.Rand()*float64(b/2)), true
}

// httpError is an answer other than 200 OK.
type httpError struct {
	status        int
	retryAfter    time.Duration
	hasRetryAfter bool
}

func (e *httpError) Error() string {
	s := fmt.Sprintf("HTTP %d %s", e.status, http.StatusText(e.status))
	if e.hasRetryAfter {
		s += fmt.Sprintf(" (Retry-After %s)", e.retryAfter)
	}
	return s
}

// get makes one request in its turn, counted in res, and decodes the
// answer.
func (c *Client) get(ctx context.Context, u string, res *Result) (*Feed, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("arxiv: building the request: %w", err)
	}
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", "application/atom+xml")
	if err := c.pacer.acquire(ctx, c.o.MinInterval, c.o.Now, c.o.Sleep); err != nil {
		return nil, fmt.Errorf("arxiv: waiting for a turn to request: %w", err)
	}
	defer c.pacer.release()
	res.Requests++
	c.o.Observe("request")
	resp, err := c.o.HTTP.Do(req)
	if err != nil {
		return nil, err // a *url.Error: it names the URL, which holds nothing secret
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection can be reused
		resp.Body.Close()
	}()
	if resp.StatusCode != http.StatusOK {
		return nil, c.failed(resp)
	}
	feed, err := ParseFeed(resp.Body)
	if err != nil {
		return nil, err
	}
	return feed, nil
}

// failed is the error of an answer other than 200: arXiv's error feed if
// the body is one, else an *httpError. A Retry-After holds back every
// request that shares the Pacer; only the holder of the turn may call it.
func (c *Client) failed(resp *http.Response) error {
	if strings.Contains(resp.Header.Get("Content-Type"), "xml") {
		var ae *APIError
		if _, err := ParseFeed(io.LimitReader(resp.Body, 1<<20)); errors.As(err, &ae) {
			return ae
		}
	}
	he := &httpError{status: resp.StatusCode}
	he.retryAfter, he.hasRetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.o.Now())
	if he.hasRetryAfter {
		c.pacer.holdUntil(c.o.Now().Add(he.retryAfter))
	}
	return he
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date, at
// most maxRetryAfter from now.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = max(t.Sub(now), 0)
	} else {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}
