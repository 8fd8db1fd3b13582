package recommend

import (
	"testing"

	"github.com/paperbot/paperbot/data"
)

// TestPathRespectsBuildsOn checks, for the whole set and every topic, that
// the path holds exactly the topic's papers, each once, and that every
// paper comes after the papers of the path it builds on.
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
		for _, p := range path {
			for _, b := range p.BuildsOn {
				if j, ok := pos[b]; ok && j > pos[p.ID] {
					t.Errorf("Path(%q): %s at %d before %s at %d, which it builds on", topic, p.ID, pos[p.ID], b, j)
				}
			}
		}
		checkPathTies(t, topic, path, pos)
	}
}

// checkPathTies checks that each paper is the earliest (by year, then
// title) of the papers whose predecessors on the path came before it.
func checkPathTies(t *testing.T, topic string, path []*data.Paper, pos map[string]int) {
	t.Helper()
	ready := func(p *data.Paper, at int) bool {
		for _, b := range p.BuildsOn {
			if j, ok := pos[b]; ok && j >= at {
				return false
			}
		}
		return true
	}
	for i, p := range path {
		for _, q := range path[i+1:] {
			if ready(q, i) && (q.Year < p.Year || q.Year == p.Year && q.Title < p.Title) {
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
