package recommend

import (
	"cmp"
	"slices"
	"sync"

	"github.com/paperbot/paperbot/data"
)

// Path returns the papers of a topic, its subtopics included, in reading
// order: every paper after the papers of the path it builds on, and
// otherwise by year, then title. topic may be a topic id or anything
// ResolveTopic understands; "" means the whole set. An unknown topic has no
// path.
func (e *Engine) Path(topic string) []*data.Paper {
	path, ok := e.topicPath(topic)
	if !ok {
		return nil
	}
	out := make([]*data.Paper, len(path.order))
	for i, d := range path.order {
		out[i] = e.paper(d)
	}
	return out
}

// readingPath is the reading order of a topic's documents, made once per
// topic on first use (it depends only on the set).
type readingPath struct {
	once  sync.Once
	docs  []int32 // the topic's documents, in set order
	order []int32 // docs in reading order: the core first, then the rest
	pos   []int32 // per docs[i]: its position in order
	core  int     // order[:core] is the core (curatedCore)
}

// topicPath returns the reading path of topic ("" for all), or false for
// an unknown topic.
func (e *Engine) topicPath(topic string) (*readingPath, bool) {
	i := len(e.set.Topics) // the whole set
	if topic != "" {
		t, ok := e.ResolveTopic(topic)
		if !ok {
			return nil, false
		}
		i = e.topicPos[t.ID]
	}
	path := &e.paths[i]
	path.once.Do(func() {
		if i < len(e.topics) {
			path.docs = e.topics[i].docs
		} else {
			path.docs = make([]int32, len(e.set.Papers))
			for d := range path.docs {
				path.docs[d] = int32(d)
			}
		}
		path.order = e.pathOrder(path.docs)
		if i < len(e.set.Topics) {
			path.core = e.coreFirst(&e.set.Topics[i], path.order)
		}
		path.pos = make([]int32, len(path.docs))
		for at, d := range path.order {
			j, _ := slices.BinarySearch(path.docs, d)
			path.pos[j] = int32(at)
		}
	})
	return path, true
}

// has reports whether d is on the path.
func (p *readingPath) has(d int32) bool {
	_, ok := slices.BinarySearch(p.docs, d)
	return ok
}

// pathOrder sorts docs (in set order) topologically along builds_on
// (Kahn's algorithm), taking the earliest paper (by year, then title)
// among those ready. Links to papers outside docs are ignored; should the
// data ever hold a cycle, its papers follow in year order.
func (e *Engine) pathOrder(docs []int32) []int32 {
	at := func(d int32) int32 { // d's index in docs, or -1
		i, ok := slices.BinarySearch(docs, d)
		if !ok {
			return -1
		}
		return int32(i)
	}
	waiting := make([]int32, len(docs)) // unmet predecessors
	// The followers of docs[i] are next[start[i]:start[i+1]].
	start := make([]int32, len(docs)+1)
	type edge struct{ from, to int32 }
	var edges []edge
	for i, d := range docs {
		for _, id := range e.paper(d).BuildsOn {
			if b, ok := e.docOf(id); ok && b != d {
				if j := at(b); j >= 0 {
					waiting[i]++
					edges = append(edges, edge{j, int32(i)})
					start[j+1]++
				}
			}
		}
	}
	for i := range docs {
		start[i+1] += start[i]
	}
	next := make([]int32, len(edges))
	fill := slices.Clone(start[:len(docs)])
	for _, ed := range edges { // in order of the follower, as a list per predecessor
		next[fill[ed.from]] = ed.to
		fill[ed.from]++
	}
	var ready []int32 // a min-heap under e.pathLess
	for i, d := range docs {
		if waiting[i] == 0 {
			ready = e.pushPath(ready, d)
		}
	}
	out := make([]int32, 0, len(docs))
	done := make([]bool, len(docs))
	for len(out) < len(docs) {
		if len(ready) == 0 { // a cycle: release its earliest paper
			ready = e.pushPath(ready, e.earliestLeft(docs, done))
		}
		var d int32
		d, ready = e.popPath(ready)
		i := at(d)
		if done[i] {
			continue
		}
		done[i] = true
		out = append(out, d)
		for _, f := range next[start[i]:start[i+1]] {
			if waiting[f]--; waiting[f] == 0 {
				ready = e.pushPath(ready, docs[f])
			}
		}
	}
	return out
}

func (e *Engine) earliestLeft(docs []int32, done []bool) int32 {
	best := int32(-1)
	for i, d := range docs {
		if !done[i] && (best < 0 || e.pathLess(d, best)) {
			best = d
		}
	}
	return best
}

// pathLess orders papers that are equally ready: by date (year, then the
// arXiv id, which numbers papers by month of submission; papers without
// one after those with one), title, then id.
func (e *Engine) pathLess(a, b int32) bool {
	pa, pb := e.paper(a), e.paper(b)
	if c := cmp.Compare(pa.Year, pb.Year); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(arxivKey(pa), arxivKey(pb)); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(pa.Title, pb.Title); c != 0 {
		return c < 0
	}
	return pa.ID < pb.ID
}

// arxivKey sorts new-style arXiv ids (yymm.nnnnn) by submission; papers
// without one sort last.
func arxivKey(p *data.Paper) string {
	if len(p.ArXiv) >= 9 && p.ArXiv[4] == '.' {
		return p.ArXiv
	}
	return "~"
}

func (e *Engine) pushPath(h []int32, d int32) []int32 {
	h = append(h, d)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !e.pathLess(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	return h
}

func (e *Engine) popPath(h []int32) (int32, []int32) {
	top := h[0]
	h[0] = h[len(h)-1]
	h = h[:len(h)-1]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < len(h) && e.pathLess(h[l], h[m]) {
			m = l
		}
		if r := l + 1; r < len(h) && e.pathLess(h[r], h[m]) {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	return top, h
}
