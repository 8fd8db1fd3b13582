package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// commandHelp is each command's synopsis and what it does, by the name of
// its flag set, for --help.
var commandHelp = map[string]struct{ synopsis, about string }{
	"serve": {"paperbot [serve]",
		"Run the bot: the configured chat platforms, the daily paper, arXiv intake,\nscheduled backups and the ops listener. With no platform configured it\nchats in the terminal."},
	"chat":   {"paperbot chat [--user NAME]", "Chat with the bot in the terminal, as the reader console:NAME."},
	"ask":    {"paperbot ask [--user NAME] [--json] TEXT...", "Handle one message as console:NAME and print the reply."},
	"search": {"paperbot search [--json] [--limit N] QUERY...", "Rank papers for a query, without any reader's state."},
	"papers": {"paperbot papers [--json]", "List the paper set. 'paperbot papers validate FILE' checks a papers file."},
	"papers validate": {"paperbot papers validate FILE",
		"Check a papers file; any problem is named by line and field."},
	"check": {"paperbot check",
		"Validate the config and the paper set exactly as serve does, and say\nwhat serve would start."},
	"digest run": {"paperbot digest run [--at RFC3339] [--dry-run] [--force]",
		"One daily-paper pass now, or as if the clock said --at. Console readers'\ndigests are printed here. An --at more than 48 hours from now needs\n--dry-run (look only) or --force (record real digests for that day)."},
	"intake run": {"paperbot intake run [--at RFC3339] [--file FEED.xml] [--dry-run] [--json]",
		"One arXiv harvest now, or as if the clock said --at."},
	"intake list": {"paperbot intake list [--json]", "The papers waiting for an admin's review."},
	"backup": {"paperbot backup FILE",
		"Write a consistent copy of the store to FILE (- for standard output).\nWhile paperbot serves, the copy comes through its ops listener."},
	"restore": {"paperbot restore BACKUP",
		"Put a backup in place of the store (paperbot must be stopped). The store\nit replaces is kept beside it."},
	"health":  {"paperbot health [--ready]", "Ask the ops listener (http.listen) whether paperbot is healthy, or ready."},
	"version": {"paperbot version", "Print paperbot's version."},
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help":
		return true
	}
	return false
}

// printUsage writes the --help of the command whose flag set is fs to
// standard output.
func (c *cli) printUsage(fs *flag.FlagSet) {
	h := commandHelp[fs.Name()]
	fmt.Fprintf(c.stdout, "Usage: %s\n\n%s\n\nFlags:\n", h.synopsis, h.about)
	fs.SetOutput(c.stdout)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// printGroupUsage is the --help of a command that needs a subcommand
// ("paperbot intake --help"): the synopses of its subcommands.
func (c *cli) printGroupUsage(group string, subs ...string) {
	fmt.Fprintln(c.stdout, "Usage:")
	for _, s := range subs {
		fmt.Fprintln(c.stdout, "  "+commandHelp[group+" "+s].synopsis)
	}
	fmt.Fprintf(c.stdout, "\nRun 'paperbot %s %s --help' for what each does and its flags.\n", group, strings.Join(subs, "|"))
}

// parse parses args. -h or --help prints the command's usage to standard
// output and returns flag.ErrHelp, which ends paperbot with status 0; any
// other flag error is a one-line usage error.
func (c *cli) parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case err == flag.ErrHelp:
		c.printUsage(fs)
		return flag.ErrHelp
	}
	return usageError("%s: %v", fs.Name(), err)
}
