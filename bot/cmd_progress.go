package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paperbot/paperbot/bot/recommend"
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
	outro := c.t("progress.tax") + "\n" + c.t("progress.saved", len(c.r.Saved), len(c.r.Dismissed))
	if s := streak(c.r.Read, c.bot.now()); s > 1 {
		outro += "\n" + c.t("progress.streak", s)
	}
	out.Outro = outro
	c.addProgressChart(out)
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

// cmdPath shows a topic's curated reading path: its core, then one line
// per branch; "/path TOPIC BRANCH" opens a branch. The topic becomes the
// reader's path, which /next follows (the core first).
func cmdPath(c *call, out *Reply) error {
	if c.cmd.Rest == "" {
		return c.fail("path.need")
	}
	tp, branch, ok := c.pathArgs(c.cmd.Args)
	if !ok {
		return c.fail("topic.unknown", quote(c.cmd.Rest))
	}
	cp, _ := c.eng.Curated(tp.ID)
	c.r.Path = tp.ID
	out.Compact = true
	name := tp.Name.In(c.lang)
	if branch != "" {
		for _, b := range cp.Branches {
			if b.Topic == branch || branch == branchRest && b.Topic == "" {
				read := c.addPapers(out, b.Papers)
				out.Intro = c.t("path.branch", name, c.branchName(b, name), read, len(b.Papers))
				out.Outro = c.t("path.back", c.cmd.Args[0])
				return nil
			}
		}
		return c.fail("path.nobranch", name, truncateBytes(branch, 80))
	}
	read := c.addPapers(out, cp.Core)
	if len(cp.Branches) == 0 {
		out.Intro = c.t("path.whole", name, read, len(cp.Core))
		return nil
	}
	out.Intro = c.t("path", name, read, len(cp.Core))
	var lines []string
	for _, b := range cp.Branches {
		arg := b.Topic
		if arg == "" {
			arg = branchRest
		}
		lines = append(lines, c.t("path.branchline", c.branchName(b, name), len(b.Papers), tp.ID, arg))
	}
	if len(lines) > 0 {
		out.Outro = c.t("path.branches") + "\n" + strings.Join(lines, "\n")
	}
	return nil
}

// branchRest names the branch of a topic's own papers outside its core.
const branchRest = "more"

// pathArgs reads "TOPIC [BRANCH]": a topic named exactly by a start of
// args and a branch (a topic, or branchRest) named by the rest; failing
// that, all of args as a topic, as loosely as ResolveTopic allows.
func (c *call) pathArgs(args []string) (*data.Topic, string, bool) {
	if tp, ok := c.eng.TopicNamed(strings.Join(args, " ")); ok {
		return tp, "", true
	}
	for n := len(args) - 1; n > 0; n-- {
		tp, ok := c.eng.TopicNamed(strings.Join(args[:n], " "))
		if !ok {
			continue
		}
		rest := strings.Join(args[n:], " ")
		if strings.EqualFold(rest, branchRest) || rest == "更多" || rest == "其他" {
			return tp, branchRest, true
		}
		if b, ok := c.eng.TopicNamed(rest); ok {
			return tp, b.ID, true
		}
		return tp, rest, true // no such branch: cmdPath says so
	}
	tp, ok := c.eng.ResolveTopic(strings.Join(args, " "))
	return tp, "", ok
}

// branchName is how a branch is shown: its topic, or "more on TOPIC".
func (c *call) branchName(b recommend.Branch, topic string) string {
	if b.Topic == "" {
		return c.t("path.rest", topic)
	}
	return c.topicName(b.Topic)
}

// addPapers lists papers as compact items and returns how many the
// reader read.
func (c *call) addPapers(out *Reply, papers []*data.Paper) int {
	read := 0
	for _, p := range papers {
		it := c.item(p, "")
		if it.Read {
			read++
		}
		out.Papers = append(out.Papers, it)
	}
	return read
}
