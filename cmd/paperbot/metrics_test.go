package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
)

var meterReply = bot.Reply{Text: "Your paper of the day", Intro: "Your paper of the day",
	Papers: []bot.Item{{ID: "mocov2", Title: "MoCo v2", Year: 2020}}}

// scrape builds what serve runs from a's config and returns a scraper of
// the ops listener's /metrics, the real handler, and the platforms.
func scrape(t *testing.T, a *app) (func() string, []platform) {
	t.Helper()
	platforms, _, err := a.build()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&ops{log: a.log, store: a.store, metrics: a.metrics, platforms: platforms}).handler())
	t.Cleanup(srv.Close)
	return func() string {
		code, body := httpGet(t, srv.URL+"/metrics")
		if code != http.StatusOK {
			t.Fatalf("/metrics = %d", code)
		}
		return body
	}, platforms
}

// sample is the value of one sample ("name{labels}") in a /metrics body;
// the test fails if it is not there.
func sample(t *testing.T, body, name string) float64 {
	t.Helper()
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	t.Fatalf("/metrics has no %s:\n%s", name, grepLines(body, "paperbot_rate_limit", "paperbot_errors"))
	return 0
}

// checkMetrics compares the rate-limit and error samples of platform
// before and after a throttled send and a refused one.
func checkMetrics(t *testing.T, platform, before, after string) {
	t.Helper()
	waits := `paperbot_rate_limit_waits_total{platform="` + platform + `"}`
	waited := `paperbot_rate_limit_wait_seconds_total{platform="` + platform + `"}`
	sends := `paperbot_errors_total{kind="send"}`
	if b, a := sample(t, before, waits), sample(t, after, waits); b != 0 || a < 1 {
		t.Errorf("%s went %v → %v, want 0 → at least 1", waits, b, a)
	}
	if b, a := sample(t, before, waited), sample(t, after, waited); b != 0 || a < 1 {
		t.Errorf("%s went %v → %v, want 0 → at least the 1 s retry-after", waited, b, a)
	}
	if b, a := sample(t, before, sends), sample(t, after, sends); b != 0 || a != 1 {
		t.Errorf("%s went %v → %v, want 0 → 1", sends, b, a)
	}
}

// TestTelegramRateLimitsAndErrorsReachMetrics: a send Telegram throttles
// (429, retry_after 1) and one it refuses move the counters /metrics shows.
func TestTelegramRateLimitsAndErrorsReachMetrics(t *testing.T) {
	fake := telegramtest.NewServer(t)
	a := openTestApp(t, "telegram:\n  token: \""+telegramtest.Token+"\"\n  api_endpoint: \""+fake.Endpoint()+"\"\n")
	metrics, platforms := scrape(t, a)
	before := metrics()
	tg := platforms[0]
	fake.Script("sendMessage", telegramtest.Flood(1))
	if err := tg.Send(context.Background(), "telegram:42", meterReply); err != nil {
		t.Fatalf("Send after a 429 = %v", err)
	}
	fake.Script("sendMessage", telegramtest.Forbidden())
	if err := tg.Send(context.Background(), "telegram:42", meterReply); err == nil {
		t.Fatal("Send to a chat that blocked the bot succeeded")
	}
	checkMetrics(t, "telegram", before, metrics())
}

// TestSlackRateLimitsAndErrorsReachMetrics: the same for Slack, whose fake
// answers chat.postMessage with a 429 and Retry-After: 1, then ok, then
// channel_not_found.
func TestSlackRateLimitsAndErrorsReachMetrics(t *testing.T) {
	var posts atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/api/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch posts.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
		case 2:
			io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1700000000.000100"}`)
		default:
			io.WriteString(w, `{"ok":false,"error":"channel_not_found"}`)
		}
	})
	fake := httptest.NewServer(mux)
	t.Cleanup(fake.Close)
	a := openTestApp(t, "slack:\n  bot_token: "+slackTestToken+"\n  signing_secret: "+slackTestSecret+
		"\n  mode: http\n  listen: 127.0.0.1:0\n  api_url: "+fake.URL+"/api/\n")
	metrics, platforms := scrape(t, a)
	before := metrics()
	sl := platforms[0]
	if err := sl.Send(context.Background(), "slack:T1:C1", meterReply); err != nil {
		t.Fatalf("Send after a 429 = %v", err)
	}
	if err := sl.Send(context.Background(), "slack:T1:C1", meterReply); err == nil {
		t.Fatal("Send to a channel that is gone succeeded")
	}
	if n := posts.Load(); n != 3 {
		t.Errorf("%d chat.postMessage calls, want 3 (the 429 retried once)", n)
	}
	checkMetrics(t, "slack", before, metrics())
}
