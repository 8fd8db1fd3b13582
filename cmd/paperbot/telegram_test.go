package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/store"
)

// TestServeTelegramUntilSIGTERM runs paperbot serve in a child process
// against a fake Bot API: it answers, and on SIGTERM finishes the replies
// under way, closes the store and exits 0.
func TestServeTelegramUntilSIGTERM(t *testing.T) {
	fake := telegramtest.NewServer(t)
	fake.SetDelay("sendMessage", 200*time.Millisecond)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "paperbot.yaml")
	os.WriteFile(cfg, []byte("telegram:\n  api_endpoint: \""+fake.Endpoint()+"\"\n  rate_per_chat: 50\n"), 0o600)

	cmd := exec.Command(os.Args[0], "serve", "--config", cfg, "--data-dir", dir)
	cmd.Env = append(os.Environ(), "PAPERBOT_AS_MAIN=1", "PAPERBOT_TELEGRAM_TOKEN="+telegramtest.Token)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
	})

	ann := telegramtest.User{ID: 7001, FirstName: "Ann", LanguageCode: "en"}
	chat := telegramtest.Private(ann)
	fake.Push(telegramtest.Text(chat, ann, "/read mocov2"), telegramtest.Text(chat, ann, "/progress"), telegramtest.Text(chat, ann, "/today"))
	fake.Wait(t, "sendMessage", 1) // the other two are queued or under way
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("paperbot serve after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("paperbot serve did not exit 20s after SIGTERM\n%s", stderr.String())
	}
	sent := fake.SentTo(chat.ID)
	// /progress answers with its text and then its chart, a photo
	if len(sent) != 4 || !strings.Contains(sent[1].Text, "You have read 1 of") || sent[2].Kind != "photo" {
		t.Errorf("%d replies by exit, want 4: /read's, /progress's text and its chart, /today's:\n%s", len(sent), stderr.String())
	}
	if strings.Contains(stderr.String(), telegramtest.Token) {
		t.Error("the log shows the bot token")
	}
	// The store was closed: it opens at once, with the press in it.
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("store after exit: %v", err)
	}
	defer db.Close()
	r, err := db.Get(context.Background(), "telegram:7001")
	if _, read := r.Read["mocov2"]; err != nil || !read {
		t.Errorf("telegram:7001 after exit: read %v, err %v", r.Read, err)
	}
	if fake.Pending() != 0 {
		t.Errorf("%d updates left unconfirmed", fake.Pending())
	}
}

func TestTelegramWebhookConfigNamesTheKey(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "paperbot.yaml")
	os.WriteFile(cfg, []byte("telegram:\n  token: \"1:x\"\n  mode: webhook\n  webhook:\n    url: https://bot.example.org/hook\n    listen: 127.0.0.1:0\n"), 0o600)
	_, errOut, code := runCLI(t, "", "serve", "--config", cfg, "--data-dir", dir)
	if code == 0 || !strings.Contains(errOut, "telegram.webhook.secret_token") || strings.Contains(errOut, "1:x") {
		t.Errorf("serve with a webhook and no secret = %d, %q", code, errOut)
	}
}
