package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/store"
)

// TestMain lets the test binary stand in for paperbot in a child process:
// with PAPERBOT_AS_MAIN=1 it runs main with its arguments.
func TestMain(m *testing.M) {
	loopbackOnly()
	if os.Getenv("PAPERBOT_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// loopbackOnly keeps the tests, and the paperbot processes they start, off
// the network: HTTP through the default transport (the arXiv client's, the
// chat clients' fakes) may dial only loopback addresses, where the fakes
// listen. A serve that starts intake by default then fails its harvest
// instead of asking export.arxiv.org.
func loopbackOnly() {
	tr := http.DefaultTransport.(*http.Transport)
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if ip := net.ParseIP(host); err != nil || host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("tests do not reach the network (dial %s)", addr)
		}
		return d.DialContext(ctx, network, addr)
	}
}

// runProcess runs paperbot in a separate process.
func runProcess(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PAPERBOT_AS_MAIN=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("run paperbot %v: %v", args, err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

// runCLI runs paperbot with args and returns stdout, stderr and the status.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestAskJSONListsExactlyThePapers(t *testing.T) {
	dir := t.TempDir()
	type reply struct {
		Text   string `json:"text"`
		Papers []struct {
			ID, ArXiv, Title string
		} `json:"papers"`
	}
	ask := func(args ...string) reply {
		t.Helper()
		out, errOut, code := runCLI(t, "", append([]string{"ask", "--data-dir", dir, "--user", "alice", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("ask %v exited %d: %s", args, code, errOut)
		}
		var r reply
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("ask %v printed invalid JSON: %v\n%s", args, err, out)
		}
		if r.Papers == nil {
			t.Fatalf("ask %v: papers is null, want a list", args)
		}
		return r
	}
	if r := ask("/history"); len(r.Papers) != 0 {
		t.Errorf("fresh /history lists %d papers", len(r.Papers))
	}
	r := ask("/paper", "contrastive")
	if len(r.Papers) != 3 || r.Papers[0].ArXiv == "" || r.Papers[0].Title == "" {
		t.Fatalf("/paper contrastive = %+v", r.Papers)
	}
	first := r.Papers[0].ID
	ask("/read", first)
	// State persists between runs (processes) in the data dir.
	h := ask("/history")
	if len(h.Papers) != 1 || h.Papers[0].ID != first {
		t.Errorf("/history after /read %s = %+v", first, h.Papers)
	}
	// Flags also work after the subcommand's own words.
	out, _, code := runCLI(t, "", "ask", "--user", "alice", "--data-dir", dir, "/progress")
	if code != 0 || !strings.Contains(out, "You have read 1 of") {
		t.Errorf("ask /progress = %d %q", code, out)
	}
}

func TestSearchJSON(t *testing.T) {
	out, errOut, code := runCLI(t, "", "search", "--json", "--limit", "5", "--data-dir", t.TempDir(), "contrastive")
	if code != 0 {
		t.Fatalf("search exited %d: %s", code, errOut)
	}
	var hits []struct {
		ID, ArXiv, Title, Reason string
		Score                    float64
	}
	if err := json.Unmarshal([]byte(out), &hits); err != nil || len(hits) != 5 {
		t.Fatalf("search --json = %v, %d hits: %s", err, len(hits), out)
	}
	family := map[string]bool{"1911.05722": true, "2003.04297": true, "2002.05709": true, "2006.10029": true, "2104.02057": true}
	if !family[hits[0].ArXiv] || hits[0].Score <= 0 || hits[0].Reason == "" {
		t.Errorf("top hit for contrastive = %+v, want a MoCo/SimCLR paper with a score and a reason", hits[0])
	}
}

func TestUserErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("data_dir: /tmp/x\ntelegram:\n  tokn: abc\n"), 0o600)
	wrongType := filepath.Join(dir, "type.yaml")
	os.WriteFile(wrongType, []byte("papers:\n  replace: maybe\n"), 0o600)
	badPapers := filepath.Join(dir, "lab.jsonl")
	os.WriteFile(badPapers, []byte(`{"id":"x","title":"t","authors":["a"],"year":20,"topics":["contrastive"],"summary":{"en":"s"},"arxiv":"2101.00001"}`+"\n"), 0o600)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown key", []string{"check", "--config", bad}, `bad.yaml:3: unknown key "tokn"`},
		{"wrong type", []string{"check", "--config", wrongType}, `type.yaml:2: "maybe" is a str, want a bool`},
		{"missing config", []string{"check", "--config", filepath.Join(dir, "nope.yaml")}, "nope.yaml"},
		{"bad papers file", []string{"papers", "validate", badPapers}, `lab.jsonl:1: field "year"`},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"bad flag", []string{"search", "--limit", "x", "q"}, "invalid value"},
		{"empty ask", []string{"ask", "--data-dir", dir}, "nothing to ask"},
		{"no terminal", []string{"serve", "--data-dir", dir}, "no terminal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, "", tt.args...)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("stderr = %q, want one line containing %q", errOut, tt.want)
			}
			if strings.Contains(errOut, "goroutine") {
				t.Errorf("stderr has a stack trace: %s", errOut)
			}
		})
	}
}

func TestSecretsAreNotPrinted(t *testing.T) {
	const token = "123456:SECRET-telegram-token-abc"
	t.Setenv("PAPERBOT_TELEGRAM_TOKEN", token)
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte("slack:\n  bot_token: xoxb-very-secret\n  mode: bogus\n"), 0o600)
	// serve with real tokens is covered against fake servers in secrets_test.go.
	for _, c := range []struct {
		name string
		args []string
	}{{"environment", []string{"check"}}, {"config file", []string{"check", "--config", cfg}}} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, _ := runCLI(t, "", c.args...)
			if strings.Contains(out+errOut, token) || strings.Contains(out+errOut, "xoxb-very-secret") {
				t.Errorf("paperbot %v printed a secret:\n%s%s", c.args, out, errOut)
			}
		})
	}
	c, err := loadConfig("", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{c.Telegram.Token.String(), c.Telegram.Token.GoString()} {
		if strings.Contains(s, "SECRET") {
			t.Errorf("Secret formats as %q", s)
		}
	}
}

func TestChatConversation(t *testing.T) {
	dir := t.TempDir()
	in := "/paper rotation\n/read rotnet\n/progress\n/quit\n/help\n"
	out, errOut, code := runCLI(t, in, "chat", "--data-dir", dir, "--user", "bob")
	if code != 0 {
		t.Fatalf("chat exited %d: %s", code, errOut)
	}
	for _, want := range []string{"Predicting Image Rotations", "Marked as read", "You have read 1 of"} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Commands:") {
		t.Errorf("chat went on after /quit")
	}
}

func TestStatePersistsAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := runProcess(t, "ask", "--data-dir", dir, "--user", "p", "/save", "byol"); code != 0 {
		t.Fatalf("first process exited %d: %s", code, errOut)
	}
	out, errOut, code := runProcess(t, "ask", "--data-dir", dir, "--user", "p", "--json", "/saved")
	if code != 0 || !strings.Contains(out, `"id": "byol"`) {
		t.Errorf("second process /saved = %d %s %s", code, out, errOut)
	}
}

func TestSecondProcessGetsClearError(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, errOut, code := runProcess(t, "ask", "--data-dir", dir, "/progress")
	if code != 1 || !strings.Contains(errOut, "paperbot.db") || !strings.Contains(errOut, "another") {
		t.Errorf("ask on a held store = %d %q, want status 1 naming the file", code, errOut)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("waited %v for the lock, want a few seconds", d)
	}
}

// TestAskExportWritesFiles: `paperbot ask /export` writes the files into
// the current directory, or into --out, and prints their paths; a second
// export does not overwrite the first.
func TestAskExportWritesFiles(t *testing.T) {
	data := t.TempDir()
	if _, errOut, code := runCLI(t, "", "ask", "--data-dir", data, "--user", "eve", "/read", "moco"); code != 0 {
		t.Fatalf("ask /read: %s", errOut)
	}
	cwd := t.TempDir()
	t.Chdir(cwd)
	out, errOut, code := runCLI(t, "", "ask", "--data-dir", data, "--user", "eve", "/export")
	if code != 0 {
		t.Fatalf("ask /export exited %d: %s", code, errOut)
	}
	bib := filepath.Join(cwd, "paperbot-reading-list.bib")
	if !strings.Contains(out, "Written: "+bib) || strings.Contains(out, "@inproceedings") {
		t.Errorf("ask /export printed:\n%s", out)
	}
	if b, err := os.ReadFile(bib); err != nil || !strings.Contains(string(b), "@inproceedings{he2019moco,") {
		t.Errorf("%s: %v\n%s", bib, err, b)
	}

	dest := t.TempDir()
	out, errOut, code = runCLI(t, "", "ask", "--data-dir", data, "--user", "eve", "--json", "--out", dest, "/export")
	if code != 0 {
		t.Fatalf("ask --json --out exited %d: %s", code, errOut)
	}
	var r struct{ Text string }
	if err := json.Unmarshal([]byte(out), &r); err != nil || !strings.Contains(r.Text, filepath.Join(dest, "paperbot-reading-list.json")) {
		t.Errorf("ask --json --out printed %v:\n%s", err, out)
	}
	out, _, _ = runCLI(t, "", "ask", "--data-dir", data, "--user", "eve", "/export")
	if !strings.Contains(out, "Written: "+filepath.Join(cwd, "paperbot-reading-list-1.bib")) {
		t.Errorf("a second export printed:\n%s", out)
	}
}
