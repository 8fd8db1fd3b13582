package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// searchResult is one line of `paperbot search --json`.
type searchResult struct {
	ID     string  `json:"id"`
	ArXiv  string  `json:"arxiv"`
	Title  string  `json:"title"`
	Year   int     `json:"year"`
	Score  float64 `json:"score"`
	Reason string  `json:"reason"`
}

func (c *cli) search(args []string) error {
	fs, g := c.newFlags("search")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 10, "how many results")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if *limit < 1 || *limit > 1000 {
		return usageError("search: --limit must be between 1 and 1000")
	}
	q := strings.Join(fs.Args(), " ")
	set, err := c.setWithIntake(g)
	if err != nil {
		return err
	}
	e := recommend.New(set)
	a := e.Answer(q, recommend.History{}, 0, *limit)
	out := make([]searchResult, 0, len(a.Hits))
	for _, h := range a.Hits {
		out = append(out, searchResult{h.Paper.ID, h.Paper.ArXiv, h.Paper.Title, h.Paper.Year, h.Score, h.Reason.Text("en", set)})
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.stdout, noAnswer(a, q))
		return nil
	}
	switch a.Kind {
	case recommend.AnswerAfter:
		fmt.Fprintf(c.stdout, "papers that build on %s:\n", a.Subject.ShortName())
	case recommend.AnswerBefore:
		fmt.Fprintf(c.stdout, "what %s builds on:\n", a.Subject.ShortName())
	case recommend.AnswerCompare:
		fmt.Fprintf(c.stdout, "%s vs %s (paperbot chat: /compare shows a table):\n", a.Subject.ShortName(), a.Other.ShortName())
	}
	for i, r := range out {
		fmt.Fprintf(c.stdout, "%2d. %6.2f  %-18s %s (%d)\n      %s\n", i+1, r.Score, r.ID, r.Title, r.Year, r.Reason)
	}
	return nil
}

// noAnswer says why a search printed no paper.
func noAnswer(a recommend.Answer, q string) string {
	switch {
	case a.Kind == recommend.AnswerLookup:
		return fmt.Sprintf("arXiv:%s is not in the set yet (papers come in through arXiv intake)", a.ArXiv)
	case a.Kind == recommend.AnswerAfter:
		return fmt.Sprintf("nothing in the set builds on %s", a.Subject.ShortName())
	case a.Kind == recommend.AnswerBefore:
		return fmt.Sprintf("%s builds on no other paper in the set", a.Subject.ShortName())
	case a.Broad:
		return fmt.Sprintf("every paper in the set is about %q; name a method, a topic or an author", q)
	}
	return fmt.Sprintf("the set has nothing on %q; 'paperbot chat' and /topics list what it covers", q)
}

func (c *cli) papers(args []string) error {
	if len(args) > 0 && args[0] == "validate" {
		return c.validatePapers(args[1:])
	}
	fs, g := c.newFlags("papers")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("papers: unexpected %q; did you mean 'paperbot papers validate FILE'?", fs.Arg(0))
	}
	set, err := c.setWithIntake(g)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(set.Papers)
	}
	for _, p := range set.Papers {
		fmt.Fprintf(c.stdout, "%-20s %-11s %d  %s\n", p.ID, p.ArXiv, p.Year, p.Title)
	}
	fmt.Fprintf(c.stdout, "%d papers, %d topics\n", len(set.Papers), len(set.Topics))
	return nil
}

func (c *cli) validatePapers(args []string) error {
	fs, _ := c.newFlags("papers validate")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("papers validate: give one file")
	}
	path := fs.Arg(0)
	if _, err := os.Stat(path); err != nil {
		return usageError("papers validate: %v", err)
	}
	set, err := data.Load(path, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s: ok (%d papers with the embedded set)\n", path, len(set.Papers))
	return nil
}

func (c *cli) check(args []string) error {
	fs, g := c.newFlags("check")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	cfg, set, err := loadConfigAndSet(g)
	if err != nil {
		return err
	}
	src := "config: none (defaults and environment)"
	if cfg.file != "" {
		src = "config: " + cfg.file + " ok"
	}
	fmt.Fprintln(c.stdout, src)
	papers := "embedded"
	if cfg.Papers.File != "" {
		papers = "embedded + " + cfg.Papers.File
		if cfg.Papers.Replace {
			papers = cfg.Papers.File
		}
	}
	fmt.Fprintf(c.stdout, "papers: %d (%s), %d topics\n", len(set.Papers), papers, len(set.Topics))
	fmt.Fprintf(c.stdout, "store: %s\n", cfg.storeLine())
	for _, line := range cfg.startPlan() {
		fmt.Fprintln(c.stdout, "would start: "+line)
	}
	return nil
}

// setWithIntake is the paper set as the bot serves it: the papers files
// and the papers arXiv intake accepted (read from the store when there is
// one and no other process holds it; otherwise said on stderr).
func (c *cli) setWithIntake(g *globals) (*data.Set, error) {
	cfg, set, err := loadConfigAndSet(g)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(cfg.storePath()); err != nil && !cfg.etcd() {
		return set, nil // no store yet: nothing was harvested
	}
	db, err := openStore(context.Background(), cfg, slog.New(slog.DiscardHandler), nil, 300*time.Millisecond)
	if err != nil {
		fmt.Fprintf(c.stderr, "paperbot: papers from arXiv intake left out: %v\n", err)
		return set, nil
	}
	defer db.Close()
	papers, err := intake.AcceptedPapers(context.Background(), db)
	if err != nil {
		return nil, fmt.Errorf("read accepted papers: %w", err)
	}
	set, _ = set.With(papers)
	return set, nil
}
