// Package console is the terminal adapter: a chat over an io.Reader and an
// io.Writer, so a whole conversation can be a test. Every line typed is one
// message from one reader, "console:NAME".
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/paperbot/paperbot/bot"
)

// Handler answers requests; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) (bot.Reply, error)
}

// Options configures Chat.
type Options struct {
	User   string // the reader is "console:USER"
	Prompt bool   // write a prompt before each line
	Dir    string // where files a reply carries (an export) are written; "" is the current directory
}

// Chat reads messages line by line from in and writes the replies to out
// until in ends, ctx is cancelled or the reader types /quit. Files a reply
// carries are written into o.Dir and their paths printed (Deliver).
func Chat(ctx context.Context, h Handler, in io.Reader, out io.Writer, o Options) error {
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
		if o.Prompt {
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
		reply, err := h.Handle(ctx, bot.Request{Reader: "console:" + o.User, Text: line})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(out, Render(Deliver(reply, o.Dir))); err != nil {
			return fmt.Errorf("write terminal: %w", err)
		}
	}
}

// Render is a reply as the terminal shows it: the plain text, and the More
// button as the command that does the same. A reply whose files were not
// delivered (Deliver) shows its text fallback.
func Render(r bot.Reply) string {
	r = r.WithoutFiles()
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
