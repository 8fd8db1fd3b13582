package recommend

import (
	"slices"
)

// Weights of the ranking besides BM25F.
const (
	wTopic      = 0.8  // a paper filed under a topic the query names, per idf covered
	wAliasSpan  = 1.0  // a paper's name (alias) that occurs in the query, per idf covered
	wPhrase     = 0.6  // two query words next to each other in a name, title, keyword or author
	exactBonus  = 1000 // the whole query is a paper's id, alias or title
	rerankDepth = 20   // candidates that the phrase check looks at
	minShare    = 0.04 // hits scoring under this share of the best are dropped
	maxAliasLen = 6    // longest run of query positions checked against names
	minAliasKey = 2    // shortest name (in bytes) that counts inside a longer query
	minScore    = 1e-6 // a hit must score above this
	exactTitle  = 0.5  // an exact title counts this much of an exact name
)

// scored is a candidate document with its score. exact marks a document
// whose name or title is the whole query: those come first. read marks a
// paper the reader read: those come after all others (personal rankings
// only; search leaves it false).
type scored struct {
	d     int32
	s     float32
	exact float32
	read  bool
}

// scratch is the per-query working memory, reused through the engine's pool.
type scratch struct {
	acc     []float32
	gen     []uint32
	hits    []uint32 // per touched document: the query's pair terms it holds (bits of pairTerms)
	cur     uint32
	touched []int32
	flags   []uint8   // per document: flag bits for one reader (markReader)
	flagged []int32   // documents with flags set
	acc2    []float32 // Similar: the topic part of each touched document's score
	heap    []scored  // the best candidates of a personal ranking (pushTop)
	wait    []scored  // rankReader: candidates whose phrase bonus is not known yet
	weights []float32 // per topic, the reader's affinity (topicWeights)
	ids     []string  // the reader's reads, in id order
	exact   []scored
	top     []scored
	tk      tokenizer // the query's tokens
	q       query
	typo    []int32
	key     []byte
	items   []matchedItem
	hashes  []uint64
	masks   []uint64 // per topic, the query positions its names cover
	pairs   []termPair
	found   []bool
	// pairTerms are the distinct terms of pairs, whose postings set bits of
	// hits; pairMask is each pair's two bits; pairsAll says the bits are
	// unusable (too many terms, or a term not accumulated) and every
	// candidate must be checked.
	pairTerms []int32
	pairMask  []uint32
	pairsAll  bool
	// for gramIndex.near
	gramCount []uint16
	gramKeys  []int32
	grams     []uint64
	runes     []rune
	near      []int32
	ttk       tokenizer // for titles a lookup checks
	title     []byte
}

// seenHash reports whether h was seen since the last reset of sc.hashes,
// and records it.
func (sc *scratch) seenHash(h uint64) bool {
	for _, x := range sc.hashes {
		if x == h {
			return true
		}
	}
	sc.hashes = append(sc.hashes, h)
	return false
}

func newScratch(n int) *scratch {
	return &scratch{acc: make([]float32, n), gen: make([]uint32, n), hits: make([]uint32, n), flags: make([]uint8, n)}
}

func (e *Engine) getScratch() *scratch   { return e.pool.Get().(*scratch) }
func (e *Engine) putScratch(sc *scratch) { e.pool.Put(sc) }

// begin starts accumulating scores for a new query.
func (sc *scratch) begin() {
	sc.cur++
	if sc.cur == 0 {
		clear(sc.gen)
		sc.cur = 1
	}
	sc.touched, sc.exact = sc.touched[:0], sc.exact[:0]
}

// add adds v to document d's score.
func (sc *scratch) add(d int32, v float32) {
	if sc.gen[d] != sc.cur {
		sc.gen[d] = sc.cur
		sc.acc[d] = 0
		sc.hits[d] = 0
		sc.touched = append(sc.touched, d)
	}
	sc.acc[d] += v
}

// addBits is add for a posting of a pair term: it also records the term.
func (sc *scratch) addBits(d int32, v float32, bits uint32) {
	sc.add(d, v)
	sc.hits[d] |= bits
}

// rank scores every document against text and returns the best k (all
// when k <= 0), best first, in sc.top.
func (e *Engine) rank(text string, k int, sc *scratch) []scored {
	e.accumulate(text, sc, false)
	depth := k
	if k <= 0 || k > len(sc.touched) {
		depth = len(sc.touched)
	}
	depth = min(max(depth, rerankDepth), len(sc.touched))
	sc.top = e.selectTop(sc, depth)
	e.phraseBonus(sc)
	slices.SortFunc(sc.top, byScore)
	sc.top = cutTail(sc.top)
	if k > 0 && len(sc.top) > k {
		sc.top = sc.top[:k]
	}
	return sc.top
}

// accumulate parses text and adds up every touched document's score before
// the prior and the phrase bonus. With bits, the postings of the terms of
// the query's word pairs also mark the documents that hold them, so that
// only those need the phrase check.
func (e *Engine) accumulate(text string, sc *scratch, bits bool) *query {
	q := e.parse(text, sc)
	sc.begin()
	e.queryPairs(q, sc)
	if bits {
		e.pairBits(q, sc)
	}
	for _, qt := range q.terms {
		s := qt.w * e.ix.idf[qt.t] / wtScale
		var b uint32
		if bits && !sc.pairsAll {
			if i := slices.Index(sc.pairTerms, qt.t); i >= 0 {
				b = 1 << i
			}
		}
		it := e.ix.postings(qt.t)
		if b == 0 {
			for {
				d, w, ok := it.next()
				if !ok {
					break
				}
				sc.add(d, s*float32(w))
			}
			continue
		}
		for {
			d, w, ok := it.next()
			if !ok {
				break
			}
			sc.addBits(d, s*float32(w), b)
		}
	}
	for _, m := range q.topics {
		ti := &e.topics[m.topic]
		b := wTopic * m.mass
		for i, d := range ti.docs {
			sc.add(d, b*float32(ti.weight[i])/100)
		}
	}
	e.nameBonus(q, sc)
	if d, ok := e.arxivDoc(text); ok {
		sc.add(d, 0)
		sc.exact = append(sc.exact, scored{d: d, exact: 1})
	}
	return q
}

// pairBits numbers the terms of the query's pairs for addBits.
func (e *Engine) pairBits(q *query, sc *scratch) {
	sc.pairTerms, sc.pairMask, sc.pairsAll = sc.pairTerms[:0], sc.pairMask[:0], false
	for _, p := range sc.pairs {
		var m uint32
		for _, t := range [2]int32{p.a, p.b} {
			i := slices.Index(sc.pairTerms, t)
			if i < 0 {
				i = len(sc.pairTerms)
				sc.pairTerms = append(sc.pairTerms, t)
			}
			if i < 31 { // the last bit of hits is rankReader's
				m |= 1 << i
			}
		}
		sc.pairMask = append(sc.pairMask, m)
	}
	if len(sc.pairTerms) > 31 {
		sc.pairsAll = true
		return
	}
	for _, t := range sc.pairTerms {
		if !slices.ContainsFunc(q.terms, func(qt qterm) bool { return qt.t == t }) {
			sc.pairsAll = true // its postings are not walked
			return
		}
	}
}

// mayPhrase reports whether document d, touched by the query, may hold one
// of its word pairs (pairBits).
func (sc *scratch) mayPhrase(d int32) bool {
	if sc.pairsAll {
		return len(sc.pairs) > 0
	}
	h := sc.hits[d]
	for _, m := range sc.pairMask {
		if h&m == m {
			return true
		}
	}
	return false
}

// selectTop returns the n best touched documents, with the prior applied,
// using a min-heap so that a long tail costs little.
func (e *Engine) selectTop(sc *scratch, n int) []scored {
	top := sc.top[:0]
	for _, d := range sc.touched {
		c := scored{d: d, s: sc.acc[d] * e.prior[d]}
		for _, x := range sc.exact {
			if x.d == d {
				c.exact = max(c.exact, x.exact)
			}
		}
		if c.s <= minScore && c.exact == 0 {
			continue
		}
		top = pushTop(top, c, n)
	}
	return top
}

// byScore orders unread papers first, then exact matches, then by score,
// then by position in the set.
func byScore(a, b scored) int {
	switch {
	case a.read != b.read:
		if b.read {
			return -1
		}
		return 1
	case a.exact != b.exact:
		if a.exact > b.exact {
			return -1
		}
		return 1
	case a.s != b.s:
		if a.s > b.s {
			return -1
		}
		return 1
	}
	return int(a.d - b.d)
}

// heapUp and heapDown keep top a min-heap under byScore: top[0] is the
// worst candidate kept.
func heapUp(h []scored, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if byScore(h[i], h[p]) <= 0 {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func heapDown(h []scored, i int) {
	for {
		l, w := 2*i+1, i
		if l < len(h) && byScore(h[l], h[w]) > 0 {
			w = l
		}
		if r := l + 1; r < len(h) && byScore(h[r], h[w]) > 0 {
			w = r
		}
		if w == i {
			return
		}
		h[i], h[w] = h[w], h[i]
		i = w
	}
}

// cutTail drops the hits that score far below the best one.
func cutTail(top []scored) []scored {
	var best float32
	for _, c := range top {
		best = max(best, c.s)
	}
	n := 0
	for _, c := range top {
		if c.exact > 0 || c.s >= best*minShare {
			top[n] = c
			n++
		}
	}
	return top[:n]
}
