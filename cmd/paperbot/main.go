// Command paperbot recommends self-supervised computer-vision papers in
// chat. With no platform configured it chats in the terminal.
//
// Usage:
//
//	paperbot [serve]                 run the bot (terminal chat without tokens)
//	paperbot chat [--user NAME] [--out DIR]  chat in the terminal
//	paperbot ask [--user NAME] [--json] [--out DIR] TEXT...
//	paperbot search [--json] [--limit N] QUERY...
//	paperbot map [--out FILE] [--force] [--user NAME] [TOPIC|ID]
//	paperbot papers [--json] | paperbot papers validate FILE
//	paperbot check                   validate config and paper set
//	paperbot digest run [--at RFC3339] [--dry-run] [--force]
//	paperbot version
//
//	paperbot backup FILE | paperbot restore FILE
//	paperbot health [--ready]        Docker's HEALTHCHECK
//
// Every subcommand takes --config FILE (env PAPERBOT_CONFIG),
// --data-dir DIR (env PAPERBOT_DATA_DIR), --log-level and --log-format.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// exitError carries the exit status of a failed command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

// usageError is a mistake in how paperbot was called: status 1, one line.
func usageError(format string, args ...any) error {
	return &exitError{1, fmt.Errorf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "paperbot: internal error: %v\n", r)
			code = 2
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	err := env.dispatch(ctx, args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "paperbot: %v\n", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

// cli holds the process's streams for the subcommands.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (c *cli) dispatch(ctx context.Context, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprint(c.stdout, usage)
		return nil
	}
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	switch name {
	case "serve":
		return c.serve(ctx, args)
	case "chat":
		return c.chat(ctx, args)
	case "ask":
		return c.ask(ctx, args)
	case "search":
		return c.search(args)
	case "map":
		return c.mapCmd(ctx, args)
	case "papers":
		return c.papers(args)
	case "check":
		return c.check(args)
	case "digest":
		return c.digest(ctx, args)
	case "intake":
		return c.intakeCmd(ctx, args)
	case "backup":
		return c.backup(ctx, args)
	case "restore":
		return c.restore(ctx, args)
	case "migrate":
		return c.migrate(ctx, args)
	case "health":
		return c.health(ctx, args)
	case "version":
		fs, _ := c.newFlags("version")
		if err := c.parse(fs, args); err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, "paperbot", version())
		return nil
	case "help":
		fmt.Fprint(c.stdout, usage)
		return nil
	}
	return usageError("unknown command %q; run 'paperbot help'", name)
}

const usage = `paperbot recommends self-supervised computer-vision papers in chat.

Usage:
  paperbot [serve]                      run the bot; with no platform configured, chat in the terminal
  paperbot chat [--user NAME] [--out DIR]
                                        chat in the terminal; /export writes its files into DIR
                                        (default: the current directory)
  paperbot ask [--user NAME] [--json] [--out DIR] TEXT...
                                        handle one message as console:NAME and print the reply
  paperbot search [--json] [--limit N] QUERY...
                                        rank papers for a query (no reader state)
  paperbot map [--out FILE] [--force] [--user NAME] [TOPIC|ID]
                                        write the lineage map of a topic or paper as a PNG
                                        (default paperbot-map-TOPIC.png here) and print its path
  paperbot papers [--json]              list the paper set
  paperbot papers validate FILE         check a papers file
  paperbot check                        validate config and paper set, say what would start
  paperbot digest run [--at RFC3339] [--dry-run] [--force]
                                        one daily-paper pass now (or as if at --at); console
                                        readers' digests are printed; --dry-run sends nothing;
                                        an --at over 48 hours away needs --dry-run or --force
  paperbot intake run [--at RFC3339] [--file FEED.xml] [--dry-run] [--json]
                                        one arXiv harvest now (or as if at --at); --file reads an
                                        arXiv API response instead of the network; --dry-run stores nothing
  paperbot intake list [--json]         the papers waiting for an admin's review
  paperbot backup FILE                  a consistent copy of the store (- for standard output);
                                        while paperbot serves, through its ops listener
  paperbot restore FILE                 put a backup in place (paperbot must be stopped)
  paperbot migrate --to etcd [--from FILE] | --to bbolt
                                        copy the store between bbolt and store.etcd (into an
                                        empty target); an etcd backup is a bbolt file
  paperbot health [--ready]             ask the ops listener (http.listen) if paperbot is healthy
  paperbot version

Every command takes --config FILE (env PAPERBOT_CONFIG) and --data-dir DIR
(env PAPERBOT_DATA_DIR; default ~/.local/share/paperbot), and
--log-level debug|info|warn|error and --log-format text|json.
'paperbot COMMAND --help' shows a command's flags.
`
