package telegram_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
)

func TestConversationStartReadProgress(t *testing.T) {
	h := newHarness(t).start()
	chat := telegramtest.Private(ann)

	start := h.say(chat, ann, "/start")
	if start.ParseMode != "HTML" || !strings.Contains(start.Text, "<pre>") || !strings.Contains(checkHTML(t, start.Text), "/paper QUERY") {
		t.Errorf("/start sent parse_mode %q, text:\n%s", start.ParseMode, start.Text)
	}

	search := h.say(chat, ann, "/paper contrastive")
	visible := checkHTML(t, search.Text)
	if !strings.Contains(visible, "1. ") || !strings.Contains(visible, "3. ") {
		t.Errorf("/paper contrastive lists no three papers:\n%s", visible)
	}
	kb := keyboard(t, search.Markup)
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == nil {
				continue
			}
			if _, err := bot.DecodeAction(*b.CallbackData); err != nil || len(*b.CallbackData) > 64 {
				t.Errorf("button %q carries %q: %v", b.Text, *b.CallbackData, err)
			}
		}
	}
	last := kb.InlineKeyboard[len(kb.InlineKeyboard)-1]
	if len(last) != 1 || *last[0].CallbackData != "n:3:contrastive" {
		t.Errorf("last row = %+v, want the More button", last)
	}
	first := kb.InlineKeyboard[0]
	if !strings.HasPrefix(first[0].Text, "1 · ") || kb.InlineKeyboard[1][0].URL == nil {
		t.Errorf("first rows = %+v %+v, want 1 · Read… then 1 · arXiv…", first, kb.InlineKeyboard[1])
	}
	readData := findButton(t, kb, "r:")
	paper := strings.TrimPrefix(readData, "r:")

	h.fake.Push(h.fake.Press(ann, search, readData))
	answers := h.fake.Wait(t, "answerCallbackQuery", 1)
	if got := answers[0].Params.Get("text"); got != "Marked as read ✓" {
		t.Errorf("toast = %q, want Marked as read ✓", got)
	}
	edits := h.fake.Wait(t, "editMessageReplyMarkup", 1)
	if edits[0].Chat() != chat.ID || edits[0].Params.Get("message_id") != strconv.Itoa(search.ID) {
		t.Errorf("edited chat %d message %s, want %d %d", edits[0].Chat(), edits[0].Params.Get("message_id"), chat.ID, search.ID)
	}
	after := keyboard(t, []byte(edits[0].Params.Get("reply_markup")))
	if len(after.InlineKeyboard) != len(kb.InlineKeyboard) {
		t.Fatalf("keyboard has %d rows after the press, %d before", len(after.InlineKeyboard), len(kb.InlineKeyboard))
	}
	if b := after.InlineKeyboard[0][0]; b.Text != "1 · ✓ Read" || *b.CallbackData != "u:"+paper {
		t.Errorf("pressed button is now %q %q, want 1 · ✓ Read u:%s", b.Text, *b.CallbackData, paper)
	}
	for i := 1; i < len(kb.InlineKeyboard); i++ {
		was, _ := json.Marshal(kb.InlineKeyboard[i])
		now, _ := json.Marshal(after.InlineKeyboard[i])
		if string(was) != string(now) {
			t.Errorf("row %d changed: %s → %s", i, was, now)
		}
	}

	progress := h.say(chat, ann, "/progress")
	if got := checkHTML(t, progress.Text); !strings.Contains(got, "You have read 1 of") {
		t.Errorf("/progress after Read:\n%s", got)
	}
	menus := h.fake.Calls("setMyCommands")
	if len(menus) != 2 || menus[0].Params.Get("language_code") != "" || menus[1].Params.Get("language_code") != "zh" {
		t.Fatalf("setMyCommands calls = %+v, want default then zh", menus)
	}
	var cmds []struct{ Command, Description string }
	if err := json.Unmarshal([]byte(menus[1].Params.Get("commands")), &cmds); err != nil || len(cmds) < 10 {
		t.Fatalf("zh commands = %v (%v)", cmds, err)
	}
	nameRe := regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	for _, c := range cmds {
		if !nameRe.MatchString(c.Command) || c.Description == "" {
			t.Errorf("menu entry %+v is not what Telegram accepts", c)
		}
	}
}

func TestPressPersistsAcrossRestart(t *testing.T) {
	h := newHarness(t).start()
	chat := telegramtest.Private(bo)
	search := h.say(chat, bo, "/paper masked image modeling")
	saveData := findButton(t, keyboard(t, search.Markup), "s:")
	h.fake.Push(h.fake.Press(bo, search, saveData))
	h.fake.Wait(t, "editMessageReplyMarkup", 1)

	h.restart()
	r, err := h.db.Get(context.Background(), "telegram:1002")
	if err != nil {
		t.Fatal(err)
	}
	paper := strings.TrimPrefix(saveData, "s:")
	if _, ok := r.Saved[paper]; !ok {
		t.Fatalf("after restart, saved = %v, want %s", r.Saved, paper)
	}
	saved := h.say(chat, bo, "/saved")
	if !strings.Contains(saved.Text, paper) {
		t.Errorf("/saved after restart:\n%s", saved.Text)
	}
}

func TestForgedButtonChangesNothing(t *testing.T) {
	h := newHarness(t).start()
	chat := telegramtest.Private(ann)
	search := h.say(chat, ann, "/paper jigsaw")
	for i, data := range []string{"r:../../etc/passwd", "zz", "r:nosuchpaper", strings.Repeat("r", 80)} {
		h.fake.Push(h.fake.Press(ann, search, data))
		answers := h.fake.Wait(t, "answerCallbackQuery", i+1)
		if got := answers[i].Params.Get("text"); !strings.Contains(got, "no longer valid") {
			t.Errorf("press %q answered %q, want the stale-button toast", data, got)
		}
	}
	if n := len(h.fake.Calls("editMessageReplyMarkup")); n != 0 {
		t.Errorf("forged presses edited %d messages", n)
	}
	r, _ := h.db.Get(context.Background(), "telegram:1001")
	if len(r.Read) != 0 {
		t.Errorf("forged presses marked %v read", r.Read)
	}
}

func TestSimilarAndMoreSendNewMessages(t *testing.T) {
	h := newHarness(t).start()
	chat := telegramtest.Private(ann)
	search := h.say(chat, ann, "/paper contrastive")
	kb := keyboard(t, search.Markup)
	for i, data := range []string{findButton(t, kb, "m:"), findButton(t, kb, "n:")} {
		h.fake.Push(h.fake.Press(ann, search, data))
		sent := h.fake.Wait(t, "sendMessage", 2+i)
		if got := checkHTML(t, sent[1+i].Params.Get("text")); got == "" {
			t.Errorf("press %s sent an empty message", data)
		}
	}
	if n := len(h.fake.Calls("answerCallbackQuery")); n != 2 {
		t.Errorf("%d presses answered, want 2", n)
	}
}

func TestChineseClient(t *testing.T) {
	h := newHarness(t).start()
	chat := telegramtest.Private(chen)
	if got := h.say(chat, chen, "/start").Text; !strings.Contains(got, "论文") {
		t.Errorf("/start for a zh-hans client:\n%s", got)
	}
	h.say(chat, chen, "/lang en")
	if got := h.say(chat, chen, "/progress").Text; !strings.Contains(got, "You have read") {
		t.Errorf("/progress after /lang en:\n%s", got)
	}
}

func TestExportSendsDocuments(t *testing.T) {
	h := newHarness(t).start()
	chat := telegramtest.Private(ann)
	h.say(chat, ann, "/read mocov2")
	h.fake.Push(telegramtest.Text(chat, ann, "/export"))
	docs := h.fake.Wait(t, "sendDocument", 2)
	names := docs[0].Files["document"].Name + " " + docs[1].Files["document"].Name
	if !strings.Contains(names, ".bib") || !strings.Contains(names, ".json") || !strings.Contains(string(docs[0].Files["document"].Data), "2003.04297") {
		t.Errorf("documents %q, first:\n%s", names, docs[0].Files["document"].Data)
	}
	sent := h.fake.SentTo(chat.ID)
	if intro := sent[len(sent)-3].Text; strings.Contains(intro, "<pre>") || !strings.Contains(intro, "paperbot-reading-list.bib") {
		t.Errorf("the export message should name the files and not repeat them as text:\n%s", intro)
	}

	// A server that takes no documents gets the text instead.
	h.fake.Script("sendDocument", telegramtest.Unsupported())
	n := len(h.fake.Calls("sendMessage"))
	h.fake.Push(telegramtest.Text(chat, ann, "/export"))
	msgs := h.fake.Wait(t, "sendMessage", n+2)
	// The reply's Fallback says why and pastes the BibTeX.
	if got := msgs[len(msgs)-1].Params.Get("text"); !strings.Contains(got, "could not be sent") || !strings.Contains(got, "<pre>@misc{chen2020mocov2,") {
		t.Errorf("fallback text:\n%s", got)
	}
}
