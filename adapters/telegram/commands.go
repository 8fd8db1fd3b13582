package telegram

import (
	"context"
	"regexp"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// commandRe is what Telegram accepts as a command name in a menu.
var commandRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// menuSkip are commands the menu leaves out: buttons do them.
var menuSkip = map[string]bool{"more": true}

// setCommands sets the command menu: English for everyone, Chinese for
// clients set to Chinese. A failure is logged once; the bot works without
// a menu.
func (a *Adapter) setCommands(ctx context.Context) {
	for _, l := range []struct{ lang, code string }{{"en", ""}, {"zh", "zh"}} {
		cfg := tgbotapi.SetMyCommandsConfig{Commands: menu(a.o.Handler.Commands(l.lang)), LanguageCode: l.code}
		err := a.c.once(ctx, "setMyCommands", a.c.short, func(api *tgbotapi.BotAPI) error {
			_, err := api.Request(cfg)
			return err
		})
		if err != nil {
			a.log.Warn("cannot set the command menu; commands still work when typed", "err", err)
			return
		}
	}
}

// menu turns the bot's command list into Telegram's, keeping what Telegram
// accepts: names of [a-z0-9_]{1,32}, descriptions of 1-256 characters.
func menu(cmds [][2]string) []tgbotapi.BotCommand {
	var out []tgbotapi.BotCommand
	for _, c := range cmds {
		name, desc := c[0], truncate(c[1], 256)
		if !commandRe.MatchString(name) || menuSkip[name] || desc == "" {
			continue
		}
		out = append(out, tgbotapi.BotCommand{Command: name, Description: desc})
	}
	return out
}
