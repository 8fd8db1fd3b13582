package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/paperbot/paperbot/bot"
)

// mapCmd writes the lineage map of a topic or a paper (or of the reader's
// path, or the whole set) to a PNG file and prints its path: /map as
// console:NAME asks it, so that reader's papers are marked.
func (c *cli) mapCmd(ctx context.Context, args []string) error {
	fs, g := c.newFlags("map")
	user := fs.String("user", defaultUser(), "reader name: console:NAME, whose read and saved papers are marked")
	out := fs.String("out", "", "the PNG file to write (default paperbot-map-TOPIC.png in the current directory)")
	force := fs.Bool("force", false, "replace the file if it exists")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	a, err := c.openApp(g)
	if err != nil {
		return err
	}
	defer a.Close()
	reply, err := a.bot.Handle(ctx, bot.Request{Reader: "console:" + *user, Text: "/map " + strings.Join(fs.Args(), " ")})
	if err != nil {
		return err
	}
	if len(reply.Files) == 0 { // bad input: the reply says why
		return &exitError{1, errors.New(reply.Text)}
	}
	f := reply.Files[0]
	path := *out
	if path == "" {
		path = f.Name
	}
	if err := writeNew(path, f.Data, *force); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, path)
	return nil
}

// writeNew writes data to a file that must not exist yet, unless force.
func writeNew(path string, data []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return usageError("%s exists; choose another --out, or --force to replace it", path)
	}
	if err != nil {
		return fmt.Errorf("write map: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write map %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write map %s: %w", path, err)
	}
	return nil
}
