package telegram

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// TestRedactsEveryEncoding: even with an endpoint Validate refuses, one
// that prints the token in hex or quoted, a failed call's error holds no
// spelling of it.
func TestRedactsEveryEncoding(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	const token = "42:tok en%41/x"
	for _, verb := range []string{"%s", "%x", "%X", "%q", "%v"} {
		t.Run(verb, func(t *testing.T) {
			endpoint := "http://" + addr + "/" + verb + "/%s"
			c := newClient(token, endpoint, Timing{SendTimeout: time.Second}.withDefaults(), 1, slog.New(slog.DiscardHandler))
			err := c.once(context.Background(), "getMe", c.short, func(api *tgbotapi.BotAPI) error {
				_, err := api.GetMe()
				return err
			})
			if err == nil {
				t.Fatal("getMe on a closed port succeeded")
			}
			var text strings.Builder
			for e := err; e != nil; e = errors.Unwrap(e) {
				fmt.Fprintf(&text, "%v|", e)
				var ue *url.Error
				if errors.As(e, &ue) {
					text.WriteString(ue.URL + "|")
				}
			}
			unescaped, _ := url.PathUnescape(token)
			for _, f := range []string{token, unescaped, url.PathEscape(token), url.QueryEscape(token), url.PathEscape(unescaped),
				hex.EncodeToString([]byte(token)), strings.ToUpper(hex.EncodeToString([]byte(token)))} {
				if strings.Contains(text.String(), f) {
					t.Errorf("the error holds the token as %q: %s", f, text.String())
				}
			}
			if !strings.Contains(text.String(), tokenMark) {
				t.Errorf("the error shows no %s where the token was: %s", tokenMark, text.String())
			}
		})
	}
}

func TestRedactorKeepsTheChain(t *testing.T) {
	r := newRedactor("1:abc")
	err := r.Error(&url.Error{Op: "Post", URL: "http://x/bot1:abc/getMe", Err: context.DeadlineExceeded})
	if !errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "1:abc") {
		t.Errorf("redacted %v: lost the cause or kept the token", err)
	}
	wrapped := r.Error(fmt.Errorf("call http://x/bot1:abc: %w", context.Canceled))
	if !errors.Is(wrapped, context.Canceled) || strings.Contains(wrapped.Error(), "1:abc") {
		t.Errorf("redacted %v: lost the cause or kept the token", wrapped)
	}
}
