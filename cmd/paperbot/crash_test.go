package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

// The kill tests run paperbot in a child process, send it commands at
// crashRate a second, kill it with SIGKILL after crashLoad, start it again
// on the same store, and check that every command it acknowledged is
// answered (at the fake platform) and its change stored exactly once.
const (
	crashRate = 500
	crashLoad = time.Second
	// answerLatency is how long the fake platform takes to take an
	// answer, so that commands queue up behind the workers and many are
	// waiting when the process is killed.
	answerLatency = 100 * time.Millisecond
)

// What the answers say: to /read, to /unfollow, and to a command whose
// change was stored before the kill but whose answer the platform had not
// taken (it is answered after the restart, and not applied again).
const (
	markedRead   = "Marked as read"
	unfollowed   = "Stopped following"
	alreadyDone  = "your command had already gone through"
	seededFollow = "contrastive" // each unfollowing reader follows this, then "masked"
)

// tally counts the answers to numbered commands at a fake platform.
type tally struct {
	mu    sync.Mutex
	count map[int]int
	first map[int]time.Time
	wrong []string // answers that are not the expected one
	again int      // answers saying the command had gone through before the kill
}

func newTally() *tally { return &tally{count: map[int]int{}, first: map[int]time.Time{}} }

func (t *tally) add(i int, text, want string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.count[i] == 0 {
		t.first[i] = time.Now()
	}
	t.count[i]++
	switch {
	case strings.Contains(text, alreadyDone):
		t.again++
	case !strings.Contains(text, want):
		t.wrong = append(t.wrong, text)
	}
}

// answered reports how many of acked have an answer.
func (t *tally) answered(acked []int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, i := range acked {
		if t.count[i] > 0 {
			n++
		}
	}
	return n
}

// crash is one kill test: the commands sent, which were acknowledged, and
// when the process was killed.
type crash struct {
	t      *testing.T
	papers []string
	acked  []int
	busy   int // answered at once with "busy": not acknowledged for later
	sent   int
	killed time.Time
}

func newCrash(t *testing.T) *crash {
	t.Helper()
	if testing.Short() {
		t.Skip("kills paperbot under load and restarts it: a few seconds")
	}
	set, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c := &crash{t: t}
	for _, p := range set.Papers {
		c.papers = append(c.papers, p.ID)
	}
	return c
}

// paper is the paper command i marks read.
func (c *crash) paper(i int) string { return c.papers[i%len(c.papers)] }

// Even commands mark a paper read, which done twice stores what done once
// does; odd ones unfollow the first of two follows, which done twice
// would drop both.
func (c *crash) command(i int) string {
	if i%2 == 1 {
		return "unfollow 1"
	}
	return "read " + c.paper(i)
}

// answer is what command i's answer says.
func (c *crash) answer(i int) string {
	if i%2 == 1 {
		return unfollowed
	}
	return markedRead
}

// seed gives the reader of every odd command, key(i), two follows,
// before paperbot starts.
func (c *crash) seed(dir string, n int, key func(i int) string) {
	c.t.Helper()
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{Timeout: time.Second})
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	var wg sync.WaitGroup
	for i := 1; i < n; i += 2 {
		wg.Go(func() {
			_, err := db.Update(context.Background(), key(i), func(r *bot.Reader) error {
				r.Follows = []bot.Follow{{Kind: bot.FollowQuery, Text: seededFollow}, {Kind: bot.FollowQuery, Text: "masked"}}
				return nil
			})
			if err != nil {
				c.t.Error(err)
			}
		})
	}
	wg.Wait()
}

// load sends commands at crashRate a second for crashLoad, then kills the
// process while the last ones are under way. send reports whether the
// process acknowledged command i for an answer later, and whether it
// answered busy at once.
func (c *crash) load(send func(i int) (acked, busy bool), kill func()) {
	tick := time.NewTicker(time.Second / crashRate)
	defer tick.Stop()
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := time.Now()
	for i := 0; time.Since(start) < crashLoad; i++ {
		<-tick.C
		c.sent++
		wg.Go(func() {
			acked, busy := send(i)
			mu.Lock()
			defer mu.Unlock()
			if acked {
				c.acked = append(c.acked, i)
			}
			if busy {
				c.busy++
			}
		})
	}
	took := time.Since(start)
	c.killed = time.Now()
	kill()
	wg.Wait()
	c.t.Logf("sent %d commands in %v (%.0f/s); %d acknowledged, %d answered busy, then SIGKILL",
		c.sent, took.Round(time.Millisecond), float64(c.sent)/took.Seconds(), len(c.acked), c.busy)
	if len(c.acked) < 100 {
		c.t.Fatalf("only %d of %d commands acknowledged", len(c.acked), c.sent)
	}
}

// waitAnswered waits until every acknowledged command has an answer.
func (c *crash) waitAnswered(answers *tally, p *child) {
	c.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for answers.answered(c.acked) < len(c.acked) {
		select {
		case <-p.done:
			c.t.Fatalf("paperbot exited %d after the restart:\n%s", p.code, tail(p.output(), 4000))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("after the restart, %d of %d acknowledged commands answered in 60s", answers.answered(c.acked), len(c.acked))
		}
	}
}

// check checks the answers: each acknowledged command answered, many of
// them by the restarted process, and every answer the expected one. An
// answer the platform took just before the kill, whose "done" had not
// reached the disk, is sent again after the restart; a worker marks its
// command done before it takes the next, so at most workers answers (the
// adapter's default) may come twice, and none three times.
func (c *crash) check(answers *tally, workers int) {
	c.t.Helper()
	answers.mu.Lock()
	defer answers.mu.Unlock()
	twice, afterKill := 0, 0
	for _, i := range c.acked {
		switch n := answers.count[i]; {
		case n == 0:
			c.t.Errorf("command %d was acknowledged and never answered", i)
		case n == 2:
			twice++
		case n > 2:
			c.t.Errorf("command %d answered %d times", i, n)
		}
		if answers.first[i].After(c.killed) {
			afterKill++
		}
	}
	c.t.Logf("%d acknowledged commands answered by the restarted process, %d of them applied before the kill; %d answered twice",
		afterKill, answers.again, twice)
	if twice > workers {
		c.t.Errorf("%d commands answered twice; at most the %d under way at the kill may be", twice, workers)
	}
	if afterKill == 0 {
		c.t.Error("nothing was waiting at the kill: the test did not exercise the inbox")
	}
	if len(answers.wrong) > 0 {
		c.t.Errorf("%d answers were not the expected one, such as: %s", len(answers.wrong), answers.wrong[0])
	}
}

// checkStore checks that every acknowledged command's change is stored
// once: the /read mark, or exactly one follow left of two. The reader of
// command i is key(i).
func (c *crash) checkStore(dir string, key func(i int) string) {
	c.t.Helper()
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{Timeout: time.Second})
	if err != nil {
		c.t.Fatalf("store after the restart: %v", err)
	}
	defer db.Close()
	unread, wrongFollows := 0, 0
	for _, i := range c.acked {
		r, err := db.Get(context.Background(), key(i))
		if err != nil {
			c.t.Fatal(err)
		}
		switch {
		case i%2 == 0 && r.Read[c.paper(i)].IsZero():
			unread++
		case i%2 == 1 && (len(r.Follows) != 1 || r.Follows[0].Text != "masked"):
			wrongFollows++
		}
	}
	if unread > 0 {
		c.t.Errorf("%d acknowledged /read marks are not stored", unread)
	}
	if wrongFollows > 0 {
		c.t.Errorf("%d acknowledged /unfollow 1 did not leave exactly the second follow: applied twice or not at all", wrongFollows)
	}
	pending, err := db.Inbox().Pending(context.Background(), strings.SplitN(key(0), ":", 2)[0])
	if err != nil || len(pending) != 0 {
		c.t.Errorf("inbox after a clean stop: %d pending, err %v", len(pending), err)
	}
}

// freeAddr is a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitListening waits until the child answers HTTP at url (any status).
func waitListening(t *testing.T, p *child, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Post(url, "application/json", strings.NewReader("{}"))
		if err == nil {
			resp.Body.Close()
			return
		}
		select {
		case <-p.done:
			t.Fatalf("paperbot exited %d before listening:\n%s", p.code, tail(p.output(), 4000))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("not listening at %s after 30s:\n%s", url, tail(p.output(), 4000))
		}
	}
}

// kill ends the child with SIGKILL and waits for it.
func (c *child) kill() {
	_ = c.cmd.Process.Kill()
	<-c.done
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// loadClient sends the load: many connections, kept alive.
func loadClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512}}
}

// TestKillDuringSlashCommands: paperbot serving Slack in HTTP mode is
// killed under a load of signed slash commands; once restarted on the
// same store, every command it acknowledged is answered through its
// response_url and its /read mark is stored.
func TestKillDuringSlashCommands(t *testing.T) {
	c := newCrash(t)
	answers := newTally()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true,"user_id":"UBOT","team_id":"T1"}`)
	})
	mux.HandleFunc("/respond/{n}", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		select {
		case <-time.After(answerLatency):
		case <-r.Context().Done():
			return // the process died while Slack was taking the answer: not taken
		}
		n, _ := strconv.Atoi(r.PathValue("n"))
		answers.add(n, string(b), c.answer(n))
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok")
	})
	fake := httptest.NewServer(mux)
	t.Cleanup(fake.Close)

	addr, dir := freeAddr(t), t.TempDir()
	cfg := writeTestConfig(t, fmt.Sprintf("intake:\n  enabled: false\nslack:\n  mode: http\n  listen: %s\n  api_url: %s/api/\n", addr, fake.URL))
	env := []string{"PAPERBOT_SLACK_BOT_TOKEN=" + slackTestToken, "PAPERBOT_SLACK_SIGNING_SECRET=" + slackTestSecret}
	args := []string{"serve", "--config", cfg, "--data-dir", dir, "--log-format", "json"}
	events := "http://" + addr + "/slack/events"
	slackKey := func(i int) string { return fmt.Sprintf("slack:T1:U%d", i) }
	c.seed(dir, 2*crashRate, slackKey)

	first := startChild(t, env, args...)
	waitListening(t, first, events)
	client := loadClient()
	c.load(func(i int) (bool, bool) {
		body := []byte(url.Values{"team_id": {"T1"}, "user_id": {fmt.Sprintf("U%d", i)}, "channel_id": {"D1"},
			"command": {"/paper"}, "text": {c.command(i)}, "trigger_id": {fmt.Sprintf("tr%d", i)},
			"response_url": {fmt.Sprintf("%s/respond/%d", fake.URL, i)}}.Encode())
		ts := time.Now().Unix()
		m := hmac.New(sha256.New, []byte(slackTestSecret))
		fmt.Fprintf(m, "v0:%d:%s", ts, body)
		req, _ := http.NewRequest(http.MethodPost, events, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
		resp, err := client.Do(req)
		if err != nil {
			return false, false // killed before the ack: Slack would show an error
		}
		defer resp.Body.Close()
		got, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			return false, false
		}
		return len(got) == 0, len(got) > 0 // a body is an answer at once: busy
	}, first.kill)

	second := startChild(t, env, args...)
	c.waitAnswered(answers, second)
	if code := second.stop(); code != 0 {
		t.Errorf("exit status after SIGTERM = %d:\n%s", code, tail(second.output(), 4000))
	}
	c.check(answers, 32)
	c.checkStore(dir, slackKey)
}

// TestKillDuringTelegramWebhook is the same for Telegram's webhook: every
// update answered 200 is answered after the restart, at the fake Bot API.
func TestKillDuringTelegramWebhook(t *testing.T) {
	c := newCrash(t)
	fake := telegramtest.NewServer(t)
	fake.SetDelay("sendMessage", 2*answerLatency) // a random wait up to it: answerLatency on average
	const secret = "kill-test-secret"
	addr, dir := freeAddr(t), t.TempDir()
	cfg := writeTestConfig(t, fmt.Sprintf("intake:\n  enabled: false\ntelegram:\n  api_endpoint: %q\n  mode: webhook\n"+
		"  webhook:\n    listen: %s\n    url: https://bot.example.org/tg/hook\n    secret_token: %s\n"+
		"  rate_per_chat: 1000\n  rate_global: 100000\n", fake.Endpoint(), addr, secret))
	env := []string{"PAPERBOT_TELEGRAM_TOKEN=" + telegramtest.Token}
	args := []string{"serve", "--config", cfg, "--data-dir", dir, "--log-format", "json"}
	hook := "http://" + addr + "/tg/hook"
	const firstUser = 500000 // command i comes from user firstUser+i, in a private chat

	// Each update is made (and numbered) before the load starts.
	updates := make([][]byte, crashRate*int(crashLoad/time.Second)*2)
	for i := range updates {
		u := telegramtest.User{ID: int64(firstUser + i), FirstName: "U", LanguageCode: "en"}
		updates[i] = fake.Raw(telegramtest.Text(telegramtest.Private(u), u, "/"+c.command(i)))
	}
	telegramKey := func(i int) string { return "telegram:" + strconv.Itoa(firstUser+i) }
	c.seed(dir, len(updates), telegramKey)
	first := startChild(t, env, args...)
	waitListening(t, first, hook)
	client := loadClient()
	c.load(func(i int) (bool, bool) {
		req, _ := http.NewRequest(http.MethodPost, hook, bytes.NewReader(updates[i%len(updates)]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := client.Do(req)
		if err != nil {
			return false, false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, false
	}, first.kill)

	second := startChild(t, env, args...)
	count := func() *tally { // the answers at the fake, with when each first came
		answers := newTally()
		for _, i := range c.acked {
			sent := fake.SentTo(int64(firstUser + i))
			for _, m := range sent {
				answers.add(i, m.Text, c.answer(i))
			}
			if len(sent) > 0 {
				answers.first[i] = sentAt(fake, int64(firstUser+i))
			}
		}
		return answers
	}
	deadline := time.Now().Add(60 * time.Second)
	for answers := count(); answers.answered(c.acked) < len(c.acked); answers = count() {
		if time.Now().After(deadline) {
			t.Fatalf("after the restart, %d of %d acknowledged updates answered in 60s", answers.answered(c.acked), len(c.acked))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code := second.stop(); code != 0 {
		t.Errorf("exit status after SIGTERM = %d:\n%s", code, tail(second.output(), 4000))
	}
	answers := count()
	c.check(answers, 16)
	c.checkStore(dir, telegramKey)
}

// sentAt is when the fake took the first sendMessage to chat.
func sentAt(fake *telegramtest.Server, chat int64) time.Time {
	for _, call := range fake.Calls("sendMessage") {
		if call.Chat() == chat {
			return call.At
		}
	}
	return time.Time{}
}
