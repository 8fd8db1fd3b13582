package slack

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// running is an adapter's Run in the background.
type running struct {
	t      *testing.T
	cancel context.CancelFunc
	done   chan struct{}
	err    error
}

// runAdapter runs e.a until the test ends.
func runAdapter(t *testing.T, e *env) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{t: t, cancel: cancel, done: make(chan struct{})}
	go func() { r.err = e.a.Run(ctx); close(r.done) }()
	t.Cleanup(func() { r.stop() })
	return r
}

// wait waits for Run to return by itself.
func (r *running) wait() error {
	r.t.Helper()
	select {
	case <-r.done:
		return r.err
	case <-time.After(15 * time.Second):
		r.t.Fatal("Run did not return")
		return nil
	}
}

// stop cancels Run's context and waits for it to return.
func (r *running) stop() error {
	r.t.Helper()
	r.cancel()
	return r.wait()
}

func waitReady(t *testing.T, a *Adapter) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !a.Ready() {
		if time.Now().After(deadline) {
			t.Fatal("adapter not ready after 10s")
		}
		time.Sleep(5 * time.Millisecond) // polling a flag; there is no event to wait on
	}
}

// envelope is a Socket Mode message.
func envelope(t *testing.T, kind, id string, payload any) []byte {
	t.Helper()
	js, err := json.Marshal(map[string]any{"type": kind, "envelope_id": id, "payload": payload, "accepts_response_payload": kind == "slash_commands"})
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func (f *fakeSlack) ack(t *testing.T) map[string]any {
	t.Helper()
	select {
	case a := <-f.acks:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no ack within 10s")
		return nil
	}
}

func TestSocketMode(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Mode, o.AppToken, o.SigningSecret = "", testAppToken, "" })
	if e.a.Mode() != ModeSocket {
		t.Fatalf("mode %q with an app token, want socket", e.a.Mode())
	}
	run := runAdapter(t, e)
	e.fake.next("auth.test")
	e.fake.next("apps.connections.open")

	// A slash command: acked at once, answered through response_url.
	ru := e.fake.responseURL()
	e.fake.envelopes <- envelope(t, "slash_commands", "env-1", map[string]any{
		"team_id": "T1", "user_id": "U1", "channel_id": "C1", "command": "/paper", "text": "read mocov2", "response_url": ru})
	if got := e.fake.ack(t)["envelope_id"]; got != "env-1" {
		t.Errorf("acked %v, want env-1", got)
	}
	contains(t, "slash reply", e.fake.next("respond").message(t).all(), "Marked as read")
	if !e.a.Ready() {
		t.Error("not ready while connected")
	}

	// An Events API direct message, delivered twice: acked twice, answered once.
	dm := json.RawMessage(event("T1", "Ev9", map[string]any{"type": "message", "channel": "D1", "channel_type": "im",
		"user": "U1", "text": "rotation", "ts": "1.2"}))
	for _, id := range []string{"env-2", "env-3"} {
		e.fake.envelopes <- envelope(t, "events_api", id, dm)
		if got := e.fake.ack(t)["envelope_id"]; got != id {
			t.Errorf("acked %v, want %s", got, id)
		}
	}
	contains(t, "dm reply", e.fake.next("chat.postMessage").message(t).all(), "Rotation")

	// A button press.
	press := press{team: "T1", user: "U1", channel: "D1", blockID: "x.0.a", actionID: "btn.0.1", value: "s:mocov2", ephemeral: true}
	e.fake.envelopes <- envelope(t, "interactive", "env-4", press.payload(e.fake.responseURL()))
	if got := e.fake.ack(t)["envelope_id"]; got != "env-4" {
		t.Errorf("acked %v, want env-4", got)
	}
	e.fake.next("respond")
	if _, ok := e.reader("slack:T1:U1").Saved["mocov2"]; !ok {
		t.Error("Save over Socket Mode did not save")
	}

	// Something unreadable is acked too, so Slack does not send it again.
	e.fake.envelopes <- []byte(`{"type":"events_api","envelope_id":"env-5","payload":{"type":"event_callback","event":{"type":"message","blocks":[{"type":1}]}}}`)
	if got := e.fake.ack(t)["envelope_id"]; got != "env-5" {
		t.Errorf("acked %v, want env-5", got)
	}
	contains(t, "logs", e.logs.String(), "unreadable socket mode message")

	e.idle()
	e.fake.none("chat.postMessage")
	if err := run.stop(); err != nil {
		t.Errorf("Run after cancel = %v, want nil", err)
	}
	if e.a.Ready() {
		t.Error("still ready after Run returned")
	}
}

// TestRunHTTP serves /slack/events on the configured address.
func TestRunHTTP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := newEnv(t, func(o *Options) { o.Listen = addr })
	run := runAdapter(t, e)
	waitReady(t, e.a)
	e.srv.URL = "http://" + addr // send to the adapter's own server
	m, _ := e.slash("T1", "U1", "D1", "progress")
	contains(t, "progress", m.all(), "You have read 0 of")
	resp, err := http.Get("http://" + addr + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: %d, want 405", EventsPath, resp.StatusCode)
	}
	if err := run.stop(); err != nil {
		t.Errorf("Run after cancel = %v", err)
	}
}

// TestRunBadToken: Run ends with an error that names the setting and not
// the token.
func TestRunBadToken(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.BotToken = "xoxb-revoked-token-123" })
	err := runAdapter(t, e).wait()
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") || !strings.Contains(err.Error(), "slack.bot_token") {
		t.Fatalf("Run = %v, want invalid_auth", err)
	}
	if strings.Contains(err.Error(), "xoxb-revoked") {
		t.Errorf("the error shows the token: %v", err)
	}
}

// TestRunWaitsOutStartupErrors: auth.test failing with 5xx is retried.
func TestRunWaitsOutStartupErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := newEnv(t, func(o *Options) { o.Listen = addr })
	e.fake.fail("auth.test", reply{503, nil, "down"}, reply{429, map[string]string{"Retry-After": "2"}, `{"ok":false,"error":"ratelimited"}`})
	runAdapter(t, e)
	waitReady(t, e.a)
	if got := []time.Duration{<-e.slept, <-e.slept}; got[0] != time.Second || got[1] != 2*time.Second {
		t.Errorf("waits %v, want [1s 2s]", got)
	}
	if n := strings.Count(e.logs.String(), "cannot reach Slack"); n != 2 {
		t.Errorf("%d warnings about reaching Slack, want 2", n)
	}
}

func TestNewChecksOptions(t *testing.T) {
	b := handlerFunc(nil)
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"no token", Options{SigningSecret: "s"}, "slack.bot_token"},
		{"http without secret", Options{BotToken: "x", Mode: ModeHTTP}, "slack.signing_secret"},
		{"socket without app token", Options{BotToken: "x", Mode: ModeSocket}, "slack.app_token"},
		{"bad mode", Options{BotToken: "x", Mode: "rtm"}, "rtm"},
		{"nothing to run on", Options{BotToken: "x"}, "slack.signing_secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(b, tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New = %v, want an error naming %s", err, tc.want)
			}
		})
	}
	a, err := New(b, Options{BotToken: "x", AppToken: "y", SigningSecret: "z"})
	if err != nil || a.Mode() != ModeSocket {
		t.Errorf("with both tokens: mode %v, %v; want socket", a, err)
	}
	a, err = New(b, Options{BotToken: "x", AppToken: "y", SigningSecret: "z", Mode: ModeHTTP})
	if err != nil || a.Mode() != ModeHTTP {
		t.Errorf("mode http: %v, %v", a, err)
	}
	if _, err := New(nil, Options{BotToken: "x", SigningSecret: "z"}); err == nil {
		t.Error("New without a handler succeeded")
	}
}
