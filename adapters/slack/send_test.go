package slack

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

func digest() bot.Reply {
	it := bot.Item{ID: "mocov2", Title: "Improved Baselines with Momentum Contrastive Learning", Year: 2020,
		Buttons: []bot.Button{{Label: "Read", Action: bot.Action{Verb: bot.VerbRead, Paper: "mocov2"}}},
		Links:   []bot.Link{{Label: "arXiv", URL: "https://arxiv.org/abs/2003.04297"}}}
	return bot.Reply{Intro: "Your paper for today:", Papers: []bot.Item{it}, Text: "Your paper for today: MoCo v2"}
}

// TestSendToReader opens the direct-message channel once, then posts.
func TestSendToReader(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for range 2 {
		if err := e.a.Send(ctx, "slack:T1:U7", digest()); err != nil {
			t.Fatal(err)
		}
		c := e.fake.next("chat.postMessage")
		if got := c.form.Get("channel"); got != "DU7" {
			t.Errorf("posted to %q, want the DM channel DU7", got)
		}
		contains(t, "digest", c.message(t).all(), "Your paper for today", "Momentum Contrastive", "Read", "arXiv")
	}
	if got := e.fake.next("conversations.open").form.Get("users"); got != "U7" {
		t.Errorf("conversations.open users=%q, want U7", got)
	}
	e.fake.none("conversations.open")
}

func TestSendToChannel(t *testing.T) {
	e := newEnv(t)
	if err := e.a.Send(context.Background(), "slack:T1:C5", digest()); err != nil {
		t.Fatal(err)
	}
	if got := e.fake.next("chat.postMessage").form.Get("channel"); got != "C5" {
		t.Errorf("posted to %q, want C5", got)
	}
	e.fake.none("conversations.open")
}

// TestSendRetries: a rate limit waits its Retry-After, a 5xx backs off,
// and the message is posted once in the end.
func TestSendRetries(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fail  []reply
		waits []time.Duration
	}{
		{"ratelimited", []reply{{429, map[string]string{"Retry-After": "7"}, `{"ok":false,"error":"ratelimited"}`}},
			[]time.Duration{7 * time.Second}},
		{"ratelimited twice", []reply{
			{429, map[string]string{"Retry-After": "3"}, `{"ok":false,"error":"ratelimited"}`},
			{429, map[string]string{"Retry-After": "30"}, `{"ok":false,"error":"ratelimited"}`}},
			[]time.Duration{3 * time.Second, 30 * time.Second}},
		{"503 then 500", []reply{{503, nil, `<html>unavailable</html>`}, {500, nil, `oops`}},
			[]time.Duration{retryBase, 2 * retryBase}},
		{"ok:false ratelimited without 429", []reply{{200, nil, `{"ok":false,"error":"ratelimited"}`}},
			[]time.Duration{time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.fake.fail("chat.postMessage", tc.fail...)
			if err := e.a.Send(context.Background(), "slack:T1:C5", digest()); err != nil {
				t.Fatal(err)
			}
			e.fake.next("chat.postMessage")
			e.fake.none("chat.postMessage")
			for _, want := range tc.waits {
				if got := <-e.slept; got != want {
					t.Errorf("waited %v, want %v", got, want)
				}
			}
			select {
			case d := <-e.slept:
				t.Errorf("an extra wait of %v", d)
			default:
			}
		})
	}
}

// TestSendGivesUp after maxAttempts server errors, and never retries a
// client error.
func TestSendGivesUp(t *testing.T) {
	e := newEnv(t)
	for range maxAttempts {
		e.fake.fail("chat.postMessage", reply{502, nil, "bad gateway"})
	}
	err := e.a.Send(context.Background(), "slack:T1:C5", digest())
	if err == nil || !strings.Contains(err.Error(), "502") || errors.Is(err, bot.ErrUnreachable) {
		t.Errorf("after %d 502s: %v, want a 502 error that is not ErrUnreachable", maxAttempts, err)
	}
	if n := len(e.slept); n != maxAttempts-1 {
		t.Errorf("waited %d times, want %d", n, maxAttempts-1)
	}
	e.fake.fail("chat.postMessage", reply{200, nil, `{"ok":false,"error":"invalid_blocks"}`})
	if err := e.a.Send(context.Background(), "slack:T1:C5", digest()); err == nil || !strings.Contains(err.Error(), "invalid_blocks") {
		t.Errorf("invalid_blocks: %v", err)
	}
	if n := len(e.slept); n != maxAttempts-1 {
		t.Errorf("a client error was retried")
	}
}

func TestSendUnreachable(t *testing.T) {
	for _, code := range []string{"channel_not_found", "account_inactive", "not_in_channel", "is_archived"} {
		t.Run(code, func(t *testing.T) {
			e := newEnv(t)
			e.fake.fail("chat.postMessage", reply{200, nil, `{"ok":false,"error":"` + code + `"}`})
			err := e.a.Send(context.Background(), "slack:T1:C5", digest())
			if !errors.Is(err, bot.ErrUnreachable) || !strings.Contains(err.Error(), code) {
				t.Errorf("Send = %v, want ErrUnreachable naming %s", err, code)
			}
		})
	}
	e := newEnv(t)
	e.fake.fail("conversations.open", reply{200, nil, `{"ok":false,"error":"user_not_found"}`})
	if err := e.a.Send(context.Background(), "slack:T1:U404", digest()); !errors.Is(err, bot.ErrUnreachable) {
		t.Errorf("DM to a missing user: %v, want ErrUnreachable", err)
	}
	for _, key := range []string{"telegram:1", "slack:T1", "slack::U1", "slack:T1:U1:x"} {
		t.Run(key, func(t *testing.T) {
			if err := e.a.Send(context.Background(), key, digest()); !errors.Is(err, bot.ErrBadKey) {
				t.Errorf("Send(%q) = %v, want ErrBadKey", key, err)
			}
		})
	}
}

// TestPacer: messages to one channel are spaced; other channels are not
// held up by it.
func TestPacer(t *testing.T) {
	p := newPacer(20, 1000, nil) // 20 a second, bursts of 20
	ctx := context.Background()
	start := time.Now()
	for range 20 + 4 { // the burst, then 4 paced at 50ms
		if err := p.wait(ctx, "T1", "C1"); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 150*time.Millisecond {
		t.Errorf("24 messages to one channel at 20/s took %v, want at least 150ms", took)
	}
	start = time.Now()
	for i := range 20 {
		if err := p.wait(ctx, "T1", "C"+itoa(int64(i+2))); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took > 500*time.Millisecond { // were channels paced together, 1s
		t.Errorf("one message to each of 20 other channels took %v", took)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := p.wait(cctx, "T1", "C1"); err == nil {
		t.Error("wait with a cancelled context returned nil")
	}
}
