package telegram

import (
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/textlen"
)

// maxMessage is Telegram's limit on a message's text, in UTF-16 code units
// after entity parsing. The HTML source is what is measured, which is never
// shorter.
const maxMessage = 4096

// message is one Telegram message of a rendered reply.
type message struct {
	text   string // Telegram HTML
	markup *tgbotapi.InlineKeyboardMarkup
}

// escaper escapes text for Telegram's HTML: the three characters it
// requires, and the quote for attribute values.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func esc(s string) string { return escaper.Replace(s) }

// line is one line of a message in HTML, with its plain text for when the
// line alone is too long and must be cut (losing its markup).
type line struct{ html, plain string }

// block is what must stay in one message if it can: the intro, one paper,
// the monospaced block, the outro.
type block struct {
	sep   string // before it, after another block
	lines []line
	pre   bool
	item  int // 1 + index of the paper it shows; 0 for none
}

// render turns a reply into messages of at most limit UTF-16 units, split
// at paper boundaries, with each paper's buttons under the message that
// shows it and the reply's own buttons (More) under the last.
func render(r bot.Reply, limit int) []message {
	chunks := pack(blocks(r), limit)
	out := make([]message, len(chunks))
	for i, c := range chunks {
		out[i].text = c.html
		var rows [][]tgbotapi.InlineKeyboardButton
		if !r.Compact && !r.Listed {
			numbered := len(r.Papers) > 1
			for _, n := range c.items {
				itemRows := paperRows(r.Number(n-1), numbered, r.Papers[n-1])
				if countButtons(rows)+countButtons(itemRows) > maxButtons-len(r.Buttons) {
					break
				}
				rows = append(rows, itemRows...)
			}
		}
		if i == len(chunks)-1 {
			if row := buttonRow("", r.Buttons); len(row) > 0 {
				rows = append(rows, row)
			}
		}
		if len(rows) > 0 {
			out[i].markup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: rows}
		}
	}
	return out
}

// blocks lays a reply out: intro, papers (unless a table lists them),
// the monospaced block, outro.
func blocks(r bot.Reply) []block {
	var bs []block
	if r.Intro != "" {
		bs = append(bs, textBlock("\n\n", r.Intro))
	}
	if !r.Listed {
		for i, it := range r.Papers {
			if r.Compact {
				bs = append(bs, block{sep: "\n", lines: []line{compactLine(r.Number(i), it)}, item: i + 1})
				continue
			}
			bs = append(bs, itemBlock(i+1, r.Number(i), len(r.Papers)+r.Number(0)-1, it))
		}
	}
	if r.Pre != "" {
		b := textBlock("\n\n", r.Pre)
		b.pre = true
		bs = append(bs, b)
	}
	if r.Outro != "" {
		bs = append(bs, textBlock("\n\n", r.Outro))
	}
	if len(bs) == 0 && r.Text != "" {
		bs = append(bs, textBlock("", r.Text))
	}
	return bs
}

func textBlock(sep, s string) block {
	b := block{sep: sep}
	for _, l := range strings.Split(s, "\n") {
		b.lines = append(b.lines, line{esc(l), l})
	}
	return b
}

// itemBlock is paper n of the reply (from 1), shown as number shown:
// "1. ✓ <b>Title</b> (CVPR 2020) <code>id</code>", then its card (Details)
// or its summary and why it is suggested.
func itemBlock(n, shown, total int, it bot.Item) block {
	num := ""
	if total > 1 {
		num = fmt.Sprintf("%d. ", shown)
	}
	b := block{sep: "\n\n", item: n}
	b.lines = append(b.lines, line{
		html:  fmt.Sprintf("%s%s<b>%s</b> (%s) <code>%s</code>", num, it.Marker(), esc(it.Title), esc(it.Meta()), esc(it.ID)),
		plain: fmt.Sprintf("%s%s%s (%s) [%s]", num, it.Marker(), it.Title, it.Meta(), it.ID),
	})
	if it.Authors != "" {
		b.lines = append(b.lines, line{"<i>" + esc(it.Authors) + "</i>", it.Authors})
	}
	if it.Details != nil {
		for _, f := range it.Details {
			first, rest, _ := strings.Cut(f.Value, "\n")
			b.lines = append(b.lines, line{"<b>" + esc(f.Label) + ":</b> " + esc(first), f.Label + ": " + first})
			if rest != "" {
				b.lines = append(b.lines, textBlock("", rest).lines...)
			}
		}
		return b
	}
	if it.Summary != "" {
		b.lines = append(b.lines, line{esc(it.Summary), it.Summary})
	}
	if it.Why != "" {
		b.lines = append(b.lines, line{"<i>→ " + esc(it.Why) + "</i>", "→ " + it.Why})
	}
	return b
}

// compactLine is one paper of a long list, its title linking to the paper.
func compactLine(n int, it bot.Item) line {
	title := "<b>" + esc(it.Title) + "</b>"
	if len(it.Links) > 0 {
		title = `<a href="` + esc(it.Links[0].URL) + `">` + esc(it.Title) + "</a>"
	}
	return line{
		html:  fmt.Sprintf("%d. %s%s (%d) <code>%s</code>", n, it.Marker(), title, it.Year, esc(it.ID)),
		plain: fmt.Sprintf("%d. %s%s (%d) [%s]", n, it.Marker(), it.Title, it.Year, it.ID),
	}
}

func (b block) html() string {
	var s strings.Builder
	if b.pre {
		s.WriteString("<pre>")
	}
	for i, l := range b.lines {
		if i > 0 {
			s.WriteByte('\n')
		}
		s.WriteString(l.html)
	}
	if b.pre {
		s.WriteString("</pre>")
	}
	return s.String()
}

// tgLen is the length of s as Telegram counts it: UTF-16 code units.
func tgLen(s string) int { return textlen.UTF16(s) }
