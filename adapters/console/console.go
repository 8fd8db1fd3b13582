// Package console is the terminal adapter: a chat over an io.Reader and an
// io.Writer, so a whole conversation can be a test. Every line typed is one
// message from one reader, "console:NAME".
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paperbot/paperbot/bot"
)

// Handler answers requests; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) (bot.Reply, error)
}

// Chat reads messages line by line from in and writes the replies to out
// until in ends, ctx is cancelled or the reader types /quit. A prompt is
// written before each line when prompt is true.
func Chat(ctx context.Context, h Handler, in io.Reader, out io.Writer, user string, prompt bool) error {
	guard := bot.GuardOf(h, nil)
	n := 0 // lines asked, the update id in logs
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(lines)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
	}()
	for {
		if prompt {
			fmt.Fprint(out, "> ")
		}
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			if err := <-errc; err != nil {
				return fmt.Errorf("read terminal: %w", err)
			}
			return nil
		}
		line = strings.TrimSpace(line)
		switch line {
		case "":
			continue
		case "/quit", "/exit":
			return nil
		}
		n++
		reply, err := ask(ctx, guard, h, bot.Request{Reader: "console:" + user, Text: line}, n)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(out, Render(reply)); err != nil {
			return fmt.Errorf("write terminal: %w", err)
		}
	}
}

// ask hands the n-th line to the bot inside its Guard: a panic is logged
// and counted, the reader gets an apology, and the chat goes on.
func ask(ctx context.Context, guard *bot.Guard, h Handler, req bot.Request, n int) (reply bot.Reply, err error) {
	command, _, _ := strings.Cut(req.Text, " ")
	if !strings.HasPrefix(command, "/") || len(command) > 40 {
		command = "" // a search: what was typed stays out of the log
	}
	u := bot.Update{Platform: "console", ID: strconv.Itoa(n), Command: command, Reader: req.Reader}
	guard.Run(ctx, u, func(ctx context.Context) { reply, err = h.Handle(ctx, req) },
		func(_ context.Context, r bot.Reply) { reply, err = r, nil })
	return reply, err
}

// Render is a reply as the terminal shows it: the plain text, and the More
// button as the command that does the same.
func Render(r bot.Reply) string {
	var b strings.Builder
	b.WriteString(r.Text)
	for _, btn := range r.Buttons {
		if btn.Action.Verb == bot.VerbMore {
			fmt.Fprintf(&b, "\n%s /more %d %s", btn.Label, btn.Action.Offset, btn.Action.Query)
		}
	}
	if b.Len() > 0 {
		b.WriteString("\n\n")
	}
	return b.String()
}
