package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/paperbot/paperbot/data"
)

// mark is the shared body of /read, /unread, /save, /unsave and /dismiss.
func (c *call) mark(verb string) (*data.Paper, string, error) {
	p, err := c.paperArg(c.cmd.Rest)
	if err != nil {
		return nil, "", err
	}
	return p, c.apply(verb, p.ID), nil
}

// apply changes the reader's state for verb and returns the message key
// that says what happened.
func (c *call) apply(verb, id string) string {
	now := c.bot.now()
	set := func(m *map[string]time.Time) bool {
		if _, ok := (*m)[id]; ok {
			return false
		}
		if *m == nil {
			*m = map[string]time.Time{}
		}
		(*m)[id] = now
		return true
	}
	unset := func(m map[string]time.Time) bool {
		_, ok := m[id]
		delete(m, id)
		return ok
	}
	switch verb {
	case VerbRead:
		if set(&c.r.Read) {
			if c.r.Path == "" {
				if p := c.set.Paper(id); p != nil {
					c.r.Path = p.Topics[0]
				}
			}
			return "read.ok"
		}
		return "read.already"
	case VerbUnread:
		if unset(c.r.Read) {
			return "unread.ok"
		}
		return "unread.not"
	case VerbSave:
		if set(&c.r.Saved) {
			return "save.ok"
		}
		return "save.already"
	case VerbUnsave:
		if unset(c.r.Saved) {
			return "unsave.ok"
		}
		return "unsave.not"
	case VerbDismiss:
		set(&c.r.Dismissed)
		return "dismiss.ok"
	}
	return ""
}

func markCommand(verb string) func(c *call, out *Reply) error {
	return func(c *call, out *Reply) error {
		p, key, err := c.mark(verb)
		if err != nil {
			return err
		}
		out.Intro = c.t(key, p.ShortName())
		if verb != VerbDismiss {
			out.Papers = []Item{c.item(p, "")}
		}
		return nil
	}
}

var (
	cmdRead    = markCommand(VerbRead)
	cmdUnread  = markCommand(VerbUnread)
	cmdSave    = markCommand(VerbSave)
	cmdUnsave  = markCommand(VerbUnsave)
	cmdDismiss = markCommand(VerbDismiss)
)

// byTimeDesc lists the papers of m that are in the set, newest first.
func (c *call) byTimeDesc(m map[string]time.Time) []*data.Paper {
	var ps []*data.Paper
	for id := range m {
		if p := c.set.Paper(id); p != nil {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(a, b *data.Paper) int {
		return cmp.Or(m[b.ID].Compare(m[a.ID]), cmp.Compare(a.ID, b.ID))
	})
	return ps
}

func cmdSaved(c *call, out *Reply) error {
	ps := c.byTimeDesc(c.r.Saved)
	if len(ps) == 0 {
		out.Intro = c.t("saved.none")
		return nil
	}
	out.Intro = c.t("saved", len(ps))
	for _, p := range ps {
		out.Papers = append(out.Papers, c.item(p, ""))
	}
	return nil
}

func cmdHistory(c *call, out *Reply) error {
	ps := c.byTimeDesc(c.r.Read)
	if len(ps) == 0 {
		out.Intro = c.t("history.none")
		return nil
	}
	out.Intro = c.t("history", len(ps))
	for _, p := range ps {
		it := c.item(p, "")
		it.Why = c.t("status.read", c.r.Read[p.ID].Format("2006-01-02"))
		out.Papers = append(out.Papers, it)
	}
	return nil
}

// readIn counts the read papers of the set filed under topic ("" = all).
func (c *call) readIn(topic string) (read, total int) {
	for i := range c.set.Papers {
		p := &c.set.Papers[i]
		if topic != "" && !c.set.HasTopic(p, topic) {
			continue
		}
		total++
		if _, ok := c.r.Read[p.ID]; ok {
			read++
		}
	}
	return read, total
}

func cmdProgress(c *call, out *Reply) error {
	read, total := c.readIn("")
	pct := 0
	if total > 0 {
		pct = read * 100 / total
	}
	out.Intro = c.t("progress", read, total, pct)
	rows := [][]string{}
	for _, tp := range c.set.Topics {
		if tp.Parent != "" {
			continue
		}
		n, m := c.readIn(tp.ID)
		if m == 0 {
			continue
		}
		rows = append(rows, []string{tp.Name.In(c.lang), bar(n, m), fmt.Sprintf("%d/%d", n, m)})
	}
	out.Pre = c.t("progress.bytopic") + "\n" + table(rows)
	outro := c.t("progress.saved", len(c.r.Saved), len(c.r.Dismissed))
	if s := streak(c.r.Read, c.bot.now()); s > 1 {
		outro += "\n" + c.t("progress.streak", s)
	}
	out.Outro = outro
	return nil
}

// streak counts consecutive days, ending today or yesterday (UTC), on which
// the reader marked something read.
func streak(read map[string]time.Time, now time.Time) int {
	days := map[string]bool{}
	for _, at := range read {
		days[at.UTC().Format(time.DateOnly)] = true
	}
	d := now.UTC()
	if !days[d.Format(time.DateOnly)] {
		d = d.AddDate(0, 0, -1)
	}
	n := 0
	for days[d.Format(time.DateOnly)] {
		n++
		d = d.AddDate(0, 0, -1)
	}
	return n
}

func cmdTopics(c *call, out *Reply) error {
	out.Intro = c.t("topics")
	var rows [][]string
	depth := map[string]int{}
	for _, tp := range c.set.Topics {
		if tp.Parent != "" {
			depth[tp.ID] = depth[tp.Parent] + 1
		}
		n, m := c.readIn(tp.ID)
		if m == 0 {
			continue
		}
		indent := ""
		for range depth[tp.ID] {
			indent += "  "
		}
		rows = append(rows, []string{indent + tp.ID, tp.Name.In(c.lang), fmt.Sprintf("%d/%d", n, m)})
	}
	out.Pre = table(rows)
	return nil
}

func cmdPath(c *call, out *Reply) error {
	if c.cmd.Rest == "" {
		return c.fail("path.need")
	}
	tp, ok := c.eng.ResolveTopic(c.cmd.Rest)
	if !ok {
		return c.fail("topic.unknown", quote(c.cmd.Rest))
	}
	c.r.Path = tp.ID
	out.Compact = true
	path := c.eng.Path(tp.ID)
	read := 0
	for _, p := range path {
		it := c.item(p, "")
		if it.Read {
			read++
		}
		out.Papers = append(out.Papers, it)
	}
	out.Intro = c.t("path", tp.Name.In(c.lang), read, len(path))
	return nil
}

func cmdLeaderboard(c *call, out *Reply) error {
	var ps []*data.Paper
	for i := range c.set.Papers {
		if c.set.Papers[i].ImageNet != nil {
			ps = append(ps, &c.set.Papers[i])
		}
	}
	slices.SortStableFunc(ps, func(a, b *data.Paper) int {
		return cmp.Or(cmp.Compare(b.ImageNet.Top1, a.ImageNet.Top1), cmp.Compare(a.Year, b.Year))
	})
	out.Intro = c.t("leaderboard")
	rows := [][]string{}
	for i, p := range ps {
		mark := ""
		if _, ok := c.r.Read[p.ID]; ok {
			mark = "✓"
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), strconv.FormatFloat(p.ImageNet.Top1, 'f', 1, 64),
			mark + p.ShortName(), strconv.Itoa(p.Year), p.ID})
		out.Papers = append(out.Papers, c.item(p, ""))
	}
	out.Pre = table(rows)
	out.Listed = true
	if len(c.set.References) > 0 {
		out.Outro = c.t("leaderboard.refs")
		for _, r := range c.set.References {
			out.Outro += fmt.Sprintf("\n%s: %.1f (%s)", r.Label.In(c.lang), r.Top1, r.Note.In(c.lang))
		}
	}
	return nil
}
