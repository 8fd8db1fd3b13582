package telegramtest

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paperbot/paperbot/internal/textlen"
)

// User is a Telegram user as the Bot API sends it.
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Chat is a Telegram chat as the Bot API sends it.
type Chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"` // private, group, supergroup, channel
	Title     string `json:"title,omitempty"`
	FirstName string `json:"first_name,omitempty"`
}

// Private is a reader's private chat with the bot.
func Private(u User) Chat { return Chat{ID: u.ID, Type: "private", FirstName: u.FirstName} }

// Group is a supergroup chat.
func Group(id int64, title string) Chat { return Chat{ID: id, Type: "supergroup", Title: title} }

// Update is one update to push, before the server numbers it.
type Update map[string]any

// Text is a text message from a user in a chat, with the bot_command
// entity Telegram adds to a leading command.
func Text(chat Chat, from User, text string) Update {
	m := map[string]any{"chat": chat, "from": from, "date": time.Now().Unix(), "text": text}
	if strings.HasPrefix(text, "/") {
		end := strings.IndexByte(text, ' ')
		if end < 0 {
			end = len(text)
		}
		m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": utf16Len(text[:end])}}
	}
	return Update{"message": m}
}

// Press is a callback button press on a message the bot sent. data is the
// callback data as the client sends it back.
func (s *Server) Press(from User, m *Sent, data string) Update {
	s.mu.Lock()
	wire := s.wireLocked(m)
	s.mu.Unlock()
	return Update{"callback_query": map[string]any{
		"id": strconv.FormatInt(time.Now().UnixNano(), 36), "from": from, "message": wire,
		"chat_instance": "ci" + strconv.FormatInt(m.Chat.ID, 10), "data": data,
	}}
}

// PressInline is a press on a message sent through inline mode: Telegram
// gives no message then, only its inline_message_id.
func PressInline(from User, inlineID, data string) Update {
	return Update{"callback_query": map[string]any{
		"id": strconv.FormatInt(time.Now().UnixNano(), 36), "from": from,
		"inline_message_id": inlineID, "chat_instance": "ci-inline", "data": data,
	}}
}

// InlineQuery is "@bot query" typed in any chat.
func InlineQuery(from User, query string) Update {
	return Update{"inline_query": map[string]any{
		"id": strconv.FormatInt(time.Now().UnixNano(), 36), "from": from, "query": query, "offset": "", "chat_type": "sender",
	}}
}

// Push queues updates for getUpdates (numbering them and their messages)
// and returns their update ids.
func (s *Server) Push(us ...Update) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, len(us))
	for i, u := range us {
		if m, isMsg := u["message"].(map[string]any); isMsg {
			m["message_id"] = s.nextMsg
			s.nextMsg++
			if c, isChat := m["chat"].(Chat); isChat {
				s.chats[c.ID] = c
			}
		}
		id := s.nextUpd
		s.nextUpd++
		u["update_id"] = id
		raw, err := json.Marshal(u)
		if err != nil {
			panic(err)
		}
		s.queue = append(s.queue, pendingUpdate{id: id, raw: raw})
		ids[i] = id
	}
	s.notifyLocked()
	return ids
}

// Raw returns an update as JSON, numbered as Push would, without queueing
// it: the body of a webhook delivery.
func (s *Server) Raw(u Update) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, isMsg := u["message"].(map[string]any); isMsg {
		m["message_id"] = s.nextMsg
		s.nextMsg++
	}
	u["update_id"] = s.nextUpd
	s.nextUpd++
	raw, err := json.Marshal(u)
	if err != nil {
		panic(err)
	}
	return raw
}

// Redeliver queues an update made by Raw for getUpdates again, with its
// own id, as Telegram does with updates a bot did not confirm.
func (s *Server) Redeliver(raw []byte) {
	var u struct {
		ID int `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &u); err != nil {
		panic(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, pendingUpdate{id: u.ID, raw: raw})
	s.notifyLocked()
}

// SentTo returns the messages the bot sent to chat, oldest first.
func (s *Server) SentTo(chat int64) []*Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Sent
	for _, m := range s.sent[chat] {
		c := *m
		out = append(out, &c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func utf16Len(s string) int { return textlen.UTF16(s) }
