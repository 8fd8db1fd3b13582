package picture

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"slices"
	"sync"
	"testing"

	"github.com/paperbot/paperbot/data"
)

// shared is one warmed painter without a cache for the package's tests:
// Graphviz's context is made once, and pictures are drawn at half a
// pixel a point, which keeps them cheap under the race detector.
var shared = sync.OnceValues(func() (*Painter, error) {
	p := New(Options{CacheEntries: -1, Scale: 0.5})
	return p, p.Warm(context.Background())
})

func painter(tb testing.TB) *Painter {
	tb.Helper()
	p, err := shared()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// graphOf is the map of papers: nodes in year order, an edge for every
// builds_on between two of them; mark sets a node's flags.
func graphOf(papers []data.Paper, mark func(i int, n *Node)) Graph {
	ps := slices.Clone(papers)
	slices.SortStableFunc(ps, func(a, b data.Paper) int { return a.Year - b.Year })
	in := map[string]bool{}
	for _, p := range ps {
		in[p.ID] = true
	}
	g := Graph{Title: "test map", Legend: Legend{Read: "read", Saved: "saved", Unread: "not read", Today: "today", Focus: "this", Arrow: "A → B"}}
	for i, p := range ps {
		n := Node{ID: p.ID, Label: p.ShortName(), Year: p.Year}
		if mark != nil {
			mark(i, &n)
		}
		g.Nodes = append(g.Nodes, n)
		seen := map[string]bool{}
		for _, b := range p.BuildsOn {
			if in[b] && !seen[b] && b != p.ID {
				seen[b] = true
				g.Edges = append(g.Edges, Edge{From: b, To: p.ID})
			}
		}
	}
	return g
}

func embedded(tb testing.TB) *data.Set {
	tb.Helper()
	set, err := data.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

// topicPapers is the papers filed under topic.
func topicPapers(set *data.Set, topic string) []data.Paper {
	var out []data.Paper
	for i := range set.Papers {
		if set.HasTopic(&set.Papers[i], topic) {
			out = append(out, set.Papers[i])
		}
	}
	return out
}

func decode(tb testing.TB, b []byte) image.Image {
	tb.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("decode PNG: %v", err)
	}
	return img
}

// boxColour is the colour that fills most of a box's inside (the label
// and the outline left out).
func boxColour(img image.Image, b Box) color.RGBA {
	count := map[color.RGBA]int{}
	for y := int(b.Y - b.H/2 + b.H*0.25); y < int(b.Y+b.H/2-b.H*0.25); y++ {
		for x := int(b.X - b.W/2 + 6); x < int(b.X+b.W/2-6); x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			count[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}]++
		}
	}
	var best color.RGBA
	for c, n := range count {
		if n > count[best] {
			best = c
		}
	}
	return best
}
