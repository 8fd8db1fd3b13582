package picture

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// TestMain lets BenchmarkProcessStart run the test binary as a process
// that only starts: with PICTURE_START_ONLY=1 it exits once every package
// init (go-graphviz's WebAssembly compile among them) has run.
func TestMain(m *testing.M) {
	if os.Getenv("PICTURE_START_ONLY") == "1" {
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// benchGraph is the first n papers of the embedded set, oldest first, with
// every third read and every fifth saved.
func benchGraph(b *testing.B, n int) Graph {
	set := embedded(b)
	g := graphOf(set.Papers, func(i int, nd *Node) { nd.Read, nd.Saved = i%3 == 0, i%5 == 0 })
	if n >= len(g.Nodes) {
		return g
	}
	g.Nodes = g.Nodes[:n]
	keep := map[string]bool{}
	for _, nd := range g.Nodes {
		keep[nd.ID] = true
	}
	var edges []Edge
	for _, e := range g.Edges {
		if keep[e.From] && keep[e.To] {
			edges = append(edges, e)
		}
	}
	g.Edges = edges
	return g
}

var benchSizes = []int{10, 40, 130}

// BenchmarkMap draws maps of 10, 40 and 130 papers at the default scale:
// cold (a new painter each time: Graphviz's context made, first layout on
// it; the WebAssembly compile is not in it, see BenchmarkProcessStart),
// warm (a warmed painter, cache off) and cached (the same map again).
func BenchmarkMap(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		g := benchGraph(b, n)
		b.Run(fmt.Sprintf("%d/cold", n), func(b *testing.B) {
			var m *Map
			for b.Loop() {
				p := New(Options{CacheEntries: -1})
				var err error
				if m, err = p.Map(ctx, g); err != nil {
					b.Fatal(err)
				}
				p.Close()
			}
			reportMap(b, m)
		})
		b.Run(fmt.Sprintf("%d/warm", n), func(b *testing.B) {
			p := New(Options{CacheEntries: -1})
			if err := p.Warm(ctx); err != nil {
				b.Fatal(err)
			}
			var m *Map
			for b.Loop() {
				var err error
				if m, err = p.Map(ctx, g); err != nil {
					b.Fatal(err)
				}
			}
			reportMap(b, m)
		})
		b.Run(fmt.Sprintf("%d/cached", n), func(b *testing.B) {
			p := New(Options{})
			m, err := p.Map(ctx, g)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := p.Map(ctx, g); err != nil {
					b.Fatal(err)
				}
			}
			reportMap(b, m)
		})
	}
}

func reportMap(b *testing.B, m *Map) {
	b.ReportMetric(float64(len(m.PNG)), "png-bytes")
	b.ReportMetric(float64(m.Layout.Width), "width-px")
	b.ReportMetric(float64(m.Layout.Height), "height-px")
}

// BenchmarkLayout is Graphviz's part of a warm map alone.
func BenchmarkLayout(b *testing.B) {
	ctx := context.Background()
	p := New(Options{CacheEntries: -1})
	if err := p.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	for _, n := range benchSizes {
		g := benchGraph(b, n)
		w, err := labelWidths(&g, p.scale)
		if err != nil {
			b.Fatal(err)
		}
		dot := g.dot(w)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.layout(ctx, dot); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProgress draws the progress chart of 15 topics and 12 weeks.
func BenchmarkProgress(b *testing.B) {
	pr := sampleProgress()
	for len(pr.Topics) < 15 {
		pr.Topics = append(pr.Topics, Bar{fmt.Sprintf("Topic %d", len(pr.Topics)), 3, 20})
	}
	p := New(Options{CacheEntries: -1})
	var png []byte
	for b.Loop() {
		var err error
		if png, err = p.Progress(pr); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(png)), "png-bytes")
}

// BenchmarkProcessStart starts this test binary as a process that exits
// right after its package inits: "compile" with an empty $TMPDIR each
// time, so go-graphviz compiles its WebAssembly, and "cached" with its
// compilation cache in place.
func BenchmarkProcessStart(b *testing.B) {
	start := func(b *testing.B, tmp string) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "PICTURE_START_ONLY=1", "TMPDIR="+tmp)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("start: %v\n%s", err, out)
		}
	}
	b.Run("compile", func(b *testing.B) {
		for b.Loop() {
			dir, err := os.MkdirTemp(b.TempDir(), "tmp")
			if err != nil {
				b.Fatal(err)
			}
			start(b, dir)
		}
	})
	b.Run("cached", func(b *testing.B) {
		dir := b.TempDir()
		start(b, dir) // fills the cache
		for b.Loop() {
			start(b, dir)
		}
	})
}
