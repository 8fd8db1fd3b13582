package picture

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Graph is a lineage map to draw: papers, and the builds-on links between
// them. Every word in it is already in the reader's language.
type Graph struct {
	Title  string
	Nodes  []Node
	Edges  []Edge
	Legend Legend
}

// Node is one paper of a map.
type Node struct {
	ID    string // the paper's id: the node's name in the layout
	Label string // the short name drawn in the box; keep it to ASCII
	Year  int    // the column it stands in
	Read  bool   // drawn filled
	Saved bool   // drawn with a thick outline
	Today bool   // the paper of the day: a star on its corner
	Focus bool   // the paper a paper map is about: a blue outline
}

// Edge says that To builds on From: the arrow goes from the older paper
// to the newer one.
type Edge struct{ From, To string }

// Legend holds the words of the map's legend; an empty one is left out.
type Legend struct {
	Read, Saved, Unread, Today, Focus string
	Arrow                             string // "A → B: B builds on A"
}

// check reports a graph the map cannot be drawn from.
func (g *Graph) check() error {
	if len(g.Nodes) == 0 {
		return fmt.Errorf("draw map %q: no papers", g.Title)
	}
	ids := make(map[string]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		if n.ID == "" || ids[n.ID] {
			return fmt.Errorf("draw map %q: node id %q empty or repeated", g.Title, n.ID)
		}
		ids[n.ID] = true
	}
	for _, e := range g.Edges {
		if !ids[e.From] || !ids[e.To] {
			return fmt.Errorf("draw map %q: edge %s→%s names a paper not on the map", g.Title, e.From, e.To)
		}
	}
	return nil
}

// Sizes of the map in points (1/72 inch), Graphviz's unit; the picture
// multiplies them by its scale.
const (
	fontPt    = 11.0 // node labels
	nodePadPt = 7.0  // left and right of a label
	nodeHPt   = 21.0 // node height
	arrowPt   = 7.0  // an arrowhead's length: Graphviz's 10 points times arrowsize
)

// dot writes g as a Graphviz graph for the dot engine: papers as boxes of
// the size their labels need (width[i] points for node i), one column per
// year (an invisible chain of year nodes fixes the columns' order), edges
// from the older paper to the newer.
func (g *Graph) dot(width []float64) []byte {
	var b strings.Builder
	b.WriteString("digraph lineage {\n")
	b.WriteString("graph [rankdir=LR, nodesep=0.14, ranksep=0.42, splines=true, margin=0, outputorder=edgesfirst];\n")
	fmt.Fprintf(&b, "node [shape=box, fixedsize=true, label=\"\"];\nedge [arrowsize=%g];\n", arrowPt/10)
	years := g.years()
	for i, y := range years {
		fmt.Fprintf(&b, "%s [width=0.3, height=0.05, style=invis];\n", quote(yearName(y)))
		if i > 0 {
			fmt.Fprintf(&b, "%s -> %s [style=invis];\n", quote(yearName(years[i-1])), quote(yearName(y)))
		}
	}
	byYear := map[int][]string{}
	for i, n := range g.Nodes {
		name := quote(nodeName(n.ID))
		byYear[n.Year] = append(byYear[n.Year], name)
		fmt.Fprintf(&b, "%s [width=%s, height=%s];\n", name, inches(width[i]), inches(nodeHPt))
	}
	for _, y := range years {
		fmt.Fprintf(&b, "{ rank=same; %s; %s; }\n", quote(yearName(y)), strings.Join(byYear[y], "; "))
	}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "%s -> %s;\n", quote(nodeName(e.From)), quote(nodeName(e.To)))
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// years lists the years of g's papers, oldest first, each once.
func (g *Graph) years() []int {
	var ys []int
	for _, n := range g.Nodes {
		ys = append(ys, n.Year)
	}
	slices.Sort(ys)
	return slices.Compact(ys)
}

// Node names in the layout: papers and the year columns never clash.
func nodeName(id string) string { return "p:" + id }
func yearName(y int) string     { return "y:" + strconv.Itoa(y) }

// quote makes s a DOT string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ").Replace(s) + `"`
}

func inches(pt float64) string { return strconv.FormatFloat(pt/72, 'f', 4, 64) }
