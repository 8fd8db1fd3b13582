package slack

import (
	"context"
	"regexp"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/paperbot/paperbot/bot"
)

// sorry is the answer when the bot could not do its work (the store
// failed); the error itself is logged.
const sorry = "Sorry, something went wrong; please try again in a moment. / 出错了，请稍后再试。"

// ask hands a request to the bot. An internal error is logged and becomes
// a short apology.
func (a *Adapter) ask(ctx context.Context, req bot.Request, chat string) bot.Reply {
	r, err := a.bot.Handle(ctx, req)
	if err != nil {
		command := "message"
		if req.Action != nil {
			command = "button:" + req.Action.Verb
		}
		a.log.Error("slack: handle request", "chat", chat, "command", command, "err", err)
		return bot.Reply{Text: sorry, Intro: sorry, Papers: []bot.Item{}}
	}
	return r
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
