package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store/etcdstore"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

// etcdConfig is a config keeping readers in the cluster c, with an ops
// listener on a free port.
func etcdConfig(c *etcdtest.Cluster, extra string) string {
	return fmt.Sprintf("http:\n  listen: 127.0.0.1:0\nstore:\n  backend: etcd\n  etcd:\n    endpoints: [%s]\n    prefix: cmdtest/\n    lease_ttl: 2s\n    request_timeout: 2s\n%s",
		strings.Join(c.Endpoints(), ", "), extra)
}

// role asks a replica's /readyz whether it leads.
func role(t *testing.T, addr string) string {
	t.Helper()
	code, body := httpGet(t, "http://"+addr+"/readyz")
	switch {
	case code != 200:
		t.Fatalf("/readyz = %d %q", code, body)
	case strings.Contains(body, ": leader"):
		return "leader"
	case strings.Contains(body, ": follower"):
		return "follower"
	}
	t.Fatalf("/readyz names no role: %q", body)
	return ""
}

// waitRoles waits until the replicas' roles are want, in order.
func waitRoles(t *testing.T, within time.Duration, addrs []string, want ...string) {
	t.Helper()
	deadline := time.Now().Add(within)
	var got []string
	for time.Now().Before(deadline) {
		got = got[:0]
		for _, a := range addrs {
			got = append(got, role(t, a))
		}
		if strings.Join(got, ",") == strings.Join(want, ",") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("roles %v after %v, want %v", got, within, want)
}

// TestTwoServersOneLeader runs two `paperbot serve` processes on one etcd
// store: one leads (the /readyz line and the paperbot_leader gauge say
// so), and when it stops, the other takes over.
func TestTwoServersOneLeader(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes and an etcd cluster")
	}
	c := etcdtest.Start(t, 1)
	cfg := writeTestConfig(t, etcdConfig(c, ""))
	a := startChild(t, nil, "serve", "--config", cfg, "--data-dir", t.TempDir(), "--log-format", "json")
	addrA := a.opsAddr()
	if addrA == "" {
		t.Fatalf("first replica exited:\n%s", a.output())
	}
	waitRoles(t, 10*time.Second, []string{addrA}, "leader")
	b := startChild(t, nil, "serve", "--config", cfg, "--data-dir", t.TempDir(), "--log-format", "json")
	addrB := b.opsAddr()
	waitRoles(t, 5*time.Second, []string{addrA, addrB}, "leader", "follower")
	_, metrics := httpGet(t, "http://"+addrB+"/metrics")
	if !strings.Contains(metrics, "paperbot_leader 0") || !strings.Contains(metrics, "paperbot_etcd_request_duration_seconds") {
		t.Errorf("follower's metrics lack paperbot_leader 0 or the etcd latencies:\n%s", grepLines(metrics, "leader", "etcd"))
	}
	if code := a.stop(); code != 0 {
		t.Fatalf("leader exited %d:\n%s", code, a.output())
	}
	start := time.Now()
	waitRoles(t, 5*time.Second, []string{addrB}, "leader")
	t.Logf("the follower led %v after the leader stopped", time.Since(start).Round(time.Millisecond))
	if code := b.stop(); code != 0 {
		t.Fatalf("second replica exited %d:\n%s", code, b.output())
	}
}

func TestEtcdConfigIsChecked(t *testing.T) {
	dir := t.TempDir()
	cert := filepath.Join(dir, "client.pem")
	if err := os.WriteFile(cert, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := "store:\n  backend: etcd\n  etcd:\n"
	tests := []struct{ name, yaml, want string }{
		{"unknown backend", "store:\n  backend: redis\n", `store.backend: "redis" is not bbolt or etcd`},
		{"no endpoints", base + "    prefix: a/\n", "store.etcd.endpoints: required"},
		{"bad endpoint", base + "    endpoints: [\"10.0.0.1:2379\"]\n", "store.etcd.endpoints: \"10.0.0.1:2379\" is not an http"},
		{"credentials in URL", base + "    endpoints: [\"http://bot:hunter22@10.0.0.1:2379\"]\n", "without credentials"},
		{"prefix", base + "    endpoints: [http://127.0.0.1:2379]\n    prefix: paperbot\n", "store.etcd.prefix"},
		{"user without password", base + "    endpoints: [http://127.0.0.1:2379]\n    username: bot\n", "username and password go together"},
		{"short lease", base + "    endpoints: [http://127.0.0.1:2379]\n    lease_ttl: 500ms\n", "store.etcd.lease_ttl"},
		{"bad timeout", base + "    endpoints: [http://127.0.0.1:2379]\n    dial_timeout: soon\n", "store.etcd.dial_timeout"},
		{"cert without key", base + "    endpoints: [https://127.0.0.1:2379]\n    tls:\n      cert: " + cert + "\n", "cert and key go together"},
		{"bad cert", base + "    endpoints: [https://127.0.0.1:2379]\n    tls:\n      cert: " + cert + "\n      key: " + cert + "\n", "load client certificate"},
		{"scheduled backups", "backup:\n  interval: 24h\n" + base + "    endpoints: [http://127.0.0.1:2379]\n", "backup.interval: scheduled backups are of the bbolt file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, "", "check", "--config", writeTestConfig(t, tt.yaml), "--data-dir", dir)
			if code == 0 || !strings.Contains(errOut, tt.want) {
				t.Errorf("check = %d %q, want an error with %q", code, errOut, tt.want)
			}
			if strings.Contains(errOut, "hunter22") {
				t.Errorf("check printed the password: %q", errOut)
			}
		})
	}
	ok := base + "    endpoints: [http://127.0.0.1:2379, http://127.0.0.2:2379]\n    username: bot\n    password: hunter22\n"
	out, errOut, code := runCLI(t, "", "check", "--config", writeTestConfig(t, ok), "--data-dir", dir)
	if code != 0 || !strings.Contains(out, `store: etcd http://127.0.0.1:2379,http://127.0.0.2:2379, prefix "paperbot/"`) ||
		!strings.Contains(out, "leader election over etcd") {
		t.Errorf("check of a good etcd config = %d %q %q", code, out, errOut)
	}
	if strings.Contains(out+errOut, "hunter22") {
		t.Errorf("check printed the password")
	}
}

// TestMigrateBackupAndBack copies a reader's progress from a bbolt store
// into etcd, serves it from there, backs etcd up as a bbolt file and
// migrates it back into a new data dir.
func TestMigrateBackupAndBack(t *testing.T) {
	c := etcdtest.Start(t, 1)
	dirA, dirB := t.TempDir(), t.TempDir()
	askAs(t, dirA, "ann", "/read mocov2")
	etcdKeys := fmt.Sprintf("  etcd:\n    endpoints: [%s]\n    prefix: migrate/\n", strings.Join(c.Endpoints(), ", "))
	toEtcd := writeTestConfig(t, "store:\n  backend: bbolt\n"+etcdKeys)
	onEtcd := writeTestConfig(t, "store:\n  backend: etcd\n"+etcdKeys)
	run := func(args ...string) (string, string, int) {
		t.Helper()
		return runCLI(t, "", args...)
	}
	if out, errOut, code := run("migrate", "--to", "etcd", "--config", toEtcd, "--data-dir", dirA); code != 0 || !strings.Contains(out, "readers: 1") {
		t.Fatalf("migrate --to etcd = %d %q %q", code, out, errOut)
	}
	if _, errOut, code := run("migrate", "--to", "etcd", "--config", toEtcd, "--data-dir", dirA); code == 0 || !strings.Contains(errOut, "already holds readers") {
		t.Errorf("second migrate into the same prefix = %d %q, want a refusal", code, errOut)
	}
	out, errOut, code := run("ask", "--config", onEtcd, "--data-dir", t.TempDir(), "--user", "ann", "/history")
	if code != 0 || !strings.Contains(out, "[mocov2]") {
		t.Errorf("/history served from etcd = %d %q %q, want [mocov2] in it", code, out, errOut)
	}
	backup := filepath.Join(t.TempDir(), "etcd-backup.db")
	if out, errOut, code := run("backup", "--config", onEtcd, backup); code != 0 || !strings.Contains(out, "readers: 1") {
		t.Fatalf("backup of etcd = %d %q %q", code, out, errOut)
	}
	if _, errOut, code := run("restore", "--config", onEtcd, backup); code == 0 || !strings.Contains(errOut, "migrate --to etcd --from") {
		t.Errorf("restore with etcd = %d %q, want a pointer to migrate", code, errOut)
	}
	if out, errOut, code := run("migrate", "--to", "bbolt", "--config", onEtcd, "--data-dir", dirB); code != 0 || !strings.Contains(out, "readers: 1") {
		t.Fatalf("migrate --to bbolt = %d %q %q", code, out, errOut)
	}
	if got := historyIDs(t, dirB, "ann"); len(got) != 1 || got[0] != "mocov2" {
		t.Errorf("history after the round trip = %v, want [mocov2]", got)
	}
	if _, errOut, code := run("migrate", "--to", "bbolt", "--config", onEtcd, "--data-dir", dirB); code == 0 || !strings.Contains(errOut, "exists") {
		t.Errorf("migrate --to bbolt over a store = %d %q, want a refusal", code, errOut)
	}
}

// TestReplicasShareTheInbox: with etcd, the adapters' inbox is one for
// all replicas, so an update retried through another replica is known.
func TestReplicasShareTheInbox(t *testing.T) {
	c := etcdtest.Start(t, 1)
	cfg := etcdConfig(c, "")
	t.Setenv("PAPERBOT_REPLICA", "one")
	a := openTestApp(t, cfg)
	inA := a.inbox()
	t.Setenv("PAPERBOT_REPLICA", "two")
	b := openTestApp(t, cfg)
	inB := b.inbox()
	if _, ok := inA.(*etcdstore.Inbox); !ok {
		t.Fatalf("the inbox of an etcd app is %T, want the etcd store's", inA)
	}
	ev := bot.Inbound{ID: "slack:event:Ev9", Payload: []byte("{}")}
	ctx := context.Background()
	if fresh, err := inA.Put(ctx, ev); err != nil || !fresh[0] {
		t.Fatalf("Put on one = %v, %v", fresh, err)
	}
	if fresh, err := inB.Put(ctx, ev); err != nil || fresh[0] {
		t.Errorf("the same update on two = %v, %v; want it known", fresh, err)
	}
}

// TestAcceptedPaperReachesEveryReplica: a paper intake accepts into the
// etcd store (here by `paperbot intake run`, as the leader's harvest
// would) becomes searchable on a replica that is already serving.
func TestAcceptedPaperReachesEveryReplica(t *testing.T) {
	c := etcdtest.Start(t, 1)
	cfg := etcdConfig(c, "")
	a := openTestApp(t, cfg)
	if a.bot.Engine().Set().ByArXiv("2611.07001") != nil {
		t.Fatal("the paper is there before the harvest")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	before := a.bot.Engine()
	go func() { done <- newPaperSyncService(a).run(ctx) }()
	defer func() { cancel(); <-done }()
	for start := time.Now(); a.bot.Engine() == before; { // the rebuild at start, which catches up
		if time.Since(start) > paperSyncDelay+5*time.Second {
			t.Fatal("no rebuild at start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	intakeRun(t, "--config", writeTestConfig(t, cfg), "--data-dir", t.TempDir(), "--file", writeFeed(t, testEntries(1)))
	deadline := time.Now().Add(paperSyncDelay + 5*time.Second)
	for a.bot.Engine().Set().ByArXiv("2611.07001") == nil {
		if time.Now().After(deadline) {
			t.Fatal("the accepted paper did not reach the serving replica")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestDigestRunOnEtcd: `paperbot digest run` on an etcd store sends a
// due console reader's digest once, through claims, and a second run the
// same day sends nothing.
func TestDigestRunOnEtcd(t *testing.T) {
	c := etcdtest.Start(t, 1)
	cfg := writeTestConfig(t, etcdConfig(c, ""))
	dir := t.TempDir()
	if _, errOut, code := runCLI(t, "", "ask", "--config", cfg, "--data-dir", dir, "--user", "alice", "/subscribe", "07:00", "UTC"); code != 0 {
		t.Fatalf("subscribe: %s", errOut)
	}
	at := "2026-03-14T08:00:00Z"
	out, errOut, code := runCLI(t, "", "digest", "run", "--config", cfg, "--data-dir", dir, "--force", "--at", at)
	if code != 0 || !strings.Contains(out, "daily paper for console:alice") || !strings.Contains(errOut, "1 sent") {
		t.Fatalf("digest run = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, "", "digest", "run", "--config", cfg, "--data-dir", dir, "--force", "--at", at)
	if code != 0 || out != "" || !strings.Contains(errOut, "0 sent, 1 had theirs already") {
		t.Errorf("second run the same day = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// TestTelegramPollsOnTheLeaderOnly: two `paperbot serve` replicas with
// Telegram long polling on one etcd store: only the leader polls (the
// fake Bot API never has two getUpdates at once), each message is
// answered once, and after the leader stops the other polls and answers.
func TestTelegramPollsOnTheLeaderOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes and an etcd cluster")
	}
	c := etcdtest.Start(t, 1)
	fake := telegramtest.NewServer(t)
	cfg := writeTestConfig(t, etcdConfig(c, "telegram:\n  api_endpoint: \""+fake.Endpoint()+"\"\n  rate_per_chat: 50\n"))
	env := func(name string) []string {
		return []string{"PAPERBOT_TELEGRAM_TOKEN=" + telegramtest.Token, "PAPERBOT_REPLICA=" + name}
	}
	a := startChild(t, env("a"), "serve", "--config", cfg, "--data-dir", t.TempDir(), "--log-format", "json")
	addrA := a.opsAddr()
	waitRoles(t, 10*time.Second, []string{addrA}, "leader")
	b := startChild(t, env("b"), "serve", "--config", cfg, "--data-dir", t.TempDir(), "--log-format", "json")
	addrB := b.opsAddr()
	waitRoles(t, 5*time.Second, []string{addrA, addrB}, "leader", "follower")

	ann := telegramtest.User{ID: 7001, FirstName: "Ann", LanguageCode: "en"}
	chat := telegramtest.Private(ann)
	fake.Push(telegramtest.Text(chat, ann, "/read mocov2"))
	fake.Wait(t, "sendMessage", 1)
	time.Sleep(500 * time.Millisecond) // time enough for a follower's poll to show
	if p := fake.Peak("getUpdates"); p != 1 {
		t.Errorf("at most %d getUpdates at once while both ran, want 1: only the leader polls", p)
	}
	// At the handover the old leader's last long poll may still be open at
	// the server for a moment (the client library cannot cancel it); real
	// Telegram ends it with a 409 when the new leader polls.
	if code := a.stop(); code != 0 {
		t.Fatalf("leader exited %d:\n%s", code, a.output())
	}
	waitRoles(t, 5*time.Second, []string{addrB}, "leader")
	fake.Push(telegramtest.Text(chat, ann, "/progress"))
	fake.Wait(t, "sendMessage", 2)
	if code := b.stop(); code != 0 {
		t.Fatalf("second replica exited %d:\n%s", code, b.output())
	}
	var sent []*telegramtest.Sent
	for _, m := range fake.SentTo(chat.ID) {
		if m.Kind == "" { // /progress's chart comes as a photo too
			sent = append(sent, m)
		}
	}
	if len(sent) != 2 || !strings.Contains(sent[1].Text, "You have read 1 of") {
		t.Errorf("replies %d, want 2 with the progress from the shared store last", len(sent))
	}
}
