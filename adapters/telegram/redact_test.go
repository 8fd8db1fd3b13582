package telegram_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/internal/testkit"
)

// secretTokens have characters a URL escapes, and % with and without a
// valid escape after it.
var secretTokens = []string{"123456:ab cd%41ef-gh", "987654:x%zz y+w&q=1"}

// tokenForms are the spellings of token a leak could take.
func tokenForms(token string) []string {
	bases := []string{token}
	if u, err := url.PathUnescape(token); err == nil {
		bases = append(bases, u)
	}
	var out []string
	for _, b := range bases {
		out = append(out, b, url.PathEscape(b), url.QueryEscape(b), (&url.URL{Path: b}).EscapedPath(),
			hex.EncodeToString([]byte(b)), strings.ToUpper(hex.EncodeToString([]byte(b))),
			base64.StdEncoding.EncodeToString([]byte(b)), base64.URLEncoding.EncodeToString([]byte(b)))
	}
	return out
}

// noToken fails if s holds any spelling of token.
func noToken(t *testing.T, what, s, token string) {
	t.Helper()
	for _, f := range tokenForms(token) {
		if strings.Contains(s, f) {
			t.Errorf("%s holds the token as %q:\n%s", what, f, s)
			return
		}
	}
}

// errorTexts is every text err and the errors it wraps show.
func errorTexts(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		fmt.Fprintf(&b, "%v\n%+v\n", e, e)
		var ue *url.Error
		if errors.As(e, &ue) {
			b.WriteString(ue.URL + "\n")
		}
	}
	return b.String()
}

// echoServer answers every call with an error of status that quotes the
// request's URL as it arrived, raw and decoded: a server that echoes it.
func echoServer(t *testing.T, status int) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"ok":false,"error_code":%d,"description":"Bad Request: no method at %s (%s)"}`,
			status, strings.ReplaceAll(r.RequestURI, `"`, ``), strings.ReplaceAll(r.URL.Path, `"`, ``))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/bot%s/%s"
}

// closedPort is an endpoint nothing listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/bot%s/%s"
}

func TestTokenNeverInErrorsOrLogs(t *testing.T) {
	for _, token := range secretTokens {
		for _, tt := range []struct {
			name     string
			endpoint func(*testing.T) string
		}{
			{"bad request echoing the URL", func(t *testing.T) string { return echoServer(t, http.StatusBadRequest) }},
			{"server error echoing the URL", func(t *testing.T) string { return echoServer(t, http.StatusInternalServerError) }},
			{"token refused, echoing the URL", func(t *testing.T) string { return echoServer(t, http.StatusUnauthorized) }},
			{"nothing listens", closedPort},
		} {
			t.Run(fmt.Sprintf("%s/%.9s", tt.name, token), func(t *testing.T) {
				logs := &testkit.LogBuffer{}
				a, err := telegram.New(telegram.Options{
					Token: token, Endpoint: tt.endpoint(t), Handler: newHarness(t).bot, Attempts: 2,
					RatePerChat: rate.Inf, RateGlobal: rate.Inf, Timing: fastTiming,
					Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
				})
				if err != nil {
					t.Fatal(err)
				}
				sendErr := a.Send(context.Background(), "telegram:42", digest)
				if sendErr == nil {
					t.Fatal("Send succeeded against a server that only fails")
				}
				noToken(t, "the error of Send", errorTexts(sendErr), token)
				ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
				defer cancel()
				runErr := a.Run(ctx) // getMe fails until the deadline, or for good
				noToken(t, "the error of Run", errorTexts(runErr), token)
				if !strings.Contains(logs.String(), "<token>") && !strings.Contains(errorTexts(sendErr)+errorTexts(runErr), "<token>") {
					t.Errorf("nothing was redacted: the test did not make the token show up\nlogs:\n%s\nerrors:\n%v\n%v", logs.String(), sendErr, runErr)
				}
				noToken(t, "the logs", logs.String(), token)
			})
		}
	}
}
