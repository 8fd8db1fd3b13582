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
	score := e.similarity(src)
	var cands []scored
	for d, s := range score {
		if p := e.paper(int32(d)); int32(d) != src && s > 0 && !h.Dismissed[p.ID] {
			cands = append(cands, scored{d: int32(d), s: s})
		}
	}
	slices.SortFunc(cands, func(a, b scored) int {
		if ra, rb := h.read(e.paper(a.d).ID), h.read(e.paper(b.d).ID); ra != rb {
			if rb {
				return -1
			}
			return 1
		}
		return byScore(a, b)
	})
	cands = cands[:min(n, len(cands))]
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		p := e.paper(c.d)
		r := e.similarReason(e.paper(src), p)
		r.BuildsOnRead = e.buildsOnRead(p, h)
		r.Read, r.Saved = h.read(p.ID), h.Saved[p.ID]
		hits[i] = Hit{Paper: p, Score: float64(c.s), Reason: r}
	}
	return hits
}

// similarity scores every document's closeness to src.
func (e *Engine) similarity(src int32) []float32 {
	n := len(e.set.Papers)
	text, score := make([]float32, n), make([]float32, n)
	var terms []int32
	for it := e.ix.docSeq(src); ; {
		t, ok := it.next()
		if !ok {
			break
		}
		if t >= 0 && !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	var top float32
	for _, t := range terms {
		for it := e.ix.postings(t); ; {
			d, w, ok := it.next()
			if !ok {
				break
			}
			text[d] += e.ix.idf[t] * float32(w) / wtScale
			if d != src {
				top = max(top, text[d])
			}
		}
	}
	p := e.paper(src)
	var topicMass float32
	for _, id := range p.Topics {
		i, ok := e.topicPos[id]
		if !ok || len(e.topics[i].docs) == 0 {
			continue
		}
		w := float32(math.Log(float64(n+1) / float64(len(e.topics[i].docs))))
		topicMass += w
		for _, d := range e.topics[i].docs {
			score[d] += wSimTopic * w
		}
	}
	for d := range score {
		if topicMass > 0 {
			score[d] /= topicMass
		}
		if top > 0 {
			score[d] += wSimText * text[d] / top
		}
	}
	e.addGraph(p, score)
	return score
}

// addGraph adds the builds_on closeness to p: papers it builds on and
// papers building on it count fully, papers sharing a predecessor with it a
// third each (at most fully).
func (e *Engine) addGraph(p *data.Paper, score []float32) {
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
	for d, v := range link {
		score[d] += wSimGraph * v
	}
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
