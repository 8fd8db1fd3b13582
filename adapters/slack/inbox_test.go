package slack

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/bot"
)

// listenEnv is an env whose adapter will serve HTTP mode on its own
// loopback address when run, counting dropped requests.
func listenEnv(t *testing.T, dropped *atomic.Int64) *env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := newEnvBot(t, func(e *env, o *bot.Options) {
		o.Logger = e.opts.Logger
		o.Dropped = func(string) { dropped.Add(1) }
	}, func(o *Options) { o.Listen = addr })
	e.srv.URL = "http://" + addr
	return e
}

// leave puts r in the inbox as a run that crashed after acknowledging it
// would have left it, received age ago.
func (e *env) leave(r request, age time.Duration) {
	e.t.Helper()
	r.received = time.Now().Add(-age)
	fresh, err := e.db.Inbox().Put(context.Background(), bot.Inbound{ID: r.id, Received: r.received, Payload: r.payload})
	if err != nil || !fresh[0] {
		e.t.Fatalf("Put(%s) = %v, %v", r.id, fresh, err)
	}
}

func (e *env) pending() []bot.Inbound {
	e.t.Helper()
	p, err := e.db.Inbox().Pending(context.Background(), "slack")
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// TestRestartAnswersWhatWasTaken: requests a crashed run acknowledged
// are answered when the adapter starts again, each once: a slash command
// through its response_url, a direct message in its channel, a press
// whose response_url expired through chat.postEphemeral; a slash command
// whose response_url expired is dropped, logged and counted; a command
// whose change was stored before the crash is not applied again.
func TestRestartAnswersWhatWasTaken(t *testing.T) {
	var dropped atomic.Int64
	e := listenEnv(t, &dropped)
	fresh := e.fake.responseURL()
	cmd, err := commandRequest("c1", slack.SlashCommand{TeamID: "T1", UserID: "U1", ChannelID: "D1",
		Command: "/paper", Text: "read mocov2", ResponseURL: fresh})
	if err != nil {
		t.Fatal(err)
	}
	e.leave(cmd, time.Minute)
	stale, _ := commandRequest("c2", slack.SlashCommand{TeamID: "T1", UserID: "U2", ChannelID: "D2",
		Command: "/paper", Text: "read mae", ResponseURL: e.fake.responseURL()})
	e.leave(stale, 31*time.Minute)
	dm := event("T1", "EvDM", map[string]any{"type": "message", "channel": "D1", "channel_type": "im", "user": "U1",
		"text": "rotation", "ts": "1700000000.000100"})
	e.leave(eventRequest("EvDM", dm), 2*time.Minute)
	pr, _ := json.Marshal(press{team: "T1", user: "U1", channel: "C1", blockID: "x.0.a", actionID: "btn.0.0",
		value: "r:mae"}.payload(e.fake.responseURL()))
	e.leave(pressRequest("p1", pr), 40*time.Minute)

	// A command whose change was stored when the crash came, before its
	// answer: it must not be applied again ("unfollow 1" twice would drop
	// both follows).
	if _, err := e.db.Update(context.Background(), "slack:T1:U3", func(r *bot.Reader) error {
		r.Follows = []bot.Follow{{Kind: bot.FollowQuery, Text: "mae"}, {Kind: bot.FollowQuery, Text: "dino"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	unfollowURL := e.fake.responseURL()
	unfollow, _ := commandRequest("c3", slack.SlashCommand{TeamID: "T1", UserID: "U3", ChannelID: "D3",
		Command: "/paper", Text: "unfollow 1", ResponseURL: unfollowURL})
	e.leave(unfollow, time.Minute)
	if _, err := e.bot.Handle(bot.WithUpdate(context.Background(), unfollow.id),
		bot.Request{Reader: "slack:T1:U3", Text: "/paper unfollow 1"}); err != nil {
		t.Fatal(err)
	}

	run := runAdapter(t, e)
	answers := map[string]string{}
	for range 2 {
		c := e.fake.next("respond")
		answers[c.form.Get("url")] = c.message(t).all()
	}
	for url, got := range answers {
		switch {
		case strings.HasSuffix(fresh, url):
			contains(t, "replayed /paper read mocov2", got, "Marked as read")
		case strings.HasSuffix(unfollowURL, url):
			contains(t, "replayed /paper unfollow 1", got, "your command had already gone through")
		default:
			t.Errorf("an answer at %s: %s", url, got)
		}
	}
	if r := e.reader("slack:T1:U3"); len(r.Follows) != 1 {
		t.Errorf("U3 follows %+v after the replayed unfollow, want one left", r.Follows)
	}
	contains(t, "replayed direct message", e.fake.next("chat.postMessage").message(t).all(), "Rotation")
	if got := e.fake.next("chat.postEphemeral").form.Get("user"); got != "U1" {
		t.Errorf("the old press was answered to %q, want U1", got)
	}
	e.idle()
	e.fake.none("respond")
	if r := e.reader("slack:T1:U1"); r.Read["mocov2"].IsZero() || r.Read["mae"].IsZero() {
		t.Errorf("U1 read %v; want mocov2 (the command) and mae (the press)", r.Read)
	}
	if r := e.reader("slack:T1:U2"); !r.Read["mae"].IsZero() {
		t.Error("the dropped command was run")
	}
	if n := dropped.Load(); n != 1 {
		t.Errorf("%d requests dropped, want 1", n)
	}
	contains(t, "log", e.logs.String(), "giving up an acknowledged update unanswered", "update=slack:cmd:c2", "response_url expired")
	if p := e.pending(); len(p) != 0 {
		t.Errorf("%d requests still pending", len(p))
	}

	// Started once more, it answers nothing again.
	if err := run.stop(); err != nil {
		t.Fatal(err)
	}
	e.restart()
	runAdapter(t, e)
	waitReady(t, e.a)
	e.idle()
	for _, m := range []string{"respond", "chat.postMessage", "chat.postEphemeral"} {
		e.fake.none(m)
	}
}

// TestAckAfterTheInboxHasIt: a slash command is acknowledged once it is in
// the inbox, before it is handled, and it leaves the inbox once answered.
func TestAckAfterTheInboxHasIt(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Workers = 1 })
	block := make(chan struct{})
	e.a.jobs.try(func(context.Context) { <-block }) // the one worker is busy
	ru := e.fake.responseURL()
	if resp := e.post(formType, slashBody("T1", "U1", "D1", "read mae", ru)); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	p := e.pending()
	if len(p) != 1 || !strings.HasPrefix(p[0].ID, "slack:cmd:") || !strings.Contains(string(p[0].Payload), "read mae") {
		t.Fatalf("pending after the ack: %+v, want the command", p)
	}
	if strings.Contains(string(p[0].Payload), "legacy") {
		t.Error("the inbox keeps the command's verification token")
	}
	close(block)
	contains(t, "answer", e.fake.next("respond").message(t).all(), "Marked as read")
	e.idle()
	if p := e.pending(); len(p) != 0 {
		t.Errorf("still pending after the answer: %+v", p)
	}
}

// TestInboxKeepsNoToken: events and button presses wait in the inbox
// without the app's legacy verification token, and are still handled.
func TestInboxKeepsNoToken(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Workers = 1 })
	block := make(chan struct{})
	e.a.jobs.try(func(context.Context) { <-block }) // the one worker is busy
	e.post("application/json", event("T1", "Ev1", map[string]any{"type": "message", "channel": "D1",
		"channel_type": "im", "user": "U1", "text": "/read mae", "ts": "1700000000.000100"}))
	p := e.pending()
	if len(p) != 1 || !strings.HasPrefix(p[0].ID, "slack:event:") {
		t.Fatalf("pending: %+v, want the event", p)
	}
	if strings.Contains(string(p[0].Payload), "legacy") || !strings.Contains(string(p[0].Payload), "/read mae") {
		t.Errorf("the inbox keeps %s; want the event without its verification token", p[0].Payload)
	}
	close(block)
	contains(t, "answer", e.fake.next("chat.postMessage").message(t).all(), "Marked as read")
}

// TestInboxFailureIsSaid: when the inbox cannot keep a slash command, the
// reader is told at once instead of getting an ack and no answer.
func TestInboxFailureIsSaid(t *testing.T) {
	e := newEnv(t)
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	body := slashBody("T1", "U1", "D1", "read mae", e.fake.responseURL())
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+EventsPath, strings.NewReader(string(body)))
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", formType)
	req.Header.Set("X-Slack-Request-Timestamp", itoa(ts))
	req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	contains(t, "answer with the store closed", string(got), "Sorry, something went wrong", `"response_type":"ephemeral"`)
	e.idle()
	e.fake.none("respond")
	e.srv.Close()
	e.open() // for the cleanup, which closes the store
}

// TestSocketModeAckAfterTheInboxHasIt: an envelope is acked once the
// inbox has it, and Slack sending it again (no ack came through) does not
// run it twice.
func TestSocketModeAckAfterTheInboxHasIt(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Mode, o.AppToken, o.SigningSecret, o.Workers = "", testAppToken, "", 1 })
	block := make(chan struct{})
	e.a.jobs.try(func(context.Context) { <-block })
	runAdapter(t, e)
	e.fake.next("auth.test")
	e.fake.next("apps.connections.open")
	payload := map[string]any{"team_id": "T1", "user_id": "U1", "channel_id": "C1", "command": "/paper",
		"text": "read mae", "response_url": e.fake.responseURL(), "trigger_id": "tr-9"}
	e.fake.envelopes <- envelope(t, "slash_commands", "env-1", payload)
	e.fake.ack(t)
	if p := e.pending(); len(p) != 1 {
		t.Fatalf("%d pending after the ack, want the command", len(p))
	}
	e.fake.envelopes <- envelope(t, "slash_commands", "env-1", payload) // sent again
	e.fake.ack(t)
	close(block)
	contains(t, "answer", e.fake.next("respond").message(t).all(), "Marked as read")
	e.idle()
	e.fake.none("respond")
}
