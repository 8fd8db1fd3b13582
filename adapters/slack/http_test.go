package slack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// TestConversation follows a reader from a search through a Read press to
// their progress, across a restart.
func TestConversation(t *testing.T) {
	e := newEnv(t)
	const alice = "slack:T1:U1"

	m, _ := e.slash("T1", "U1", "C1", "contrastive")
	if m.ResponseType != "ephemeral" {
		t.Errorf("slash reply response_type = %q, want ephemeral", m.ResponseType)
	}
	contains(t, "search reply", m.all(), "contrastive", "Share")
	blockID, read, ok := m.button("r:")
	if !ok {
		t.Fatalf("no Read button in %s", m.all())
	}
	paper := strings.TrimPrefix(read.Value, "r:")
	_, share, ok := m.button("")
	if !ok || share.ActionID == "" {
		t.Fatal("no buttons")
	}

	ru := e.click(press{team: "T1", user: "U1", channel: "C1", blockID: blockID, actionID: read.ActionID,
		value: read.Value, ephemeral: true})
	c := e.fake.next("respond")
	if !strings.HasSuffix(ru, c.form.Get("url")) {
		t.Errorf("press answered at %s, want %s", c.form.Get("url"), ru)
	}
	redrawn := c.message(t)
	if !redrawn.ReplaceOriginal {
		t.Error("the pressed message was not replaced")
	}
	if _, e, ok := redrawn.button("u:" + paper); !ok || !strings.Contains(e.label(), "✓") {
		t.Errorf("after Read, the button is %+v, want ✓ Read (unread)", e)
	}
	if _, _, ok := redrawn.button("r:" + paper); ok {
		t.Error("after Read, the Read button is still there")
	}
	contains(t, "redrawn message", redrawn.all(), "Share") // the rest of the reply stays
	if _, ok := e.reader(alice).Read[paper]; !ok {
		t.Fatalf("%s is not marked read in the store", paper)
	}

	m, _ = e.slash("T1", "U1", "C1", "progress")
	contains(t, "progress", m.all(), "You have read 1 of")

	e.restart()
	m, _ = e.slash("T1", "U1", "D1", "progress")
	contains(t, "progress after restart", m.all(), "You have read 1 of")
	if _, _, ok := m.button(""); ok {
		t.Errorf("progress in a direct message has a Share button: %s", m.all())
	}
}

// TestWorkspacesApart: the same user id in two workspaces is two readers.
func TestWorkspacesApart(t *testing.T) {
	e := newEnv(t)
	e.slash("T1", "U1", "D1", "read mocov2")
	m, _ := e.slash("T2", "U1", "D1", "progress")
	contains(t, "progress in T2", m.all(), "You have read 0 of")
	if len(e.reader("slack:T2:U1").Read) != 0 || len(e.reader("slack:T1:U1").Read) != 1 {
		t.Errorf("reads: T1 %v, T2 %v; want 1 and 0", e.reader("slack:T1:U1").Read, e.reader("slack:T2:U1").Read)
	}
}

func TestSignatures(t *testing.T) {
	e := newEnv(t)
	body := slashBody("T1", "U1", "C1", "read mocov2", e.fake.responseURL())
	now := time.Now().Unix()
	for _, tc := range []struct {
		name string
		ts   int64
		sig  string
		want int
	}{
		{"wrong secret", now, sign("not-the-secret", now, body), http.StatusUnauthorized},
		{"garbage", now, "v0=zz", http.StatusUnauthorized},
		{"missing", now, "", http.StatusUnauthorized},
		{"six minutes old", now - 360, sign(testSecret, now-360, body), http.StatusUnauthorized},
		{"six minutes ahead", now + 360, sign(testSecret, now+360, body), http.StatusUnauthorized},
		{"signed for another time", now, sign(testSecret, now-1, body), http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.reportTo(t)
			if got := e.postSigned(formType, body, tc.ts, tc.sig).StatusCode; got != tc.want {
				t.Errorf("status %d, want %d", got, tc.want)
			}
		})
	}
	// A signed body that was changed afterwards.
	tampered := slashBody("T1", "U2", "C1", "read mocov2", e.fake.responseURL())
	if got := e.postSigned(formType, tampered, now, sign(testSecret, now, body)).StatusCode; got != http.StatusUnauthorized {
		t.Errorf("tampered body: status %d, want 401", got)
	}
	e.idle()
	e.fake.none("respond")
	if r := e.reader("slack:T1:U1"); len(r.Read) != 0 || !r.FirstSeen.IsZero() {
		t.Errorf("a refused request changed the store: %+v", r)
	}
	// The same body, rightly signed, is taken.
	if got := e.post(formType, body).StatusCode; got != http.StatusOK {
		t.Fatalf("good signature: status %d", got)
	}
	e.fake.next("respond")
	if _, ok := e.reader("slack:T1:U1").Read["mocov2"]; !ok {
		t.Error("a well-signed /paper read mocov2 did not mark it read")
	}
}

func TestURLVerification(t *testing.T) {
	e := newEnv(t)
	body := []byte(`{"token":"legacy","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	ts := time.Now().Unix()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+EventsPath, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", itoa(ts))
	req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(got) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %q", resp.StatusCode, got)
	}
}

// TestEventRetriedOnce: Slack's retry of an event (same event_id) is acked
// and not handled again.
func TestEventRetriedOnce(t *testing.T) {
	e := newEnv(t)
	dm := map[string]any{"type": "message", "channel": "D1", "channel_type": "im", "user": "U1",
		"text": "rotation", "ts": "1700000000.000100"}
	body := event("T1", "Ev1", dm)
	if got := e.post("application/json", body).StatusCode; got != 200 {
		t.Fatalf("event: status %d", got)
	}
	for retry := range 3 {
		if got := e.post("application/json", body, "X-Slack-Retry-Num", itoa(int64(retry+1)), "X-Slack-Retry-Reason", "http_timeout").StatusCode; got != 200 {
			t.Fatalf("retry %d: status %d", retry+1, got)
		}
	}
	c := e.fake.next("chat.postMessage")
	if c.form.Get("channel") != "D1" {
		t.Errorf("answered in %q, want D1", c.form.Get("channel"))
	}
	contains(t, "direct-message search", c.message(t).all(), "Rotation")
	e.idle()
	e.fake.none("chat.postMessage")
}

// TestMentionInThread: a mention is a search, answered in a thread.
func TestMentionInThread(t *testing.T) {
	e := newEnv(t)
	mention := map[string]any{"type": "app_mention", "channel": "C9", "user": "U1",
		"text": "<@UBOT> rotation", "ts": "1700000000.000200"}
	e.post("application/json", event("T1", "Ev2", mention))
	c := e.fake.next("chat.postMessage")
	if c.form.Get("channel") != "C9" || c.form.Get("thread_ts") != "1700000000.000200" {
		t.Errorf("mention answered in %q thread %q, want C9 thread 1700000000.000200", c.form.Get("channel"), c.form.Get("thread_ts"))
	}
	contains(t, "mention reply", c.message(t).all(), "rotation")
	// Its own messages and other bots' are not answered.
	own := map[string]any{"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "bot_id": "B1", "text": "rotation"}
	e.post("application/json", event("T1", "Ev3", own))
	e.idle()
	e.fake.none("chat.postMessage")
}

// TestPressOnSharedMessage: a press on a message others see acts for the
// presser and answers them alone; the message is not redrawn.
func TestPressOnSharedMessage(t *testing.T) {
	e := newEnv(t)
	m, _ := e.slash("T1", "U1", "C1", "contrastive")
	_, share, _ := m.button("")
	for _, bl := range m.Blocks {
		for _, el := range bl.Elements {
			if el.ActionID == actionShare {
				share = el
			}
		}
	}
	if share.ActionID != actionShare {
		t.Fatalf("no Share button: %s", m.all())
	}
	e.click(press{team: "T1", user: "U1", channel: "C1", blockID: "x", actionID: actionShare, value: share.Value, ephemeral: true})
	posted := e.fake.next("respond").message(t)
	if posted.ResponseType != "in_channel" || posted.ReplaceOriginal {
		t.Errorf("share posted response_type %q replace %v, want a new in_channel message", posted.ResponseType, posted.ReplaceOriginal)
	}
	if strings.Contains(posted.all(), "Share") {
		t.Error("the shared card still has a Share button")
	}
	if del := e.fake.next("respond").message(t); !del.DeleteOriginal {
		t.Error("the ephemeral copy was not deleted after sharing")
	}

	// Bob presses Read on the shared card.
	blockID, read, _ := posted.button("r:")
	e.click(press{team: "T1", user: "U2", channel: "C1", blockID: blockID, actionID: read.ActionID, value: read.Value,
		messageTS: "1700000000.000300", message: &posted})
	got := e.fake.next("respond").message(t)
	if got.ReplaceOriginal || got.ResponseType != "ephemeral" {
		t.Errorf("press on a shared card: replace %v type %q, want a new ephemeral message", got.ReplaceOriginal, got.ResponseType)
	}
	paper := strings.TrimPrefix(read.Value, "r:")
	if _, ok := e.reader("slack:T1:U2").Read[paper]; !ok {
		t.Error("the press did not act for the one who pressed")
	}
	if _, ok := e.reader("slack:T1:U1").Read[paper]; ok {
		t.Error("the press acted for the one who shared")
	}

	// Sharing again (the copy is gone) gets the polite note.
	e.click(press{team: "T1", user: "U1", channel: "C1", blockID: "x", actionID: actionShare, value: share.Value, ephemeral: true})
	contains(t, "second share", e.fake.next("respond").message(t).all(), "no longer valid")
}

// TestPressInDirectMessage redraws a posted message from the blocks Slack
// sends with the press, so it works after a restart too.
func TestPressInDirectMessage(t *testing.T) {
	e := newEnv(t)
	dm := map[string]any{"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "text": "mae", "ts": "1.1"}
	e.post("application/json", event("T1", "Ev4", dm))
	posted := e.fake.next("chat.postMessage").message(t)
	e.restart()
	blockID, save, ok := posted.button("s:")
	if !ok {
		t.Fatalf("no Save button: %s", posted.all())
	}
	e.click(press{team: "T1", user: "U1", channel: "D1", blockID: blockID, actionID: save.ActionID, value: save.Value,
		messageTS: "1700000000.000001", message: &posted})
	got := e.fake.next("respond").message(t)
	if !got.ReplaceOriginal {
		t.Fatal("the direct message was not redrawn")
	}
	paper := strings.TrimPrefix(save.Value, "s:")
	if _, _, ok := got.button("x:" + paper); !ok {
		t.Errorf("after Save, no Unsave button for %s: %s", paper, got.all())
	}
	if len(got.Blocks) != len(posted.Blocks) {
		t.Errorf("redrawn message has %d blocks, posted %d", len(got.Blocks), len(posted.Blocks))
	}
}

// TestForgedPress: a value that does not decode, or names no paper,
// changes nothing and gets the polite note.
func TestForgedPress(t *testing.T) {
	e := newEnv(t)
	for _, value := range []string{"r:../../etc/passwd", "r:nosuchpaper", "zz", strings.Repeat("r", 300)} {
		t.Run(fmt.Sprintf("%.40s", value), func(t *testing.T) {
			e.reportTo(t)
			e.click(press{team: "T1", user: "U1", channel: "C1", blockID: "abc.0.a", actionID: "btn.0.0", value: value, ephemeral: true})
			got := e.fake.next("respond").message(t)
			if got.ReplaceOriginal || got.ResponseType != "ephemeral" {
				t.Errorf("%q: replace %v type %q, want a new ephemeral note", value, got.ReplaceOriginal, got.ResponseType)
			}
			contains(t, value, got.all(), "no longer valid")
		})
	}
	if r := e.reader("slack:T1:U1"); len(r.Read) != 0 {
		t.Errorf("forged presses changed the store: %+v", r.Read)
	}
}

// TestHostileText: what a reader types never becomes a link, a mention
// or markup in the reply.
func TestHostileText(t *testing.T) {
	e := newEnv(t)
	m, _ := e.slash("T1", "U1", "C1", "a<b & c>d <script> &lt;!channel&gt; @here")
	all := m.all()
	for _, bad := range []string{"<b", "c>", "<script>", "<!channel>"} {
		if strings.Contains(all, bad) {
			t.Errorf("reply contains %q unescaped:\n%s", bad, all)
		}
	}
	contains(t, "reply", all, "a&lt;b &amp; c&gt;d &lt;script&gt; &lt;!channel&gt; @here")
	for _, bl := range m.Blocks {
		if bl.Text != nil && bl.Text.Type == "mrkdwn" && !bl.Text.Verbatim {
			t.Errorf("mrkdwn block %q is not verbatim, so Slack would parse @here", bl.Text.Text)
		}
	}
}

func TestAppHome(t *testing.T) {
	e := newEnv(t)
	e.slash("T1", "U1", "D1", "read mocov2")
	e.post("application/json", event("T1", "Ev5", map[string]any{"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}))
	c := e.fake.next("views.publish")
	if c.body["user_id"] != "U1" {
		t.Errorf("published for %v, want U1", c.body["user_id"])
	}
	view, _ := c.body["view"].(map[string]any)
	if view["type"] != "home" {
		t.Errorf("view type %v, want home", view["type"])
	}
	js := string(c.raw)
	contains(t, "home", js, "You have read 1 of", "Paper of the day", "Daily paper")
	if !strings.Contains(js, `"value":"r:`) && !strings.Contains(js, `"value":"u:`) {
		t.Error("today's paper on Home has no Read button")
	}

	// A press on Home acts and redraws Home.
	e.click(press{team: "T1", user: "U1", blockID: "home.0.a", actionID: "btn.0.1", value: "s:mocov2", home: true})
	e.fake.next("views.publish")
	if _, ok := e.reader("slack:T1:U1").Saved["mocov2"]; !ok {
		t.Error("Save on Home did not save")
	}
}

// TestGroupSubscription: /paper subscribe in a channel subscribes the
// channel; another member may change it only as a workspace admin.
func TestGroupSubscription(t *testing.T) {
	e := newEnv(t)
	m, _ := e.slash("T1", "U1", "C1", "subscribe 08:30 Europe/Berlin")
	contains(t, "subscribe", m.all(), "08:30", "Europe/Berlin")
	if s := e.reader("slack:T1:C1").Sub; !s.On || s.By != "slack:T1:U1" {
		t.Fatalf("channel subscription %+v", s)
	}
	m, _ = e.slash("T1", "U2", "C1", "unsubscribe")
	contains(t, "non-admin unsubscribe", m.all(), "only a chat admin")
	e.fake.next("users.info")
	e.fake.mu.Lock()
	e.fake.admins["U3"] = true
	e.fake.mu.Unlock()
	e.slash("T1", "U3", "C1", "unsubscribe")
	if e.reader("slack:T1:C1").Sub.On {
		t.Error("a workspace admin could not unsubscribe the channel")
	}
}

// TestBusy: beyond the backlog, a slash command is told to try again at
// once instead of waiting.
func TestBusy(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Workers, o.Backlog = 1, 1 })
	block := make(chan struct{})
	for range 2 { // one running, one waiting: the backlog is full
		if !e.a.jobs.try(func(context.Context) { <-block }) {
			t.Fatal("the backlog refused work it has room for")
		}
	}
	body := slashBody("T1", "U1", "C1", "mae", e.fake.responseURL())
	ts := time.Now().Unix()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+EventsPath, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", formType)
	req.Header.Set("X-Slack-Request-Timestamp", itoa(ts))
	req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	close(block)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("busy: status %d, want 200 with a message", resp.StatusCode)
	}
	contains(t, "busy answer", string(got), "busy", `"response_type":"ephemeral"`)
	e.idle()
	e.fake.none("respond")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestPressWithoutResponseURL falls back on chat.update to redraw a posted
// message and on chat.postEphemeral to answer.
func TestPressWithoutResponseURL(t *testing.T) {
	e := newEnv(t)
	if err := e.a.Send(t.Context(), "slack:T1:U1", bot.Reply{Intro: "Today:", Papers: []bot.Item{{ID: "mae", Title: "MAE", Year: 2021,
		Buttons: []bot.Button{{Label: "Read", Action: bot.Action{Verb: bot.VerbRead, Paper: "mae"}}}}}}); err != nil {
		t.Fatal(err)
	}
	posted := e.fake.next("chat.postMessage").message(t)
	blockID, read, _ := posted.button("r:mae")
	p := press{team: "T1", user: "U1", channel: "DU1", blockID: blockID, actionID: read.ActionID, value: read.Value,
		messageTS: "1700000000.000009", message: &posted}
	if resp := e.post(formType, p.body("")); resp.StatusCode != 200 {
		t.Fatalf("press: %d", resp.StatusCode)
	}
	c := e.fake.next("chat.update")
	if c.form.Get("channel") != "DU1" || c.form.Get("ts") != "1700000000.000009" {
		t.Errorf("chat.update channel %q ts %q", c.form.Get("channel"), c.form.Get("ts"))
	}
	if _, _, ok := c.message(t).button("u:mae"); !ok {
		t.Errorf("the update does not show mae as read: %s", c.message(t).all())
	}

	p = press{team: "T1", user: "U1", channel: "C1", blockID: "x.0.a", actionID: "btn.0.0", value: "r:gone"}
	e.post(formType, p.body(""))
	c = e.fake.next("chat.postEphemeral")
	if c.form.Get("channel") != "C1" || c.form.Get("user") != "U1" {
		t.Errorf("chat.postEphemeral channel %q user %q", c.form.Get("channel"), c.form.Get("user"))
	}
	contains(t, "stale note", c.message(t).all(), "no longer valid")
}
