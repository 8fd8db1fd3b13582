package recommend

import (
	"math"
	"slices"

	"github.com/paperbot/paperbot/data"
)

// Weights of Similar's three kinds of closeness, each scaled to [0,1].
const (
	wSimText  = 1.0 // shared words of names, titles, keywords and authors
	wSimTopic = 1.0 // shared topics, rare topics counting more
	wSimGraph = 0.8 // a builds_on link, or shared predecessors
)

// Similar returns up to n papers close to the paper with the given id: by
// shared topics, keywords and title words, and builds_on neighbourhood. The
// paper itself and papers the reader dismissed are left out; unread papers
// come before read ones.
func (e *Engine) Similar(id string, n int, h History) []Hit {
	src, ok := e.docOf(id)
	if !ok || n <= 0 {
		return nil
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	e.markReader(h, sc)
	defer sc.clearFlags()
	cands := e.similar(src, n, sc)
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		p := e.paper(c.d)
		r := e.similarReason(e.paper(src), p)
		r.BuildsOnRead = e.buildsOnRead(p, h)
		r.Read, r.Saved = h.read(p.ID), h.saved(p.ID)
		hits[i] = Hit{Paper: p, Score: float64(c.s), Reason: r}
	}
	return hits
}

// similar returns the n documents closest to src, best first, read ones
// (flags in sc) last. Closeness adds up shared topics, rare ones counting
// more, shared words of names, titles, keywords and authors, and builds_on
// links; only the documents those reach are scored.
func (e *Engine) similar(src int32, n int, sc *scratch) []scored {
	sc.begin()
	p := e.paper(src)
	var topicMass float32
	for _, id := range p.Topics {
		i, ok := e.topicPos[id]
		if !ok || len(e.topics[i].docs) == 0 {
			continue
		}
		w := float32(math.Log(float64(len(e.set.Papers)+1) / float64(len(e.topics[i].docs))))
		topicMass += w
		for _, d := range e.topics[i].docs {
			sc.add(d, wSimTopic*w)
		}
	}
	// The topic scores move to acc2; documents touched from here on have
	// none.
	if len(sc.acc2) < len(sc.acc) {
		sc.acc2 = make([]float32, len(sc.acc))
	}
	nTopic := len(sc.touched)
	for _, d := range sc.touched {
		sc.acc2[d], sc.acc[d] = sc.acc[d], 0
	}
	terms := sc.typo[:0]
	for it := e.ix.docSeq(src); ; {
		t, ok := it.next()
		if !ok {
			break
		}
		if t >= 0 && !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	sc.typo = terms
	for _, t := range terms {
		for it := e.ix.postings(t); ; {
			d, w, ok := it.next()
			if !ok {
				break
			}
			sc.add(d, e.ix.idf[t]*float32(w)/wtScale)
		}
	}
	var top float32 // the best text score of another paper
	for _, d := range sc.touched {
		if d != src && sc.acc[d] > top {
			top = sc.acc[d]
		}
	}
	link := e.links(p)
	for d := range link {
		sc.add(d, 0)
		sc.flag(d, flagGraph)
	}
	heap := sc.heap[:0]
	for i, d := range sc.touched {
		var s float32
		if i < nTopic {
			s = sc.acc2[d]
		}
		if topicMass > 0 {
			s /= topicMass
		}
		if top > 0 {
			s += wSimText * sc.acc[d] / top
		}
		f := sc.flags[d]
		if f&flagGraph != 0 {
			s += wSimGraph * link[d]
		}
		if d == src || s <= 0 || f&flagDismissed != 0 {
			continue
		}
		heap = pushTop(heap, scored{d: d, s: s, read: f&flagRead != 0}, n)
	}
	sc.heap = heap
	return sortTop(heap)
}

// links is the builds_on closeness to p: papers it builds on and papers
// building on it count fully, papers sharing a predecessor with it a third
// each (at most fully).
func (e *Engine) links(p *data.Paper) map[int32]float32 {
	link := make(map[int32]float32)
	for _, id := range p.BuildsOn {
		if d, ok := e.docOf(id); ok {
			link[d] = 1
		}
		for _, sib := range e.set.BuiltUponBy(id) {
			if d, ok := e.docOf(sib); ok && link[d] < 1 {
				link[d] = min(link[d]+1.0/3, 1)
			}
		}
	}
	for _, id := range e.set.BuiltUponBy(p.ID) {
		if d, ok := e.docOf(id); ok {
			link[d] = 1
		}
	}
	return link
}

// similarReason names the keywords p shares with src (Text shows those in
// the reader's language) and a topic they share.
func (e *Engine) similarReason(src, p *data.Paper) Reason {
	r := Reason{Kind: KindSimilar}
	keys := map[string]bool{}
	for _, k := range src.Keywords {
		keys[normKey(k)] = true
	}
	for _, k := range p.Keywords {
		if keys[normKey(k)] && !slices.Contains(r.Matched, k) {
			r.Matched = append(r.Matched, k)
		}
	}
	for _, t := range src.Topics {
		if e.set.HasTopic(p, t) {
			r.Topic = t
			break
		}
	}
	return r
}
