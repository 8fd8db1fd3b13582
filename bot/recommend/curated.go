package recommend

import (
	"cmp"
	"slices"

	"github.com/paperbot/paperbot/data"
)

// MaxCore is the most papers a topic's core reading path holds.
const MaxCore = 12

// CuratedPath is a topic's reading path as a course would teach it: the
// core, at most MaxCore papers in builds-on order (ties by date), then
// the rest of the topic's papers as branches.
type CuratedPath struct {
	Topic    string // topic id
	Core     []*data.Paper
	Branches []Branch // largest first
}

// Branch is a side line of a topic's path: its papers whose main topic is
// another one ("video", "dense", …), or, with Topic "", the topic's own
// papers left out of the core.
type Branch struct {
	Topic  string
	Papers []*data.Paper // in reading order
}

// Curated returns the curated path of topic (an id or anything
// ResolveTopic understands), or false for an unknown topic or "".
func (e *Engine) Curated(topic string) (CuratedPath, bool) {
	t, ok := e.ResolveTopic(topic)
	if !ok {
		return CuratedPath{}, false
	}
	path, _ := e.topicPath(t.ID)
	cp := CuratedPath{Topic: t.ID}
	for _, d := range path.order[:path.core] {
		cp.Core = append(cp.Core, e.paper(d))
	}
	byTopic := map[string]int{} // branch topic → index in cp.Branches
	for _, d := range path.order[path.core:] {
		p := e.paper(d)
		b := e.branchOf(p, t.ID)
		i, ok := byTopic[b]
		if !ok {
			i = len(cp.Branches)
			byTopic[b] = i
			cp.Branches = append(cp.Branches, Branch{Topic: b})
		}
		cp.Branches[i].Papers = append(cp.Branches[i].Papers, p)
	}
	slices.SortStableFunc(cp.Branches, func(a, b Branch) int {
		if (a.Topic == "") != (b.Topic == "") { // the topic's own papers last
			if a.Topic == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(len(b.Papers), len(a.Papers))
	})
	return cp, true
}

// branchOf is the branch of topic's path that p belongs to: its main topic
// when that lies outside topic, else "" (the topic's own papers).
func (e *Engine) branchOf(p *data.Paper, topic string) string {
	if len(p.Topics) == 0 || e.inTopic(p.Topics[0], topic) {
		return ""
	}
	return p.Topics[0]
}

// inTopic reports whether topic id is topic or below it, or above it (a
// paper filed under a parent topic belongs to the children's paths too).
func (e *Engine) inTopic(id, topic string) bool {
	for t := e.set.Topic(id); t != nil; t = e.set.Topic(t.Parent) {
		if t.ID == topic {
			return true
		}
	}
	for t := e.set.Topic(topic); t != nil; t = e.set.Topic(t.Parent) {
		if t.ID == id {
			return true
		}
	}
	return false
}

// coreFirst picks the core of topic t's path and moves it to the front of
// order (keeping reading order within the core and within the rest), and
// returns its length. The core is the topic's curated core (data.Topic.Core)
// when it has one; else the MaxCore papers of the topic that the set leans on most (papers building on them, a seed paper first among
// equals), papers filed under the topic first more than others, earlier
// on the path first among equals.
func (e *Engine) coreFirst(t *data.Topic, order []int32) int {
	if len(t.Core) > 0 {
		return e.moveFirst(order, func(d int32) bool { return slices.Contains(t.Core, e.paper(d).ID) })
	}
	ti := &e.topics[e.topicPos[t.ID]]
	lean := func(d int32) float32 {
		j, _ := slices.BinarySearch(ti.docs, d)
		return e.prior[d] * float32(ti.weight[j])
	}
	cands := slices.Clone(order)
	slices.SortStableFunc(cands, func(a, b int32) int {
		return cmp.Compare(lean(b), lean(a))
	})
	core := map[int32]bool{}
	for _, d := range cands[:min(len(cands), MaxCore)] {
		core[d] = true
	}
	return e.moveFirst(order, func(d int32) bool { return core[d] })
}

// moveFirst moves the documents of order that are in the core to its
// front, keeping the order within both parts, and returns how many moved.
func (e *Engine) moveFirst(order []int32, in func(int32) bool) int {
	out := make([]int32, 0, len(order))
	for _, d := range order {
		if in(d) {
			out = append(out, d)
		}
	}
	n := len(out)
	for _, d := range order {
		if !in(d) {
			out = append(out, d)
		}
	}
	copy(order, out)
	return n
}
