package telegramtest

import (
	"context"
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"time"
)

// Sent is a message the bot sent, as the server keeps it.
type Sent struct {
	ID        int
	Chat      Chat
	Text      string          // as sent (Telegram HTML)
	ParseMode string          // "HTML"
	Markup    json.RawMessage // reply_markup as sent; nil without one
	ReplyTo   int             // reply_to_message_id
	// Kind is "photo" or "document" for a file sent with sendPhoto or
	// sendDocument (Text is then its caption), "" for a message.
	Kind string
}

// answer is the normal answer to a call.
func (s *Server) answer(ctx context.Context, c Call) Response {
	switch c.Method {
	case "getMe":
		return ok(BotUser)
	case "getUpdates":
		return s.getUpdates(ctx, c)
	case "sendMessage":
		return s.sendMessage(c)
	case "sendDocument":
		return s.sendDocument(c)
	case "sendPhoto":
		return s.sendPhoto(c)
	case "editMessageReplyMarkup":
		return s.editMarkup(c)
	case "answerCallbackQuery", "answerInlineQuery", "setMyCommands", "setWebhook", "deleteWebhook":
		return ok(true)
	case "getChatMember":
		return s.chatMember(c)
	case "getChatAdministrators":
		return s.chatAdmins(c)
	}
	return Unsupported()
}

func (s *Server) getUpdates(ctx context.Context, c Call) Response {
	offset, _ := strconv.Atoi(c.Params.Get("offset"))
	limit, _ := strconv.Atoi(c.Params.Get("limit"))
	timeout, _ := strconv.Atoi(c.Params.Get("timeout"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		// An offset confirms every update below it.
		drop := 0
		for drop < len(s.queue) && s.queue[drop].id < offset {
			drop++
		}
		if drop > 0 {
			s.queue = append(s.queue[:0], s.queue[drop:]...)
			s.notifyLocked()
		}
		n := min(limit, len(s.queue))
		out := make([]json.RawMessage, n)
		for i := range n {
			out[i] = s.queue[i].raw
		}
		ch := s.changed
		s.mu.Unlock()
		if n > 0 || timeout <= 0 {
			return ok(out)
		}
		select {
		case <-ch:
		case <-deadline.C:
			return ok(out)
		case <-ctx.Done():
			return ok(out)
		}
	}
}

func (s *Server) sendMessage(c Call) Response {
	if c.Params.Get("text") == "" {
		return badRequest("message text is empty")
	}
	if n := len([]rune(c.Params.Get("text"))); n > 4096 {
		return badRequest("message is too long")
	}
	m, err := s.store(c, c.Params.Get("text"))
	if err != nil {
		return badRequest(err.Error())
	}
	return ok(m)
}

// sendPhoto takes a photo upload as Telegram does: a "photo" file, and a
// caption of at most 1024 characters.
func (s *Server) sendPhoto(c Call) Response {
	if _, has := c.Files["photo"]; !has {
		return badRequest("there is no photo in the request")
	}
	if utf16Len(c.Params.Get("caption")) > 1024 {
		return badRequest("message caption is too long")
	}
	m, err := s.store(c, c.Params.Get("caption"))
	if err != nil {
		return badRequest(err.Error())
	}
	return ok(m)
}

func (s *Server) sendDocument(c Call) Response {
	if _, has := c.Files["document"]; !has {
		return badRequest("there is no document in the request")
	}
	m, err := s.store(c, "")
	if err != nil {
		return badRequest(err.Error())
	}
	return ok(m)
}

// store keeps a message the bot sent and returns it as Telegram would.
func (s *Server) store(c Call, text string) (map[string]any, error) {
	chatID := c.Chat()
	var markup json.RawMessage
	if raw := c.Params.Get("reply_markup"); raw != "" {
		if !json.Valid([]byte(raw)) {
			return nil, errBadMarkup
		}
		markup = json.RawMessage(raw)
	}
	replyTo, _ := strconv.Atoi(c.Params.Get("reply_to_message_id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	chat := s.chatLocked(chatID)
	m := &Sent{ID: s.nextMsg, Chat: chat, Text: text, ParseMode: c.Params.Get("parse_mode"), Markup: markup, ReplyTo: replyTo,
		Kind: map[string]string{"sendPhoto": "photo", "sendDocument": "document"}[c.Method]}
	s.nextMsg++
	if s.Quiet {
		return s.wireLocked(m), nil
	}
	if s.sent[chatID] == nil {
		s.sent[chatID] = map[int]*Sent{}
	}
	s.sent[chatID][m.ID] = m
	return s.wireLocked(m), nil
}

func (s *Server) chatLocked(id int64) Chat {
	if c, known := s.chats[id]; known {
		return c
	}
	if id < 0 {
		return Chat{ID: id, Type: "supergroup", Title: "group"}
	}
	return Chat{ID: id, Type: "private", FirstName: "reader"}
}

// wireLocked is a sent message in Telegram's JSON: the text comes back
// without markup, as Telegram returns it.
func (s *Server) wireLocked(m *Sent) map[string]any {
	out := map[string]any{
		"message_id": m.ID, "from": BotUser, "chat": m.Chat, "date": time.Now().Unix(),
	}
	if m.Text != "" {
		out["text"] = plain(m.Text)
	} else {
		out["document"] = map[string]any{"file_id": "doc" + strconv.Itoa(m.ID), "file_unique_id": "u" + strconv.Itoa(m.ID), "file_name": "file"}
	}
	if m.Markup != nil {
		out["reply_markup"] = m.Markup
	}
	return out
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// plain is Telegram HTML as the visible text.
func plain(s string) string { return html.UnescapeString(tagRe.ReplaceAllString(s, "")) }

func (s *Server) editMarkup(c Call) Response {
	raw := c.Params.Get("reply_markup")
	if raw != "" && !json.Valid([]byte(raw)) {
		return badRequest(errBadMarkup.Error())
	}
	if c.Params.Get("inline_message_id") != "" {
		return ok(true)
	}
	id, _ := strconv.Atoi(c.Params.Get("message_id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.sent[c.Chat()][id]
	if m == nil {
		return badRequest("message to edit not found")
	}
	if sameJSON(m.Markup, json.RawMessage(raw)) {
		return badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	m.Markup = json.RawMessage(raw)
	return ok(s.wireLocked(m))
}

func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	ra, _ := json.Marshal(x)
	rb, _ := json.Marshal(y)
	return string(ra) == string(rb)
}

func (s *Server) chatMember(c Call) Response {
	user, _ := strconv.ParseInt(c.Params.Get("user_id"), 10, 64)
	s.mu.Lock()
	admin := s.admins[[2]int64{c.Chat(), user}]
	s.mu.Unlock()
	status := "member"
	if admin {
		status = "administrator"
	}
	return ok(map[string]any{"user": User{ID: user, FirstName: "member"}, "status": status})
}

func (s *Server) chatAdmins(c Call) Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for k := range s.admins {
		if k[0] == c.Chat() {
			out = append(out, map[string]any{"user": User{ID: k[1], FirstName: "admin"}, "status": "administrator"})
		}
	}
	return ok(out)
}

type fakeError string

func (e fakeError) Error() string { return string(e) }

const errBadMarkup = fakeError("can't parse reply keyboard markup JSON object")
