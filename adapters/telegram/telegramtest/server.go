// Package telegramtest is a fake Telegram Bot API for tests: an httptest
// server on 127.0.0.1 that speaks the methods paperbot uses (getMe,
// getUpdates, sendMessage, sendDocument, sendPhoto, editMessageReplyMarkup,
// answerCallbackQuery, answerInlineQuery, setMyCommands, setWebhook,
// getChatMember, getChatAdministrators) with Telegram's response bodies,
// records every call, and plays scripted failures: 429 with retry_after,
// 403, 5xx and timeouts.
package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Token is the bot token the server accepts unless NewServer is told
// otherwise.
const Token = "123456:TEST-token_abcdefghijklmnopqrstuvw"

// BotUser is the bot as getMe describes it.
var BotUser = User{ID: 123456, IsBot: true, FirstName: "Paperbot", Username: "PaperTestBot"}

// Call is one request the server received.
type Call struct {
	Method string
	Params url.Values // form fields, multipart fields included
	Files  map[string]File
	At     time.Time
}

// File is an uploaded file of a multipart request.
type File struct {
	Name string
	Data []byte
}

// Chat returns the call's chat_id as a number (0 when absent).
func (c Call) Chat() int64 {
	var id int64
	fmt.Sscan(c.Params.Get("chat_id"), &id)
	return id
}

// Response is a scripted answer to the next call of a method.
type Response struct {
	Status int           // HTTP status; 200 if zero
	Body   string        // raw body; the normal answer when empty and Status is 0
	Delay  time.Duration // wait this long first (or until the client gives up)
}

// Flood is Telegram's 429 with retry_after.
func Flood(retryAfter int) Response {
	return Response{Status: 429, Body: fmt.Sprintf(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after %d","parameters":{"retry_after":%d}}`, retryAfter, retryAfter)}
}

// Forbidden is Telegram's 403 for a reader who blocked the bot.
func Forbidden() Response {
	return Response{Status: 403, Body: `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`}
}

// BadGateway is a proxy's 502 with an HTML body, as a reverse proxy in
// front of a Bot API server sends it.
func BadGateway() Response {
	return Response{Status: 502, Body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"}
}

// InternalError is the Bot API's own 500.
func InternalError() Response {
	return Response{Status: 500, Body: `{"ok":false,"error_code":500,"description":"Internal Server Error"}`}
}

// Unsupported is what a server answers for a method it does not know.
func Unsupported() Response {
	return Response{Status: 404, Body: `{"ok":false,"error_code":404,"description":"Not Found"}`}
}

// Unauthorized is Telegram's answer to a revoked token.
func Unauthorized() Response {
	return Response{Status: 401, Body: `{"ok":false,"error_code":401,"description":"Unauthorized"}`}
}

// Conflict is Telegram's answer to getUpdates while another poller runs.
func Conflict() Response {
	return Response{Status: 409, Body: `{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}`}
}

// Hang waits d before answering normally: longer than the client's timeout,
// it is a timeout.
func Hang(d time.Duration) Response { return Response{Delay: d} }

// Server is the fake Bot API. Its zero value is not usable; call NewServer.
type Server struct {
	srv   *httptest.Server
	token string

	// OnCall, if set before traffic starts, sees every call after it is
	// answered, from the handler's goroutine.
	OnCall func(Call)
	// Quiet stops recording calls and keeping sent messages (for
	// benchmarks); OnCall still runs.
	Quiet bool

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every change
	calls    []Call
	queue    []pendingUpdate
	nextUpd  int
	nextMsg  int
	sent     map[int64]map[int]*Sent
	chats    map[int64]Chat
	admins   map[[2]int64]bool
	script   map[string][]Response
	delay    map[string]time.Duration
	inflight map[string]int
	peak     map[string]int
}

type pendingUpdate struct {
	id  int
	raw json.RawMessage
}

// NewServer starts a fake Bot API that accepts Token and closes it when the
// test ends.
func NewServer(tb testing.TB) *Server {
	s := &Server{
		token: Token, changed: make(chan struct{}), nextUpd: 1000, nextMsg: 1,
		sent: map[int64]map[int]*Sent{}, chats: map[int64]Chat{}, admins: map[[2]int64]bool{},
		script: map[string][]Response{}, delay: map[string]time.Duration{},
		inflight: map[string]int{}, peak: map[string]int{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

// Endpoint is the API endpoint format string for the client: the token,
// then the method.
func (s *Server) Endpoint() string { return s.srv.URL + "/bot%s/%s" }

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// Script queues answers for the next calls of method, in order; after
// them, calls are answered normally.
func (s *Server) Script(method string, rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script[method] = append(s.script[method], rs...)
}

// SetDelay makes every call of method wait up to d (a random share of it,
// so concurrent calls finish out of order). A call whose client goes away
// while it waits is not taken: nothing is recorded or sent, as if it had
// never reached Telegram.
func (s *Server) SetDelay(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay[method] = d
}

// SetAdmin makes user an administrator of chat for getChatMember.
func (s *Server) SetAdmin(chat, user int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.admins[[2]int64{chat, user}] = true
}

// Peak is the most calls of method the server was answering at once.
func (s *Server) Peak(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak[method]
}

// Calls returns the recorded calls of method ("" for all), oldest first.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Wait blocks until the server has received at least n calls of method and
// returns them; the test fails after ten seconds.
func (s *Server) Wait(tb testing.TB, method string, n int) []Call {
	tb.Helper()
	deadline := time.After(10 * time.Second)
	for {
		s.mu.Lock()
		got := s.callsLocked(method)
		ch := s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-deadline:
			tb.Fatalf("telegramtest: waited 10s for %d %s calls, got %d", n, method, len(got))
			return nil
		}
	}
}

// Pending is how many pushed updates the bot has not confirmed yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// notifyLocked wakes everything waiting for a change.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	w.Header().Set("Content-Type", "application/json")
	if !ok || !ok2 || token != s.token {
		write(w, Unauthorized())
		return
	}
	c := Call{Method: method, At: time.Now()}
	if err := parseBody(r, &c); err != nil {
		write(w, Response{Status: 400, Body: `{"ok":false,"error_code":400,"description":"Bad Request: ` + jsonText(err.Error()) + `"}`})
		return
	}
	s.mu.Lock()
	s.inflight[method]++
	s.peak[method] = max(s.peak[method], s.inflight[method])
	var scripted *Response
	if q := s.script[method]; len(q) > 0 {
		scripted, s.script[method] = &q[0], q[1:]
	}
	delay := s.delay[method]
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight[method]--
		s.mu.Unlock()
	}()
	if delay > 0 {
		sleep(r.Context(), time.Duration(time.Now().UnixNano()%int64(delay)))
		if r.Context().Err() != nil {
			return // the client went away
		}
	}
	resp := Response{}
	if scripted != nil {
		resp = *scripted
		sleep(r.Context(), resp.Delay)
	}
	if resp.Status == 0 && resp.Body == "" {
		resp = s.answer(r.Context(), c)
	}
	s.record(c)
	write(w, resp)
}

func (s *Server) record(c Call) {
	if s.OnCall != nil {
		s.OnCall(c)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.Quiet {
		s.calls = append(s.calls, c)
	}
	s.notifyLocked()
}

func parseBody(r *http.Request, c *Call) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return err
		}
		c.Params = url.Values(r.MultipartForm.Value)
		c.Files = map[string]File{}
		for field, fhs := range r.MultipartForm.File {
			f, err := fhs[0].Open()
			if err != nil {
				return err
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return err
			}
			c.Files[field] = File{Name: fhs[0].Filename, Data: data}
		}
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	c.Params = r.PostForm
	return nil
}

func write(w http.ResponseWriter, r Response) {
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	if strings.HasPrefix(r.Body, "<") {
		w.Header().Set("Content-Type", "text/html")
	}
	w.WriteHeader(r.Status)
	io.WriteString(w, r.Body)
}

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func ok(result any) Response {
	raw, err := json.Marshal(result)
	if err != nil {
		panic(err)
	}
	return Response{Body: `{"ok":true,"result":` + string(raw) + `}`}
}

func badRequest(desc string) Response {
	return Response{Status: 400, Body: `{"ok":false,"error_code":400,"description":"Bad Request: ` + jsonText(desc) + `"}`}
}

// jsonText escapes s for a JSON string literal, without the quotes.
func jsonText(s string) string {
	raw, _ := json.Marshal(s)
	return string(raw[1 : len(raw)-1])
}
