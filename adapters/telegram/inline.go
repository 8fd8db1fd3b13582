package telegram

import (
	"context"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
)

const (
	inlineCacheTime = 60 // seconds Telegram may reuse an answer for the same reader and query
	maxDescription  = 160
)

// onInline answers "@Bot query" typed in any chat with the core's inline
// answer (bot.Bot.Inline): up to ten paper cards, each posted as the card
// with its links.
func (a *Adapter) onInline(ctx context.Context, q *tgbotapi.InlineQuery) {
	if q.From == nil {
		return
	}
	reply, err := a.o.Handler.Inline(ctx, bot.Request{Reader: key(q.From.ID), Text: q.Query, Lang: q.From.LanguageCode})
	if err != nil {
		a.log.Error("cannot answer an inline query", "err", err)
		return
	}
	results := make([]any, 0, len(reply.Papers))
	for _, it := range reply.Papers {
		results = append(results, article(it))
	}
	answer := tgbotapi.InlineConfig{InlineQueryID: q.ID, Results: results, CacheTime: inlineCacheTime, IsPersonal: true}
	err = a.c.do(ctx, "answerInlineQuery", nil, func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(answer)
		return err
	})
	if err != nil {
		a.log.Warn("cannot answer an inline query", "err", err)
	}
}

// article is a paper as an inline result: its card as the message, the
// summary as the description, its links as buttons.
func article(it bot.Item) tgbotapi.InlineQueryResultArticle {
	text := itemBlock(1, 1, 1, it).html()
	if tgLen(text) > maxMessage {
		text = esc(truncate(it.Title, 200)) // a paper file with absurd fields
	}
	res := tgbotapi.NewInlineQueryResultArticleHTML(it.ID, it.Title, text)
	res.Description = truncate(it.Summary, maxDescription)
	if row := linkRow("", it.Links); len(row) > 0 {
		res.ReplyMarkup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{row}}
	}
	return res
}

// truncate cuts s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
