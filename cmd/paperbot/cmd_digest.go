package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/digest"
)

// farAt is how far from now an --at may be before digest run asks for
// --dry-run or --force: a pass records real digests for its day, and one
// far off (a typo, 9999-12-31) would block that day's real ones.
const farAt = 48 * time.Hour

// digest runs "paperbot digest run [--at RFC3339] [--dry-run] [--force]":
// one scheduler pass as if the clock said --at, through the configured
// platforms, with console readers' digests printed here. With --dry-run
// it lists who would get which paper and sends nothing.
func (c *cli) digest(ctx context.Context, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		c.printGroupUsage("digest", "run")
		return nil
	}
	if len(args) == 0 || args[0] != "run" {
		return usageError("digest: want 'paperbot digest run [--at RFC3339] [--dry-run] [--force]'")
	}
	fs, g := c.newFlags("digest run")
	at := fs.String("at", "", "run the pass as if the clock said this time (RFC 3339, e.g. 2026-03-14T08:30:00+08:00)")
	dry := fs.Bool("dry-run", false, "list who would get what; send and record nothing")
	force := fs.Bool("force", false, "run for an --at more than 48 hours from now, recording real digests for that day")
	if err := c.parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("digest run: unexpected %q", strings.Join(fs.Args(), " "))
	}
	now, err := passTime(*at, time.Now(), *dry || *force)
	if err != nil {
		return err
	}
	a, err := c.openApp(g)
	if err != nil {
		return err
	}
	defer a.Close()
	if *dry {
		return a.digestPlan(ctx, c, now)
	}
	senders := map[string]bot.Sender{"console": &consoleSender{w: c.stdout}}
	for _, name := range a.cfg.platforms() {
		p, err := a.newPlatform(name)
		if err != nil {
			return err
		}
		senders[name] = p
	}
	claims, done, err := a.runClaims(ctx)
	if err != nil {
		return err
	}
	defer done()
	s, err := a.schedulerOn(a.store, claims, senders)
	if err != nil {
		return err
	}
	rep, err := s.RunOnce(ctx, now)
	fmt.Fprintf(c.stderr, "digest pass at %s: %d subscribers, %d due: %d sent, %d had theirs already, %d failed (retried later that day), %d unsubscribed (unreachable), %d unconfirmed (not resent)\n",
		now.Format(time.RFC3339), rep.Subscribers, rep.Due, rep.Sent, rep.Already, rep.Failed, rep.Unsubscribed, rep.Unconfirmed)
	if rep.Elsewhere > 0 {
		fmt.Fprintf(c.stderr, "%d were being sent by another replica's pass just then; left to it\n", rep.Elsewhere)
	}
	if rep.NoSender > 0 {
		fmt.Fprintf(c.stderr, "%d due on platforms not configured here; they get theirs from the server that has them\n", rep.NoSender)
	}
	return err
}

// passTime is the time a pass runs as: now, or at (RFC 3339). An at more
// than farAt from now is refused unless sure (--dry-run or --force).
func passTime(at string, now time.Time, sure bool) (time.Time, error) {
	if at == "" {
		return now, nil
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return time.Time{}, usageError("digest run: --at %q is not an RFC 3339 time such as 2026-03-14T08:30:00Z", at)
	}
	if off := t.Sub(now).Abs(); off > farAt && !sure {
		return time.Time{}, usageError("digest run: --at %s is %s from now, and the pass would record real digests "+
			"for that day; add --dry-run to only look, or --force to run it anyway", at, farText(off))
	}
	return t, nil
}

// farText says a long duration in days, or hours under two days.
func farText(d time.Duration) string {
	if days := int(d.Hours() / 24); days >= 2 {
		return fmt.Sprintf("%d days", days)
	}
	return fmt.Sprintf("%.0f hours", d.Hours())
}

// digestPlan prints the digests a pass at now would send.
func (a *app) digestPlan(ctx context.Context, c *cli, now time.Time) error {
	s, err := a.newScheduler(nil)
	if err != nil {
		return err
	}
	plan, err := s.Plan(ctx, now)
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "READER\tDAY\tDUE (UTC)\tPAPER\t")
	for _, p := range plan {
		paper := p.Paper
		if paper == "" {
			paper = "(every paper used: congratulation)"
		}
		if p.Retry {
			paper += " (retry)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", p.Key, p.Day, p.Due.UTC().Format("2006-01-02 15:04"), paper)
	}
	if ferr := tw.Flush(); ferr != nil {
		return fmt.Errorf("print plan: %w", ferr)
	}
	fmt.Fprintf(c.stderr, "dry run at %s: %d digests would be sent; nothing was sent or recorded\n", now.Format(time.RFC3339), len(plan))
	return err
}

// runClaims returns the digest claims of a one-off pass: none with bbolt
// (the file is this process's alone), and with etcd claims under a lease
// of this process, so a pass run by hand and the leader's passes never
// send one reader two digests. done ends the lease.
func (a *app) runClaims(ctx context.Context) (digest.Claims, func(), error) {
	if a.etcd == nil {
		return nil, func() {}, nil
	}
	s, err := a.etcd.Session(ctx, a.cfg.Store.Etcd.leaseT)
	if err != nil {
		return nil, nil, fmt.Errorf("digest run: %w", err)
	}
	return a.etcd.Claims(s, newLeadership().id+"-digest-run"), func() { s.Close() }, nil
}
