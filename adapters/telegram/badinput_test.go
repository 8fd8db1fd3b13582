package telegram_test

import (
	"strings"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
)

func TestInvisibleTextGetsAnAnswer(t *testing.T) {
	h := newHarness(t).start()
	for _, tt := range []struct {
		name string
		from telegramtest.User
		text string
		want string
	}{
		{"zero-width and direction marks", ann, "\u200b\u202e\ufeff", "I didn't catch that — /help"},
		{"NULs", ann, "\x00\x00", "I didn't catch that — /help"},
		{"in Chinese", chen, "\u2060\u2066\u2069", "没看清你发的内容 — /help"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h.reportTo(t)
			sent := h.say(telegramtest.Private(tt.from), tt.from, tt.text)
			if got := checkHTML(t, sent.Text); got != tt.want {
				t.Errorf("%q answered %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestLongSearchIsQuotedShort(t *testing.T) {
	h := newHarness(t).start()
	chat := telegramtest.Private(ann)
	query := strings.Repeat("contrastive ", 330) + "omega" // about 4,000 characters
	sent := h.say(chat, ann, query)
	if got := checkHTML(t, sent.Text); strings.Contains(got, "omega") || !strings.Contains(got, "contrastive contrastive") {
		t.Errorf("a %d-character search answered %d characters: %.200s…", len(query), len(got), got)
	}
	h.say(chat, ann, "/help") // every part of the first reply is sent before this one
	if n := len(h.fake.SentTo(chat.ID)); n != 2 {
		t.Errorf("a long search and /help got %d messages, want 2", n)
	}
}
