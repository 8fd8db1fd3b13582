package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// allowedUpdates are the update types the bot asks for.
var allowedUpdates = []string{"message", "callback_query", "inline_query", "my_chat_member"}

// poll takes updates by long polling until ctx is done. The library's
// GetUpdatesChan cannot be cancelled mid-poll, never gives up on a refused
// token and ignores retry_after, so this is its own loop. It returns an
// error only when the token is refused.
func (a *Adapter) poll(ctx context.Context) error {
	offset := 0
	var f pollFailures
	defer func() { a.confirm(offset) }()
	a.ready.Store(true)
	for {
		room, err := a.disp.room(ctx)
		if err != nil {
			return nil
		}
		cfg := tgbotapi.UpdateConfig{
			Offset: offset, Limit: min(room, 100), AllowedUpdates: allowedUpdates,
			Timeout: int(a.o.Timing.PollTimeout / time.Second),
		}
		var ups []tgbotapi.Update
		err = a.c.once(ctx, "getUpdates", a.c.long, func(api *tgbotapi.BotAPI) error {
			var err error
			ups, err = api.GetUpdates(cfg)
			return err
		})
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			a.ready.Store(false)
			wait, fatal := a.pollFailed(ctx, &f, err)
			if fatal != nil {
				return fatal
			}
			if !sleep(ctx, wait) {
				return nil
			}
			continue
		}
		if f.failing {
			a.log.Info("getUpdates works again")
		}
		f = pollFailures{}
		a.ready.Store(true)
		next, err := a.takeAll(ctx, ups, offset)
		if err != nil { // the offset stays: Telegram sends them again
			a.log.Error("cannot keep updates in the inbox; polling them again", "err", err)
			if !sleep(ctx, a.o.Timing.Backoff) {
				return nil
			}
			continue
		}
		offset = next
	}
}

// takeAll takes the updates of one poll from offset on and returns the
// next offset. With an inbox they are kept there first: the next poll
// confirms them to Telegram, so an error leaves the offset where it was.
func (a *Adapter) takeAll(ctx context.Context, ups []tgbotapi.Update, offset int) (int, error) {
	var fresh []tgbotapi.Update
	var raws [][]byte
	next := offset
	for _, u := range ups {
		if u.UpdateID < offset { // a server that ignores the offset
			continue
		}
		next = u.UpdateID + 1
		if a.inbox == nil {
			a.take(u)
			continue
		}
		raw, err := json.Marshal(u)
		if err != nil {
			a.log.Error("dropping an update that does not encode", "update", u.UpdateID, "err", err)
			continue
		}
		fresh, raws = append(fresh, u), append(raws, raw)
	}
	if len(fresh) > 0 {
		if err := a.keep(ctx, fresh, raws); err != nil {
			return offset, err
		}
	}
	return next, nil
}

// pollFailures is the state of a run of failed polls.
type pollFailures struct {
	failing, conflict bool
	backoff           time.Duration
}

// pollFailed decides what a failed poll means: how long to wait before the
// next, or a fatal error. Each kind of trouble is logged once a run.
func (a *Adapter) pollFailed(ctx context.Context, f *pollFailures, err error) (time.Duration, error) {
	ae := err.(*apiError)
	wait := a.o.Timing.Backoff
	switch ae.kind {
	case kindAuth:
		return 0, fmt.Errorf("telegram: the Bot API refused the token while polling: %w", err)
	case kindConflict:
		if !f.conflict {
			a.log.Error("getUpdates conflict (409): a webhook is set for this bot, or another paperbot polls with the same token; "+
				"delete the webhook (polling mode leaves it alone) or stop the other instance. Retrying.", "err", err)
		}
		f.failing, f.conflict = true, true
		return a.o.Timing.MaxBackoff, nil
	case kindFlood:
		wait = max(wait, ae.retryAfter)
	default:
		if f.backoff == 0 {
			f.backoff = a.o.Timing.Backoff
		}
		wait, f.backoff = f.backoff, min(2*f.backoff, a.o.Timing.MaxBackoff)
	}
	level := slog.LevelDebug
	if !f.failing {
		level = slog.LevelWarn
	}
	a.log.Log(ctx, level, "getUpdates failed; retrying", "in", wait, "err", err)
	f.failing = true
	return wait, nil
}

// take passes an update to the dispatcher.
func (a *Adapter) take(u tgbotapi.Update) submission {
	chat := chatOf(u)
	s := a.disp.submit(chat, u)
	switch s {
	case dropped:
		a.log.Warn("dropping an update: the chat has too many waiting", "chat", chat, "update", u.UpdateID)
	case full:
		a.log.Warn("refusing an update: too many waiting in all", "chat", chat, "update", u.UpdateID)
	}
	return s
}

// confirm tells Telegram the updates below offset were taken, so a restart
// does not get them again. getUpdates confirms by its offset alone.
func (a *Adapter) confirm(offset int) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := a.c.once(ctx, "getUpdates", a.c.short, func(api *tgbotapi.BotAPI) error {
		_, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 1, AllowedUpdates: allowedUpdates})
		return err
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		a.log.Warn("could not confirm the last updates; they may come again after a restart", "err", err)
	}
}

// chatOf is the chat whose queue an update joins: the chat of a message or
// of a pressed button, else the user (inline queries, inline messages).
func chatOf(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		return u.CallbackQuery.From.ID
	case u.InlineQuery != nil && u.InlineQuery.From != nil:
		return u.InlineQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}
