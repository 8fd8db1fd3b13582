package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
)

// Send delivers a reply outside a conversation (the daily paper) to a key
// "telegram:<chat id>". It waits for the rate limits and retries 429s,
// network errors and 5xx; an error wrapping bot.ErrUnreachable means the
// bot was blocked or removed and the chat cannot be reached.
func (a *Adapter) Send(ctx context.Context, to string, r bot.Reply) error {
	id, ok := strings.CutPrefix(to, "telegram:")
	chat, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || chat == 0 {
		return fmt.Errorf("telegram: send to %q: not a telegram:<chat id> key", to)
	}
	return a.deliver(ctx, chat, 0, r)
}

// deliver sends a rendered reply to chat: its messages, then its files.
// replyTo, if not 0, is the message the first one answers. When the server
// refuses a file for good, the reply's Fallback (the files as text) is
// sent instead.
func (a *Adapter) deliver(ctx context.Context, chat int64, replyTo int, r bot.Reply) error {
	for _, m := range render(r, maxMessage) {
		if strings.TrimSpace(m.text) == "" {
			continue
		}
		var err error
		chat, err = a.sendText(ctx, chat, replyTo, m)
		if err != nil {
			return err
		}
		replyTo = 0
	}
	for _, f := range r.Files {
		if f.Photo {
			a.sendPicture(ctx, chat, f)
			continue
		}
		err := a.sendFile(ctx, chat, f)
		if err == nil {
			continue
		}
		if kindOf(err) != kindPermanent || r.Fallback == nil {
			return err
		}
		// The server takes no documents: send the text instead.
		a.log.Warn("cannot send a file; sending it as text", "chat", chat, "file", f.Name, "err", err)
		for _, m := range render(*r.Fallback, maxMessage) {
			if chat, err = a.sendText(ctx, chat, 0, m); err != nil {
				return err
			}
		}
		break
	}
	return nil
}

// sendText sends one message and returns the chat it went to, which is a
// new one when a group has become a supergroup.
func (a *Adapter) sendText(ctx context.Context, chat int64, replyTo int, m message) (int64, error) {
	for migrated := false; ; migrated = true {
		msg := tgbotapi.NewMessage(chat, m.text)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		if replyTo != 0 {
			msg.ReplyToMessageID = replyTo
			msg.AllowSendingWithoutReply = true
		}
		if m.markup != nil {
			msg.ReplyMarkup = *m.markup
		}
		err := a.c.do(ctx, "sendMessage", a.lim.forChat(chat), func(api *tgbotapi.BotAPI) error {
			_, err := api.Request(msg)
			return err
		})
		if to := migratedTo(err); to != 0 && !migrated {
			a.log.Info("group became a supergroup; sending there", "chat", chat, "to", to)
			chat = to
			continue
		}
		return chat, a.reached(chat, err)
	}
}

// maxCaption is the longest photo caption Telegram takes, in UTF-16 units.
const maxCaption = 1024

// sendPicture sends a picture with sendPhoto, captioned with its
// description, after the reply's text, which says the same in words; a
// picture the server refuses as a photo goes as a document, and one it
// refuses altogether is logged and left out.
func (a *Adapter) sendPicture(ctx context.Context, chat int64, f bot.File) {
	photo := tgbotapi.NewPhoto(chat, tgbotapi.FileBytes{Name: f.Name, Bytes: f.Data})
	photo.Caption = truncate(f.Alt, maxCaption)
	err := a.reached(chat, a.c.do(ctx, "sendPhoto", a.lim.forChat(chat), func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(photo)
		return err
	}))
	if err != nil && kindOf(err) == kindPermanent {
		a.log.Warn("cannot send a picture as a photo; sending it as a document", "chat", chat, "file", f.Name, "err", err)
		err = a.sendFile(ctx, chat, f)
	}
	if err != nil {
		a.log.Warn("cannot send a picture; the reply's text says the same", "chat", chat, "file", f.Name, "err", err)
	}
}

// sendFile sends an attachment with sendDocument.
func (a *Adapter) sendFile(ctx context.Context, chat int64, f bot.File) error {
	doc := tgbotapi.NewDocument(chat, tgbotapi.FileBytes{Name: f.Name, Bytes: f.Data})
	err := a.c.do(ctx, "sendDocument", a.lim.forChat(chat), func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(doc)
		return err
	})
	return a.reached(chat, err)
}

// reached notes whether chat could be reached: the first failure with the
// chat gone is logged, once until a send there works again. Every send
// that failed for good (not cut off by a shutdown) is counted.
func (a *Adapter) reached(chat int64, err error) error {
	if err == nil {
		a.unreachable.Delete(chat)
		return nil
	}
	if kindOf(err) != kindCanceled {
		a.o.Metrics.Error("send")
	}
	if errors.Is(err, bot.ErrUnreachable) {
		if _, logged := a.unreachable.LoadOrStore(chat, struct{}{}); !logged {
			a.log.Warn("chat unreachable (the bot was blocked or removed); digests to it stop", "chat", chat, "err", err)
		}
	}
	return err
}

func migratedTo(err error) int64 {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.migrateTo
	}
	return 0
}

// answerCallback answers a button press; Telegram shows text as a toast.
// Every press must be answered, or the client keeps a spinner on the
// button.
func (a *Adapter) answerCallback(ctx context.Context, id, text string) {
	cb := tgbotapi.NewCallback(id, text)
	err := a.c.do(ctx, "answerCallbackQuery", nil, func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(cb)
		return err
	})
	if err != nil {
		a.log.Warn("cannot answer a button press", "err", err)
	}
}

// editMarkup replaces the keyboard of a sent message (chat and id) or of a
// message sent through inline mode (inlineID). "Message is not modified"
// counts as done.
func (a *Adapter) editMarkup(ctx context.Context, chat int64, id int, inlineID string, kb tgbotapi.InlineKeyboardMarkup) error {
	edit := tgbotapi.EditMessageReplyMarkupConfig{BaseEdit: tgbotapi.BaseEdit{
		ChatID: chat, MessageID: id, InlineMessageID: inlineID, ReplyMarkup: &kb,
	}}
	limit := a.lim.forChat(chat)
	if inlineID != "" {
		limit = nil
	}
	err := a.c.do(ctx, "editMessageReplyMarkup", limit, func(api *tgbotapi.BotAPI) error {
		_, err := api.Request(edit)
		return err
	})
	var ae *apiError
	if errors.As(err, &ae) && ae.code == 400 && strings.Contains(ae.msg, "message is not modified") {
		return nil
	}
	return err
}
