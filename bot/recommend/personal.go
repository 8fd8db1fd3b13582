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
	wBuildsOnNext  = 1.5  // best next: per read paper it builds on (up to 3)
	wReady         = 1.0  // best next: share of its predecessors read
	wAffinity      = 1.0  // best next: topics shared with recent reads
	wPopular       = 1.0  // best next: how much the set builds on it
	wSavedNext     = 0.5  // best next: saved for later
)

// Recommend ranks papers for one reader: the matches of query, or for an
// empty query the best next papers to read. Dismissed papers never appear;
// unread papers come before read ones (still listed, for the caller to
// mark); papers that build on what the reader read rank higher and say so.
// It returns the hits from offset on, at most limit (10 when limit <= 0).
func (e *Engine) Recommend(query string, h History, offset, limit int) []Hit {
	if limit <= 0 {
		limit = 10
	}
	offset = max(offset, 0)
	sc := e.getScratch()
	defer e.putScratch(sc)
	var cands []scored
	search := strings.TrimSpace(query) != ""
	if search {
		cands = slices.Clone(e.rank(query, 0, sc))
	} else {
		cands = e.bestNext(h)
	}
	cands = slices.DeleteFunc(cands, func(c scored) bool { return h.Dismissed[e.paper(c.d).ID] })
	if search {
		for i := range cands {
			p := e.paper(cands[i].d)
			boost := wBuildsOnQuery * float32(min(len(e.buildsOnRead(p, h)), 2))
			if h.Saved[p.ID] && !h.read(p.ID) {
				boost += wSavedQuery
			}
			cands[i].s *= 1 + boost
		}
	}
	slices.SortStableFunc(cands, func(a, b scored) int {
		ra, rb := h.read(e.paper(a.d).ID), h.read(e.paper(b.d).ID)
		if ra != rb {
			if rb {
				return -1
			}
			return 1
		}
		return byScore(a, b)
	})
	if offset >= len(cands) {
		return nil
	}
	cands = cands[offset:min(len(cands), offset+limit)]
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		if search {
			hits[i] = e.matchHit(c, sc)
		} else {
			hits[i] = Hit{Paper: e.paper(c.d), Score: float64(c.s), Reason: e.nextReason(e.paper(c.d), h)}
		}
		r := &hits[i].Reason
		r.BuildsOnRead = e.buildsOnRead(hits[i].Paper, h)
		r.Read, r.Saved = h.read(hits[i].Paper.ID), h.Saved[hits[i].Paper.ID]
	}
	return hits
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

// bestNext scores every paper as the reader's next read: papers building on
// what they read, ready to read (their predecessors read), close to their
// recent reading, and papers the set leans on.
func (e *Engine) bestNext(h History) []scored {
	aff := e.affinity(h)
	out := make([]scored, 0, len(e.set.Papers))
	for d := range e.set.Papers {
		p := e.paper(int32(d))
		s := wPopular * (e.prior[d] - 1) / float32(priorBuilt*math.Log1p(30)+priorSeed)
		if n := len(e.buildsOnRead(p, h)); n > 0 {
			s += wBuildsOnNext*float32(min(n, 3)) + wReady*float32(n)/float32(len(p.BuildsOn))
		}
		s += wAffinity * aff[d]
		if h.Saved[p.ID] {
			s += wSavedNext
		}
		out = append(out, scored{d: int32(d), s: s})
	}
	return out
}

// affinity scores each document by the topics it shares with the reader's
// reads, recent reads counting more (a read's weight halves every 30 days
// before the latest one).
func (e *Engine) affinity(h History) []float32 {
	aff := make([]float32, len(e.set.Papers))
	var latest time.Time
	for _, at := range h.Read {
		if at.After(latest) {
			latest = at
		}
	}
	weight := make([]float32, len(e.set.Topics))
	var total float32
	for id, at := range h.Read {
		q := e.set.Paper(id)
		if q == nil || len(q.Topics) == 0 {
			continue
		}
		w := float32(math.Exp2(-latest.Sub(at).Hours() / (24 * 30)))
		total += w
		for _, t := range q.Topics {
			if i, ok := e.topicPos[t]; ok {
				weight[i] += w / float32(len(q.Topics))
			}
		}
	}
	for i, w := range weight {
		if w > 0 {
			for _, d := range e.topics[i].docs {
				aff[d] += w / total
			}
		}
	}
	return aff
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

// lastRead returns the paper the reader marked read most recently.
func (e *Engine) lastRead(h History) *data.Paper {
	var best *data.Paper
	var at time.Time
	for id, t := range h.Read {
		p := e.set.Paper(id)
		if p == nil {
			continue
		}
		if best == nil || t.After(at) || t.Equal(at) && cmp.Less(id, best.ID) {
			best, at = p, t
		}
	}
	return best
}
