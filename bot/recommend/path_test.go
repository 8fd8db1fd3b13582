package recommend

import (
	"testing"

	"github.com/paperbot/paperbot/data"
)

// TestPathRespectsBuildsOn checks, for the whole set and every topic, that
// the path holds exactly the topic's papers, each once, and that within
// the core (the start of a topic's path) and within the rest every paper
// comes after the papers it builds on.
func TestPathRespectsBuildsOn(t *testing.T) {
	e := testEngine(t)
	topics := []string{""}
	for _, tp := range e.set.Topics {
		topics = append(topics, tp.ID)
	}
	for _, topic := range topics {
		path := e.Path(topic)
		pos := map[string]int{}
		for i, p := range path {
			if _, dup := pos[p.ID]; dup {
				t.Errorf("Path(%q): %s twice", topic, p.ID)
			}
			pos[p.ID] = i
		}
		for i := range e.set.Papers {
			p := &e.set.Papers[i]
			_, in := pos[p.ID]
			if want := topic == "" || e.set.HasTopic(p, topic); in != want {
				t.Errorf("Path(%q) holds %s: %v, want %v", topic, p.ID, in, want)
			}
		}
		core := 0
		if cp, ok := e.Curated(topic); ok {
			core = len(cp.Core)
			if core > MaxCore || core == 0 && len(path) > 0 {
				t.Errorf("Curated(%q) has a core of %d papers", topic, core)
			}
			for i, p := range cp.Core {
				if path[i] != p {
					t.Errorf("Curated(%q) core %d is %s, Path has %s", topic, i, p.ID, path[i].ID)
				}
			}
		}
		for _, seg := range [][2]int{{0, core}, {core, len(path)}} {
			for _, p := range path[seg[0]:seg[1]] {
				for _, b := range p.BuildsOn {
					if j, ok := pos[b]; ok && j >= seg[0] && j < seg[1] && j > pos[p.ID] {
						t.Errorf("Path(%q): %s at %d before %s at %d, which it builds on", topic, p.ID, pos[p.ID], b, j)
					}
				}
			}
			checkPathTies(t, topic, path, seg[0], seg[1], pos)
		}
	}
}

// checkPathTies checks that each paper of path[from:to] is the earliest
// (by year, then arXiv id, then title) of the papers of that part whose
// predecessors in it came before it.
func checkPathTies(t *testing.T, topic string, path []*data.Paper, from, to int, pos map[string]int) {
	t.Helper()
	ready := func(p *data.Paper, at int) bool {
		for _, b := range p.BuildsOn {
			if j, ok := pos[b]; ok && j >= at && j < to {
				return false
			}
		}
		return true
	}
	earlier := func(q, p *data.Paper) bool {
		if q.Year != p.Year {
			return q.Year < p.Year
		}
		if a, b := arxivKey(q), arxivKey(p); a != b {
			return a < b
		}
		return q.Title < p.Title
	}
	for i := from; i < to; i++ {
		p := path[i]
		for _, q := range path[i+1 : to] {
			if ready(q, i) && earlier(q, p) {
				t.Errorf("Path(%q): %s (%d) at %d although %s (%d) was ready", topic, p.ID, p.Year, i, q.ID, q.Year)
				return
			}
		}
	}
}

func TestPathByName(t *testing.T) {
	e := testEngine(t)
	if a, b := e.Path("contrastive"), e.Path("对比学习"); len(a) == 0 || len(a) != len(b) {
		t.Errorf("Path(contrastive) has %d papers, Path(对比学习) %d", len(a), len(b))
	}
	if got := e.Path("no such topic"); got != nil {
		t.Errorf("Path(no such topic) = %d papers, want nil", len(got))
	}
	if got := len(e.Path("")); got != len(e.set.Papers) {
		t.Errorf("Path(\"\") = %d papers, want %d", got, len(e.set.Papers))
	}
}

// TestCuratedPartitions checks that a topic's core and branches hold each
// of its papers once, that a branch holds the papers whose main topic it
// is, and that the rest branch holds the topic's own papers.
func TestCuratedPartitions(t *testing.T) {
	e := testEngine(t)
	for _, tp := range e.set.Topics {
		t.Run(tp.ID, func(t *testing.T) {
			cp, ok := e.Curated(tp.ID)
			if !ok {
				t.Fatal("no curated path")
			}
			seen := map[string]bool{}
			for _, p := range cp.Core {
				seen[p.ID] = true
			}
			for _, b := range cp.Branches {
				if len(b.Papers) == 0 {
					t.Errorf("branch %q is empty", b.Topic)
				}
				for _, p := range b.Papers {
					if seen[p.ID] {
						t.Errorf("%s twice", p.ID)
					}
					seen[p.ID] = true
					if b.Topic != "" && p.Topics[0] != b.Topic || b.Topic == "" && !e.inTopic(p.Topics[0], tp.ID) {
						t.Errorf("%s (main topic %s) in branch %q", p.ID, p.Topics[0], b.Topic)
					}
				}
			}
			if want := len(e.Path(tp.ID)); len(seen) != want {
				t.Errorf("core and branches hold %d papers, the topic %d", len(seen), want)
			}
		})
	}
	if _, ok := e.Curated("no such topic"); ok {
		t.Error("Curated(no such topic) = ok")
	}
}
