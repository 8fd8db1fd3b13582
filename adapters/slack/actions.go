package slack

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/bot"
)

// memoTTL is how long an ephemeral reply is remembered: as long as its
// response_url works.
const memoTTL = 30 * time.Minute

// memoEntry is an ephemeral reply as it was rendered. Slack does not send
// an ephemeral message back with a button press, so the adapter keeps it to
// redraw it after a press or share it.
type memoEntry struct {
	reader string
	reply  bot.Reply
	opts   renderOpts
}

type memo = ttlCache[memoEntry]

func newMemo(max int, ttl time.Duration) *memo { return newTTLCache[memoEntry](max, ttl) }

// interaction handles button presses (block_actions); link buttons need
// nothing beyond the ack.
func (a *Adapter) interaction(ctx context.Context, ic slack.InteractionCallback) {
	if ic.Type != slack.InteractionTypeBlockActions {
		return
	}
	for i, act := range ic.ActionCallback.BlockActions {
		actx := ctx
		if i > 0 { // the update's id marks its first change only
			actx = bot.WithUpdate(ctx, "")
		}
		switch {
		case act.ActionID == actionShare:
			a.share(actx, ic, act)
		case strings.HasPrefix(act.ActionID, prefixBtn):
			a.press(actx, ic, act)
		}
	}
}

// press acts for the person who pressed a paper button. On a message only
// they see, the pressed paper is redrawn with its new state; otherwise the
// answer is a message only they see.
func (a *Adapter) press(ctx context.Context, ic slack.InteractionCallback, act *slack.BlockAction) {
	team, user := ic.Team.ID, ic.User.ID
	action, err := bot.DecodeAction(act.Value)
	if err != nil {
		a.log.Info("slack: button value does not decode", "chat", ic.Channel.ID, "err", err)
		action = bot.Action{} // carries out nothing: the bot answers it as stale
	}
	req := bot.Request{Reader: readerKey(team, user), Action: &action}
	a.inChannel(&req, team, ic.Channel.ID, user)
	reply := a.ask(ctx, req, ic.Channel.ID)
	if ic.View.Type == slack.VTHomeTab || ic.Container.Type == "view" {
		a.homePress(ctx, team, user, reply)
		return
	}
	personal := ic.Container.IsEphemeral || isDM(ic.Channel.ID)
	if reply.Edit && len(reply.Papers) == 1 && personal && a.redraw(ctx, ic, act, req.Reader, reply.Papers[0]) {
		return
	}
	a.tell(ctx, ic, reply)
}

// redraw replaces the pressed paper's title and buttons in the message
// the button is on, and reports whether it could.
func (a *Adapter) redraw(ctx context.Context, ic slack.InteractionCallback, act *slack.BlockAction, reader string, it bot.Item) bool {
	id, i, _, ok := parseBlockID(act.BlockID)
	if !ok {
		return false
	}
	var m message
	if e, ok := a.memo.get(id); ok && e.reader == reader && i < len(e.reply.Papers) && e.reply.Papers[i].ID == it.ID {
		e.reply.Papers = slices.Clone(e.reply.Papers)
		p := &e.reply.Papers[i]
		p.Read, p.Saved, p.Buttons = it.Read, it.Saved, it.Buttons
		a.memo.put(id, e)
		m = a.render(e.reply, e.opts)
	} else if blocks := ic.Message.Blocks.BlockSet; len(blocks) > 0 && !ic.Container.IsEphemeral {
		if m.blocks, ok = replaceItem(blocks, id, i, it); !ok {
			return false
		}
		m.text = ic.Message.Text
	} else {
		return false
	}
	var err error
	switch ts := ic.Container.MessageTs; {
	case ic.ResponseURL != "":
		err = a.replace(ctx, ic.ResponseURL, m)
	case !ic.Container.IsEphemeral && ts != "":
		err = a.update(ctx, ic.Channel.ID, ts, m)
	default:
		return false
	}
	if err != nil {
		a.log.Warn("slack: redraw pressed message", "chat", ic.Channel.ID, "err", err)
	}
	return true
}

// replaceItem redraws paper i of message id in blocks: its title (with
// the read and saved marks) and its buttons; the context line stays.
func replaceItem(blocks []slack.Block, id string, i int, it bot.Item) ([]slack.Block, bool) {
	fresh := itemBlocks(id, i, it)
	title, actions := fresh[0], fresh[2]
	out := slices.Clone(blocks)
	n := 0
	for k, b := range out {
		switch b.ID() {
		case title.ID():
			out[k], n = title, n+1
		case actions.ID():
			out[k], n = actions, n+1
		}
	}
	return out, n == 2
}

// tell answers a press with a new message: ephemeral, except for results
// (similar papers, the next page) in a direct message, which stay.
func (a *Adapter) tell(ctx context.Context, ic slack.InteractionCallback, reply bot.Reply) {
	if reply.Edit && reply.Intro == "" {
		reply.Intro = reply.Toast
	}
	if reply.Text == "" && reply.Intro == "" && len(reply.Papers) == 0 {
		return
	}
	o := renderOpts{id: newMessageID()}
	m := a.render(reply, o)
	kind := slack.ResponseTypeEphemeral
	if isDM(ic.Channel.ID) && !ic.Container.IsEphemeral && !reply.Edit && len(reply.Papers) > 0 {
		kind = slack.ResponseTypeInChannel
	} else if len(reply.Papers) > 0 { // to redraw it after a press
		a.memo.put(o.id, memoEntry{reader: readerKey(ic.Team.ID, ic.User.ID), reply: reply, opts: o})
	}
	var err error
	switch {
	case ic.ResponseURL != "":
		err = a.respond(ctx, ic.ResponseURL, kind, m)
	case ic.Channel.ID != "":
		err = a.ephemeral(ctx, ic.Channel.ID, ic.User.ID, m)
	}
	if err != nil {
		a.log.Warn("slack: answer button", "chat", ic.Channel.ID, "err", err)
	}
}

// share posts an ephemeral slash reply to its channel for everyone, and
// removes the ephemeral copy. Only the person it was shown to can share
// it, while Slack keeps its response_url (30 minutes).
func (a *Adapter) share(ctx context.Context, ic slack.InteractionCallback, act *slack.BlockAction) {
	reader := readerKey(ic.Team.ID, ic.User.ID)
	e, ok := a.memo.get(act.Value)
	if !ok || e.reader != reader || ic.ResponseURL == "" {
		stale := bot.Action{}
		req := bot.Request{Reader: reader, Action: &stale}
		a.tell(ctx, ic, a.ask(ctx, req, ic.Channel.ID))
		return
	}
	o := e.opts
	o.share = false
	if err := a.respond(ctx, ic.ResponseURL, slack.ResponseTypeInChannel, a.render(e.reply, o)); err != nil {
		a.log.Warn("slack: share reply", "chat", ic.Channel.ID, "err", err)
		return
	}
	a.memo.remove(act.Value)
	if err := a.respondWith(ctx, slack.MsgOptionDeleteOriginal(ic.ResponseURL)); err != nil {
		a.log.Debug("slack: remove shared ephemeral reply", "chat", ic.Channel.ID, "err", err)
	}
}
