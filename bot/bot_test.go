package bot_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/testkit"
	"github.com/paperbot/paperbot/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

type fixture struct {
	t     *testing.T
	bot   *bot.Bot
	db    *store.DB
	path  string
	clock *testkit.Clock
}

// newFixture is a bot over a real store in a temp dir.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, path: filepath.Join(t.TempDir(), "paperbot.db"),
		clock: testkit.NewClock(time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC))}
	f.open()
	t.Cleanup(func() { f.db.Close() })
	return f
}

// in returns f reporting its failures to t, a subtest of the test that
// made f; the two share the bot and the store.
func (f *fixture) in(t *testing.T) *fixture {
	g := *f
	g.t = t
	return &g
}

func (f *fixture) open() {
	f.t.Helper()
	db, err := store.Open(f.path, store.Options{Now: f.clock.Now, Timeout: time.Second})
	if err != nil {
		f.t.Fatal(err)
	}
	f.db = db
	f.bot = bot.New(bot.Options{Engine: testkit.Engine(f.t), Store: db, Now: f.clock.Now, Intn: func(int) int { return 0 }, Painter: testPainter()})
}

func (f *fixture) reopen() {
	f.t.Helper()
	if err := f.db.Close(); err != nil {
		f.t.Fatal(err)
	}
	f.open()
}

func (f *fixture) say(who, text string) bot.Reply {
	f.t.Helper()
	r, err := f.bot.Handle(context.Background(), bot.Request{Reader: who, Text: text})
	if err != nil {
		f.t.Fatalf("Handle(%s, %q) = %v", who, text, err)
	}
	return r
}

func (f *fixture) press(who string, a bot.Action) bot.Reply {
	f.t.Helper()
	r, err := f.bot.Handle(context.Background(), bot.Request{Reader: who, Action: &a})
	if err != nil {
		f.t.Fatalf("press %+v = %v", a, err)
	}
	return r
}

func (f *fixture) reader(key string) bot.Reader {
	f.t.Helper()
	r, err := f.db.Get(context.Background(), key)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func ids(r bot.Reply) []string {
	var out []string
	for _, it := range r.Papers {
		out = append(out, it.ID)
	}
	return out
}

func contains(t *testing.T, r bot.Reply, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.Text, w) {
			t.Errorf("reply %q does not contain %q", r.Text, w)
		}
	}
}

func TestConversation(t *testing.T) {
	f := newFixture(t)
	const alice = "console:alice"
	contains(t, f.say(alice, "/start"), "self-supervised", "/paper QUERY")

	r := f.say(alice, "/paper contrastive")
	if len(r.Papers) != bot.PageSize {
		t.Fatalf("/paper contrastive listed %d papers, want %d: %v", len(r.Papers), bot.PageSize, ids(r))
	}
	if len(r.Buttons) != 1 || r.Buttons[0].Action.Verb != bot.VerbMore {
		t.Errorf("/paper contrastive buttons = %+v, want More", r.Buttons)
	}
	for _, it := range r.Papers {
		if it.Summary == "" || it.Why == "" || len(it.Buttons) != 4 || len(it.Links) < 2 {
			t.Errorf("item %s lacks summary, why, buttons or links: %+v", it.ID, it)
		}
	}
	more := f.press(alice, r.Buttons[0].Action)
	if len(more.Papers) == 0 || more.Papers[0].ID == r.Papers[0].ID {
		t.Errorf("More gave %v after %v", ids(more), ids(r))
	}

	contains(t, f.say(alice, "/read MoCo-v2"), "Marked as read")
	contains(t, f.say(alice, "/read arXiv:2002.05709v3"), "SimCLR")
	contains(t, f.say(alice, "/save https://arxiv.org/abs/2006.07733"), "Saved")
	contains(t, f.say(alice, "/progress"), "You have read 2 of")

	h := f.say(alice, "/history")
	if got := ids(h); len(got) != 2 {
		t.Errorf("/history = %v, want the two read papers", got)
	}
	if got := ids(f.say(alice, "/saved")); len(got) != 1 || got[0] != "byol" {
		t.Errorf("/saved = %v, want [byol]", got)
	}

	// Read papers are marked, and what builds on them comes with a reason.
	r = f.say(alice, "/paper momentum contrast")
	for _, it := range r.Papers {
		if it.ID == "mocov2" && !it.Read {
			t.Errorf("mocov2 is read but not marked in %v", ids(r))
		}
	}

	// Nothing of alice's reaches bob.
	contains(t, f.say("console:bob", "/progress"), "You have read 0 of")
	if got := ids(f.say("console:bob", "/history")); len(got) != 0 {
		t.Errorf("bob's /history = %v, want empty", got)
	}

	// Progress survives a restart.
	f.reopen()
	contains(t, f.say(alice, "/progress"), "You have read 2 of")
}

func TestButtons(t *testing.T) {
	f := newFixture(t)
	const who = "telegram:42"
	r := f.press(who, bot.Action{Verb: bot.VerbRead, Paper: "mocov2"})
	if !r.Edit || r.Toast == "" || len(r.Papers) != 1 || !r.Papers[0].Read {
		t.Fatalf("Read press = %+v, want an edit with a toast and the item marked read", r)
	}
	if got := r.Papers[0].Buttons[0].Action.Verb; got != bot.VerbUnread {
		t.Errorf("after Read the first button is %q, want %q", got, bot.VerbUnread)
	}
	if _, ok := f.reader(who).Read["mocov2"]; !ok {
		t.Errorf("Read press was not stored")
	}
	f.press(who, bot.Action{Verb: bot.VerbDismiss, Paper: "simclr"})
	for range 5 {
		r := f.say(who, "/paper simple framework contrastive")
		for _, id := range ids(r) {
			if id == "simclr" {
				t.Fatalf("dismissed simclr shown again: %v", ids(r))
			}
		}
	}
	// A forged or stale payload: a polite toast, nothing changes.
	before := f.reader(who)
	for _, c := range []struct {
		name string
		a    bot.Action
	}{
		{"unknown paper", bot.Action{Verb: bot.VerbSave, Paper: "no-such-paper"}},
		{"unknown verb", bot.Action{Verb: "launch", Paper: "mocov2"}},
		{"more of nothing", bot.Action{Verb: bot.VerbMore}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, a := f.in(t), c.a
			r := f.press(who, a)
			if r.Toast == "" || r.Edit {
				t.Errorf("forged %+v answered %+v, want a toast and no edit", a, r)
			}
		})
	}
	after := f.reader(who)
	if len(after.Saved) != len(before.Saved) || len(after.Read) != len(before.Read) {
		t.Errorf("a forged press changed the reader: %+v → %+v", before, after)
	}
}

func TestBadInputIsAnsweredAndStoresNothing(t *testing.T) {
	f := newFixture(t)
	const who = "console:carol"
	f.say(who, "/subscribe 07:15 Europe/Berlin")
	tests := []struct{ in, want string }{
		{"/read nosuchpaper", "No paper matches"},
		{"/read", "Which paper?"},
		{"/subscribe 25:99", "is not a time"},
		{"/subscribe 08:30 Mars/Olympus_Mons", "is not a time zone"},
		{"/lang klingon", "/lang en"},
		{"/path astrology", "No topic"},
		{"/compare mocov2", "/compare mocov2 simclr"},
		{"/frobnicate", "Unknown command /frobnicate"},
		{"/progres", "Did you mean /progress?"},
		{"/read " + strings.Repeat("x", 100000), "No paper matches"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.40s", tt.in), func(t *testing.T) {
			f := f.in(t)
			r := f.say(who, tt.in)
			if !strings.Contains(r.Text, tt.want) {
				t.Errorf("%.40q answered %.200q, want %q", tt.in, r.Text, tt.want)
			}
			if strings.Count(r.Text, "\n") > 1 {
				t.Errorf("%.40q answered %d lines, want one", tt.in, strings.Count(r.Text, "\n")+1)
			}
		})
	}
	rd := f.reader(who)
	if len(rd.Read) != 0 || rd.Sub.Time != "07:15" || rd.Sub.Zone != "Europe/Berlin" || rd.Lang != "" {
		t.Errorf("bad input changed the reader: %+v", rd)
	}
	// Odd but harmless input still gets an answer.
	for _, in := range []string{"/paper \x00\x01\u202e", "🦄🦄🦄", "مرحبا", strings.Repeat("contrastive ", 2000), "\u202emocov2"} {
		t.Run(fmt.Sprintf("%.40s", in), func(t *testing.T) {
			f := f.in(t)
			if r := f.say(who, in); r.Text == "" {
				t.Errorf("%.40q got no answer", in)
			}
		})
	}
}

func TestSubscribeGrammar(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		in               string
		time, zone, freq string
		topic            string
	}{
		{"/subscribe", "08:00", "UTC", "daily", ""},
		{"/subscribe 8:30 Asia/Shanghai", "08:30", "Asia/Shanghai", "daily", ""},
		{"/paper subscribe 08:30 asia/shanghai weekdays", "08:30", "Asia/Shanghai", "weekdays", ""},
		{"/subscribe 21:05 UTC+5:45 fri", "21:05", "UTC+05:45", "fri", ""},
		{"/subscribe 06:00 GMT-3 topic contrastive", "06:00", "UTC-03:00", "daily", "contrastive"},
		{"/订阅 07:00 Asia/Kathmandu 工作日", "07:00", "Asia/Kathmandu", "weekdays", ""},
	}
	for i, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f := f.in(t)
			who := "console:s" + string(rune('a'+i))
			r := f.say(who, tt.in)
			s := f.reader(who).Sub
			if !s.On || s.Time != tt.time || s.Zone != tt.zone || s.Frequency != tt.freq || s.Topic != tt.topic {
				t.Errorf("%q stored %+v (reply %q), want %s %s %s %q", tt.in, s, r.Text, tt.time, tt.zone, tt.freq, tt.topic)
			}
			if _, err := bot.LoadZone(s.Zone); err != nil {
				t.Errorf("%q stored zone %q that does not load: %v", tt.in, s.Zone, err)
			}
		})
	}
	f.say("console:sa", "/unsubscribe")
	if f.reader("console:sa").Sub.On {
		t.Errorf("/unsubscribe left the subscription on")
	}
}

func TestChinese(t *testing.T) {
	f := newFixture(t)
	const who = "console:li"
	contains(t, f.say(who, "/lang zh"), "中文")
	r := f.say(who, "/paper 对比学习")
	contains(t, r, "推荐论文")
	if len(r.Papers) == 0 || !hasHan(r.Papers[0].Summary) {
		t.Errorf("Chinese reader got %v without Chinese summaries", ids(r))
	}
	contains(t, f.say(who, "/read mocov2"), "已标记为已读")
	contains(t, f.say(who, "/progress"), "你已读 1 /")
	// A reader who has not chosen gets Chinese from the platform hint.
	r, _ = f.bot.Handle(context.Background(), bot.Request{Reader: "telegram:7", Text: "/help", Lang: "zh-hans"})
	contains(t, r, "命令")
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestGroupPlainTextIsIgnored(t *testing.T) {
	f := newFixture(t)
	r, err := f.bot.Handle(context.Background(), bot.Request{Reader: "telegram:1", Chat: "telegram:-100", Group: true, Text: "lunch anyone?"})
	if err != nil || r.Text != "" {
		t.Errorf("plain text in a group answered %q, %v; want nothing", r.Text, err)
	}
	r, err = f.bot.Handle(context.Background(), bot.Request{Reader: "telegram:1", Chat: "telegram:-100", Group: true,
		Text: "/paper@OtherBot contrastive", BotName: "PaperBot"})
	if err != nil || r.Text != "" {
		t.Errorf("a command for another bot answered %q, %v; want nothing", r.Text, err)
	}
}

// TestGolden renders whole replies in both languages and compares them with
// testdata/*.golden (go test ./bot -update rewrites them).
func TestGolden(t *testing.T) {
	scripts := map[string][]string{
		"en": {"/start", "/paper contrastive", "/read mocov2", "/show mocov2", "/progress", "/path jigsaw",
			"/path contrastive", "/path contrastive video", "/next", "/save simclr", "/next", "/paper",
			"/compare mocov2 simclr", "/compare mocov2 moco", "/compare mae simmim", "/compare byol byol",
			"/leaderboard", "/leaderboard vit", "/leaderboard finetune", "/leaderboard 200ep", "/leaderboard banana", "/cite mocov2", "/subscribe 08:30 Asia/Shanghai", "/settings", "/topics"},
		"zh": {"/lang zh", "/paper 旋转", "/read rotnet", "/show rotnet", "/progress", "/path 对比学习", "/next", "/subscribe 07:00 UTC+8 weekdays", "/settings"},
	}
	for name, script := range scripts {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			var b strings.Builder
			for _, line := range script {
				b.WriteString(">>> " + line + "\n")
				b.WriteString(f.say("console:golden", line).Text + "\n\n")
			}
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file: %v (run go test ./bot -update)", err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("transcript differs from %s (go test ./bot -update to accept):\n%s", path, firstDiff(got, string(want)))
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

func TestGroupSubscription(t *testing.T) {
	f := newFixture(t)
	const group = "telegram:-1001"
	say := func(who, text string, admin bool) bot.Reply {
		t.Helper()
		r, err := f.bot.Handle(context.Background(), bot.Request{Reader: who, Chat: group, Group: true, Text: text,
			ChatAdmin: func(context.Context) bool { return admin }})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	say("telegram:1", "/subscribe 09:00 Europe/Berlin", false)
	if s := f.reader(group).Sub; !s.On || s.By != "telegram:1" || s.Time != "09:00" {
		t.Fatalf("group subscription = %+v", s)
	}
	if f.reader("telegram:1").Sub.On {
		t.Errorf("a group /subscribe subscribed the member personally")
	}
	contains(t, say("telegram:2", "/subscribe 10:00", false), "only a chat admin")
	contains(t, say("telegram:2", "/unsubscribe", false), "only a chat admin")
	if s := f.reader(group).Sub; !s.On || s.Time != "09:00" {
		t.Errorf("a non-admin changed the group subscription: %+v", s)
	}
	say("telegram:2", "/subscribe 10:00", true)
	if s := f.reader(group).Sub; s.Time != "10:00" || s.By != "telegram:2" {
		t.Errorf("an admin could not change the group subscription: %+v", s)
	}
	say("telegram:2", "/unsubscribe", false)
	if f.reader(group).Sub.On {
		t.Errorf("the member who subscribed could not unsubscribe")
	}
}

// The next page of a search goes on counting where the first stopped.
func TestMoreContinuesNumbering(t *testing.T) {
	f := newFixture(t)
	first := f.say("console:a", "/paper contrastive")
	more := f.say("console:a", "/more 3 contrastive")
	if len(first.Papers) != 3 || len(more.Papers) == 0 {
		t.Fatalf("pages of %d and %d papers", len(first.Papers), len(more.Papers))
	}
	if !strings.Contains(more.Text, "\n4. ") || strings.Contains(more.Text, "\n1. ") {
		t.Errorf("/more 3 numbers its papers from 1:\n%s", more.Text)
	}
	if more.Papers[0].ID == first.Papers[0].ID {
		t.Errorf("/more 3 repeats the first page's first paper %s", more.Papers[0].ID)
	}
}
