package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paperbot/paperbot/bot/picture"
	"github.com/paperbot/paperbot/data"
)

// lineage is the part of the paper set a map shows: papers and the
// builds-on links among them.
type lineage struct {
	papers []*data.Paper // by year, then id
	edges  []picture.Edge
	focus  *data.Paper // the paper a paper map is about; nil for a topic
	name   string      // the topic's or paper's id, "all" for the whole set: names the file
}

// cmdMap answers /map [TOPIC | ID]: the lineage of a topic, of a paper two
// steps each way, or with no argument of the reader's path topic (else the
// whole set), as a picture with the same links written out as text.
func cmdMap(c *call, out *Reply) error {
	lin, title, err := c.mapArg(c.cmd.Rest)
	if err != nil {
		return err
	}
	if len(lin.papers) == 0 {
		return c.fail("map.empty", title)
	}
	read := 0
	for _, p := range lin.papers {
		if _, ok := c.r.Read[p.ID]; ok {
			read++
		}
	}
	out.Intro = c.mapCaption(lin, title, read)
	out.Pre = c.lineageText(lin)
	out.Outro = c.t("map.more")
	g := c.mapGraph(lin, title)
	name, alt := "paperbot-map-"+lin.name+".png", out.Intro
	out.draw = append(out.draw, func(ctx context.Context, b *Bot) (File, error) {
		m, err := b.painter.Map(ctx, g)
		if err != nil {
			return File{}, err
		}
		return File{Name: name, MIME: "image/png", Data: m.PNG, Photo: true, Alt: alt}, nil
	})
	return nil
}

// mapArg reads /map's argument: a topic named exactly, a paper, a topic
// named loosely; none, the reader's path topic or the whole set. title is
// the topic's or paper's name, "" for the whole set.
func (c *call) mapArg(arg string) (lineage, string, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		if tp := c.set.Topic(c.r.Path); tp != nil {
			return c.topicLineage(tp.ID), tp.Name.In(c.lang), nil
		}
		return c.topicLineage(""), "", nil
	}
	if tp, ok := c.eng.TopicNamed(arg); ok {
		return c.topicLineage(tp.ID), tp.Name.In(c.lang), nil
	}
	if p, ok := c.eng.Lookup(arg); ok {
		return c.paperLineage(p), p.ShortName(), nil
	}
	if tp, ok := c.eng.ResolveTopic(arg); ok {
		return c.topicLineage(tp.ID), tp.Name.In(c.lang), nil
	}
	text := c.t("map.unknown", truncateBytes(arg, 80))
	if s := c.eng.Suggest(arg, 3); len(s) > 0 {
		text += " " + c.t("didyoumean", c.names(s))
	}
	return lineage{}, "", &userError{text}
}

// topicLineage is every paper filed under topic ("" for all) and the
// links among them.
func (c *call) topicLineage(topic string) lineage {
	var ps []*data.Paper
	for i := range c.set.Papers {
		if p := &c.set.Papers[i]; topic == "" || c.set.HasTopic(p, topic) {
			ps = append(ps, p)
		}
	}
	lin := c.linked(ps, nil)
	lin.name = cmp.Or(topic, "all")
	return lin
}

// paperLineage is p, what it builds on and what builds on it, two steps
// each way, and the links among them.
func (c *call) paperLineage(p *data.Paper) lineage {
	seen := map[string]bool{p.ID: true}
	ps := []*data.Paper{p}
	grow := func(next func(*data.Paper) []string) {
		level := []*data.Paper{p}
		for range 2 {
			var found []*data.Paper
			for _, q := range level {
				for _, id := range next(q) {
					if r := c.set.Paper(id); r != nil && !seen[id] {
						seen[id] = true
						found = append(found, r)
					}
				}
			}
			ps, level = append(ps, found...), found
		}
	}
	grow(func(q *data.Paper) []string { return q.BuildsOn })
	grow(func(q *data.Paper) []string { return c.set.BuiltUponBy(q.ID) })
	lin := c.linked(ps, p)
	lin.name = p.ID
	return lin
}

// linked orders papers by year and adds the builds-on links among them.
func (c *call) linked(ps []*data.Paper, focus *data.Paper) lineage {
	slices.SortFunc(ps, func(a, b *data.Paper) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.ID, b.ID))
	})
	in := make(map[string]bool, len(ps))
	for _, p := range ps {
		in[p.ID] = true
	}
	lin := lineage{papers: ps, focus: focus}
	for _, p := range ps {
		for _, b := range slices.Compact(slices.Sorted(slices.Values(p.BuildsOn))) {
			if in[b] && b != p.ID {
				lin.edges = append(lin.edges, picture.Edge{From: b, To: p.ID})
			}
		}
	}
	return lin
}

// mapCaption is the picture's caption: what the map shows.
func (c *call) mapCaption(lin lineage, title string, read int) string {
	n := len(lin.papers)
	first, last := lin.papers[0].Year, lin.papers[n-1].Year
	switch {
	case lin.focus != nil && n == 1:
		return c.t("map.single", title)
	case lin.focus != nil:
		return c.t("map.paper", title, n, read)
	case title == "":
		return c.t("map.all", n, first, last, read)
	}
	return c.t("map.topic", title, n, first, last, read)
}

// lineageText is the map as text: one line per paper that others on the
// map build on ("✓ MoCo → MoCo v2, ★ MoCo v3"), then the papers with no
// link on it.
func (c *call) lineageText(lin lineage) string {
	next := map[string][]string{}
	linked := map[string]bool{}
	for _, e := range lin.edges {
		next[e.From] = append(next[e.From], e.To)
		linked[e.From], linked[e.To] = true, true
	}
	sep := ", "
	if c.lang == Chinese {
		sep = "、"
	}
	var lines, alone []string
	for _, p := range lin.papers {
		if !linked[p.ID] {
			alone = append(alone, c.mapName(p))
			continue
		}
		if len(next[p.ID]) == 0 {
			continue
		}
		var to []string
		for _, id := range next[p.ID] {
			to = append(to, c.mapName(c.set.Paper(id)))
		}
		lines = append(lines, fmt.Sprintf("%s (%d) → %s", c.mapName(p), p.Year, strings.Join(to, sep)))
	}
	if len(lines) > 0 {
		lines = append([]string{c.t("map.text")}, lines...)
	}
	if len(alone) > 0 && len(lin.papers) > 1 {
		lines = append(lines, c.t("map.alone", strings.Join(alone, sep)))
	}
	return strings.Join(lines, "\n")
}

// mapName is a paper's short name with the reader's marks: ✓ read, ★ saved.
func (c *call) mapName(p *data.Paper) string {
	_, read := c.r.Read[p.ID]
	_, saved := c.r.Saved[p.ID]
	return Item{Read: read, Saved: saved}.Marker() + p.ShortName()
}

// mapGraph is the picture's input: the papers with the reader's marks.
func (c *call) mapGraph(lin lineage, title string) picture.Graph {
	today := c.eng.PaperOfDay(c.bot.now().UTC())
	g := picture.Graph{Edges: lin.edges, Legend: picture.Legend{
		Read: c.t("pic.read"), Saved: c.t("pic.saved"), Unread: c.t("pic.unread"),
		Today: c.t("pic.today"), Focus: c.t("pic.focus"), Arrow: c.t("pic.arrow"),
	}}
	switch {
	case lin.focus != nil:
		g.Title = c.t("pic.mappaper", title)
	case title == "":
		g.Title = c.t("pic.mapall", len(lin.papers))
	default:
		g.Title = c.t("pic.maptopic", title)
	}
	for _, p := range lin.papers {
		_, read := c.r.Read[p.ID]
		_, saved := c.r.Saved[p.ID]
		g.Nodes = append(g.Nodes, picture.Node{
			ID: p.ID, Label: mapLabel(p), Year: p.Year, Read: read, Saved: saved,
			Today: today != nil && today.ID == p.ID, Focus: p == lin.focus,
		})
	}
	return g
}

// maxLabel is the longest node label, in characters.
const maxLabel = 24

// mapLabel is the name in a paper's box: its short name, or when that is
// long its shortest alias of at least three characters, or the short name
// cut; always in characters the picture's font has, else the id.
func mapLabel(p *data.Paper) string {
	name := p.ShortName()
	if utf8.RuneCountInString(name) > maxLabel {
		best := ""
		for _, a := range p.Aliases {
			n := utf8.RuneCountInString(a)
			if n >= 3 && n <= maxLabel && len(picture.Missing(a)) == 0 && (best == "" || n < utf8.RuneCountInString(best)) {
				best = a
			}
		}
		if best == "" {
			r := []rune(name)
			best = strings.TrimSpace(string(r[:maxLabel-1])) + "…"
		}
		name = best
	}
	if len(picture.Missing(name)) > 0 {
		return p.ID
	}
	return name
}
