package picture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/goccy/go-graphviz"
)

// gvLock serialises every Graphviz call in the process: go-graphviz runs
// one WebAssembly module instance for all its users, and Graphviz's C code
// keeps global state. A channel, so waiting for it heeds the context.
var gvLock = make(chan struct{}, 1)

// Painter draws maps and charts and keeps the last ones it drew. It is
// safe for concurrent use.
type Painter struct {
	gv    *graphviz.Graphviz // Graphviz's context, made on first use; under gvLock
	cache *cache
	scale float64
}

// Options configures a Painter.
type Options struct {
	// CacheEntries and CacheBytes bound the cache of drawn pictures;
	// defaults 64 pictures and 32 MiB. A negative CacheEntries turns the
	// cache off.
	CacheEntries int
	CacheBytes   int
	// Scale is the pictures' pixels per point (1/72 inch); default 2,
	// which draws a map's labels 22 pixels high and a chart 1000 pixels
	// wide. A map larger than 2560 pixels a side is scaled down to fit.
	Scale float64
}

// New returns a Painter. Graphviz's context is made on first use or by Warm.
func New(o Options) *Painter {
	if o.CacheEntries == 0 {
		o.CacheEntries = 64
	}
	if o.CacheBytes == 0 {
		o.CacheBytes = 32 << 20
	}
	if o.Scale <= 0 {
		o.Scale = 2
	}
	return &Painter{cache: newCache(max(o.CacheEntries, 0), o.CacheBytes), scale: o.Scale}
}

// Warm makes Graphviz's context and lays out a small graph, so the first
// map a reader asks for does not pay for either. Run it in the background
// at start; it is safe to call more than once.
func (p *Painter) Warm(ctx context.Context) error {
	g := Graph{Nodes: []Node{{ID: "a", Label: "A", Year: 1}, {ID: "b", Label: "B", Year: 2}},
		Edges: []Edge{{From: "a", To: "b"}}}
	_, err := p.layout(ctx, g.dot([]float64{20, 20}))
	return err
}

// Close frees Graphviz's context. The Painter must not be used after.
func (p *Painter) Close() error {
	gvLock <- struct{}{}
	defer func() { <-gvLock }()
	if p.gv == nil {
		return nil
	}
	err := p.gv.Close()
	p.gv = nil
	if err != nil {
		return fmt.Errorf("close graphviz: %w", err)
	}
	return nil
}

// Map is a drawn lineage map.
type Map struct {
	PNG    []byte
	Layout Layout
}

// Map draws g. Pictures drawn before for an equal Graph come from the
// cache; the result is shared and must not be changed.
func (p *Painter) Map(ctx context.Context, g Graph) (*Map, error) {
	key, err := cacheKey("map", g)
	if err != nil {
		return nil, err
	}
	if v, ok := p.cache.get(key); ok {
		return v.(*Map), nil
	}
	if err := g.check(); err != nil {
		return nil, err
	}
	m, err := p.drawMap(ctx, &g)
	if err != nil {
		return nil, err
	}
	p.cache.put(key, m, len(m.PNG))
	return m, nil
}

// layout runs Graphviz's dot engine on a graph in the DOT language and
// returns where everything went.
func (p *Painter) layout(ctx context.Context, dot []byte) (*rawLayout, error) {
	select {
	case gvLock <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("lay out map: %w", ctx.Err())
	}
	defer func() { <-gvLock }()
	if p.gv == nil {
		gv, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("start graphviz: %w", err)
		}
		p.gv = gv
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("lay out map: parse graph: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := p.gv.Render(ctx, g, "plain", &buf); err != nil {
		return nil, fmt.Errorf("lay out map: %w", err)
	}
	return parsePlain(buf.Bytes())
}

// cacheKey names a picture by everything it is drawn from.
func cacheKey(kind string, v any) (string, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("draw %s: %w", kind, err)
	}
	sum := sha256.Sum256(js)
	return kind + ":" + string(sum[:]), nil
}
