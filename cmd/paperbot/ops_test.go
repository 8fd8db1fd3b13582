package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

// child is paperbot running in a separate process (the test binary
// standing in for it, see TestMain), logging JSON.
type child struct {
	t    *testing.T
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer  // stdout and stderr
	addr chan string   // the ops listener's address, when it starts
	done chan struct{} // closed when the process has exited
	code int
}

// startChild starts paperbot with args and env (on top of an environment
// without PAPERBOT_ variables), with a pipe for standard input, which is
// not a terminal.
func startChild(t *testing.T, env []string, args ...string) *child {
	t.Helper()
	c := &child{t: t, addr: make(chan string, 1), done: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PAPERBOT_") {
			c.cmd.Env = append(c.cmd.Env, kv)
		}
	}
	c.cmd.Env = append(c.cmd.Env, append(env, "PAPERBOT_AS_MAIN=1")...)
	c.cmd.Stdin = strings.NewReader("")
	c.cmd.Stdout = writerFunc(c.write)
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			c.write([]byte(line + "\n"))
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "ops listener started" {
				c.addr <- rec.Addr
			}
		}
		c.cmd.Wait()
		c.code = c.cmd.ProcessState.ExitCode()
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (c *child) write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}

// output is everything the process printed so far.
func (c *child) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

// opsAddr waits for the ops listener's address; "" when the process ended
// first.
func (c *child) opsAddr() string {
	c.t.Helper()
	select {
	case a := <-c.addr:
		return a
	case <-c.done:
		return ""
	case <-time.After(20 * time.Second):
		c.t.Fatalf("no ops listener after 20s; output:\n%s", c.output())
		return ""
	}
}

// stop sends SIGTERM and waits for the exit status.
func (c *child) stop() int {
	c.t.Helper()
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
		return c.code
	case <-time.After(shutdownGrace + 5*time.Second):
		c.t.Fatalf("still running %v after SIGTERM; output:\n%s", shutdownGrace+5*time.Second, c.output())
		return -1
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func writeTestConfig(t *testing.T, yaml string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestServeHeadlessOpsListenerAndCleanExit(t *testing.T) {
	dir := t.TempDir()
	cfg := writeTestConfig(t, "http:\n  listen: 127.0.0.1:0\n")
	// A reader, so the gauges have something to count.
	if _, errOut, code := runCLI(t, "", "ask", "--data-dir", dir, "--user", "ann", "/read", "mocov2"); code != 0 {
		t.Fatalf("ask: %d %s", code, errOut)
	}
	c := startChild(t, nil, "serve", "--config", cfg, "--data-dir", dir, "--log-format", "json")
	addr := c.opsAddr()
	if addr == "" {
		t.Fatalf("serve exited %d without an ops listener:\n%s", c.code, c.output())
	}
	base := "http://" + addr
	if code, body := httpGet(t, base+"/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := httpGet(t, base+"/readyz"); code != 200 || !strings.Contains(body, "store: ok") {
		t.Errorf("/readyz = %d %q", code, body)
	}
	code, metrics := httpGet(t, base+"/metrics")
	if code != 200 {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{"paperbot_readers 1", "paperbot_subscribers 0", "paperbot_store_size_bytes ",
		`paperbot_errors_total{kind="handle"} 0`, `paperbot_backups_total{outcome="ok"} 0`, `paperbot_panics_total{platform="digest"} 0`, "go_goroutines ", "process_open_fds "} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// While it serves, backup goes through the ops listener of its config.
	live := writeTestConfig(t, "http:\n  listen: "+addr+"\n")
	backup := filepath.Join(t.TempDir(), "live.db")
	out, errOut, code := runCLI(t, "", "backup", "--config", live, "--data-dir", dir, backup)
	if code != 0 || !strings.Contains(out, "through the running paperbot") || !strings.Contains(out, "readers: 1") {
		t.Errorf("backup while serving = %d %q %q", code, out, errOut)
	}
	if n, err := store.Verify(context.Background(), backup); n != 1 || err != nil {
		t.Errorf("the live backup holds %d readers, %v", n, err)
	}
	// So does health, the image's HEALTHCHECK.
	if out, errOut, code := runCLI(t, "", "health", "--config", live); code != 0 || strings.TrimSpace(out) != "ok" {
		t.Errorf("health = %d %q %q", code, out, errOut)
	}
	if out, errOut, code := runCLI(t, "", "health", "--config", live, "--ready"); code != 0 || !strings.Contains(out, "store: ok") {
		t.Errorf("health --ready = %d %q %q", code, out, errOut)
	}

	if code := c.stop(); code != 0 {
		t.Errorf("exit status after SIGTERM = %d, want 0; output:\n%s", code, c.output())
	}
	for _, line := range strings.Split(strings.TrimSpace(c.output()), "\n") {
		var rec struct{ Level string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("--log-format json printed a line that is not JSON: %q", line)
		} else if rec.Level == "ERROR" {
			t.Errorf("clean run logged %s", line)
		}
	}
	// The store was closed: another process can open it at once.
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("store after exit: %v", err)
	}
	db.Close()
}

// fakePlatform is a platform for the ops listener's readiness.
type fakePlatform struct {
	name  string
	ready atomic.Bool
}

func (p *fakePlatform) Name() string                                           { return p.name }
func (p *fakePlatform) Run(ctx context.Context) error                          { <-ctx.Done(); return nil }
func (p *fakePlatform) Ready() bool                                            { return p.ready.Load() }
func (p *fakePlatform) Send(ctx context.Context, to string, r bot.Reply) error { return nil }

func TestReadyzNamesPlatformsNotConnected(t *testing.T) {
	a := openTestApp(t, "http:\n  listen: 127.0.0.1:0\n")
	tg, sl := &fakePlatform{name: "telegram"}, &fakePlatform{name: "slack"}
	sl.ready.Store(true)
	svc, err := newOpsService(a, []platform{tg, sl}, nil)
	if err != nil || svc == nil {
		t.Fatalf("newOpsService = %v, %v", svc, err)
	}
	o := &ops{log: a.log, store: a.store, metrics: a.metrics, platforms: []platform{tg, sl}}
	srv := httptest.NewServer(o.handler())
	defer srv.Close()
	code, body := httpGet(t, srv.URL+"/readyz")
	if code != 503 || !strings.Contains(body, "telegram: not connected") || !strings.Contains(body, "slack: ok") {
		t.Errorf("/readyz with telegram down = %d %q", code, body)
	}
	_, m := httpGet(t, srv.URL+"/metrics")
	if !strings.Contains(m, `paperbot_platform_ready{platform="telegram"} 0`) || !strings.Contains(m, `paperbot_platform_ready{platform="slack"} 1`) {
		t.Errorf("/metrics lacks the platform gauges:\n%s", grepLines(m, "platform_ready"))
	}
	tg.ready.Store(true)
	if code, body := httpGet(t, srv.URL+"/readyz"); code != 200 {
		t.Errorf("/readyz with both up = %d %q", code, body)
	}
}

func TestMessagesAreCountedByPlatformAndCommand(t *testing.T) {
	a := openTestApp(t, "")
	ctx := context.Background()
	for _, text := range []string{"/paper contrastive", "/read mocov2", "/read byol", "/frobnicate"} {
		if _, err := a.bot.Handle(ctx, bot.Request{Reader: "telegram:42", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	o := &ops{log: a.log, store: a.store, metrics: a.metrics}
	srv := httptest.NewServer(o.handler())
	defer srv.Close()
	_, m := httpGet(t, srv.URL+"/metrics")
	for _, want := range []string{
		`paperbot_messages_total{command="paper",platform="telegram"} 1`,
		`paperbot_messages_total{command="read",platform="telegram"} 2`,
		`paperbot_messages_total{command="none",platform="telegram"} 1`,
		`paperbot_handle_duration_seconds_count{command="read"} 2`,
		`paperbot_readers 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %q; it has:\n%s", want, grepLines(m, "paperbot_messages_total", "_count", "paperbot_readers"))
		}
	}
}

func TestBackupOverHTTPOnlyForThisMachine(t *testing.T) {
	a := openTestApp(t, "")
	h := (&ops{log: a.log, store: a.store, metrics: a.metrics}).handler()
	for _, c := range []struct {
		remote string
		want   int
	}{{"127.0.0.1:5000", 200}, {"[::1]:5000", 200}, {"192.0.2.7:5000", 403}} {
		t.Run(c.remote, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/backup", nil)
			req.RemoteAddr = c.remote
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Errorf("POST /backup from %s = %d, want %d", c.remote, rec.Code, c.want)
			}
		})
	}
	req := httptest.NewRequest("GET", "/backup", nil)
	req.RemoteAddr = "127.0.0.1:5000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /backup = %d, want 405", rec.Code)
	}
}

// openTestApp opens an app on a fresh data dir with the config yaml.
func openTestApp(t *testing.T, yaml string) *app {
	t.Helper()
	g := &globals{config: writeTestConfig(t, yaml), dataDir: t.TempDir()}
	c := &cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	a, err := c.openApp(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// grepLines returns the lines of s that contain any of subs.
func grepLines(s string, subs ...string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		for _, sub := range subs {
			if strings.Contains(l, sub) {
				out = append(out, l)
				break
			}
		}
	}
	return strings.Join(out, "\n")
}
