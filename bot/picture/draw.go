package picture

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"
)

// Colours of the map.
var (
	colBackground = color.RGBA{0xff, 0xff, 0xff, 0xff}
	colText       = color.RGBA{0x21, 0x25, 0x29, 0xff}
	colMuted      = color.RGBA{0x6c, 0x75, 0x7d, 0xff}
	colEdge       = color.RGBA{0x86, 0x8e, 0x96, 0xff}
	colUnread     = color.RGBA{0xf1, 0xf3, 0xf5, 0xff} // an unread paper's fill
	colBorder     = color.RGBA{0xad, 0xb5, 0xbd, 0xff} // an unread paper's outline
	colRead       = color.RGBA{0x2b, 0x8a, 0x3e, 0xff} // a read paper's fill
	colOnRead     = color.RGBA{0xff, 0xff, 0xff, 0xff} // its label
	colSaved      = color.RGBA{0xe8, 0x59, 0x0c, 0xff} // a saved paper's outline
	colToday      = color.RGBA{0xf5, 0x9f, 0x00, 0xff} // the paper of the day's star
	colFocus      = color.RGBA{0x1c, 0x7e, 0xd6, 0xff} // the paper a map is about
)

// Picture bounds. Telegram takes photos whose width and height add up to
// at most 10,000 pixels with a ratio of at most 20, and keeps at most
// 2560 pixels a side: a larger map would only cost more to draw and send
// (a map of all 130 papers: 345 ms and 1.2 MB at 4096 pixels wide).
const (
	maxSide  = 2560
	maxRatio = 20
)

// mapGeometry is the frame around the graph, in points.
const (
	marginPt  = 14.0
	titlePt   = 15.0 // the title's font size
	headerPt  = 34.0 // title line
	yearRowPt = 18.0 // the year headers
	legendPt  = 30.0 // the legend line
)

// drawMap lays out g and draws it.
func (p *Painter) drawMap(ctx context.Context, g *Graph) (*Map, error) {
	widths, err := labelWidths(g, p.scale)
	if err != nil {
		return nil, err
	}
	raw, err := p.layout(ctx, g.dot(widths))
	if err != nil {
		return nil, err
	}
	frame, err := newFrame(g, raw, p.scale)
	if err != nil {
		return nil, err
	}
	lay, err := frame.place(g, raw, widths)
	if err != nil {
		return nil, err
	}
	dc := gg.NewContext(lay.Width, lay.Height)
	dc.SetColor(colBackground)
	dc.Clear()
	if err := frame.drawMap(dc, g, lay); err != nil {
		return nil, err
	}
	b, err := encodePNG(dc.Image())
	if err != nil {
		return nil, fmt.Errorf("encode map: %w", err)
	}
	return &Map{PNG: b, Layout: *lay}, nil
}

// encodePNG compresses for speed: on a map of 60 papers it takes less
// than half the time of the default level for a file 5% larger.
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	return buf.Bytes(), err
}

// labelWidths is the width in points of each node's box: its label at
// fontPt, measured as drawn at scale, plus padding.
func labelWidths(g *Graph, scale float64) ([]float64, error) {
	face, err := newFace(fontPt * scale)
	if err != nil {
		return nil, err
	}
	defer face.Close()
	out := make([]float64, len(g.Nodes))
	for i, n := range g.Nodes {
		w := float64(font.MeasureString(face, n.Label)) / 64 / scale
		out[i] = max(w+2*nodePadPt, 30)
	}
	return out, nil
}

// frame is the picture around a layout: its scale and where the graph sits.
type frame struct {
	scale         float64 // pixels per point
	offX, offY    float64 // the graph's top left corner, pixels
	width, height int
	raw           *rawLayout
}

// newFrame sizes the picture: the graph at scale pixels a point, with
// the title above and the legend below, scaled down to fit the bounds.
func newFrame(g *Graph, raw *rawLayout, scale float64) (*frame, error) {
	gw, gh := raw.maxX-raw.minX, raw.maxY-raw.minY
	textW, err := frameTextWidth(g)
	if err != nil {
		return nil, err
	}
	w := max(gw, textW) + 2*marginPt
	h := gh + headerPt + yearRowPt + legendPt + 2*marginPt
	s := scale
	if big := max(w, h) * s; big > maxSide {
		s *= maxSide / big
	}
	f := &frame{scale: s, raw: raw}
	f.width, f.height = int(math.Ceil(w*s)), int(math.Ceil(h*s))
	// a picture too long for its width gets a wider (or taller) canvas
	f.width = max(f.width, (f.height+maxRatio-1)/maxRatio)
	f.height = max(f.height, (f.width+maxRatio-1)/maxRatio)
	f.offX = (float64(f.width) - gw*s) / 2
	f.offY = (marginPt + headerPt + yearRowPt) * s
	return f, nil
}

// frameTextWidth is how wide, in points, the title and legend are.
func frameTextWidth(g *Graph) (float64, error) {
	tf, err := newFace(titlePt)
	if err != nil {
		return 0, err
	}
	defer tf.Close()
	lf, err := newFace(fontPt)
	if err != nil {
		return 0, err
	}
	defer lf.Close()
	title := float64(font.MeasureString(tf, g.Title)) / 64
	legend := 0.0
	for _, it := range legendItems(g) {
		legend += legendSwatchPt + float64(font.MeasureString(lf, it.text))/64 + legendGapPt
	}
	return max(title, legend), nil
}

// pt turns a Graphviz point (y up) into picture pixels (y down).
func (f *frame) pt(x, y float64) Point {
	return Point{f.offX + (x-f.raw.minX)*f.scale, f.offY + (f.raw.maxY-y)*f.scale}
}

// place turns the layout into picture coordinates, checking that Graphviz
// placed every node and edge.
func (f *frame) place(g *Graph, raw *rawLayout, widths []float64) (*Layout, error) {
	lay := &Layout{Width: f.width, Height: f.height}
	for i, n := range g.Nodes {
		c, ok := raw.nodes[nodeName(n.ID)]
		if !ok {
			return nil, fmt.Errorf("lay out map: paper %s not placed", n.ID)
		}
		p := f.pt(c.X, c.Y)
		lay.Nodes = append(lay.Nodes, Box{ID: n.ID, X: p.X, Y: p.Y, W: widths[i] * f.scale, H: nodeHPt * f.scale})
	}
	for _, e := range g.Edges {
		sp, ok := raw.edges[[2]string{nodeName(e.From), nodeName(e.To)}]
		if !ok {
			return nil, fmt.Errorf("lay out map: edge %s→%s not placed", e.From, e.To)
		}
		path := Path{From: e.From, To: e.To, Tip: f.pt(sp.tip.X, sp.tip.Y)}
		for _, q := range sp.points {
			path.Points = append(path.Points, f.pt(q.X, q.Y))
		}
		lay.Edges = append(lay.Edges, path)
	}
	for _, y := range g.years() {
		c := raw.nodes[yearName(y)]
		lay.Years = append(lay.Years, Year{Year: y, X: f.pt(c.X, c.Y).X})
	}
	return lay, nil
}
