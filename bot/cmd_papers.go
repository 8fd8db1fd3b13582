package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// PageSize is how many papers a search shows at once.
const PageSize = 3

func cmdPaper(c *call, out *Reply) error {
	q := strings.TrimSpace(c.cmd.Rest)
	if q == "" {
		picks := c.eng.WhatNext(c.history(), recommend.Want{Path: c.r.Path}, PageSize)
		out.Intro = c.t("bestnext")
		for _, pk := range picks {
			out.Papers = append(out.Papers, c.item(pk.Paper, c.pickWhy(pk)))
		}
		if len(picks) == 0 {
			out.Intro = c.t("random.none")
		}
		return nil
	}
	return c.searchPage(out, q, 0)
}

// cmdMore is the More button as a command: "/more 3 contrastive".
func cmdMore(c *call, out *Reply) error {
	if len(c.cmd.Args) < 2 {
		return c.fail("needquery")
	}
	off, err := strconv.Atoi(c.cmd.Args[0])
	if err != nil || off < 0 || off > 1000 {
		return c.fail("needquery")
	}
	return c.searchPage(out, strings.Join(c.cmd.Args[1:], " "), off)
}

// searchPage answers a query as the recommendation engine understands it
// (recommend.Engine.Answer): an arXiv id shows the paper's card, "X vs Y"
// compares two papers, "after X" and "before X" list what builds on X or
// what X builds on, and anything else is a search. A page holds PageSize
// papers from offset on, with a More button when there are more; a query
// nothing in the set is about says so and points to /topics.
func (c *call) searchPage(out *Reply, q string, offset int) error {
	a := c.eng.Answer(q, c.history(), offset, PageSize+1)
	switch a.Kind {
	case recommend.AnswerLookup:
		if a.Subject == nil {
			out.Intro = c.t("arxiv.missing", a.ArXiv)
			return nil
		}
		out.Papers = []Item{c.card(a.Subject)}
		return nil
	case recommend.AnswerCompare:
		c.compare(out, a.Subject, a.Other)
		return nil
	case recommend.AnswerNone:
		switch {
		case offset > 0:
			out.Intro = c.t("nomore", quote(q))
		case a.Broad:
			out.Intro = c.t("broad", quote(q))
		default:
			out.Intro = c.t("nothing", quote(q))
		}
		return nil
	}
	key := "results"
	subject := quote(q)
	if a.Kind == recommend.AnswerAfter || a.Kind == recommend.AnswerBefore {
		key = a.Kind
		subject = a.Subject.ShortName()
		if a.Text != "" {
			subject = c.t("withwords", subject, quote(a.Text))
		}
	}
	if len(a.Hits) == 0 {
		switch {
		case offset > 0:
			out.Intro = c.t("nomore", quote(q))
		case key == "results":
			out.Intro = c.t("nothing", quote(q))
		default:
			out.Intro = c.t(key+".none", subject)
		}
		return nil
	}
	hits := a.Hits
	if offset == 0 {
		out.Intro = c.t(key, subject)
	} else {
		out.Intro = c.t(key+".more", subject, offset+1)
		out.First = offset + 1
	}
	if len(hits) > PageSize {
		hits = hits[:PageSize]
		out.Buttons = []Button{{c.t("btn.more"), Action{Verb: VerbMore, Offset: offset + PageSize, Query: q}}}
	}
	for _, h := range hits {
		out.Papers = append(out.Papers, c.hitItem(h))
	}
	return nil
}

// names lists papers as "MoCo v2 (mocov2), SimCLR (simclr)".
func (c *call) names(ps []*data.Paper) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("%s (%s)", p.ShortName(), p.ID)
	}
	sep := ", "
	if c.lang == Chinese {
		sep = "、"
	}
	return strings.Join(parts, sep)
}

// paperArg resolves the command's argument to a paper, or fails with a
// "did you mean".
func (c *call) paperArg(ref string) (*data.Paper, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, c.fail("needpaper", c.cmd.Name)
	}
	if p, ok := c.eng.Lookup(ref); ok {
		return p, nil
	}
	text := c.t("notfound", quote(ref))
	if s := c.eng.Suggest(ref, 3); len(s) > 0 {
		text += " " + c.t("didyoumean", c.names(s))
	}
	return nil, &userError{text}
}

func cmdShow(c *call, out *Reply) error {
	p, err := c.paperArg(c.cmd.Rest)
	if err != nil {
		return err
	}
	out.Papers = []Item{c.card(p)}
	return nil
}

// card is the full card of a paper.
func (c *call) card(p *data.Paper) Item {
	it := c.item(p, "")
	add := func(key, v string) {
		if v != "" {
			it.Details = append(it.Details, Field{c.t(key), v})
		}
	}
	add("field.authors", strings.Join(p.Authors, ", "))
	add("field.venue", it.Meta())
	add("field.submitted", p.Date)
	add("field.category", p.Primary)
	add("field.summary", it.Summary)
	topics := make([]string, 0, len(p.Topics))
	for _, tp := range p.Topics {
		topics = append(topics, c.topicName(tp))
	}
	add("field.topics", strings.Join(topics, ", "))
	add("field.why", reasonText(c, p))
	var nums []string
	for _, s := range scoresOf(p) {
		nums = append(nums, c.scoreText(s))
	}
	add("field.numbers", strings.Join(nums, "\n  "))
	add("field.reported", p.Reported)
	add("field.buildson", c.idNames(p.BuildsOn))
	add("field.builtby", c.idNames(c.set.BuiltUponBy(p.ID)))
	add("field.status", c.status(p.ID))
	var l []string
	for _, k := range it.Links {
		l = append(l, k.Label+": "+k.URL)
	}
	add("field.links", strings.Join(l, "\n  "))
	return it
}

func (c *call) idNames(ids []string) string {
	var ps []*data.Paper
	for _, id := range ids {
		if p := c.set.Paper(id); p != nil {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return ""
	}
	return c.names(ps)
}

func (c *call) status(id string) string {
	var s []string
	if at, ok := c.r.Read[id]; ok {
		s = append(s, c.t("status.read", at.Format("2006-01-02")))
	}
	if _, ok := c.r.Saved[id]; ok {
		s = append(s, c.t("status.saved"))
	}
	if _, ok := c.r.Dismissed[id]; ok {
		s = append(s, c.t("status.dismissed"))
	}
	if len(s) == 0 {
		return c.t("status.unread")
	}
	return strings.Join(s, ", ")
}

func cmdToday(c *call, out *Reply) error {
	now := c.bot.now().UTC()
	p := c.eng.PaperOfDay(now)
	out.Intro = c.t("today", now.Format("2006-01-02"))
	out.Papers = []Item{c.item(p, "")}
	return nil
}

func cmdRandom(c *call, out *Reply) error {
	var pool []*data.Paper
	for i := range c.set.Papers {
		p := &c.set.Papers[i]
		_, read := c.r.Read[p.ID]
		_, dis := c.r.Dismissed[p.ID]
		if !read && !dis {
			pool = append(pool, p)
		}
	}
	if len(pool) == 0 {
		out.Intro = c.t("random.none")
		return nil
	}
	out.Intro = c.t("random")
	out.Papers = []Item{c.item(pool[c.bot.intn(len(pool))], "")}
	return nil
}

// cmdNext is the next paper to read (recommend.Engine.WhatNext, as for
// /paper without a query and the digest's own pick): on the topic given,
// else on the reader's path.
func cmdNext(c *call, out *Reply) error {
	want := recommend.Want{Path: c.r.Path}
	if len(c.cmd.Args) > 0 {
		tp, ok := c.eng.ResolveTopic(c.cmd.Rest)
		if !ok {
			return c.fail("topic.unknown", quote(c.cmd.Rest))
		}
		want.Topic = tp.ID
	}
	picks := c.eng.WhatNext(c.history(), want, 1)
	if len(picks) == 0 {
		if want.Topic == "" {
			out.Intro = c.t("random.none")
			return nil
		}
		out.Intro = c.t("next.done", c.topicName(want.Topic))
		return nil
	}
	out.Intro = c.t("next")
	out.Papers = []Item{c.item(picks[0].Paper, c.pickWhy(picks[0]))}
	return nil
}

// pickWhy says why WhatNext chose a paper, in the reader's language.
func (c *call) pickWhy(pk recommend.Pick) string {
	path := c.t("path.all")
	if pk.Topic != "" {
		path = c.topicName(pk.Topic)
	}
	switch {
	case pk.Kind == recommend.KindSaved:
		return c.t("pick.saved", c.shortDate(pk.SavedAt))
	case pk.Kind == recommend.KindBuildsOn && pk.After != nil:
		return c.t("pick.builds", pk.After.ShortName(), path)
	case pk.Kind == recommend.KindPath && pk.After != nil:
		return c.t("pick.after", path, pk.After.ShortName())
	case pk.Kind == recommend.KindStart:
		return c.t("pick.start", path)
	}
	return c.t("pick.path", path)
}

// shortDate is a day as a reader writes it: "2 Mar 2025", "2025年3月2日".
func (c *call) shortDate(t time.Time) string {
	if c.lang == "zh" {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
	}
	return t.Format("2 Jan 2006")
}

func cmdSimilar(c *call, out *Reply) error {
	p, err := c.paperArg(c.cmd.Rest)
	if err != nil {
		return err
	}
	out.Intro = c.t("similar", p.ShortName())
	for _, h := range c.eng.Similar(p.ID, PageSize, c.history()) {
		out.Papers = append(out.Papers, c.hitItem(h))
	}
	return nil
}

func cmdCompare(c *call, out *Reply) error {
	a, b, err := c.twoPapers()
	if err != nil {
		return err
	}
	c.compare(out, a, b)
	return nil
}

// compare puts two papers side by side: their items, a table of what
// they are and of the design choices that differ, and their numbers
// measured under the same protocol (or why there are none).
func (c *call) compare(out *Reply, a, b *data.Paper) {
	if a.ID == b.ID {
		out.Intro = c.t("cmp.self", a.ID)
		out.Papers = []Item{c.item(a, "")}
		return
	}
	out.Intro = c.t("compare", a.ShortName(), b.ShortName())
	out.Papers = []Item{c.item(a, ""), c.item(b, "")}
	rows := [][]string{{"", a.ShortName(), b.ShortName()}}
	add := func(label, x, y string) { rows = append(rows, []string{label, x, y}) }
	add(c.t("field.venue"), out.Papers[0].Meta(), out.Papers[1].Meta())
	add(c.t("field.authors"), shortAuthors(a), shortAuthors(b))
	add(c.t("field.topics"), c.topicName(a.Topics[0]), c.topicName(b.Topics[0]))
	rows = append(rows, c.methodRows(a, b)...)
	add(c.t("field.imagenet"), top1(a), top1(b))
	add(c.t("field.buildson"), strings.Join(a.BuildsOn, ", "), strings.Join(b.BuildsOn, ", "))
	add(c.t("field.status"), c.status(a.ID), c.status(b.ID))
	out.Pre = table(rows)
	out.Outro = c.compareNumbers(a, b)
}

// twoPapers reads "A B" or "A vs B"; titles with spaces need "A | B".
func (c *call) twoPapers() (*data.Paper, *data.Paper, error) {
	rest := c.cmd.Rest
	var parts []string
	for _, sep := range []string{"|", " vs ", " VS ", "，", ","} {
		if strings.Contains(rest, sep) {
			parts = strings.SplitN(rest, sep, 2)
			break
		}
	}
	if parts == nil {
		parts = c.cmd.Args
		if len(parts) != 2 {
			return nil, nil, c.fail("compare.need")
		}
	}
	a, err := c.paperArg(parts[0])
	if err != nil {
		return nil, nil, err
	}
	b, err := c.paperArg(parts[1])
	if err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

func shortAuthors(p *data.Paper) string {
	if len(p.Authors) > 2 {
		return p.FirstAuthor() + " et al."
	}
	return strings.Join(p.Authors, ", ")
}

func top1(p *data.Paper) string {
	if p.ImageNet == nil {
		return "–"
	}
	return strconv.FormatFloat(p.ImageNet.Top1, 'f', 1, 64)
}
