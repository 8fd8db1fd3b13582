package recommend

import (
	"cmp"

	"github.com/paperbot/paperbot/data"
)

// Path returns the papers of a topic, its subtopics included, in reading
// order: every paper after the papers of the path it builds on, and
// otherwise by year, then title. topic may be a topic id or anything
// ResolveTopic understands; "" means the whole set. An unknown topic has no
// path.
func (e *Engine) Path(topic string) []*data.Paper {
	docs, ok := e.topicDocs(topic)
	if !ok {
		return nil
	}
	order := e.pathOrder(docs)
	out := make([]*data.Paper, len(order))
	for i, d := range order {
		out[i] = e.paper(d)
	}
	return out
}

// topicDocs returns the documents filed under topic ("" for all), in set
// order.
func (e *Engine) topicDocs(topic string) ([]int32, bool) {
	if topic == "" {
		all := make([]int32, len(e.set.Papers))
		for i := range all {
			all[i] = int32(i)
		}
		return all, true
	}
	t, ok := e.ResolveTopic(topic)
	if !ok {
		return nil, false
	}
	return e.topics[e.topicPos[t.ID]].docs, true
}

// pathOrder sorts docs topologically along builds_on (Kahn's algorithm),
// taking the earliest paper (by year, then title) among those ready. Links
// to papers outside docs are ignored; should the data ever hold a cycle,
// its papers follow in year order.
func (e *Engine) pathOrder(docs []int32) []int32 {
	in := make(map[int32]bool, len(docs))
	for _, d := range docs {
		in[d] = true
	}
	waiting := make(map[int32]int, len(docs)) // unmet predecessors
	next := make(map[int32][]int32)           // predecessor → followers
	for _, d := range docs {
		for _, id := range e.paper(d).BuildsOn {
			if b, ok := e.docOf(id); ok && in[b] && b != d {
				waiting[d]++
				next[b] = append(next[b], d)
			}
		}
	}
	var ready []int32 // a min-heap under e.pathLess
	for _, d := range docs {
		if waiting[d] == 0 {
			ready = e.pushPath(ready, d)
		}
	}
	out := make([]int32, 0, len(docs))
	done := make(map[int32]bool, len(docs))
	for len(out) < len(docs) {
		if len(ready) == 0 { // a cycle: release its earliest paper
			ready = e.pushPath(ready, e.earliestLeft(docs, done))
		}
		var d int32
		d, ready = e.popPath(ready)
		if done[d] {
			continue
		}
		done[d] = true
		out = append(out, d)
		for _, f := range next[d] {
			if waiting[f]--; waiting[f] == 0 {
				ready = e.pushPath(ready, f)
			}
		}
	}
	return out
}

func (e *Engine) earliestLeft(docs []int32, done map[int32]bool) int32 {
	best := int32(-1)
	for _, d := range docs {
		if !done[d] && (best < 0 || e.pathLess(d, best)) {
			best = d
		}
	}
	return best
}

// pathLess orders papers that are equally ready: by year, title, then id.
func (e *Engine) pathLess(a, b int32) bool {
	pa, pb := e.paper(a), e.paper(b)
	if c := cmp.Compare(pa.Year, pb.Year); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(pa.Title, pb.Title); c != 0 {
		return c < 0
	}
	return pa.ID < pb.ID
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
