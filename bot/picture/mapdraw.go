package picture

import (
	"image/color"
	"math"
	"strconv"

	"github.com/fogleman/gg"
)

// legend geometry, points
const (
	legendSwatchPt = 26.0 // a sample box and the space after it
	legendGapPt    = 14.0 // between items
)

// drawMap draws the title, the year headers, the edges, the papers and
// the legend.
func (f *frame) drawMap(dc *gg.Context, g *Graph, lay *Layout) error {
	s := f.scale
	if err := setFace(dc, titlePt*s); err != nil {
		return err
	}
	dc.SetColor(colText)
	dc.DrawStringAnchored(g.Title, marginPt*s, (marginPt+titlePt/2)*s, 0, 0.5)
	if err := setFace(dc, fontPt*s); err != nil {
		return err
	}
	dc.SetColor(colMuted)
	for _, y := range lay.Years {
		dc.DrawStringAnchored(strconv.Itoa(y.Year), y.X, f.offY-yearRowPt*s/2, 0.5, 0.5)
	}
	for _, e := range lay.Edges {
		drawEdge(dc, e, s)
	}
	for i, n := range g.Nodes {
		drawNode(dc, n, lay.Nodes[i], s)
	}
	return f.drawLegend(dc, g, float64(lay.Height)-(marginPt+legendPt/2)*s)
}

func setFace(dc *gg.Context, px float64) error {
	face, err := newFace(px)
	if err != nil {
		return err
	}
	dc.SetFontFace(face)
	return nil
}

// drawEdge draws the spline and an arrowhead from its end to the tip.
func drawEdge(dc *gg.Context, e Path, s float64) {
	pts := e.Points
	dc.SetColor(colEdge)
	dc.SetLineWidth(1.1 * s)
	dc.MoveTo(pts[0].X, pts[0].Y)
	for i := 1; i+2 < len(pts); i += 3 {
		dc.CubicTo(pts[i].X, pts[i].Y, pts[i+1].X, pts[i+1].Y, pts[i+2].X, pts[i+2].Y)
	}
	dc.Stroke()
	end := pts[len(pts)-1]
	dx, dy := e.Tip.X-end.X, e.Tip.Y-end.Y
	l := math.Hypot(dx, dy)
	if l < 0.5 {
		return // no room for a head
	}
	nx, ny := -dy*0.38, dx*0.38 // half the base, across the edge
	dc.MoveTo(e.Tip.X, e.Tip.Y)
	dc.LineTo(end.X+nx, end.Y+ny)
	dc.LineTo(end.X-nx, end.Y-ny)
	dc.ClosePath()
	dc.Fill()
}

// drawNode draws a paper's box: filled when read, outlined thick when
// saved, blue when it is the map's paper, a star when it is the paper of
// the day.
func drawNode(dc *gg.Context, n Node, b Box, s float64) {
	x, y := b.X-b.W/2, b.Y-b.H/2
	r := 4 * s
	fill, text := colUnread, colText
	if n.Read {
		fill, text = colRead, colOnRead
	}
	dc.DrawRoundedRectangle(x, y, b.W, b.H, r)
	dc.SetColor(fill)
	dc.Fill()
	border, width := color.Color(colBorder), 1.0
	switch {
	case n.Focus:
		border, width = colFocus, 3.0
	case n.Saved:
		border, width = colSaved, 2.6
	case n.Read:
		border = colRead
	}
	inset := width * s / 2
	dc.DrawRoundedRectangle(x+inset, y+inset, b.W-2*inset, b.H-2*inset, r)
	dc.SetColor(border)
	dc.SetLineWidth(width * s)
	dc.Stroke()
	if n.Saved && n.Focus { // both: the saved outline inside the blue one
		in := 3.0 * s
		dc.DrawRoundedRectangle(x+in+1.3*s, y+in+1.3*s, b.W-2*in-2.6*s, b.H-2*in-2.6*s, r/2)
		dc.SetColor(colSaved)
		dc.SetLineWidth(2 * s)
		dc.Stroke()
	}
	dc.SetColor(text)
	dc.DrawStringAnchored(n.Label, b.X, b.Y, 0.5, 0.38)
	if n.Today {
		drawStar(dc, x+b.W-1*s, y+1*s, 6*s)
	}
}

// drawStar draws a five-pointed star of outer radius r centred at x, y.
func drawStar(dc *gg.Context, x, y, r float64) {
	for i := range 10 {
		rad := r
		if i%2 == 1 {
			rad = r * 0.45
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		dc.LineTo(x+rad*math.Cos(a), y+rad*math.Sin(a))
	}
	dc.ClosePath()
	dc.SetColor(colToday)
	dc.FillPreserve()
	dc.SetColor(colBackground)
	dc.SetLineWidth(r * 0.12)
	dc.Stroke()
}

// legendItem is one sample of the legend and its words.
type legendItem struct {
	node *Node // a sample box; nil for the arrow
	text string
}

// legendItems lists the legend's samples that have words, and the arrow.
func legendItems(g *Graph) []legendItem {
	l := g.Legend
	var out []legendItem
	add := func(text string, n Node) {
		if text != "" {
			out = append(out, legendItem{&n, text})
		}
	}
	add(l.Read, Node{Read: true})
	add(l.Saved, Node{Saved: true})
	add(l.Unread, Node{})
	add(l.Today, Node{Today: true})
	if focused(g) {
		add(l.Focus, Node{Focus: true})
	}
	if l.Arrow != "" {
		out = append(out, legendItem{nil, l.Arrow})
	}
	return out
}

func focused(g *Graph) bool {
	for _, n := range g.Nodes {
		if n.Focus {
			return true
		}
	}
	return false
}

// drawLegend draws the legend's line centred at y.
func (f *frame) drawLegend(dc *gg.Context, g *Graph, y float64) error {
	s := f.scale
	if err := setFace(dc, fontPt*s); err != nil {
		return err
	}
	x := marginPt * s
	for _, it := range legendItems(g) {
		if it.node != nil {
			drawNode(dc, *it.node, Box{X: x + 9*s, Y: y, W: 18 * s, H: 12 * s}, s)
		} else {
			drawEdge(dc, Path{Points: []Point{{x, y}, {x + 6*s, y}, {x + 10*s, y}, {x + 14*s, y}}, Tip: Point{x + 20*s, y}}, s)
		}
		x += legendSwatchPt * s
		dc.SetColor(colText)
		dc.DrawStringAnchored(it.text, x, y, 0, 0.38)
		w, _ := dc.MeasureString(it.text)
		x += w + legendGapPt*s
	}
	return nil
}
