package picture

import (
	"encoding/json"
	"fmt"
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

// gvLayout is the part of Graphviz's "json0" output the map uses.
type gvLayout struct {
	BB      string `json:"bb"`
	Objects []struct {
		ID     int    `json:"_gvid"`
		Name   string `json:"name"`
		Pos    string `json:"pos"`
		Width  string `json:"width"`
		Height string `json:"height"`
	} `json:"objects"`
	Edges []struct {
		Tail  int    `json:"tail"`
		Head  int    `json:"head"`
		Pos   string `json:"pos"`
		Style string `json:"style"`
	} `json:"edges"`
}

// rawLayout is Graphviz's layout in points, y up, as parsed.
type rawLayout struct {
	minX, minY, maxX, maxY float64
	nodes                  map[string]Point // by layout name: centres
	edges                  map[[2]string]gvEdge
}

type gvEdge struct {
	points []Point
	tip    Point
}

// parseLayout reads Graphviz's json0 output.
func parseLayout(js []byte) (*rawLayout, error) {
	var gl gvLayout
	if err := json.Unmarshal(js, &gl); err != nil {
		return nil, fmt.Errorf("read layout: %w", err)
	}
	bb, err := floats(gl.BB, 4)
	if err != nil {
		return nil, fmt.Errorf("read layout: bounding box %q: %w", gl.BB, err)
	}
	raw := &rawLayout{minX: bb[0], minY: bb[1], maxX: bb[2], maxY: bb[3],
		nodes: map[string]Point{}, edges: map[[2]string]gvEdge{}}
	names := map[int]string{} // edges name nodes by _gvid; subgraphs have none
	for _, o := range gl.Objects {
		if o.Pos == "" {
			continue // a subgraph
		}
		p, err := floats(o.Pos, 2)
		if err != nil {
			return nil, fmt.Errorf("read layout: node %s: pos %q: %w", o.Name, o.Pos, err)
		}
		raw.nodes[o.Name] = Point{p[0], p[1]}
		names[o.ID] = o.Name
	}
	for _, e := range gl.Edges {
		if e.Style == "invis" {
			continue
		}
		tail, okT := names[e.Tail]
		head, okH := names[e.Head]
		if !okT || !okH {
			return nil, fmt.Errorf("read layout: edge %d→%d: no such node", e.Tail, e.Head)
		}
		sp, err := parseSpline(e.Pos)
		if err != nil {
			return nil, fmt.Errorf("read layout: edge %s→%s: %w", tail, head, err)
		}
		raw.edges[[2]string{tail, head}] = sp
	}
	return raw, nil
}

// parseSpline reads an edge's pos: "e,X,Y x1,y1 x2,y2 …", the first spline
// of a list. Without an end point the arrow tip is the spline's end.
func parseSpline(pos string) (gvEdge, error) {
	first, _, _ := strings.Cut(pos, ";")
	var e gvEdge
	hasTip := false
	for _, f := range strings.Fields(first) {
		switch {
		case strings.HasPrefix(f, "e,"):
			p, err := floats(f[2:], 2)
			if err != nil {
				return e, fmt.Errorf("spline %q: %w", pos, err)
			}
			e.tip, hasTip = Point{p[0], p[1]}, true
		case strings.HasPrefix(f, "s,"): // an arrow at the start: not drawn
		default:
			p, err := floats(f, 2)
			if err != nil {
				return e, fmt.Errorf("spline %q: %w", pos, err)
			}
			e.points = append(e.points, Point{p[0], p[1]})
		}
	}
	if len(e.points) < 4 || (len(e.points)-1)%3 != 0 {
		return e, fmt.Errorf("spline %q: %d points", pos, len(e.points))
	}
	if !hasTip {
		e.tip = e.points[len(e.points)-1]
	}
	return e, nil
}

// floats reads n comma-separated numbers.
func floats(s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("want %d numbers", n)
	}
	out := make([]float64, n)
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
