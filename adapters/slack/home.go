package slack

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/bot"
)

// homeID prefixes the block ids of the paper on App Home.
const homeID = "home"

// home publishes a reader's App Home: their progress, the paper of the day
// (with its buttons) and their settings, each the bot's own answer to
// /progress, /today and /settings.
func (a *Adapter) home(ctx context.Context, team, user string) {
	ctx = bot.WithUpdate(ctx, "") // three reads, none a change to keep once
	reader := readerKey(team, user)
	ask := func(text string) bot.Reply {
		return a.ask(ctx, bot.Request{Reader: reader, Text: text, NoPictures: true}, "home") // Home shows text only
	}
	blocks := a.homeBlocks(ask("/progress"), ask("/today"), ask("/settings"))
	if err := a.publishHome(ctx, user, blocks); err != nil {
		a.log.Warn("slack: publish App Home", "team", team, "err", err)
	}
}

// homeBlocks lays out App Home.
func (a *Adapter) homeBlocks(progress, today, settings bot.Reply) []slack.Block {
	blocks := []slack.Block{slack.NewHeaderBlock(plain("paperbot"))}
	blocks = append(blocks, a.render(progress, renderOpts{id: "progress"}).blocks...)
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, a.render(today, renderOpts{id: homeID}).blocks...)
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, a.render(settings, renderOpts{id: "settings"}).blocks...)
	blocks = append(blocks, slack.NewContextBlock("hint", mrkdwn(bot.Text(settings.Lang, "home.hint"))))
	if len(blocks) > maxHomeBlocks {
		blocks = blocks[:maxHomeBlocks]
	}
	return blocks
}

// homePress finishes a press on App Home: results (similar papers) go to
// the reader's direct messages, and Home is redrawn with the new state.
func (a *Adapter) homePress(ctx context.Context, team, user string, reply bot.Reply) {
	if !reply.Edit && len(reply.Papers) > 0 {
		if err := a.Send(ctx, readerKey(team, user), reply); err != nil {
			a.log.Warn("slack: send results from App Home", "team", team, "err", err)
		}
	}
	a.home(ctx, team, user)
}
