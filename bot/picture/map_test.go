package picture

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paperbot/paperbot/bot/recommend/synthetic"
)

// TestMapShowsTheLineage draws a topic of the embedded set and checks,
// through the layout, that it has exactly the topic's papers and
// builds-on links, arrows from the older paper to the newer, boxes that
// do not overlap, and a PNG of the layout's size.
func TestMapShowsTheLineage(t *testing.T) {
	set := embedded(t)
	papers := topicPapers(set, "contrastive")
	g := graphOf(papers, nil)
	m, err := painter(t).Map(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, m.PNG)
	if b := img.Bounds(); b.Dx() != m.Layout.Width || b.Dy() != m.Layout.Height {
		t.Errorf("PNG is %dx%d, layout says %dx%d", b.Dx(), b.Dy(), m.Layout.Width, m.Layout.Height)
	}
	var gotNodes, wantNodes []string
	boxes := map[string]Box{}
	for _, b := range m.Layout.Nodes {
		gotNodes = append(gotNodes, b.ID)
		boxes[b.ID] = b
	}
	for _, p := range papers {
		wantNodes = append(wantNodes, p.ID)
	}
	slices.Sort(gotNodes)
	slices.Sort(wantNodes)
	if !slices.Equal(gotNodes, wantNodes) {
		t.Errorf("map nodes = %v, want the topic's papers %v", gotNodes, wantNodes)
	}
	var gotEdges, wantEdges []string
	for _, e := range m.Layout.Edges {
		gotEdges = append(gotEdges, e.From+"→"+e.To)
		checkArrow(t, e, boxes[e.From], boxes[e.To])
	}
	in := map[string]bool{}
	for _, p := range papers {
		in[p.ID] = true
	}
	for _, p := range papers {
		for _, b := range p.BuildsOn {
			if in[b] {
				wantEdges = append(wantEdges, b+"→"+p.ID)
			}
		}
	}
	slices.Sort(gotEdges)
	slices.Sort(wantEdges)
	if !slices.Equal(gotEdges, wantEdges) {
		t.Errorf("map edges = %v\nwant the topic's builds-on links %v", gotEdges, wantEdges)
	}
	checkBoxes(t, m)
}

// checkArrow checks that an edge leaves its older paper's box and ends,
// arrow tip and all, at the newer paper's.
func checkArrow(t *testing.T, e Path, from, to Box) {
	t.Helper()
	near := func(p Point, b Box) bool {
		return math.Abs(p.X-b.X) <= b.W/2+3 && math.Abs(p.Y-b.Y) <= b.H/2+3
	}
	if !near(e.Points[0], from) {
		t.Errorf("edge %s→%s starts at %v, not at %s's box %+v", e.From, e.To, e.Points[0], e.From, from)
	}
	if !near(e.Tip, to) {
		t.Errorf("edge %s→%s ends at %v, not at %s's box %+v", e.From, e.To, e.Tip, e.To, to)
	}
}

// checkBoxes checks that every box is inside the picture and that no two
// overlap.
func checkBoxes(t *testing.T, m *Map) {
	t.Helper()
	ns := m.Layout.Nodes
	for i, a := range ns {
		if a.X-a.W/2 < 0 || a.Y-a.H/2 < 0 || a.X+a.W/2 > float64(m.Layout.Width) || a.Y+a.H/2 > float64(m.Layout.Height) {
			t.Errorf("box %+v outside the %dx%d picture", a, m.Layout.Width, m.Layout.Height)
		}
		for _, b := range ns[i+1:] {
			if math.Abs(a.X-b.X) < (a.W+b.W)/2-1 && math.Abs(a.Y-b.Y) < (a.H+b.H)/2-1 {
				t.Errorf("boxes %s and %s overlap: %+v %+v", a.ID, b.ID, a, b)
			}
		}
	}
}

// TestMapMarksTheReader checks the colour inside each box, drawn at a
// pixel a point: filled for a read paper, light for the others.
func TestMapMarksTheReader(t *testing.T) {
	papers := topicPapers(embedded(t), "masked-image-modeling")
	read := map[int]bool{0: true, 3: true, 4: true, 10: true}
	g := graphOf(papers, func(i int, n *Node) {
		n.Read = read[i]
		n.Saved = i == 4 || i == 5
		n.Today = i == 6
	})
	m, err := New(Options{CacheEntries: -1, Scale: 1}).Map(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, m.PNG)
	for i, b := range m.Layout.Nodes {
		want := colUnread
		if g.Nodes[i].Read {
			want = colRead
		}
		if got := boxColour(img, b); got != want {
			t.Errorf("paper %s (read %v): box colour %v, want %v", b.ID, g.Nodes[i].Read, got, want)
		}
	}
}

// TestMapOfSixtyPapers draws 60 synthetic papers, whose links may point
// from a later year to an earlier one.
func TestMapOfSixtyPapers(t *testing.T) {
	set, err := synthetic.Set(60)
	if err != nil {
		t.Fatal(err)
	}
	g := graphOf(set.Papers, func(i int, n *Node) { n.Read = i%4 == 0 })
	m, err := painter(t).Map(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Layout.Nodes) != 60 || len(m.Layout.Edges) != len(g.Edges) {
		t.Errorf("map of 60 papers, %d links: %d boxes, %d edges", len(g.Edges), len(m.Layout.Nodes), len(m.Layout.Edges))
	}
	img := decode(t, m.PNG)
	if img.Bounds().Dx() != m.Layout.Width {
		t.Errorf("PNG width %d, layout %d", img.Bounds().Dx(), m.Layout.Width)
	}
	checkBoxes(t, m)
	checkTelegram(t, m.Layout.Width, m.Layout.Height)
}

// checkTelegram checks the bounds of a photo Telegram takes.
func checkTelegram(t *testing.T, w, h int) {
	t.Helper()
	if w > maxSide || h > maxSide || w+h > 10000 || max(w, h) > maxRatio*min(w, h) {
		t.Errorf("picture %dx%d: want sides ≤ %d, ratio ≤ %d", w, h, maxSide, maxRatio)
	}
}

// TestMapBounds draws shapes that grow one way: a chain over many years,
// at the default scale wider than the largest side, and many papers of
// one year, taller than twenty times their width.
func TestMapBounds(t *testing.T) {
	column := chain(60, func(int) int { return 2020 })
	column.Title = ""
	for _, tc := range []struct {
		name string
		p    *Painter
		g    Graph
	}{
		{"chain", New(Options{CacheEntries: -1}), chain(30, func(i int) int { return 1990 + i })},
		{"column", painter(t), column},
		{"one", painter(t), chain(1, func(int) int { return 2020 })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.p.Map(context.Background(), tc.g)
			if err != nil {
				t.Fatal(err)
			}
			checkTelegram(t, m.Layout.Width, m.Layout.Height)
			if b := decode(t, m.PNG).Bounds(); b.Dx() != m.Layout.Width || b.Dy() != m.Layout.Height {
				t.Errorf("PNG %v, layout %dx%d", b, m.Layout.Width, m.Layout.Height)
			}
		})
	}
}

// chain is n papers, each building on the one before.
func chain(n int, year func(i int) int) Graph {
	g := Graph{Title: fmt.Sprintf("chain of %d", n)}
	for i := range n {
		id := fmt.Sprintf("p%d", i)
		g.Nodes = append(g.Nodes, Node{ID: id, Label: "Paper " + id, Year: year(i)})
		if i > 0 {
			g.Edges = append(g.Edges, Edge{From: fmt.Sprintf("p%d", i-1), To: id})
		}
	}
	return g
}

func TestMapRefusesBadGraphs(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    Graph
		want string
	}{
		{"empty", Graph{}, "no papers"},
		{"repeated id", Graph{Nodes: []Node{{ID: "a"}, {ID: "a"}}}, "repeated"},
		{"edge to nowhere", Graph{Nodes: []Node{{ID: "a"}}, Edges: []Edge{{From: "a", To: "b"}}}, "not on the map"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := painter(t).Map(context.Background(), tc.g)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Map(%s) error = %v, want one saying %q", tc.name, err, tc.want)
			}
		})
	}
}

// TestMapWaitsForGraphvizWithItsContext checks that a map whose context
// ends while another holds Graphviz gives up.
func TestMapWaitsForGraphvizWithItsContext(t *testing.T) {
	p := painter(t)
	gvLock <- struct{}{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := p.Map(ctx, chain(3, func(i int) int { return 2000 + i }))
		done <- err
	}()
	cancel()
	err := <-done
	<-gvLock
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Map with its context cancelled while Graphviz was busy: %v, want context.Canceled", err)
	}
}

// TestMapsAtOnce draws maps from several goroutines (run with -race).
func TestMapsAtOnce(t *testing.T) {
	p := painter(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := range 4 {
		wg.Go(func() {
			_, err := p.Map(context.Background(), chain(5+i, func(j int) int { return 2000 + j }))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// TestMapCache checks that an equal graph comes from the cache, that a
// change in what the reader read is a new picture, and the bound.
func TestMapCache(t *testing.T) {
	p := New(Options{CacheEntries: 2})
	ctx := context.Background()
	g := chain(4, func(i int) int { return 2000 + i })
	a, err := p.Map(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.Map(ctx, chain(4, func(i int) int { return 2000 + i }))
	if a != b {
		t.Error("the same graph twice was drawn twice, want the cached picture")
	}
	g.Nodes[1].Read = true
	c, _ := p.Map(ctx, g)
	if c == a {
		t.Error("a paper newly read gave the cached picture")
	}
	if _, err := p.Map(ctx, chain(2, func(i int) int { return 2000 + i })); err != nil {
		t.Fatal(err)
	}
	if n := p.cache.len(); n != 2 {
		t.Errorf("cache holds %d pictures, want its bound 2", n)
	}
	if err := p.Close(); err != nil {
		t.Error(err)
	}
}

func TestParsePlain(t *testing.T) {
	out := `graph 1 2.5 1
node "p:a" 0.5 0.75 1 0.3 "p:a" solid box black lightgrey
node "p:b \"x\"" 2 0.5 1 0.3 "" solid box black lightgrey
edge "y:1" "y:2" 4 0.6 0.02 0.8 0.02 1.3 0.02 1.6 0.02 invis black
edge "p:a" "p:b \"x\"" 4 1 0.7 1.1 0.7 1.2 0.7 1.3 0.7 solid black
stop
`
	raw, err := parsePlain([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if raw.maxX != 180 || raw.maxY != 72 || raw.nodes["p:a"] != (Point{36, 54}) || raw.nodes[`p:b "x"`] != (Point{144, 36}) {
		t.Errorf("parsePlain: size %vx%v, nodes %v; want 180x72 and the two nodes in points", raw.maxX, raw.maxY, raw.nodes)
	}
	if len(raw.edges) != 1 {
		t.Fatalf("parsePlain kept %d edges, want the visible one", len(raw.edges))
	}
	e := raw.edges[[2]string{"p:a", `p:b "x"`}]
	if len(e.points) != 4 || math.Abs(e.tip.X-(1.3*72+arrowPt)) > 1e-9 || math.Abs(e.tip.Y-0.7*72) > 1e-9 {
		t.Errorf("edge = %+v, want 4 points and the tip %v points on", e, arrowPt)
	}
	for _, bad := range []string{
		"",
		"node \"p:a 1 2",
		"graph 1 x 2",
		"graph 1 2 2\nedge a b 3 1 1 2 2 3 3 solid black",
		"graph 1 2 2\nedge a b 4 1 1 2 2 3 3 4 x solid black",
	} {
		if _, err := parsePlain([]byte(bad)); err == nil {
			t.Errorf("parsePlain(%q) = nil error, want one", bad)
		}
	}
}
