package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paperbot/paperbot/adapters/arxiv"
	"github.com/paperbot/paperbot/bot/intake"
)

// intakeCmd runs "paperbot intake run|list".
func (c *cli) intakeCmd(ctx context.Context, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		c.printGroupUsage("intake", "run", "list")
		return nil
	}
	if len(args) == 0 {
		return usageError("intake: want 'paperbot intake run [--at RFC3339] [--file FEED.xml] [--dry-run] [--json]' or 'paperbot intake list [--json]'")
	}
	switch args[0] {
	case "run":
		return c.intakeRun(ctx, args[1:])
	case "list":
		return c.intakeList(ctx, args[1:])
	}
	return usageError("intake: unknown %q; want run or list", args[0])
}

// intakeReport is what "intake run --json" prints.
type intakeReport struct {
	Fetched  int           `json:"fetched"`
	Accepted []intake.Item `json:"accepted"`
	Queued   []intake.Item `json:"queued"`
	Rejected []intake.Item `json:"rejected"`
	Updated  int           `json:"updated"`
	Known    int           `json:"known"`
	DryRun   bool          `json:"dry_run"`
}

func (c *cli) intakeRun(ctx context.Context, args []string) error {
	fs, g := c.newFlags("intake run")
	at := fs.String("at", "", "harvest as if the clock said this time (RFC 3339)")
	file := fs.String("file", "", "read an arXiv API Atom response from this file instead of the network")
	dry := fs.Bool("dry-run", false, "decide and print; store nothing")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("intake run: unexpected %q", strings.Join(fs.Args(), " "))
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return usageError("intake run: --at %q is not an RFC 3339 time such as 2026-11-28T22:00:00-05:00", *at)
		}
		now = t
	}
	var fetch intake.FetchFunc
	if *file != "" {
		f, err := os.Open(*file)
		if err != nil {
			return fmt.Errorf("intake run: %w", err)
		}
		feed, err := arxiv.ParseFeed(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("intake run: %s: %w", *file, err)
		}
		if feed.Skipped > 0 {
			fmt.Fprintf(c.stderr, "intake run: %s: skipped %d unusable entries\n", *file, feed.Skipped)
		}
		// A file is taken whole: its entries are what the operator wants
		// decided, whatever the window.
		fetch = func(_ context.Context, _ time.Time, page func([]intake.Entry) error) error {
			return page(feed.Entries)
		}
	}
	a, err := c.openApp(g)
	if err != nil {
		return err
	}
	defer a.Close()
	if fetch == nil {
		fetch = fetchFrom(a.arxivClient())
	}
	rep, err := a.harvester.Run(ctx, fetch, now, *dry)
	if err != nil {
		return err
	}
	out := intakeReport{Fetched: rep.Fetched, Accepted: nonNil(rep.Accepted), Queued: nonNil(rep.Queued),
		Rejected: nonNil(rep.Rejected), Updated: rep.Updated, Known: rep.Known, DryRun: *dry}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DECISION\tARXIV\tSCORE\tTOPICS\tTITLE\t")
	for _, group := range []struct {
		name  string
		items []intake.Item
	}{{"accepted", rep.Accepted}, {"queued", rep.Queued}, {"rejected", rep.Rejected}} {
		for _, it := range group.items {
			fmt.Fprintf(tw, "%s\t%s\t%.2f\t%s\t%s\t\n", group.name, it.ArXiv, it.Score, strings.Join(it.Topics, ","), clipTitle(it.Title))
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print report: %w", err)
	}
	note := ""
	if *dry {
		note = " (dry run: nothing stored)"
	}
	fmt.Fprintf(c.stderr, "harvest at %s since %s: %d fetched, %d accepted, %d queued, %d rejected, %d updated, %d already known%s\n",
		now.Format(time.RFC3339), rep.Since.Format(time.DateOnly), rep.Fetched, len(rep.Accepted), len(rep.Queued),
		len(rep.Rejected), rep.Updated, rep.Known, note)
	return nil
}

func (c *cli) intakeList(ctx context.Context, args []string) error {
	fs, g := c.newFlags("intake list")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("intake list: unexpected %q", strings.Join(fs.Args(), " "))
	}
	a, err := c.openApp(g)
	if err != nil {
		return err
	}
	defer a.Close()
	q, err := a.harvester.Queue(ctx)
	if err != nil {
		return err
	}
	items := make([]intake.Item, 0, len(q))
	for i := range q {
		it := intake.Item{ArXiv: q[i].Paper.ArXiv, ID: q[i].Paper.ID, Title: q[i].Paper.Title,
			Topics: q[i].Paper.Topics, Score: q[i].Paper.Score}
		if q[i].Paper.Reason != nil {
			it.Reason = q[i].Paper.Reason.EN
		}
		items = append(items, it)
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	if len(items) == 0 {
		fmt.Fprintln(c.stdout, "no papers wait for review")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARXIV\tSCORE\tTOPICS\tTITLE\t")
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%.2f\t%s\t%s\t\n", it.ArXiv, it.Score, strings.Join(it.Topics, ","), clipTitle(it.Title))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print queue: %w", err)
	}
	fmt.Fprintln(c.stderr, "accept or reject in chat as an admin: /accept ARXIV-ID, /reject ARXIV-ID")
	return nil
}

func nonNil(items []intake.Item) []intake.Item {
	if items == nil {
		return []intake.Item{}
	}
	return items
}

func clipTitle(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}
