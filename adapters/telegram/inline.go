package telegram

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/data"
)

const (
	inlineResults   = 10
	inlineCacheTime = 60 // seconds Telegram may reuse an answer for the same reader and query
	maxDescription  = 160
	maxAuthors      = 6
)

// onInline answers "@Bot query" typed in any chat with up to ten paper
// cards; an empty query gets the paper of the day.
func (a *Adapter) onInline(ctx context.Context, q *tgbotapi.InlineQuery) {
	if q.From == nil {
		return
	}
	lang := a.inlineLang(ctx, q.From)
	eng := a.o.Handler.Engine()
	query := bot.Clean(q.Query)
	var papers []*data.Paper
	if query == "" {
		if p := eng.PaperOfDay(time.Now()); p != nil {
			papers = append(papers, p)
		}
	} else {
		for _, h := range eng.Search(query, inlineResults) {
			papers = append(papers, h.Paper)
		}
	}
	results := make([]any, 0, len(papers))
	for _, p := range papers {
		results = append(results, article(p, lang))
	}
	answer := tgbotapi.InlineConfig{InlineQueryID: q.ID, Results: results, CacheTime: inlineCacheTime, IsPersonal: true}
	err := a.c.do(ctx, "answerInlineQuery", nil, func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(answer)
		return err
	})
	if err != nil {
		a.log.Warn("cannot answer an inline query", "err", err)
	}
}

// inlineLang is the reader's chosen language, else Telegram's hint.
func (a *Adapter) inlineLang(ctx context.Context, from *tgbotapi.User) string {
	if a.o.Readers != nil {
		if r, err := a.o.Readers.Get(ctx, key(from.ID)); err == nil && r.Lang != "" {
			return r.Lang
		}
	}
	if strings.HasPrefix(strings.ToLower(from.LanguageCode), "zh") {
		return "zh"
	}
	return "en"
}

// article is a paper as an inline result: its card as the message, the
// summary as the description, its links as buttons.
func article(p *data.Paper, lang string) tgbotapi.InlineQueryResultArticle {
	res := tgbotapi.NewInlineQueryResultArticleHTML(p.ID, p.Title, card(p, lang))
	summary := p.Summary.In(lang)
	res.Description = truncate(summary, maxDescription)
	var links []bot.Link
	if u := p.AbsURL(); u != "" {
		label := "arXiv"
		if p.ArXiv == "" {
			label = "Web"
		}
		links = append(links, bot.Link{Label: label, URL: u})
	}
	if u := p.PDFURL(); u != "" {
		links = append(links, bot.Link{Label: "PDF", URL: u})
	}
	if p.Code != "" {
		links = append(links, bot.Link{Label: "Code", URL: p.Code})
	}
	if row := linkRow("", links); len(row) > 0 {
		res.ReplyMarkup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{row}}
	}
	return res
}

// card is a paper in Telegram HTML: title, authors, venue, summary, id.
func card(p *data.Paper, lang string) string {
	var b strings.Builder
	b.WriteString("<b>" + esc(p.Title) + "</b>\n")
	authors := p.Authors
	more := ""
	if len(authors) > maxAuthors {
		authors, more = authors[:maxAuthors], " et al."
	}
	if len(authors) > 0 {
		b.WriteString("<i>" + esc(strings.Join(authors, ", ")+more) + "</i>\n")
	}
	meta := strconv.Itoa(p.Year)
	if p.Venue != "" && !strings.Contains(p.Venue, meta) {
		meta += " · " + p.Venue
	} else if p.Venue != "" {
		meta = p.Venue
	}
	b.WriteString(esc(meta) + " <code>" + esc(p.ID) + "</code>")
	if s := p.Summary.In(lang); s != "" {
		b.WriteString("\n\n" + esc(s))
	}
	text := b.String()
	if tgLen(text) > maxMessage {
		text = esc(truncate(p.Title, 200)) // a paper file with absurd fields
	}
	return text
}

// truncate cuts s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
