package telegram

import (
	"encoding/hex"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// tokenMark stands for the bot token wherever it is taken out.
const tokenMark = "<token>"

// redactor takes every spelling of the bot token out of texts and errors.
// The client puts the token in a URL, so a failed call's error can carry
// it as typed or URL-decoded, path- or query-escaped, or as a URL prints
// it; a server or a proxy may echo it in its answer; an endpoint with a
// stray verb (Validate refuses them) could print it in hex or Go-quoted.
type redactor struct {
	forms []string // longest first
	r     *strings.Replacer
}

func newRedactor(token string) *redactor {
	bases := []string{token}
	if u, err := url.PathUnescape(token); err == nil && u != token {
		bases = append(bases, u)
	}
	seen := map[string]bool{"": true}
	var forms []string
	for _, b := range bases {
		q := strconv.Quote(b)
		for _, f := range []string{
			b, url.PathEscape(b), url.QueryEscape(b), (&url.URL{Path: b}).EscapedPath(),
			hex.EncodeToString([]byte(b)), strings.ToUpper(hex.EncodeToString([]byte(b))), q[1 : len(q)-1],
		} {
			if !seen[f] {
				seen[f] = true
				forms = append(forms, f)
			}
		}
	}
	sort.Slice(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, tokenMark)
	}
	return &redactor{forms: forms, r: strings.NewReplacer(pairs...)}
}

// String is s with the token taken out.
func (r *redactor) String(s string) string { return r.r.Replace(s) }

// has reports whether s holds the token in any spelling.
func (r *redactor) has(s string) bool {
	for _, f := range r.forms {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}

// Error is err with the token taken out of its text at every level of its
// chain. The URL of a *url.Error is redacted in place; any other error
// whose text holds the token is replaced by one with the redacted text
// that wraps the rest of the chain, so errors.Is and errors.As still find
// what lies beneath (context.Canceled, a *net.OpError).
func (r *redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	if ue, ok := err.(*url.Error); ok {
		return &url.Error{Op: ue.Op, URL: r.String(ue.URL), Err: r.Error(ue.Err)}
	}
	if !r.has(err.Error()) {
		return err
	}
	return &redactedError{msg: r.String(err.Error()), err: r.Error(errors.Unwrap(err))}
}

// redactedError is an error whose text had the token taken out.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
