package slack

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paperbot/paperbot/bot"
)

// panicky makes the bot's /random panic inside its store transaction (its
// randomness panics) and counts the panics the bot's Guard reports for
// Slack.
func panicky(count *atomic.Int64) func(*env, *bot.Options) {
	return func(e *env, o *bot.Options) {
		o.Logger = e.opts.Logger
		o.Intn = func(int) int { panic("test: /random panics") }
		o.Panicked = func(platform string) {
			if platform == "slack" {
				count.Add(1)
			}
		}
	}
}

// TestHTTPPanicIsContained: a slash command and a direct message that make
// the bot panic are each answered with an apology and counted; the
// adapter goes on serving.
func TestHTTPPanicIsContained(t *testing.T) {
	var panics atomic.Int64
	e := newEnvBot(t, panicky(&panics))
	m, _ := e.slash("T1", "U1", "C1", "random")
	contains(t, "reply to a panicking /paper random", m.all(), "Sorry, something went wrong")
	if n := panics.Load(); n != 1 {
		t.Errorf("panics counted = %d, want 1", n)
	}
	contains(t, "log", e.logs.String(), "panic while handling an update", "test: /random panics", "command=\"/paper random\"")

	dm := map[string]any{"type": "message", "channel": "D1", "channel_type": "im", "user": "U1",
		"text": "/random", "ts": "1700000000.000100"}
	if got := e.post("application/json", event("T1", "EvPanic", dm)).StatusCode; got != 200 {
		t.Fatalf("event: status %d", got)
	}
	c := e.fake.next("chat.postMessage")
	contains(t, "reply to a panicking direct message", c.message(t).all(), "Sorry, something went wrong")
	if n := panics.Load(); n != 2 {
		t.Errorf("panics counted = %d, want 2", n)
	}
	contains(t, "log", e.logs.String(), "update=slack:event:EvPanic")

	m, _ = e.slash("T1", "U1", "C1", "progress")
	contains(t, "/paper progress after the panics", m.all(), "You have read 0 of")
}

// TestSocketModePanicIsContained is the same over Socket Mode.
func TestSocketModePanicIsContained(t *testing.T) {
	var panics atomic.Int64
	e := newEnvBot(t, panicky(&panics), func(o *Options) { o.Mode, o.AppToken, o.SigningSecret = "", testAppToken, "" })
	runAdapter(t, e)
	e.fake.next("auth.test")
	e.fake.next("apps.connections.open")
	for i, text := range []string{"random", "progress"} {
		e.fake.envelopes <- envelope(t, "slash_commands", "env-"+text, map[string]any{
			"team_id": "T1", "user_id": "U1", "channel_id": "C1", "command": "/paper", "text": text,
			"response_url": e.fake.responseURL(), "trigger_id": "trigger-" + text})
		e.fake.ack(t)
		got := e.fake.next("respond").message(t).all()
		want := []string{"Sorry, something went wrong", "You have read 0 of"}[i]
		if !strings.Contains(got, want) {
			t.Errorf("/paper %s answered %q, want %q", text, got, want)
		}
	}
	if n := panics.Load(); n != 1 {
		t.Errorf("panics counted = %d, want 1", n)
	}
}
