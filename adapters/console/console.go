// Package console is the terminal adapter: a chat over an io.Reader and an
// io.Writer, so a whole conversation can be a test. Every line typed is one
// message from one reader, "console:NAME".
package console

import (
	"bufio"
	"bytes"
	"context"
	"errors"
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

// MaxLine is the longest line Chat reads. A longer one is refused with a
// short message and the chat goes on.
const MaxLine = 1 << 20

// line is one line read from the terminal; tooLong lines are not kept.
type line struct {
	text    string
	tooLong bool
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
	guard := bot.GuardOf(h, nil)
	n := 0 // lines asked, the update id in logs
	lines := make(chan line)
	errc := make(chan error, 1)
	go func() {
		defer close(lines)
		errc <- readLines(ctx, bufio.NewReader(in), lines)
	}()
	for {
		if o.Prompt {
			fmt.Fprint(out, "> ")
		}
		var l line
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case l, ok = <-lines:
		}
		if !ok {
			if err := <-errc; err != nil {
				return fmt.Errorf("read terminal: %w", err)
			}
			return nil
		}
		req := bot.Request{Reader: "console:" + o.User, Text: strings.TrimSpace(l.text), TooLong: l.tooLong}
		switch {
		case req.TooLong:
		case req.Text == "":
			continue
		case req.Text == "/quit", req.Text == "/exit":
			return nil
		}
		n++
		reply, err := ask(ctx, guard, h, req, n)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(out, Render(Deliver(reply, o.Dir))); err != nil {
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

// readLines sends the lines of r to lines until r ends (nil) or fails, or
// ctx is cancelled.
func readLines(ctx context.Context, r *bufio.Reader, lines chan<- line) error {
	for {
		l, err := readLine(r, MaxLine)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		select {
		case lines <- l:
		case <-ctx.Done():
			return nil
		}
	}
}

// readLine reads one line of at most max bytes, without its line end. The
// rest of a longer line is read and dropped, and the line comes back
// marked tooLong. It returns io.EOF when r has no more lines.
func readLine(r *bufio.Reader, max int) (line, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			buf = append(buf, chunk...)
			if len(bytes.TrimRight(buf, "\r\n")) > max {
				tooLong, buf = true, nil
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && (len(buf) > 0 || tooLong):
			err = nil // a last line without a line end
		case err != nil:
			return line{}, err
		}
		text := strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r")
		return line{text: text, tooLong: tooLong}, nil
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
