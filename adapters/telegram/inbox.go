package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/paperbot/paperbot/bot"
)

// maxReplayAge is the oldest update answered after a restart (such as one
// left in a restored backup). Telegram itself keeps undelivered updates
// for a day.
const maxReplayAge = 24 * time.Hour

// inboxID is the inbox id of an update: Telegram numbers them.
func inboxID(id int) string { return "telegram:" + strconv.Itoa(id) }

// keep puts updates in the inbox and queues the ones it had not seen;
// raws are their JSON. Updates of a chat that has too many waiting are
// dropped before they are kept, as without an inbox. When keep returns
// nil, every update it was given is on disk or was seen before, and may
// be acknowledged.
func (a *Adapter) keep(ctx context.Context, ups []tgbotapi.Update, raws [][]byte) error {
	var kept []tgbotapi.Update
	var in []bot.Inbound
	now := time.Now()
	for i, u := range ups {
		if a.disp.admit(chatOf(u)) == dropped {
			a.log.Warn("dropping an update: the chat has too many waiting", "chat", chatOf(u), "update", u.UpdateID)
			continue
		}
		kept = append(kept, u)
		in = append(in, bot.Inbound{ID: inboxID(u.UpdateID), Received: now, Payload: raws[i]})
	}
	if len(in) == 0 {
		return nil
	}
	fresh, err := a.inbox.Put(ctx, in...)
	if err != nil {
		return fmt.Errorf("keep %d updates in the inbox: %w", len(in), err)
	}
	for i, u := range kept {
		if fresh[i] {
			a.disp.force(chatOf(u), u)
		} else {
			a.log.Debug("update seen before; not handled again", "update", u.UpdateID)
		}
	}
	return nil
}

// done marks an update handled in the inbox, unless shutdown cut its
// handling short (ctx is done): then it is handled at the next start.
func (a *Adapter) done(ctx context.Context, id int) {
	if a.inbox == nil || ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := a.inbox.Done(ctx, inboxID(id)); err != nil {
		a.log.Warn("cannot mark an update done; it may be answered again after a restart", "update", id, "err", err)
	}
}

// replay queues the updates a previous run acknowledged and did not
// finish, oldest first, before any new one is taken. An inline query
// cannot be answered after a restart (Telegram takes its answer only for
// seconds), so it is dropped, logged and counted, as is anything over a
// day old.
func (a *Adapter) replay(ctx context.Context) error {
	if a.inbox == nil {
		return nil
	}
	pending, err := a.inbox.Pending(ctx, "telegram")
	if err != nil {
		return fmt.Errorf("telegram: read the inbox: %w", err)
	}
	for _, in := range pending {
		var u tgbotapi.Update
		why := ""
		switch err := json.Unmarshal(in.Payload, &u); {
		case err != nil:
			why = "unreadable: " + err.Error()
		case u.InlineQuery != nil:
			why = "an inline query cannot be answered after a restart"
		case time.Since(in.Received) > maxReplayAge:
			why = "more than a day old"
		}
		if why != "" {
			d := describe(u)
			d.ID = in.ID
			a.guard.Dropped(ctx, d, why)
			if err := a.inbox.Done(ctx, in.ID); err != nil {
				a.log.Warn("cannot mark an update done", "update", in.ID, "err", err)
			}
			continue
		}
		a.seen.add(u.UpdateID)
		a.disp.force(chatOf(u), u)
	}
	if len(pending) > 0 {
		a.log.Info("answering updates taken in before a restart", "pending", len(pending))
	}
	return nil
}
