package telegram

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
)

func item(n int, summary string) bot.Item {
	id := fmt.Sprintf("paper-%d", n)
	return bot.Item{
		ID: id, Title: fmt.Sprintf("Paper number %d", n), Year: 2020, Summary: summary,
		Links: []bot.Link{{Label: "arXiv", URL: "https://arxiv.org/abs/2001.0000" + fmt.Sprint(n%10)}},
		Buttons: []bot.Button{
			{Label: "Read", Action: bot.Action{Verb: bot.VerbRead, Paper: id}},
			{Label: "Save", Action: bot.Action{Verb: bot.VerbSave, Paper: id}},
		},
	}
}

var headerRe = regexp.MustCompile(`<b>Paper number (\d+)</b>`)

func TestSplitAtPaperBoundaries(t *testing.T) {
	r := bot.Reply{Intro: "Results:", Outro: "That is all.",
		Buttons: []bot.Button{{Label: "More", Action: bot.Action{Verb: bot.VerbMore, Offset: 3, Query: "q"}}}}
	for i := 1; i <= 12; i++ {
		r.Papers = append(r.Papers, item(i, strings.Repeat("Ünïcödé summary 😀 ", 50)))
	}
	msgs := render(r, maxMessage)
	if len(msgs) < 3 {
		t.Fatalf("12 long papers fit in %d messages", len(msgs))
	}
	next := 1
	for i, m := range msgs {
		if n := tgLen(m.text); n > maxMessage {
			t.Errorf("message %d is %d UTF-16 units long", i, n)
		}
		var shown []string
		for _, h := range headerRe.FindAllStringSubmatch(m.text, -1) {
			if h[1] != fmt.Sprint(next) {
				t.Fatalf("message %d shows paper %s, want %d next", i, h[1], next)
			}
			shown = append(shown, "paper-"+h[1])
			next++
			// The whole paper is in this message.
			if !strings.Contains(m.text, "<b>Paper number "+h[1]+"</b> (2020) <code>paper-"+h[1]+"</code>\n"+strings.Repeat("Ünïcödé summary 😀 ", 50)) {
				t.Errorf("paper %s is cut in message %d", h[1], i)
			}
		}
		var buttons []string
		for _, row := range m.markup.InlineKeyboard {
			if p := rowPaper(row); p != "" {
				buttons = append(buttons, p)
			}
		}
		if strings.Join(buttons, ",") != strings.Join(shown, ",") {
			t.Errorf("message %d shows %v but has buttons for %v", i, shown, buttons)
		}
		rows := m.markup.InlineKeyboard
		hasMore := deref(rows[len(rows)-1][0].CallbackData) == "n:3:q"
		if hasMore != (i == len(msgs)-1) {
			t.Errorf("message %d of %d: More button %v", i, len(msgs), hasMore)
		}
	}
	if next != 13 {
		t.Errorf("showed %d papers, want 12", next-1)
	}
	if !strings.HasPrefix(msgs[0].text, "Results:") || !strings.HasSuffix(msgs[len(msgs)-1].text, "That is all.") {
		t.Errorf("intro or outro misplaced")
	}
}

func TestSplitLongBlocks(t *testing.T) {
	var pre strings.Builder
	for i := range 400 {
		fmt.Fprintf(&pre, "row %03d <&> %s\n", i, strings.Repeat("█", 20))
	}
	long := strings.Repeat("&", 9000) // one line, five times longer escaped
	for _, c := range []struct {
		name string
		r    bot.Reply
	}{{"long table", bot.Reply{Intro: "Table:", Pre: pre.String()}}, {"long line", bot.Reply{Intro: long}}} {
		t.Run(c.name, func(t *testing.T) {
			r := c.r
			msgs := render(r, maxMessage)
			var visible strings.Builder
			for i, m := range msgs {
				if n := tgLen(m.text); n > maxMessage {
					t.Errorf("message %d is %d units long", i, n)
				}
				if r.Pre != "" && i > 0 && (!strings.HasPrefix(m.text, "<pre>") || !strings.HasSuffix(m.text, "</pre>")) {
					t.Errorf("message %d is not a whole <pre> block: %.40q…%q", i, m.text, m.text[len(m.text)-10:])
				}
				visible.WriteString(unescape(regexp.MustCompile(`</?pre>`).ReplaceAllString(m.text, "")))
			}
			want := strings.ReplaceAll(r.Intro+"\n\n"+strings.TrimSuffix(r.Pre, "\n"), "\n", "")
			if r.Pre == "" {
				want = r.Intro
			}
			if got := strings.ReplaceAll(visible.String(), "\n", ""); got != want {
				t.Errorf("split lost text: %d characters, want %d", len(got), len(want))
			}
		})
	}
}

func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&amp;", "&").Replace(s)
}

func TestRenderEscapesEverything(t *testing.T) {
	evil := `<b>x</b> & "y" </pre>`
	r := bot.Reply{
		Intro: evil, Outro: evil, Pre: evil,
		Papers: []bot.Item{
			{ID: "a", Title: evil, Year: 2020, Venue: evil, Summary: evil, Why: evil},
			{ID: "b", Title: evil, Year: 2021, Details: []bot.Field{{Label: evil, Value: evil + "\n" + evil}}},
		},
	}
	text := render(r, maxMessage)[0].text
	if n := strings.Count(text, "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &lt;/pre&gt;"); n != 11 {
		t.Errorf("found %d escaped copies of the hostile text, want 11:\n%s", n, text)
	}
	compact := render(bot.Reply{Compact: true, Papers: []bot.Item{{ID: "c", Title: evil, Links: []bot.Link{{URL: `https://x.org/?a="><script>`}}}}}, maxMessage)[0]
	if !strings.Contains(compact.text, `<a href="https://x.org/?a=&quot;&gt;&lt;script&gt;">`) || compact.markup != nil {
		t.Errorf("compact line: %s (markup %v)", compact.text, compact.markup)
	}
}

func TestUpdateMarkupKeepsOtherPapers(t *testing.T) {
	r := bot.Reply{Papers: []bot.Item{item(1, "s"), item(2, "s"), item(3, "s")}}
	old := render(r, maxMessage)[0].markup
	pressed := item(2, "s")
	pressed.Buttons[0] = bot.Button{Label: "✓ Read", Action: bot.Action{Verb: bot.VerbUnread, Paper: "paper-2"}}
	kb, changed := updateMarkup(old, pressed)
	if !changed {
		t.Fatal("updateMarkup reports no change")
	}
	for i, row := range kb.InlineKeyboard {
		want := old.InlineKeyboard[i]
		if i == 2 {
			want = []tgbotapi.InlineKeyboardButton{
				tgbotapi.NewInlineKeyboardButtonData("2 · ✓ Read", "u:paper-2"),
				tgbotapi.NewInlineKeyboardButtonData("Save", "s:paper-2"),
			}
		}
		if !sameRow(row, want) {
			t.Errorf("row %d = %+v, want %+v", i, row, want)
		}
	}
	if _, changed := updateMarkup(&kb, pressed); changed {
		t.Error("pressing again reports a change")
	}
	if _, changed := updateMarkup(nil, pressed); changed {
		t.Error("a message without a keyboard reports a change")
	}
}

func TestMenuKeepsValidCommands(t *testing.T) {
	got := menu([][2]string{{"paper", "search"}, {"more", "next page"}, {"Bad-Name", "x"}, {"empty", ""}, {"long", strings.Repeat("é", 300)}})
	if len(got) != 2 || got[0].Command != "paper" || got[1].Command != "long" || len([]rune(got[1].Description)) != 256 {
		t.Errorf("menu = %+v", got)
	}
}

// A continued list (/more) goes on counting, in the text and on the
// buttons.
func TestRenderContinuesNumbering(t *testing.T) {
	r := bot.Reply{First: 4, Papers: []bot.Item{item(1, "a"), item(2, "b")}}
	msgs := render(r, 4096)
	if len(msgs) != 1 || !strings.Contains(msgs[0].text, "4. ") || !strings.Contains(msgs[0].text, "5. ") ||
		strings.Contains(msgs[0].text, "1. ") {
		t.Fatalf("rendered %+v", msgs)
	}
	if msgs[0].markup == nil || !strings.HasPrefix(msgs[0].markup.InlineKeyboard[0][0].Text, "4 · ") {
		t.Errorf("first button = %+v, want it numbered 4", msgs[0].markup)
	}
}
