package recommend

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paperbot/paperbot/data"
)

// Weights of the personal ranking.
const (
	wBuildsOnQuery = 0.25 // a search hit that builds on a paper the reader read, per paper (up to 2)
	wSavedQuery    = 0.1  // a search hit the reader saved and has not read yet
	wBuildsOnNext  = 1.5  // a new paper (Fresh): per read paper it builds on (up to 3)
	wReady         = 1.0  // a new paper: share of its predecessors read
	wSavedNext     = 0.5  // a new paper: saved for later
)

// Recommend ranks the matches of query for one reader. Dismissed papers
// never appear; unread papers come before read ones (still listed, for the
// caller to mark); papers that build on what the reader read rank higher
// and say so. It returns the hits from offset on, at most limit (10 when
// limit <= 0), and nothing for an empty query (WhatNext answers that).
//
// Only the best offset+limit candidates are kept, in a heap: the cost is
// that of the query's postings, not of sorting every match.
func (e *Engine) Recommend(query string, h History, offset, limit int) []Hit {
	if limit <= 0 {
		limit = 10
	}
	offset = max(offset, 0)
	if strings.TrimSpace(query) == "" {
		return nil
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	e.markReader(h, sc)
	defer sc.clearFlags()
	cands := e.rankReader(query, h, offset+limit, sc)
	if offset >= len(cands) {
		return nil
	}
	cands = cands[offset:]
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		hits[i] = e.matchHit(c, sc)
		r := &hits[i].Reason
		r.BuildsOnRead = e.buildsOnRead(hits[i].Paper, h)
		r.Read, r.Saved = h.read(hits[i].Paper.ID), h.saved(hits[i].Paper.ID)
	}
	return hits
}

// rankReader returns the best k matches of query for the reader whose
// flags are in sc, best first: what rank with no limit would return, less
// dismissed papers, with search hits that build on the reader's reads or
// that they saved raised, and read papers last. Every touched document is
// scored, and only k are kept. The phrase check, which reads a document's
// names, is left for the few documents that hold a pair of neighbouring
// query words and whose score, with every pair found, could reach the best
// score (for the tail cut) or enter the top k.
func (e *Engine) rankReader(query string, h History, k int, sc *scratch) []scored {
	e.accumulate(query, sc, true)
	// The scores with the prior, and the best of them.
	var best float32
	for _, d := range sc.touched {
		s := sc.acc[d] * e.prior[d]
		sc.acc[d] = s
		if s > minScore || e.exactOf(d, sc) != 0 {
			best = max(best, s)
		}
	}
	// The best score with the phrase bonus: only a document whose bound
	// reaches the best so far can raise it.
	cands := sc.wait[:0]
	for _, d := range sc.touched {
		if s := sc.acc[d]; sc.mayPhrase(d) && (s > minScore || e.exactOf(d, sc) != 0) {
			if ub := e.phraseBound(d, s, sc); ub >= best {
				cands = append(cands, scored{d: d, s: ub})
			}
		}
	}
	slices.SortFunc(cands, func(a, b scored) int { return cmp.Compare(b.s, a.s) })
	for _, c := range cands {
		if c.s < best {
			break
		}
		best = max(best, e.phrased(c.d, sc))
	}
	cut := best * minShare
	top, wait := sc.heap[:0], cands[:0]
	for _, d := range sc.touched {
		s, exact := sc.acc[d], e.exactOf(d, sc)
		f := sc.flags[d]
		if s <= minScore && exact == 0 || f&flagDismissed != 0 {
			continue
		}
		pending := sc.mayPhrase(d) && sc.hits[d]&phrased == 0
		if pending && exact == 0 && s < cut {
			if e.phraseBound(d, s, sc) < cut {
				continue
			}
			s, pending = e.phrased(d, sc), false // whether it passes the cut
		}
		if exact == 0 && s < cut {
			continue
		}
		c := scored{d: d, s: s, exact: exact, read: f&flagRead != 0}
		if pending {
			c.s = e.phraseBound(d, s, sc)
		}
		c.s *= e.boost(d, h, sc)
		if pending {
			wait = append(wait, c)
			continue
		}
		top = pushTop(top, c, k)
	}
	// The documents that may earn the bonus, if their bound could enter.
	for _, c := range wait {
		if !worse(top, c, k) {
			c.s = e.phrased(c.d, sc) * e.boost(c.d, h, sc)
			top = pushTop(top, c, k)
		}
	}
	sc.heap, sc.wait = top, wait[:0]
	return sortTop(top)
}

// phrased is a mark in scratch.hits: the document's score in acc has its
// phrase bonus.
const phrased = 1 << 31

// phrased adds the phrase bonus to document d's score in sc.acc, once, and
// returns it.
func (e *Engine) phrased(d int32, sc *scratch) float32 {
	if sc.hits[d]&phrased == 0 {
		sc.acc[d] = e.phraseAdd(d, sc.acc[d], sc)
		sc.hits[d] |= phrased
	}
	return sc.acc[d]
}

// phraseBound is at least what phraseAdd could make of score s of
// document d: with every pair whose words d holds found, and room for
// rounding.
func (e *Engine) phraseBound(d int32, s float32, sc *scratch) float32 {
	var sum float32
	for j, m := range sc.pairMask {
		if sc.pairsAll || sc.hits[d]&m == m {
			sum += sc.pairs[j].bonus
		}
	}
	return (s + sum*e.prior[d]) * (1 + 1.0/(1<<16))
}

// boost is what a search hit's score is multiplied by for the reader: more
// for a paper that builds on papers they read (up to two), and for one
// they saved and have not read.
func (e *Engine) boost(d int32, h History, sc *scratch) float32 {
	f := sc.flags[d]
	if f&(flagBuilds|flagSaved) == 0 {
		return 1
	}
	boost := wBuildsOnQuery * float32(min(len(e.buildsOnRead(e.paper(d), h)), 2))
	if f&flagSaved != 0 && f&flagRead == 0 {
		boost += wSavedQuery
	}
	return 1 + boost
}

// exactOf is how exactly the query names document d (selectTop).
func (e *Engine) exactOf(d int32, sc *scratch) float32 {
	var exact float32
	for _, x := range sc.exact {
		if x.d == d {
			exact = max(exact, x.exact)
		}
	}
	return exact
}

// buildsOnRead lists the papers p builds on that the reader read.
func (e *Engine) buildsOnRead(p *data.Paper, h History) []string {
	var out []string
	for _, id := range p.BuildsOn {
		if h.read(id) {
			out = append(out, id)
		}
	}
	return out
}

// nBuildsOnRead is len(buildsOnRead(p, h)) without the list.
func nBuildsOnRead(p *data.Paper, h History) int {
	n := 0
	for _, id := range p.BuildsOn {
		if h.read(id) {
			n++
		}
	}
	return n
}

// affinityOf is document d's score of affinity, given the weights of
// topicWeights.
func (e *Engine) affinityOf(d int32, weights []float32) float32 {
	var aff float32
	for i, v := range weights {
		if v > 0 {
			if _, ok := slices.BinarySearch(e.topics[i].docs, d); ok {
				aff += v
			}
		}
	}
	return aff
}

// topicWeights returns in sc.weights how much each topic counts towards
// the reader's affinity: the topics of their reads, recent reads counting
// more (a read's weight halves every 30 days before the latest one), as
// shares of the whole. Reads are taken in id order, so the sums do not
// depend on map order.
func (e *Engine) topicWeights(h History, sc *scratch) []float32 {
	var latest time.Time
	ids := sc.ids[:0]
	for id, at := range h.Read {
		if at.After(latest) {
			latest = at
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	weight := sc.weights[:0]
	for range e.set.Topics {
		weight = append(weight, 0)
	}
	var total float32
	for _, id := range ids {
		q := e.set.Paper(id)
		if q == nil || len(q.Topics) == 0 {
			continue
		}
		w := float32(math.Exp2(-latest.Sub(h.Read[id]).Hours() / (24 * 30)))
		total += w
		for _, t := range q.Topics {
			if i, ok := e.topicPos[t]; ok {
				weight[i] += w / float32(len(q.Topics))
			}
		}
	}
	clear(ids)
	sc.ids = ids[:0]
	for i, w := range weight {
		if w > 0 {
			weight[i] = w / total
		}
	}
	sc.weights = weight
	return weight
}

// nextReason explains a best-next pick.
func (e *Engine) nextReason(p *data.Paper, h History) Reason {
	if len(e.buildsOnRead(p, h)) > 0 {
		return Reason{Kind: KindBuildsOn}
	}
	if q := e.lastRead(h); q != nil && len(q.Topics) > 0 && e.set.HasTopic(p, q.Topics[0]) {
		return Reason{Kind: KindPath, Topic: q.Topics[0]}
	}
	return Reason{Kind: KindPopular}
}
