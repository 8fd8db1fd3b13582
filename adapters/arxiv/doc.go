// Package arxiv is a client for the arXiv API query endpoint: it harvests
// the newest papers in some categories (cs.CV and cs.LG unless told
// otherwise) and decodes arXiv's Atom feed into intake.Entry values.
//
// # Decoding
//
// ParseFeed reads one Atom page with encoding/xml. Elements are matched by
// namespace (Atom, OpenSearch and arXiv's own), never by the prefix a
// document happens to bind. An entry's version exists only as the "vN"
// suffix of its id, so "http://arxiv.org/abs/2611.01234v2" becomes ID
// "2611.01234", Version 2. An entry that cannot be used (no id, no title, a
// title or abstract too long to be real) is skipped and counted in
// Feed.Skipped with a reason; a malformed or truncated document is an error.
// arXiv reports a bad query as a feed whose one entry is the error; that is
// an *APIError.
//
// # Etiquette
//
// arXiv's terms of use allow one request at a time and at most one every
// three seconds, and ask for a User-Agent that says who is calling. This
// package keeps to them within a process:
//
//   - Every request takes its turn from a Pacer, which it holds until the
//     response has been read, so requests never overlap; a request starts no
//     sooner than Options.MinInterval (default 3 s) after the start of the
//     one before. All Clients share one process-wide Pacer unless
//     Options.Pacer gives them another.
//   - A 429 or 503 waits for the server's Retry-After (seconds or an HTTP
//     date, at most 10 minutes), and the Pacer holds every other request back
//     until then too. Other 5xx answers, network errors, timeouts and
//     malformed or truncated feeds back off exponentially with jitter. After
//     Options.MaxTries tries the harvest gives up. Other 4xx answers and
//     arXiv's error feed fail at once.
//   - The User-Agent is "paperbot/<version> (+<contact>)".
//
// The terms count requests across all of a user's machines; the Pacer only
// sees one process, so run one harvester.
//
// # Harvesting
//
// (*Client).Fetch pages through the results newest first (sortBy
// submittedDate) and stops at an empty page, at the feed's totalResults, or
// at the first entry submitted before the given time. "published" is the
// submission date of version 1, not the announcement date: a paper can be
// announced days after papers submitted later, so callers should overlap
// their window by a few days and deduplicate by ID. Weekend and holiday
// feeds are empty, which is not an error.
package arxiv
