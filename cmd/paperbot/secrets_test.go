package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// leakSecrets are the secrets the leak test configures, each with a part
// that appears nowhere else, so a secret printed whole or in part is found.
var leakSecrets = []struct{ name, value, marker string }{
	{"telegram.token", "7000000001:AAHleakTelegramToken_9zQ", "AAHleakTelegramToken_9zQ"},
	{"telegram.webhook.secret_token", "leakTelegramHookSecret_7", "leakTelegramHookSecret_7"},
	{"slack.bot_token", "xoxb-1111-2222-leakSlackBotToken", "leakSlackBotToken"},
	{"slack.app_token", "xapp-1-A111-3333-leakSlackAppToken", "leakSlackAppToken"},
	{"slack.signing_secret", "leakslacksigningsecret0123456789", "leakslacksigningsecret"},
}

// platformFake answers every Bot API and Web API call with failures: a
// dropped connection, a proxy's HTML 502, a 429 with retry-after, or, when
// fatal, 401 / invalid_auth. It counts the calls of each platform and
// remembers whether the Telegram token arrived in the URL path.
type platformFake struct {
	fatal bool
	mu    sync.Mutex
	calls map[string]int
	token bool // the Telegram token was in a request path
	more  chan struct{}
}

func newPlatformFake(t *testing.T, fatal bool) (*platformFake, *httptest.Server) {
	f := &platformFake{fatal: fatal, calls: map[string]int{}, more: make(chan struct{}, 1000)}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *platformFake) serve(w http.ResponseWriter, r *http.Request) {
	platform := "slack"
	if strings.HasPrefix(r.URL.Path, "/bot") {
		platform = "telegram"
	}
	f.mu.Lock()
	n := f.calls[platform]
	f.calls[platform]++
	if strings.Contains(r.URL.Path, leakSecrets[0].value) {
		f.token = true
	}
	f.mu.Unlock()
	f.more <- struct{}{}
	switch {
	case f.fatal && platform == "telegram":
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
	case f.fatal:
		fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
	case n%3 == 0: // the connection drops: the client's error names the URL
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	case n%3 == 1:
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html><body>502 Bad Gateway</body></html>")
	default:
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		if platform == "telegram" {
			fmt.Fprint(w, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`)
		} else {
			fmt.Fprint(w, `{"ok":false,"error":"ratelimited"}`)
		}
	}
}

// waitCalls waits until each platform was called at least n times, the
// process ended, or the deadline passed.
func (f *platformFake) waitCalls(c *child, platforms []string, n int, deadline time.Duration) {
	timeout := time.After(deadline)
	for {
		f.mu.Lock()
		enough := true
		for _, p := range platforms {
			enough = enough && f.calls[p] >= n
		}
		f.mu.Unlock()
		if enough {
			return
		}
		select {
		case <-f.more:
		case <-c.done:
			return
		case <-timeout:
			return
		}
	}
}

// TestSecretsNeverReachTheOutput runs paperbot with known secrets against
// platform APIs that fail in every way, through start, the errors and
// shutdown (SIGTERM, or the exit a fatal error causes), at debug level,
// and greps all it printed, the ops endpoints' answers and `check`'s.
func TestSecretsNeverReachTheOutput(t *testing.T) {
	for _, sc := range []struct {
		name     string
		platform string
		fatal    bool
		yaml     string
	}{
		{"telegram polling, transient errors", "telegram", false, "telegram:\n  mode: polling\n"},
		{"telegram webhook, revoked token", "telegram", true,
			"telegram:\n  mode: webhook\n  webhook:\n    listen: 127.0.0.1:0\n    url: https://bot.example.org/telegram\n"},
		{"slack socket mode, transient errors", "slack", false, "slack:\n  mode: socket\n"},
		{"slack http mode, revoked token", "slack", true, "slack:\n  mode: http\n  listen: 127.0.0.1:0\n"},
	} {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			fake, srv := newPlatformFake(t, sc.fatal)
			yaml := "http:\n  listen: 127.0.0.1:0\n" + sc.yaml
			yaml = strings.Replace(yaml, "telegram:\n", "telegram:\n  api_endpoint: "+srv.URL+"/bot%s/%s\n", 1)
			yaml = strings.Replace(yaml, "slack:\n", "slack:\n  api_url: "+srv.URL+"/api/\n", 1)
			env := []string{"PAPERBOT_TELEGRAM_TOKEN=" + leakSecrets[0].value}
			if sc.platform == "slack" {
				env = []string{
					"PAPERBOT_SLACK_BOT_TOKEN=" + leakSecrets[2].value,
					"PAPERBOT_SLACK_APP_TOKEN=" + leakSecrets[3].value,
					"PAPERBOT_SLACK_SIGNING_SECRET=" + leakSecrets[4].value,
				}
			}
			// The webhook secret has no environment variable: it is in the file.
			cfgWithHook := writeTestConfig(t, strings.Replace(yaml, "    url:", "    secret_token: "+leakSecrets[1].value+"\n    url:", 1))

			var printed strings.Builder
			dataDir := t.TempDir()
			for _, args := range [][]string{{"check", "--config", cfgWithHook, "--data-dir", dataDir}} {
				c := startChild(t, env, args...)
				<-c.done
				printed.WriteString(c.output())
			}

			c := startChild(t, env, "serve", "--config", cfgWithHook, "--data-dir", dataDir, "--log-format", "json", "--log-level", "debug")
			if addr := c.opsAddr(); addr != "" {
				fake.waitCalls(c, []string{sc.platform}, 3, 15*time.Second)
				for _, path := range []string{"/readyz", "/metrics", "/healthz"} {
					if resp, err := http.Get("http://" + addr + path); err == nil {
						b := new(strings.Builder)
						fmt.Fprintf(b, "%s %s\n", path, resp.Status)
						resp.Write(b)
						resp.Body.Close()
						printed.WriteString(b.String())
					}
				}
				code := c.stop()
				t.Logf("serve ran until SIGTERM, exit status %d", code)
			} else {
				t.Logf("serve exited by itself, status %d", c.code)
			}
			printed.WriteString(c.output())

			out := printed.String()
			for _, s := range leakSecrets {
				if strings.Contains(out, s.value) || strings.Contains(out, s.marker) {
					t.Errorf("%s was printed:\n%s", s.name, grepLines(out, s.marker))
				}
			}
			fake.mu.Lock()
			defer fake.mu.Unlock()
			t.Logf("platform API calls: %v; output: %d lines", fake.calls, strings.Count(out, "\n"))
			if fake.calls[sc.platform] == 0 {
				t.Logf("%s was never called: its adapter is not in this version", sc.platform)
			}
			if fake.calls["telegram"] > 0 && !fake.token {
				t.Errorf("telegram was called without the test's token: the test checks nothing")
			}
		})
	}
}
