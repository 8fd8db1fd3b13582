package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/bot"
)

func testAdapter(t *testing.T) *Adapter {
	t.Helper()
	a, err := New(handlerFunc(nil), Options{BotToken: "x", SigningSecret: "s",
		Commands: []string{"paper", "read", "show", "lang", "subscribe"}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// wireOf renders r and reads it back as Slack would receive it.
func wireOf(t *testing.T, a *Adapter, r bot.Reply, o renderOpts) wire {
	t.Helper()
	m := a.render(r, o)
	js, err := json.Marshal(slack.Blocks{BlockSet: m.blocks})
	if err != nil {
		t.Fatal(err)
	}
	var w wire
	if err := json.Unmarshal(js, &w.Blocks); err != nil {
		t.Fatal(err)
	}
	w.Text = m.text
	return w
}

func item(id, title string) bot.Item {
	return bot.Item{ID: id, Title: title, Year: 2020, Venue: "CVPR 2020", Summary: "A summary.",
		Buttons: []bot.Button{{Label: "Read", Action: bot.Action{Verb: bot.VerbRead, Paper: id}}}}
}

func TestRenderEscapes(t *testing.T) {
	a := testAdapter(t)
	it := item("x", "Fish & <Chips> by <@U123>")
	it.Why = "matches <!here>"
	it.Details = []bot.Field{{Label: "Authors", Value: "A & B <a@b.c>"}}
	w := wireOf(t, a, bot.Reply{Intro: "Results for “<#C1|x>”:", Papers: []bot.Item{it}, Outro: "a > b", Text: "<!channel>"}, renderOpts{id: "m"})
	all := w.all()
	for _, bad := range []string{"<@", "<!", "<#", "<Chips>", "<a@"} {
		if strings.Contains(all, bad) || strings.Contains(w.Text, bad) {
			t.Errorf("rendered %q unescaped:\n%s\ntext: %s", bad, all, w.Text)
		}
	}
	contains(t, "render", all, "Fish &amp; &lt;Chips&gt; by &lt;@U123&gt;", "matches &lt;!here&gt;",
		"*Authors:* A &amp; B &lt;a@b.c&gt;", "a &gt; b", "&lt;#C1|x&gt;")
}

// TestRenderLimits: long lists and long monospaced blocks stay within
// Block Kit's limits.
func TestRenderLimits(t *testing.T) {
	a := testAdapter(t)
	var many []bot.Item
	for i := range 120 {
		many = append(many, item("p"+itoa(int64(i)), strings.Repeat("Long title ", 8)))
	}
	pre := strings.Repeat("a & b | 12345 | <row>\n", 2000)
	for _, c := range []struct {
		name string
		r    bot.Reply
	}{
		{"many papers", bot.Reply{Intro: "History:", Papers: many}},
		{"many papers, compact", bot.Reply{Intro: "Path:", Papers: many, Compact: true}},
		{"listed, with a long table", bot.Reply{Intro: "Export:", Papers: many, Listed: true, Pre: pre}},
		{"long intro and a button", bot.Reply{Intro: strings.Repeat("word & ", 2000), Papers: many[:8], Buttons: []bot.Button{{Label: "More", Action: bot.Action{Verb: bot.VerbMore, Offset: 3, Query: "q"}}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.r
			w := wireOf(t, a, r, renderOpts{id: "m", share: true})
			if len(w.Blocks) > maxBlocks {
				t.Errorf("%.10q: %d blocks, limit %d", r.Intro, len(w.Blocks), maxBlocks)
			}
			for _, bl := range w.Blocks {
				if bl.Text != nil && utf8.RuneCountInString(bl.Text.Text) > maxSectionText {
					t.Errorf("%.10q: a section of %d characters", r.Intro, utf8.RuneCountInString(bl.Text.Text))
				}
				if bl.Text != nil && strings.Contains(bl.Text.Text, "&am…") {
					t.Errorf("an entity cut in half: %q", bl.Text.Text[len(bl.Text.Text)-20:])
				}
			}
			if last := w.Blocks[len(w.Blocks)-1]; last.BlockID != "m.r" {
				t.Errorf("%.10q: the Share/More buttons are not last: %+v", r.Intro, last)
			}
			if utf8.RuneCountInString(w.Text) > maxFallback {
				t.Errorf("fallback text of %d characters", utf8.RuneCountInString(w.Text))
			}
		})
	}
	// A compact list still names every paper.
	w := wireOf(t, a, bot.Reply{Papers: many[:20], Compact: true}, renderOpts{id: "m"})
	contains(t, "compact", w.all(), "`p0`", "`p19`")
	if _, _, ok := w.button("r:"); ok {
		t.Error("a compact list has per-paper buttons")
	}
}

func TestRenderCommands(t *testing.T) {
	a := testAdapter(t)
	w := wireOf(t, a, bot.Reply{Intro: "Tap Read, or /read mocov2. /lang zh 切换到中文。See https://x.org/read and /paper mae and /readme.",
		Pre: "/show ID — the card\n/paper QUERY — search"}, renderOpts{id: "m"})
	contains(t, "rewritten", w.all(), "or /paper read mocov2.", "/paper lang zh", "https://x.org/read ", "/paper mae", " /readme.",
		"/paper show ID", "/paper QUERY")
	if strings.Contains(w.all(), "/paper paper") {
		t.Error("/paper became /paper paper")
	}
}

func TestReplaceItem(t *testing.T) {
	a := testAdapter(t)
	r := bot.Reply{Papers: []bot.Item{item("a", "A"), item("b", "B")}}
	blocks := a.render(r, renderOpts{id: "m"}).blocks
	done := item("b", "B")
	done.Read = true
	done.Buttons = []bot.Button{{Label: "✓ Read", Action: bot.Action{Verb: bot.VerbUnread, Paper: "b"}}}
	out, ok := replaceItem(blocks, "m", 1, done)
	if !ok || len(out) != len(blocks) {
		t.Fatalf("replaceItem = %d blocks, %v", len(out), ok)
	}
	js, _ := json.Marshal(out)
	contains(t, "replaced", string(js), `"value":"u:b"`, `"value":"r:a"`, "✓ B")
	if _, ok := replaceItem(blocks, "m", 5, done); ok {
		t.Error("replaceItem found a paper that is not there")
	}
	if _, ok := replaceItem(blocks, "other", 1, done); ok {
		t.Error("replaceItem matched another message's blocks")
	}
}

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<@UBOT> rotation", "rotation"},
		{"<@UBOT|paperbot>   mae &amp; beit", "mae & beit"},
		{"see <https://arxiv.org/abs/2003.04297>", "see https://arxiv.org/abs/2003.04297"},
		{"<https://arxiv.org/abs/2003.04297|arxiv.org/abs/2003.04297>", "https://arxiv.org/abs/2003.04297"},
		{"in <#C123|general> please", "in #general please"},
		{"&lt;script&gt;", "<script>"},
		{"<!here> dino", "dino"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := plainText(tc.in); got != tc.want {
				t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseBlockID(t *testing.T) {
	id, i, kind, ok := parseBlockID(blockID("abc", 12, "a"))
	if !ok || id != "abc" || i != 12 || kind != "a" {
		t.Errorf("round trip: %q %d %q %v", id, i, kind, ok)
	}
	for _, bad := range []string{"", "abc", "abc.x.a", "a.-1.a", "a.1.a.b"} {
		t.Run(bad, func(t *testing.T) {
			if _, _, _, ok := parseBlockID(bad); ok {
				t.Errorf("parseBlockID(%q) ok", bad)
			}
		})
	}
}
