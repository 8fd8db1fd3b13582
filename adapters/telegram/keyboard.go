package telegram

import (
	"fmt"
	"regexp"
	"slices"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
)

// maxButtons keeps a keyboard well inside what clients show.
const maxButtons = 100

// paperRows are the rows under paper n: its callback buttons (Read, Save,
// Similar, Not interested) and its links (arXiv, PDF, Code). In a message
// with several papers the first button of each row carries the paper's
// number, "2 · Read".
func paperRows(n int, numbered bool, it bot.Item) [][]tgbotapi.InlineKeyboardButton {
	prefix := ""
	if numbered {
		prefix = fmt.Sprintf("%d · ", n)
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	if row := buttonRow(prefix, it.Buttons); len(row) > 0 {
		rows = append(rows, row)
	}
	if row := linkRow(prefix, it.Links); len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// buttonRow is a row of callback buttons. An action that does not encode
// into Telegram's 64 bytes is left out rather than failing the message.
func buttonRow(prefix string, bs []bot.Button) []tgbotapi.InlineKeyboardButton {
	var row []tgbotapi.InlineKeyboardButton
	for _, b := range bs {
		data := b.Action.Encode()
		if data == "" || len(data) > bot.MaxActionBytes {
			continue
		}
		label := b.Label
		if len(row) == 0 {
			label = prefix + label
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(label, data))
	}
	return row
}

func linkRow(prefix string, links []bot.Link) []tgbotapi.InlineKeyboardButton {
	var row []tgbotapi.InlineKeyboardButton
	for _, l := range links {
		label := l.Label
		if len(row) == 0 {
			label = prefix + label
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonURL(label, l.URL))
	}
	return row
}

func countButtons(rows [][]tgbotapi.InlineKeyboardButton) int {
	n := 0
	for _, r := range rows {
		n += len(r)
	}
	return n
}

var numberRe = regexp.MustCompile(`^\d+ · `)

// updateMarkup returns the keyboard of a message with the callback row of
// paper it replaced by its new state, everything else kept. changed is
// false when the paper has no row there or the row is the same.
func updateMarkup(old *tgbotapi.InlineKeyboardMarkup, it bot.Item) (kb tgbotapi.InlineKeyboardMarkup, changed bool) {
	if old == nil {
		return kb, false
	}
	kb.InlineKeyboard = make([][]tgbotapi.InlineKeyboardButton, 0, len(old.InlineKeyboard))
	replaced := false
	for _, row := range old.InlineKeyboard {
		if rowPaper(row) != it.ID {
			kb.InlineKeyboard = append(kb.InlineKeyboard, row)
			continue
		}
		if replaced {
			continue // the paper had its buttons on more than one row
		}
		replaced = true
		newRow := buttonRow(numberRe.FindString(row[0].Text), it.Buttons)
		kb.InlineKeyboard = append(kb.InlineKeyboard, newRow)
		if !sameRow(row, newRow) {
			changed = true
		}
	}
	return kb, changed
}

// rowPaper is the paper whose callback buttons make up row, or "".
func rowPaper(row []tgbotapi.InlineKeyboardButton) string {
	for _, b := range row {
		if b.CallbackData == nil {
			continue
		}
		a, err := bot.DecodeAction(*b.CallbackData)
		if err == nil && a.Verb != bot.VerbMore {
			return a.Paper
		}
	}
	return ""
}

func sameRow(a, b []tgbotapi.InlineKeyboardButton) bool {
	return slices.EqualFunc(a, b, func(x, y tgbotapi.InlineKeyboardButton) bool {
		return x.Text == y.Text && deref(x.CallbackData) == deref(y.CallbackData) && deref(x.URL) == deref(y.URL)
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
