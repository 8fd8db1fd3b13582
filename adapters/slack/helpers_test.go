package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/testkit"
	"github.com/paperbot/paperbot/store"
)

// env is an adapter over a real bot and a real store, talking to a fake
// Slack, with its HTTP-mode handler served on loopback.
type env struct {
	t     testing.TB
	fake  *fakeSlack
	path  string
	db    *store.DB
	a     *Adapter
	srv   *httptest.Server
	logs  *testkit.LogBuffer
	slept chan time.Duration
	opts  Options
	bot   *bot.Bot
	// botOpts, if set, changes the bot's options each time open builds
	// it (the store is open by then).
	botOpts func(*env, *bot.Options)
	// noInbox runs the adapter without the store's inbox, as it runs
	// without one: acknowledged requests wait in memory only.
	noInbox bool
}

func newEnv(t testing.TB, mod ...func(*Options)) *env {
	t.Helper()
	return newEnvBot(t, nil, mod...)
}

// newEnvBot is newEnv with botOpts changing the bot's options.
func newEnvBot(t testing.TB, botOpts func(*env, *bot.Options), mod ...func(*Options)) *env {
	t.Helper()
	e := &env{t: t, fake: newFakeSlack(t), path: filepath.Join(t.TempDir(), "paperbot.db"),
		logs: &testkit.LogBuffer{}, slept: make(chan time.Duration, 64), botOpts: botOpts}
	e.opts = Options{BotToken: testBotToken, SigningSecret: testSecret, Mode: ModeHTTP,
		APIURL: e.fake.apiURL(), Commands: []string{"read", "progress", "subscribe", "help"},
		RatePerChannel: 1000, RateGlobal: 1000,
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, m := range mod {
		m(&e.opts)
	}
	e.open()
	t.Cleanup(func() {
		e.close()
		for _, s := range []string{testBotToken, testAppToken, testSecret} {
			if strings.Contains(e.logs.String(), s) {
				t.Errorf("a secret leaked into the logs:\n%s", e.logs.String())
			}
		}
	})
	return e
}

// open starts (or restarts) bot, store and adapter.
func (e *env) open() {
	e.t.Helper()
	db, err := store.Open(e.path, store.Options{Timeout: time.Second})
	if err != nil {
		e.t.Fatal(err)
	}
	e.db = db
	bo := bot.Options{Engine: testkit.Engine(e.t), Store: db, Intn: func(int) int { return 0 }}
	if e.botOpts != nil {
		e.botOpts(e, &bo)
	}
	b := bot.New(bo)
	e.bot = b
	o := e.opts
	if !e.noInbox {
		o.Inbox = db.Inbox()
	}
	a, err := New(b, o)
	if err != nil {
		e.t.Fatal(err)
	}
	a.sleep = func(ctx context.Context, d time.Duration) error {
		e.slept <- d
		return ctx.Err()
	}
	e.a = a
	e.srv = httptest.NewServer(a.Handler())
}

// close waits for the adapter's work, then stops its server and store.
func (e *env) close() {
	e.a.jobs.wg.Wait()
	e.srv.Close()
	if err := e.db.Close(); err != nil {
		e.t.Error(err)
	}
}

// reportTo makes e and its fake Slack report their failures to t, a
// subtest of the test that made e, until t ends.
func (e *env) reportTo(t testing.TB) {
	et, ft := e.t, e.fake.t
	e.t, e.fake.t = t, t
	t.Cleanup(func() { e.t, e.fake.t = et, ft })
}

// restart closes everything and opens it again on the same store file.
func (e *env) restart() {
	e.t.Helper()
	e.close()
	e.open()
}

// idle waits until the adapter has finished all work it took.
func (e *env) idle() { e.a.jobs.wg.Wait() }

// sign signs a request body as Slack does, at time ts.
func sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%d:%s", ts, body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// post sends a signed request to /slack/events.
func (e *env) post(contentType string, body []byte, hdr ...string) *http.Response {
	e.t.Helper()
	ts := time.Now().Unix()
	return e.postSigned(contentType, body, ts, sign(testSecret, ts, body), hdr...)
}

func (e *env) postSigned(contentType string, body []byte, ts int64, sig string, hdr ...string) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+EventsPath, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", sig)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

const formType = "application/x-www-form-urlencoded"

// slashBody is a /paper command's form.
func slashBody(team, user, channel, text, responseURL string) []byte {
	return []byte(url.Values{
		"token": {"legacy"}, "team_id": {team}, "channel_id": {channel}, "user_id": {user},
		"command": {"/paper"}, "text": {text}, "response_url": {responseURL}, "trigger_id": {"tr1"},
	}.Encode())
}

// slash runs "/paper TEXT" and returns what came back through response_url.
func (e *env) slash(team, user, channel, text string) (wire, string) {
	e.t.Helper()
	ru := e.fake.responseURL()
	resp := e.post(formType, slashBody(team, user, channel, text, ru))
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("/paper %s: status %d", text, resp.StatusCode)
	}
	c := e.fake.next("respond")
	if got := c.form.Get("url"); !strings.HasSuffix(ru, got) {
		e.t.Fatalf("/paper %s answered at %s, want %s", text, got, ru)
	}
	return c.message(e.t), ru
}

// press is a block_actions payload for a button on a message.
type press struct {
	team, user, channel string
	blockID, actionID   string
	value               string
	ephemeral           bool
	messageTS           string
	message             *wire // the message, as Slack sends it for non-ephemeral ones
	home                bool
}

func (p press) body(responseURL string) []byte {
	js, _ := json.Marshal(p.payload(responseURL))
	return []byte(url.Values{"payload": {string(js)}}.Encode())
}

func (p press) payload(responseURL string) map[string]any {
	payload := map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": p.team},
		"user":         map[string]any{"id": p.user, "team_id": p.team},
		"channel":      map[string]any{"id": p.channel},
		"response_url": responseURL,
		"trigger_id":   "tr2",
		"container": map[string]any{"type": "message", "message_ts": p.messageTS,
			"channel_id": p.channel, "is_ephemeral": p.ephemeral},
		"actions": []map[string]any{{"action_id": p.actionID, "block_id": p.blockID,
			"type": "button", "value": p.value, "action_ts": "1700000001.1"}},
	}
	if p.message != nil {
		payload["message"] = map[string]any{"type": "message", "ts": p.messageTS, "text": p.message.Text, "blocks": p.message.Blocks}
	}
	if p.home {
		payload["container"] = map[string]any{"type": "view", "view_id": "V1"}
		payload["view"] = map[string]any{"id": "V1", "type": "home"}
		delete(payload, "channel")
		delete(payload, "response_url")
	}
	return payload
}

// click presses a button and returns the response_url it carried.
func (e *env) click(p press) string {
	e.t.Helper()
	ru := e.fake.responseURL()
	if resp := e.post(formType, p.body(ru)); resp.StatusCode != http.StatusOK {
		e.t.Fatalf("press %s: status %d", p.value, resp.StatusCode)
	}
	return ru
}

// event is an Events API callback.
func event(team, id string, inner map[string]any) []byte {
	js, _ := json.Marshal(map[string]any{
		"token": "legacy", "team_id": team, "api_app_id": "A1", "type": "event_callback",
		"event_id": id, "event_time": 1700000000, "event": inner,
	})
	return js
}

// handlerFunc is a Handler made of a function.
type handlerFunc func(ctx context.Context, req bot.Request) (bot.Reply, error)

func (f handlerFunc) Handle(ctx context.Context, req bot.Request) (bot.Reply, error) {
	return f(ctx, req)
}

func (e *env) reader(key string) bot.Reader {
	e.t.Helper()
	r, err := e.db.Get(context.Background(), key)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func contains(t testing.TB, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, got)
		}
	}
}
