package slack

import (
	"cmp"
	"context"
	"regexp"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/paperbot/paperbot/bot"
)

// ask hands a request to the bot. An internal error is logged and becomes
// a short apology in the reader's language.
func (a *Adapter) ask(ctx context.Context, req bot.Request, chat string) bot.Reply {
	r, err := a.bot.Handle(ctx, req)
	if err != nil {
		command := "message"
		if req.Action != nil {
			command = "button:" + req.Action.Verb
		}
		a.log.Error("slack: handle request", "chat", chat, "command", command, "err", err)
		return a.guard.Apology(ctx, req.Reader, "")
	}
	return r
}

// safeCommand answers a slash command inside the bot's Guard: a panic is
// logged and counted, and the reader gets an apology through the
// command's response_url.
func (a *Adapter) safeCommand(ctx context.Context, id string, c slack.SlashCommand) {
	u := bot.Update{Platform: "slack", ID: id, Command: "/paper " + firstWord(c.Text), Reader: readerKey(c.TeamID, c.UserID)}
	a.guard.Run(ctx, u, func(ctx context.Context) { a.command(ctx, c) }, func(ctx context.Context, r bot.Reply) {
		m := a.render(r, renderOpts{id: newMessageID()})
		if err := a.respond(ctx, c.ResponseURL, slack.ResponseTypeEphemeral, m); err != nil {
			a.log.Warn("slack: apologize", "chat", c.ChannelID, "err", err)
		}
	})
}

// safeInteraction handles button presses inside the bot's Guard; the
// apology goes where the answer would have.
func (a *Adapter) safeInteraction(ctx context.Context, id string, ic slack.InteractionCallback) {
	u := bot.Update{Platform: "slack", ID: id, Command: "button", Reader: readerKey(ic.Team.ID, ic.User.ID)}
	a.guard.Run(ctx, u, func(ctx context.Context) { a.interaction(ctx, ic) }, func(ctx context.Context, r bot.Reply) {
		if ic.View.Type == slack.VTHomeTab || ic.Container.Type == "view" {
			return // App Home has nowhere to say it
		}
		a.tell(ctx, ic, r)
	})
}

// safeEvent handles an Events API callback inside the bot's Guard; a
// message or mention gets its apology where the answer would have gone.
func (a *Adapter) safeEvent(ctx context.Context, id string, ev slackevents.EventsAPIEvent) {
	u := bot.Update{Platform: "slack", ID: id, Command: "event"}
	channel, thread := "", ""
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		u.Command, u.Reader, channel, thread = "mention", readerKey(ev.TeamID, e.User), e.Channel, cmp.Or(e.ThreadTimeStamp, e.TimeStamp)
	case *slackevents.MessageEvent:
		u.Command, u.Reader, channel, thread = "message", readerKey(ev.TeamID, e.User), e.Channel, e.ThreadTimeStamp
	case *slackevents.AppHomeOpenedEvent:
		u.Command, u.Reader = "app_home", readerKey(ev.TeamID, e.User)
	}
	var apologize func(context.Context, bot.Reply)
	if channel != "" {
		apologize = func(ctx context.Context, r bot.Reply) {
			if err := a.post(ctx, ev.TeamID, channel, thread, a.render(r, renderOpts{id: newMessageID()})); err != nil {
				a.log.Warn("slack: apologize", "chat", channel, "err", err)
			}
		}
	}
	a.guard.Run(ctx, u, func(ctx context.Context) { a.event(ctx, ev) }, apologize)
}

// firstWord is the first word of a command's text, for logs; never the
// rest, which may be personal.
func firstWord(s string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	if len(w) > 40 {
		return ""
	}
	return w
}

// command answers a slash command: the whole text after the command goes
// to the bot as "/paper TEXT", and the reply is ephemeral, through the
// response_url, with a Share button when it was typed in a channel. Files
// (an export) go to the reader's direct messages with the bot.
func (a *Adapter) command(ctx context.Context, c slack.SlashCommand) {
	req := bot.Request{Reader: readerKey(c.TeamID, c.UserID), Text: "/paper " + plainText(c.Text)}
	a.inChannel(&req, c.TeamID, c.ChannelID, c.UserID)
	reply := a.ask(ctx, req, c.ChannelID)
	// An answer that came with files is about them: nothing to share.
	o := renderOpts{id: newMessageID(), share: req.Group && len(reply.Files) == 0}
	reply = a.filesToDM(ctx, c.TeamID, c.UserID, c.ChannelID, reply)
	m := a.render(reply, o)
	a.memo.put(o.id, memoEntry{reader: req.Reader, reply: reply, opts: o})
	if err := a.respond(ctx, c.ResponseURL, slack.ResponseTypeEphemeral, m); err != nil {
		a.log.Warn("slack: answer slash command", "chat", c.ChannelID, "err", err)
	}
}

// inChannel marks a request made outside a direct message: a group
// request, with the channel's key and a lazy workspace-admin check.
func (a *Adapter) inChannel(req *bot.Request, team, channel, user string) {
	if channel == "" || isDM(channel) {
		return
	}
	req.Group = true
	req.Chat = readerKey(team, channel)
	req.ChatAdmin = func(ctx context.Context) bool { return a.isAdmin(ctx, team, user) }
}

// event handles an Events API callback: a mention is answered in a
// thread, a direct message is a chat, and opening App Home publishes it.
func (a *Adapter) event(ctx context.Context, ev slackevents.EventsAPIEvent) {
	team := ev.TeamID
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == "" || e.User == a.self() {
			return
		}
		text := plainText(e.Text)
		switch {
		case text == "":
			text = "/help"
		case !strings.HasPrefix(text, "/"):
			text = "/paper " + text // addressed to the bot: a search
		}
		req := bot.Request{Reader: readerKey(team, e.User), Text: text}
		a.inChannel(&req, team, e.Channel, e.User)
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		a.answer(ctx, team, e.Channel, thread, req)
	case *slackevents.MessageEvent:
		if e.ChannelType != slackevents.ChannelTypeIM || e.SubType != "" || e.BotID != "" ||
			e.User == "" || e.User == a.self() {
			return
		}
		req := bot.Request{Reader: readerKey(team, e.User), Text: plainText(e.Text)}
		a.answer(ctx, team, e.Channel, e.ThreadTimeStamp, req)
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "home" || e.User == "" {
			return
		}
		a.home(ctx, team, e.User)
	}
}

// answer posts the bot's reply in a channel, in a thread when thread is
// set, after its files.
func (a *Adapter) answer(ctx context.Context, team, channel, thread string, req bot.Request) {
	reply := a.ask(ctx, req, channel)
	if reply.Text == "" && len(reply.Papers) == 0 {
		return
	}
	reply, _ = a.deliverFiles(ctx, channel, thread, "", reply)
	if err := a.post(ctx, team, channel, thread, a.render(reply, renderOpts{id: newMessageID()})); err != nil {
		a.log.Warn("slack: answer message", "chat", channel, "err", err)
	}
}

var (
	mentionRe = regexp.MustCompile(`<[@!][^>]*>`)           // <@U123>, <!here>
	channelRe = regexp.MustCompile(`<#[A-Z0-9]+\|([^>]*)>`) // <#C123|general>
	linkRe    = regexp.MustCompile(`<((?:https?|mailto):[^|>]*)(?:\|[^>]*)?>`)
	unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// plainText is message text as the reader typed it: mentions dropped,
// channel names and links written out, Slack's escapes undone.
func plainText(s string) string {
	s = mentionRe.ReplaceAllString(s, " ")
	s = channelRe.ReplaceAllString(s, "#$1")
	s = linkRe.ReplaceAllString(s, "$1")
	return strings.TrimSpace(unescaper.Replace(s))
}
