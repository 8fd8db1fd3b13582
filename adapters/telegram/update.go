package telegram

import (
	"context"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
)

// process handles one update inside the bot's Guard: a panic anywhere in
// it is logged and counted, and the sender gets an apology. Then the
// update is done in the inbox. It runs on a dispatcher worker, after the
// earlier updates of the same chat.
func (a *Adapter) process(ctx context.Context, u tgbotapi.Update) {
	if a.inbox != nil {
		ctx = bot.WithUpdate(ctx, inboxID(u.UpdateID)) // its change is stored once, even if run again
	}
	a.guard.Run(ctx, describe(u), func(ctx context.Context) { a.handleUpdate(ctx, u) },
		func(ctx context.Context, r bot.Reply) { a.apologize(ctx, u, r) })
	a.done(ctx, u.UpdateID)
}

// describe names an update for the Guard: its id, command and sender.
func describe(u tgbotapi.Update) bot.Update {
	d := bot.Update{Platform: "telegram", ID: strconv.Itoa(u.UpdateID)}
	var from *tgbotapi.User
	switch {
	case u.Message != nil:
		from, d.Command = u.Message.From, firstWord(u.Message.Text)
	case u.CallbackQuery != nil:
		from, d.Command = u.CallbackQuery.From, "button"
		if act, err := bot.DecodeAction(u.CallbackQuery.Data); err == nil {
			d.Command = "button:" + act.Verb
		}
	case u.InlineQuery != nil:
		from, d.Command = u.InlineQuery.From, "inline"
	}
	if from != nil {
		d.Reader, d.Lang = key(from.ID), from.LanguageCode
	}
	return d
}

// apologize tells the sender of u that the bot failed them: a message in
// the chat, or the toast of a pressed button. Inline queries get nothing.
func (a *Adapter) apologize(ctx context.Context, u tgbotapi.Update, r bot.Reply) {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		replyTo := 0
		if isGroup(u.Message.Chat) {
			replyTo = u.Message.MessageID
		}
		if err := a.deliver(ctx, u.Message.Chat.ID, replyTo, r); err != nil {
			a.log.Warn("cannot send an apology", "chat", u.Message.Chat.ID, "err", err)
		}
	case u.CallbackQuery != nil:
		a.answerCallback(ctx, u.CallbackQuery.ID, r.Text)
	}
}

// handleUpdate answers one update.
func (a *Adapter) handleUpdate(ctx context.Context, u tgbotapi.Update) {
	switch {
	case u.Message != nil:
		a.onMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		a.onPress(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		a.onInline(ctx, u.InlineQuery)
	case u.MyChatMember != nil:
		a.onMembership(u.MyChatMember)
	}
}

// key is the reader or chat key of a Telegram id.
func key(id int64) string { return "telegram:" + strconv.FormatInt(id, 10) }

func isGroup(c *tgbotapi.Chat) bool { return c != nil && (c.IsGroup() || c.IsSuperGroup()) }

// request is what every request from user starts with.
func (a *Adapter) request(from *tgbotapi.User) bot.Request {
	return bot.Request{Reader: key(from.ID), Lang: from.LanguageCode, BotName: a.BotName()}
}

// inGroup fills in where a group request comes from, with the admin check
// the bot asks for only when it needs it.
func (a *Adapter) inGroup(req *bot.Request, chat *tgbotapi.Chat, user int64, anonymousAdmin bool) {
	req.Chat, req.Group = key(chat.ID), true
	req.ChatAdmin = func(ctx context.Context) bool {
		return anonymousAdmin || a.isAdmin(ctx, chat.ID, user)
	}
}

func (a *Adapter) onMessage(ctx context.Context, m *tgbotapi.Message) {
	if m.From == nil || m.From.IsBot || m.Chat == nil || m.Text == "" {
		return // service messages, media, channel posts, other bots
	}
	if m.Chat.IsChannel() || forOtherBot(m.Text, a.BotName()) {
		return
	}
	req := a.request(m.From)
	req.Text = m.Text
	replyTo := 0
	if isGroup(m.Chat) {
		// A message "on behalf of the group" is from an anonymous admin.
		anon := m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID
		a.inGroup(&req, m.Chat, m.From.ID, anon)
		replyTo = m.MessageID
	}
	reply, err := a.o.Handler.Handle(ctx, req)
	if err != nil {
		a.log.Error("cannot answer a message", "chat", m.Chat.ID, "command", firstWord(m.Text), "err", err)
		reply = a.guard.Apology(ctx, req.Reader, req.Lang)
	}
	if err := a.deliver(ctx, m.Chat.ID, replyTo, reply); err != nil {
		a.log.Warn("cannot send a reply", "chat", m.Chat.ID, "command", firstWord(m.Text), "err", err)
	}
}

// onPress answers a button press for the person who pressed it: a toast,
// then the pressed paper's buttons updated in place, or a new message for
// Similar and More. Callback data that does not decode is forged or stale:
// the bot answers it with its polite toast and changes nothing.
func (a *Adapter) onPress(ctx context.Context, q *tgbotapi.CallbackQuery) {
	if q.From == nil {
		return
	}
	act, err := bot.DecodeAction(q.Data)
	if err != nil {
		a.log.Debug("undecodable button data", "err", err)
		act = bot.Action{} // the bot answers an empty action as stale
	}
	req := a.request(q.From)
	req.Action = &act
	chat, msgID := q.From.ID, 0 // inline messages: answer privately
	if m := q.Message; m != nil && m.Chat != nil {
		chat, msgID = m.Chat.ID, m.MessageID
		if isGroup(m.Chat) {
			a.inGroup(&req, m.Chat, q.From.ID, false)
		}
	}
	reply, err := a.o.Handler.Handle(ctx, req)
	if err != nil {
		a.log.Error("cannot answer a button press", "chat", chat, "command", "button:"+act.Verb, "err", err)
		a.answerCallback(ctx, q.ID, a.guard.Apology(ctx, req.Reader, req.Lang).Text)
		return
	}
	a.answerCallback(ctx, q.ID, reply.Toast)
	switch {
	case reply.Edit && len(reply.Papers) > 0:
		a.updatePressed(ctx, q, reply.Papers[0])
	case hasBody(reply):
		replyTo := 0
		if req.Group {
			replyTo = msgID
		}
		if err := a.deliver(ctx, chat, replyTo, reply); err != nil {
			a.log.Warn("cannot send a reply", "chat", chat, "command", "button:"+act.Verb, "err", err)
		}
	}
}

// updatePressed shows the new state of the pressed paper's buttons in the
// message that holds them, leaving the other papers' buttons as they are.
func (a *Adapter) updatePressed(ctx context.Context, q *tgbotapi.CallbackQuery, it bot.Item) {
	var kb tgbotapi.InlineKeyboardMarkup
	var chat int64
	var id int
	switch {
	case q.Message != nil && q.Message.Chat != nil:
		var changed bool
		kb, changed = updateMarkup(q.Message.ReplyMarkup, it)
		if !changed {
			return // the server sent no keyboard, or nothing to change
		}
		chat, id = q.Message.Chat.ID, q.Message.MessageID
	case q.InlineMessageID != "":
		kb.InlineKeyboard = paperRows(0, false, it) // an inline card holds one paper
	default:
		return
	}
	if err := a.editMarkup(ctx, chat, id, q.InlineMessageID, kb); err != nil {
		a.log.Warn("cannot update the buttons of a message", "chat", chat, "err", err)
	}
}

// hasBody reports whether a reply has more to show than its toast.
func hasBody(r bot.Reply) bool {
	return r.Intro != "" || len(r.Papers) > 0 || r.Pre != "" || r.Outro != "" || len(r.Files) > 0
}

// onMembership logs the bot being added to or removed from a chat.
func (a *Adapter) onMembership(m *tgbotapi.ChatMemberUpdated) {
	switch s := m.NewChatMember.Status; s {
	case "kicked", "left":
		a.log.Info("the bot was removed from a chat or blocked", "chat", m.Chat.ID, "status", s)
	case "member", "administrator":
		a.log.Info("the bot was added to a chat", "chat", m.Chat.ID, "status", s)
	}
}

// isAdmin asks Telegram whether user administers chat: getChatMember, or
// getChatAdministrators if a server lacks it. Failing both, the answer is
// no.
func (a *Adapter) isAdmin(ctx context.Context, chat, user int64) bool {
	var member tgbotapi.ChatMember
	err := a.c.do(ctx, "getChatMember", nil, func(api *tgbotapi.BotAPI) error {
		var err error
		member, err = api.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chat, UserID: user}})
		return err
	})
	if err == nil {
		return member.IsAdministrator() || member.IsCreator()
	}
	a.log.Debug("getChatMember failed; trying getChatAdministrators", "chat", chat, "err", err)
	var admins []tgbotapi.ChatMember
	err = a.c.do(ctx, "getChatAdministrators", nil, func(api *tgbotapi.BotAPI) error {
		var err error
		admins, err = api.GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: chat}})
		return err
	})
	if err != nil {
		a.log.Warn("cannot tell whether a member administers the chat; assuming not", "chat", chat, "err", err)
		return false
	}
	for _, m := range admins {
		if m.User != nil && m.User.ID == user {
			return true
		}
	}
	return false
}

// forOtherBot reports whether text is a command addressed to another bot,
// "/paper@OtherBot": in a group where the bot sees every message it is
// not for us.
func forOtherBot(text, me string) bool {
	w, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	_, name, addressed := strings.Cut(w, "@")
	return strings.HasPrefix(w, "/") && addressed && me != "" && !strings.EqualFold(name, me)
}

// firstWord is the command of a message, for logs; never the rest, which
// may be personal.
func firstWord(s string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	if !strings.HasPrefix(w, "/") || len(w) > 40 {
		return ""
	}
	return w
}
