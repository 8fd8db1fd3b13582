package telegram_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

const (
	hostileTitle   = `<b>Zyzzyva</b> & "friends" </pre><script>alert(1)</script> &amp; contrastive`
	hostileAuthor  = `<i>Mallory</i> & Eve "<a href=x>"`
	hostileSummary = `Closes tags </b></i></code> & opens <pre> with "quotes" and &lt;entities&gt;.`
)

// hostileEngine is the embedded set plus a lab paper whose fields are
// full of HTML.
func hostileEngine(t *testing.T) *recommend.Engine {
	t.Helper()
	p := map[string]any{
		"id": "zyzzyva", "arxiv": "2101.99999", "title": hostileTitle, "authors": []string{hostileAuthor},
		"year": 2021, "topics": []string{"contrastive"}, "summary": map[string]string{"en": hostileSummary},
		"code": "https://example.org/code?a=1&b=<2>",
	}
	line, _ := json.Marshal(p)
	path := filepath.Join(t.TempDir(), "lab.jsonl")
	if err := os.WriteFile(path, append(line, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := data.Load(path, false)
	if err != nil {
		t.Fatal(err)
	}
	return recommend.New(set)
}

func TestHostileTitlesAndQueriesAreEscaped(t *testing.T) {
	h := newHarnessEngine(t, hostileEngine(t)).start()
	chat := telegramtest.Private(ann)
	for _, text := range []string{
		"/paper zyzzyva <script>&amp;</script>",
		"/show zyzzyva",
		"/compare zyzzyva mocov2",
		`/paper <b>nothing & "matches" this</b>`,
	} {
		t.Run(text, func(t *testing.T) {
			h.reportTo(t)
			reply := h.say(chat, ann, text)
			visible := checkHTML(t, reply.Text)
			if strings.Contains(text, "zyzzyva") && !strings.Contains(visible, hostileTitle) {
				t.Errorf("%s: the title is not shown as written:\n%s", text, visible)
			}
			if strings.HasPrefix(text, "/paper") && !strings.Contains(visible, strings.TrimPrefix(text, "/paper ")) {
				t.Errorf("%s: the query is not shown as written:\n%s", text, visible)
			}
		})
	}
	show := h.fake.SentTo(chat.ID)[1]
	if v := checkHTML(t, show.Text); !strings.Contains(v, hostileAuthor) || !strings.Contains(v, hostileSummary) {
		t.Errorf("/show lacks the author or summary as written:\n%s", v)
	}

	h.fake.Push(telegramtest.InlineQuery(ann, "zyzzyva"))
	answer := h.fake.Wait(t, "answerInlineQuery", 1)[0]
	var results []struct {
		Type, ID, Title, Description string
		Content                      struct {
			Text      string `json:"message_text"`
			ParseMode string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := json.Unmarshal([]byte(answer.Params.Get("results")), &results); err != nil || len(results) == 0 {
		t.Fatalf("inline results %s: %v", answer.Params.Get("results"), err)
	}
	r := results[0]
	if r.Type != "article" || r.ID != "zyzzyva" || r.Title != hostileTitle || r.Content.ParseMode != "HTML" {
		t.Errorf("first inline result = %+v", r)
	}
	if v := checkHTML(t, r.Content.Text); !strings.Contains(v, hostileTitle) || !strings.Contains(v, hostileAuthor) {
		t.Errorf("inline card:\n%s", v)
	}
}

func TestInlineMode(t *testing.T) {
	h := newHarness(t).start()
	h.fake.Push(telegramtest.InlineQuery(chen, "contrastive"))
	h.fake.Wait(t, "answerInlineQuery", 1)
	h.fake.Push(telegramtest.InlineQuery(ann, ""))
	answers := h.fake.Wait(t, "answerInlineQuery", 2)
	var results []struct {
		ID          string
		Description string
		Content     struct {
			Text string `json:"message_text"`
		} `json:"input_message_content"`
		Markup struct {
			Rows [][]struct{ Text, URL string } `json:"inline_keyboard"`
		} `json:"reply_markup"`
	}
	if err := json.Unmarshal([]byte(answers[0].Params.Get("results")), &results); err != nil {
		t.Fatal(err)
	}
	if len(results) < 5 || len(results) > 10 || answers[0].Params.Get("is_personal") != "true" {
		t.Fatalf("%d inline results for contrastive (is_personal=%s), want 5-10", len(results), answers[0].Params.Get("is_personal"))
	}
	for _, r := range results {
		if r.Description == "" || !strings.HasPrefix(r.Markup.Rows[0][0].URL, "https://") {
			t.Errorf("result %s: description %q, buttons %+v", r.ID, r.Description, r.Markup.Rows)
		}
	}
	if !strings.ContainsAny(results[0].Content.Text, "的了是") {
		t.Errorf("a zh-hans reader's card is not in Chinese:\n%s", results[0].Content.Text)
	}
	if got := answers[1].Params.Get("results"); !strings.Contains(got, `"type":"article"`) {
		t.Errorf("empty inline query answered %s, want the paper of the day", got)
	}

	// A press on a message sent through inline mode: Telegram gives only
	// its inline_message_id, and the card holds one paper.
	h.fake.Push(telegramtest.PressInline(ann, "inline-7", "r:mocov2"))
	edit := h.fake.Wait(t, "editMessageReplyMarkup", 1)[0]
	if edit.Params.Get("inline_message_id") != "inline-7" || !strings.Contains(edit.Params.Get("reply_markup"), `"u:mocov2"`) {
		t.Errorf("inline press edited %v", edit.Params)
	}
}
