package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/store"
)

const (
	slackTestToken  = "xoxb-9-serve-test-token"
	slackTestSecret = "serve-test-signing-secret"
)

// slackFake is the part of Slack that serve needs in HTTP mode: auth.test,
// and response_urls whose posts it passes on.
func slackFake(t *testing.T) (*httptest.Server, chan string) {
	t.Helper()
	answers := make(chan string, 16)
	mux := http.NewServeMux()
	mux.HandleFunc("/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("token") != slackTestToken {
			io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
			return
		}
		io.WriteString(w, `{"ok":true,"user_id":"UBOT","team_id":"T1"}`)
	})
	mux.HandleFunc("/respond/", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		answers <- string(b)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, answers
}

// TestServeSlackHTTP runs paperbot serve in HTTP mode in a child process,
// wired from the slack.* keys: signed slash commands are answered through
// their response_url, progress is kept, and SIGTERM ends it cleanly.
func TestServeSlackHTTP(t *testing.T) {
	fake, answers := slackFake(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	cfg := writeTestConfig(t, fmt.Sprintf("slack:\n  mode: http\n  listen: %s\n  api_url: %s/api/\n  rate_per_channel: 50\n", addr, fake.URL))
	c := startChild(t, []string{"PAPERBOT_SLACK_BOT_TOKEN=" + slackTestToken, "PAPERBOT_SLACK_SIGNING_SECRET=" + slackTestSecret},
		"serve", "--config", cfg, "--data-dir", dir, "--log-format", "json")

	slash := func(text string) string {
		t.Helper()
		body := []byte(url.Values{"team_id": {"T1"}, "user_id": {"U1"}, "channel_id": {"D1"}, "command": {"/paper"},
			"text": {text}, "response_url": {fake.URL + "/respond/1"}}.Encode())
		deadline := time.Now().Add(20 * time.Second)
		for {
			ts := time.Now().Unix()
			m := hmac.New(sha256.New, []byte(slackTestSecret))
			fmt.Fprintf(m, "v0:%d:%s", ts, body)
			req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/events", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
			req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("/paper %s: status %d", text, resp.StatusCode)
				}
				break
			}
			select { // not listening yet: the child is starting
			case <-c.done:
				t.Fatalf("serve exited %d:\n%s", c.code, c.output())
			case <-time.After(20 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("not listening on %s after 20s: %v\n%s", addr, err, c.output())
			}
		}
		select {
		case a := <-answers:
			return a
		case <-time.After(20 * time.Second):
			t.Fatalf("no answer to /paper %s:\n%s", text, c.output())
			return ""
		}
	}
	if got := slash("read mocov2"); !strings.Contains(got, "Marked as read") {
		t.Errorf("/paper read mocov2 answered %s", got)
	}
	if got := slash("progress"); !strings.Contains(got, "You have read 1 of") {
		t.Errorf("/paper progress answered %s", got)
	}
	if code := c.stop(); code != 0 {
		t.Errorf("exit status after SIGTERM = %d; output:\n%s", code, c.output())
	}
	for _, s := range []string{slackTestToken, slackTestSecret} {
		if strings.Contains(c.output(), s) {
			t.Errorf("the output shows a secret:\n%s", c.output())
		}
	}
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("store after exit: %v", err)
	}
	defer db.Close()
	if r, err := db.Get(context.Background(), "slack:T1:U1"); err != nil || r.Read["mocov2"].IsZero() {
		t.Errorf("slack:T1:U1 after exit: read %v, err %v", r.Read, err)
	}
}

// TestSlackConfigNamesTheKey: a Slack setup that cannot work is refused at
// start with the key to fix.
func TestSlackConfigNamesTheKey(t *testing.T) {
	for _, tc := range []struct{ yaml, env, want string }{
		{"slack:\n  mode: http\n", "", "slack.signing_secret"},
		{"slack:\n  mode: socket\n", "", "slack.app_token"},
	} {
		t.Run(strings.TrimSpace(strings.SplitN(tc.yaml, "\n", 3)[1]), func(t *testing.T) {
			c := startChild(t, []string{"PAPERBOT_SLACK_BOT_TOKEN=" + slackTestToken}, "serve", "--config", writeTestConfig(t, tc.yaml), "--data-dir", t.TempDir())
			select {
			case <-c.done:
			case <-time.After(20 * time.Second):
				t.Fatalf("serve with %q did not exit", tc.yaml)
			}
			if c.code == 0 || !strings.Contains(c.output(), tc.want) || strings.Contains(c.output(), slackTestToken) {
				t.Errorf("serve with %q: status %d, output %q; want an error naming %s", tc.yaml, c.code, c.output(), tc.want)
			}
		})
	}
}
