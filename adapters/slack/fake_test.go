package slack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Secrets the tests use; none may show up in logs or errors.
const (
	testBotToken = "xoxb-test-7f3c9a1e"
	testAppToken = "xapp-test-51b2d8c4"
	testSecret   = "signing-secret-0e6a44d9"
)

// call is one request the fake Slack received.
type call struct {
	method string
	form   url.Values     // form-encoded Web API calls
	body   map[string]any // JSON calls and response_url posts
	raw    []byte
}

// reply is a scripted answer.
type reply struct {
	status int
	header map[string]string
	body   string
}

// fakeSlack speaks enough of Slack's Web API, response_url and Socket Mode
// for the real slack-go client.
type fakeSlack struct {
	t   testing.TB
	srv *httptest.Server

	mu     sync.Mutex
	queues map[string]chan call
	script map[string][]reply
	admins map[string]bool
	ts     atomic.Int64
	nURL   atomic.Int64
	nFile  atomic.Int64
	// waiters are response_urls someone waits on (benchmarks): a post
	// to one closes its channel instead of being queued.
	waiters sync.Map // path → chan struct{}

	// Socket Mode: envelopes to push, acks received.
	envelopes chan []byte
	acks      chan map[string]any
}

func newFakeSlack(t testing.TB) *fakeSlack {
	t.Helper()
	f := &fakeSlack{t: t, queues: map[string]chan call{}, script: map[string][]reply{},
		admins: map[string]bool{}, envelopes: make(chan []byte, 16), acks: make(chan map[string]any, 16)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", f.api)
	mux.HandleFunc("/respond/{id}", f.respond)
	mux.HandleFunc("/upload/{id}", f.upload)
	mux.HandleFunc("/ws", f.socket)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// apiURL is the Web API base for slack.OptionAPIURL.
func (f *fakeSlack) apiURL() string { return f.srv.URL + "/api/" }

// responseURL is a fresh response_url.
func (f *fakeSlack) responseURL() string {
	return fmt.Sprintf("%s/respond/%d", f.srv.URL, f.nURL.Add(1))
}

// fail scripts the next answers to a method.
func (f *fakeSlack) fail(method string, rs ...reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[method] = append(f.script[method], rs...)
}

func (f *fakeSlack) queue(method string) chan call {
	f.mu.Lock()
	defer f.mu.Unlock()
	q, ok := f.queues[method]
	if !ok {
		q = make(chan call, 256)
		f.queues[method] = q
	}
	return q
}

// next waits for the next call of method.
func (f *fakeSlack) next(method string) call {
	f.t.Helper()
	select {
	case c := <-f.queue(method):
		return c
	case <-time.After(10 * time.Second):
		f.t.Fatalf("no %s call within 10s", method)
		return call{}
	}
}

// none checks that no call of method is waiting.
func (f *fakeSlack) none(method string) {
	f.t.Helper()
	select {
	case c := <-f.queue(method):
		f.t.Errorf("unexpected %s call: %s", method, c.raw)
	default:
	}
}

func (f *fakeSlack) api(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	raw, _ := io.ReadAll(r.Body)
	c := call{method: method, raw: raw}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(raw, &c.body)
	} else {
		c.form, _ = url.ParseQuery(string(raw))
		if token == "" {
			token = c.form.Get("token")
		}
	}
	want := testBotToken
	if method == "apps.connections.open" {
		want = testAppToken
	}
	if token != want {
		writeJSON(w, 200, `{"ok":false,"error":"invalid_auth"}`)
		return
	}
	f.mu.Lock()
	var scripted *reply
	if rs := f.script[method]; len(rs) > 0 {
		scripted, f.script[method] = &rs[0], rs[1:]
	}
	f.mu.Unlock()
	if scripted != nil {
		for k, v := range scripted.header {
			w.Header().Set(k, v)
		}
		writeJSON(w, scripted.status, scripted.body)
		return
	}
	f.queue(method) <- c
	ts := fmt.Sprintf("1700000000.%06d", f.ts.Add(1))
	switch method {
	case "auth.test":
		writeJSON(w, 200, `{"ok":true,"user_id":"UBOT","team_id":"T1","bot_id":"B1","user":"paperbot"}`)
	case "chat.postMessage", "chat.update":
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"channel":%q,"ts":%q}`, c.form.Get("channel"), ts))
	case "chat.postEphemeral":
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"message_ts":%q}`, ts))
	case "conversations.open":
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"channel":{"id":"D%s"}}`, c.form.Get("users")))
	case "views.publish":
		writeJSON(w, 200, `{"ok":true,"view":{"id":"V1","type":"home"}}`)
	case "users.info":
		f.mu.Lock()
		admin := f.admins[c.form.Get("user")]
		f.mu.Unlock()
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"user":{"id":%q,"is_admin":%t}}`, c.form.Get("user"), admin))
	case "files.getUploadURLExternal":
		id := fmt.Sprintf("F%d", f.nFile.Add(1))
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"upload_url":"http://%s/upload/%s","file_id":%q}`, r.Host, id, id))
	case "files.completeUploadExternal":
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"files":%s}`, c.form.Get("files")))
	case "apps.connections.open":
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"url":"ws://%s/ws"}`, r.Host))
	default:
		writeJSON(w, 200, `{"ok":false,"error":"unknown_method"}`)
	}
}

// respond is a response_url: it answers "ok" in plain text, as Slack does.
func (f *fakeSlack) respond(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	if ch, ok := f.waiters.LoadAndDelete(r.URL.Path); ok {
		close(ch.(chan struct{}))
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok")
		return
	}
	c := call{method: "respond", raw: raw}
	_ = json.Unmarshal(raw, &c.body)
	c.form = url.Values{"url": {r.URL.Path}}
	f.mu.Lock()
	var scripted *reply
	if rs := f.script["respond"]; len(rs) > 0 {
		scripted, f.script["respond"] = &rs[0], rs[1:]
	}
	f.mu.Unlock()
	if scripted != nil {
		for k, v := range scripted.header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(scripted.status)
		_, _ = io.WriteString(w, scripted.body)
		return
	}
	f.queue("respond") <- c
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, "ok")
}

// upload is an upload_url of files.getUploadURLExternal: it takes the
// file's bytes as a multipart form and answers in plain text, as Slack
// does. Its calls are queued as "upload", with the file id, the file's
// name and its bytes (raw).
func (f *fakeSlack) upload(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	var scripted *reply
	if rs := f.script["upload"]; len(rs) > 0 {
		scripted, f.script["upload"] = &rs[0], rs[1:]
	}
	f.mu.Unlock()
	if scripted != nil {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(scripted.status)
		_, _ = io.WriteString(w, scripted.body)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	defer file.Close()
	data, _ := io.ReadAll(file)
	f.queue("upload") <- call{method: "upload", raw: data,
		form: url.Values{"id": {r.PathValue("id")}, "filename": {hdr.Filename}}}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = fmt.Fprintf(w, "OK - %d", len(data))
}

// socket is the Socket Mode WebSocket: hello, then the queued envelopes;
// acks go to f.acks. It pings as Slack does.
func (f *fakeSlack) socket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	var wmu sync.Mutex
	write := func(msg []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		return conn.WriteMessage(websocket.TextMessage, msg)
	}
	if write([]byte(`{"type":"hello","num_connections":1}`)) != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var ack map[string]any
			if json.Unmarshal(msg, &ack) == nil {
				f.acks <- ack
			}
		}
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case env := <-f.envelopes:
			if write(env) != nil {
				return
			}
		case <-tick.C:
			wmu.Lock()
			err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
			wmu.Unlock()
			if err != nil {
				return
			}
		case <-done:
			return
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// wire is a message as it reached Slack, from a response_url post or a
// chat.postMessage form.
type wire struct {
	Text            string      `json:"text"`
	ResponseType    string      `json:"response_type"`
	ReplaceOriginal bool        `json:"replace_original"`
	DeleteOriginal  bool        `json:"delete_original"`
	Blocks          []wireBlock `json:"blocks"`
}

type wireBlock struct {
	Type     string        `json:"type"`
	BlockID  string        `json:"block_id"`
	Text     *wireText     `json:"text"`
	Elements []wireElement `json:"elements"`
}

type wireText struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Verbatim bool   `json:"verbatim"`
}

type wireElement struct {
	Type     string          `json:"type"`
	ActionID string          `json:"action_id"`
	Value    string          `json:"value"`
	URL      string          `json:"url"`
	Text     json.RawMessage `json:"text"`
}

// label is a button's text, or a context element's.
func (e wireElement) label() string {
	var s string
	if json.Unmarshal(e.Text, &s) == nil {
		return s
	}
	var t wireText
	_ = json.Unmarshal(e.Text, &t)
	return t.Text
}

// message reads the message a call carried.
func (c call) message(t testing.TB) wire {
	t.Helper()
	var m wire
	if c.form != nil && c.form.Has("blocks") {
		m.Text = c.form.Get("text")
		if err := json.Unmarshal([]byte(c.form.Get("blocks")), &m.Blocks); err != nil {
			t.Fatalf("blocks of %s: %v", c.method, err)
		}
		return m
	}
	if err := json.Unmarshal(c.raw, &m); err != nil {
		t.Fatalf("message of %s: %v\n%s", c.method, err, c.raw)
	}
	return m
}

// all is every text in the message, for searching.
func (m wire) all() string {
	var b strings.Builder
	for _, bl := range m.Blocks {
		if bl.Text != nil {
			b.WriteString(bl.Text.Text + "\n")
		}
		for _, e := range bl.Elements {
			b.WriteString(e.label() + "\n")
		}
	}
	return b.String()
}

// button finds the first button whose value starts with prefix.
func (m wire) button(prefix string) (blockID string, e wireElement, ok bool) {
	for _, bl := range m.Blocks {
		for _, e := range bl.Elements {
			if e.Type == "button" && e.Value != "" && strings.HasPrefix(e.Value, prefix) {
				return bl.BlockID, e, true
			}
		}
	}
	return "", wireElement{}, false
}
