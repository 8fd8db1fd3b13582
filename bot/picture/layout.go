package picture

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Layout is where a map's parts are in its picture, in pixels from the top
// left corner.
type Layout struct {
	Width, Height int
	Nodes         []Box  // one per paper, in the Graph's order
	Edges         []Path // one per edge, in the Graph's order
	Years         []Year // the column headers
}

// Box is a paper's box: its centre and size.
type Box struct {
	ID         string
	X, Y, W, H float64
}

// Path is an edge as drawn: a cubic Bézier spline (a start point, then
// three points per segment) and the tip of its arrow.
type Path struct {
	From, To string
	Points   []Point
	Tip      Point
}

// Point is a position in the picture.
type Point struct{ X, Y float64 }

// Year is a column header.
type Year struct {
	Year int
	X    float64
}

// rawLayout is Graphviz's layout in points, y up, as parsed.
type rawLayout struct {
	minX, minY, maxX, maxY float64
	nodes                  map[string]Point // by layout name: centres
	edges                  map[[2]string]gvEdge
}

type gvEdge struct {
	points []Point // a cubic Bézier spline, ending where the arrowhead starts
	tip    Point
}

// parsePlain reads Graphviz's "plain" output: a "graph" line with the
// size, a "node" line per node with its centre, an "edge" line per edge
// with its spline's control points, all in inches, y up. It is the
// smallest of Graphviz's layout outputs, which matters: go-graphviz keeps
// every output in the WebAssembly memory for good (docs/BENCHMARKS.md).
func parsePlain(out []byte) (*rawLayout, error) {
	raw := &rawLayout{nodes: map[string]Point{}, edges: map[[2]string]gvEdge{}}
	sized := false
	for n, line := range strings.Split(string(out), "\n") {
		f, err := plainFields(line)
		if err != nil {
			return nil, fmt.Errorf("read layout line %d: %w", n+1, err)
		}
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "graph":
			v, err := numbers(f, 1, 3)
			if err != nil {
				return nil, fmt.Errorf("read layout line %d: %w", n+1, err)
			}
			raw.maxX, raw.maxY, sized = v[1]*72, v[2]*72, true
		case "node":
			v, err := numbers(f, 2, 2)
			if err != nil {
				return nil, fmt.Errorf("read layout line %d: node %s: %w", n+1, f[1], err)
			}
			raw.nodes[f[1]] = Point{v[0] * 72, v[1] * 72}
		case "edge":
			if err := raw.addEdge(f); err != nil {
				return nil, fmt.Errorf("read layout line %d: %w", n+1, err)
			}
		}
	}
	if !sized {
		return nil, fmt.Errorf("read layout: no graph line")
	}
	return raw, nil
}

// addEdge reads "edge TAIL HEAD N x1 y1 … xN yN STYLE COLOR"; invisible
// edges (the year columns' chain) are left out.
func (raw *rawLayout) addEdge(f []string) error {
	if len(f) < 4 {
		return fmt.Errorf("edge: %d fields", len(f))
	}
	k, err := strconv.Atoi(f[3])
	if err != nil || k < 4 || (k-1)%3 != 0 || len(f) < 4+2*k+2 {
		return fmt.Errorf("edge %s→%s: bad spline of %q points", f[1], f[2], f[3])
	}
	if f[4+2*k] == "invis" {
		return nil
	}
	v, err := numbers(f, 4, 2*k)
	if err != nil {
		return fmt.Errorf("edge %s→%s: %w", f[1], f[2], err)
	}
	e := gvEdge{}
	for i := 0; i < len(v); i += 2 {
		e.points = append(e.points, Point{v[i] * 72, v[i+1] * 72})
	}
	e.tip = arrowTip(e.points)
	raw.edges[[2]string{f[1], f[2]}] = e
	return nil
}

// arrowTip is where the arrowhead ends: arrowPt on from the spline's end,
// along its last direction (dot ends an edge's spline that far before
// the head node's border).
func arrowTip(pts []Point) Point {
	end := pts[len(pts)-1]
	for i := len(pts) - 2; i >= 0; i-- {
		dx, dy := end.X-pts[i].X, end.Y-pts[i].Y
		if l := math.Hypot(dx, dy); l > 1e-6 {
			return Point{end.X + dx/l*arrowPt, end.Y + dy/l*arrowPt}
		}
	}
	return end
}

// numbers reads n numbers from f starting at field i.
func numbers(f []string, i, n int) ([]float64, error) {
	if len(f) < i+n {
		return nil, fmt.Errorf("%d fields, want at least %d", len(f), i+n)
	}
	out := make([]float64, n)
	for j := range out {
		v, err := strconv.ParseFloat(f[i+j], 64)
		if err != nil {
			return nil, err
		}
		out[j] = v
	}
	return out, nil
}

// plainFields splits a line of plain output into fields: words, or
// double-quoted strings with backslash escapes.
func plainFields(line string) ([]string, error) {
	var out []string
	line = strings.TrimSpace(line)
	for line != "" {
		if line[0] != '"' {
			f, rest, _ := strings.Cut(line, " ")
			out, line = append(out, f), strings.TrimLeft(rest, " ")
			continue
		}
		var b strings.Builder
		i := 1
		for ; i < len(line) && line[i] != '"'; i++ {
			if line[i] == '\\' && i+1 < len(line) {
				i++
			}
			b.WriteByte(line[i])
		}
		if i == len(line) {
			return nil, fmt.Errorf("unterminated string in %q", line)
		}
		out, line = append(out, b.String()), strings.TrimLeft(line[i+1:], " ")
	}
	return out, nil
}
