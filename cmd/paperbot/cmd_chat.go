package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/paperbot/paperbot/adapters/console"
	"github.com/paperbot/paperbot/bot"
)

const connectHint = "No chat platform configured: chatting in the terminal. To connect Telegram set PAPERBOT_TELEGRAM_TOKEN; for Slack PAPERBOT_SLACK_BOT_TOKEN and PAPERBOT_SLACK_APP_TOKEN (see config.example.yaml)."

func (c *cli) chat(ctx context.Context, args []string) error {
	fs, g := c.newFlags("chat")
	user := fs.String("user", defaultUser(), "reader name: console:NAME")
	out := fs.String("out", "", "directory /export writes its files into (default: the current directory)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	return c.chatLoop(ctx, g, *user, *out)
}

func (c *cli) chatLoop(ctx context.Context, g *globals, user, out string) error {
	a, err := c.openApp(g)
	if err != nil {
		return err
	}
	defer a.Close()
	interactive := isTerminal(c.stdin)
	if interactive {
		fmt.Fprintf(c.stdout, "paperbot: %d papers. /help for commands, /quit to leave. You are console:%s.\n", len(a.set.Papers), user)
	}
	return console.Chat(ctx, a.bot, c.stdin, c.stdout, console.Options{User: user, Prompt: interactive, Dir: out})
}

func (c *cli) ask(ctx context.Context, args []string) error {
	fs, g := c.newFlags("ask")
	user := fs.String("user", defaultUser(), "reader name: console:NAME")
	asJSON := fs.Bool("json", false, "print the structured reply")
	out := fs.String("out", "", "directory /export writes its files into (default: the current directory)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" {
		return usageError("ask: nothing to ask; e.g. paperbot ask /paper contrastive")
	}
	a, err := c.openApp(g)
	if err != nil {
		return err
	}
	defer a.Close()
	reply, err := a.bot.Handle(ctx, bot.Request{Reader: "console:" + *user, Text: text})
	if err != nil {
		return err
	}
	reply = console.Deliver(reply, *out)
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(reply)
	}
	fmt.Fprint(c.stdout, console.Render(reply))
	return nil
}

// defaultUser is the login name, so "paperbot chat" remembers its reader.
func defaultUser() string {
	for _, v := range []string{"USER", "LOGNAME", "USERNAME"} {
		if u := os.Getenv(v); u != "" && !strings.ContainsAny(u, ": \t") {
			return u
		}
	}
	return "me"
}
