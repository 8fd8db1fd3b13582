package slack

import (
	"strings"
	"testing"
)

// TestInvisibleTextGetsAnAnswer: a direct message, a mention and a slash
// command made only of invisible characters each get the short answer,
// with /help spelled the Slack way.
func TestInvisibleTextGetsAnAnswer(t *testing.T) {
	const want = "I didn't catch that — /paper help"
	e := newEnv(t)
	dm := map[string]any{"type": "message", "channel": "D1", "channel_type": "im", "user": "U1",
		"text": "\u200b\u202e\ufeff", "ts": "1700000000.000100"}
	e.post("application/json", event("T1", "EvBlank1", dm))
	contains(t, "direct message", e.fake.next("chat.postMessage").message(t).all(), want)

	mention := map[string]any{"type": "app_mention", "channel": "C9", "user": "U1",
		"text": "<@UBOT> \u2060\u2066\x00", "ts": "1700000000.000200"}
	e.post("application/json", event("T1", "EvBlank2", mention))
	contains(t, "mention", e.fake.next("chat.postMessage").message(t).all(), want)

	m, _ := e.slash("T1", "U1", "D1", "\u200c\u200d")
	contains(t, "slash command", m.all(), want)
}

// TestLongSearchIsQuotedShort: a 4,000-character search is answered with
// one message quoting at most 80 characters of it.
func TestLongSearchIsQuotedShort(t *testing.T) {
	e := newEnv(t)
	query := strings.Repeat("contrastive ", 330) + "omega"
	m, _ := e.slash("T1", "U1", "D1", query)
	if got := m.all(); strings.Contains(got, "omega") || !strings.Contains(got, "contrastive contrastive") {
		t.Errorf("a %d-character search answered %d characters: %.200s…", len(query), len(got), got)
	}
}
