package recommend

import (
	"slices"
	"unicode/utf8"
)

// maxQueryBytes bounds the part of a query that is looked at, and
// maxQueryTerms the terms it turns into.
const (
	maxQueryBytes = 1024
	maxQueryTerms = 48 // at most 64: topic matching keeps positions in a bit mask
)

// Weights of the terms a query turns into, relative to a word as typed.
const (
	wTypo1  = 0.85 // a word one edit away from the typed one
	wTypo2  = 0.6  // two edits away
	wJoined = 0.6  // "pretraining" for "pre-training", "barlowtwins" for "barlow twins"
	wExpand = 0.5  // names and synonyms of a topic the query names, shared out
	wLetter = 0.3  // a word of one letter
	wWeak   = 0.2  // a weak word (weakWords): common in English, in research prose or in the set
	// wWeakPos is what a weak word's idf counts for in phrases, names and
	// topics the query holds: more than its own weight, as "self-supervised
	// vision transformers" names a topic better than "vision transformers".
	wWeakPos = 0.5
)

// qterm is a term of the parsed query with its weight.
type qterm struct {
	t int32
	w float32
}

// query is a parsed query. pos holds the term of each position of the text
// (a word, a number or a CJK bigram), after typo correction, or -1.
type query struct {
	terms  []qterm
	direct []qterm // the terms as typed, corrected or joined
	pos    []int32
	posTok []span // the position's token in the tokenizer's buffer
	// posIDF is the idf of each position's term, lowered for a weak
	// position: what the position tells about a paper.
	posIDF []float32
	key    []byte       // the whole query normalised, for exact names
	topics []topicMatch // topics the query names
	cjk    bool

	// For the relevance floor (cover.go): which positions are weak, how
	// far a corrected word was from what was typed (0 for an exact one,
	// 3 for a word neither the index nor correction knows) and, in alts,
	// the corrected terms of position i at alts[altEnd[i-1]:altEnd[i]];
	// joins are the joined forms that stand for several positions.
	weak   []bool
	dist   []uint8
	altEnd []int32
	alts   []int32
	joins  []qjoin
}

// qjoin is a joined form of the query ("pretraining" for "pre-training",
// "moco2" for "MoCo v2") standing for positions [first,last].
type qjoin struct {
	t           int32
	first, last int32
}

// Distances of a position from what the index knows.
const (
	distUnknown = 3 // neither the index nor typo correction knows the word
)

// topicMatch is a topic named by the query, with the share of the query
// (by idf) that its names cover.
type topicMatch struct {
	topic int
	cov   float32
	mass  float32 // sum of the idf of the covered positions
	words int     // number of covered positions
	mask  uint64  // the covered positions
}

// parse turns text into sc.q.
func (e *Engine) parse(text string, sc *scratch) *query {
	text = truncateRunes(text, maxQueryBytes)
	q := &sc.q
	q.terms, q.pos, q.posTok, q.posIDF = q.terms[:0], q.pos[:0], q.posTok[:0], q.posIDF[:0]
	q.key, q.topics = q.key[:0], q.topics[:0]
	q.weak, q.dist, q.altEnd, q.alts, q.joins = q.weak[:0], q.dist[:0], q.altEnd[:0], q.alts[:0], q.joins[:0]
	q.cjk = false
	tk := &sc.tk
	tk.reset()
	tk.joinSpaces = true
	tk.run(text)
	ix := e.ix
	weakIDF := e.weakIDF()
	for i, sp := range tk.toks {
		if len(q.pos) >= maxQueryTerms {
			break
		}
		b := tk.tok(i)
		t := ix.lookup(b)
		if sp.kind.extra() {
			if t >= 0 && sp.kind == kindJoin {
				last := int32(len(q.pos)) - 1
				first := max(last-int32(sp.back)+1, 0)
				w := float32(wJoined)
				if allWeak(q.weak[first : last+1]) {
					w *= wWeak
				}
				q.add(t, w)
				q.joins = append(q.joins, qjoin{t, first, last})
			}
			continue
		}
		q.key = append(q.key, b...)
		q.cjk = q.cjk || sp.kind == kindCJK
		weak := e.isWeak(b, sp, t, weakIDF)
		var dist uint8
		if t < 0 && sp.kind == kindWord && !sp.negated {
			t, dist = e.correct(tk.rawTok(i), b, sc)
			weak = weak || t >= 0 && e.isWeak(ix.terms.at(t), sp, t, weakIDF)
			if weak {
				for j := int(q.altEnd0()); j < len(q.alts); j++ {
					q.scale(q.alts[j], wWeak)
				}
			}
		} else if t >= 0 {
			w := posWeight(b, sp.kind)
			if weak {
				w = min(w, wWeak)
			}
			q.add(t, w)
		} else {
			dist = distUnknown
		}
		q.pos = append(q.pos, t)
		q.posTok = append(q.posTok, sp)
		idf := bm25idf(ix.n, 0)
		if t >= 0 {
			idf = ix.idf[t]
		}
		if weak {
			idf *= wWeakPos
		}
		q.posIDF = append(q.posIDF, idf)
		q.weak = append(q.weak, weak)
		q.dist = append(q.dist, dist)
		q.altEnd = append(q.altEnd, int32(len(q.alts)))
	}
	e.markJunkPairs(q)
	q.direct = q.direct[:0]
	for _, qt := range q.terms {
		if qt.w >= wTypo2 || qt.w >= wWeak*wTypo2 && q.weakTerm(qt.t) {
			q.direct = append(q.direct, qt)
		}
	}
	e.matchTopics(q, sc)
	return q
}

// markJunkPairs marks as weak the CJK pairs that straddle two words. Text
// without spaces gives a pair for every two neighbouring characters, and
// the pair across a word boundary ("频自" of "视频自监督") is rarer than the
// pairs on both its sides, which lie within words, or at least rarer than
// the common word it cuts into ("督视" of "自监督视频", rarer than the weak
// "监督"). Such a pair, in the middle of a run, is taken for a boundary:
// its position stays (for names and topic phrases, which match it by its
// spelling) but has no term and no weight, so that "视频自监督学习" asks for
// what "视频 自监督学习" does.
func (e *Engine) markJunkPairs(q *query) {
	if !q.cjk {
		return
	}
	idf := func(i int) float32 {
		if t := q.pos[i]; t >= 0 {
			return e.ix.idf[t]
		}
		return bm25idf(e.ix.n, 0)
	}
	inRun := func(i int) bool { // position i continues the run of i-1
		sp := q.posTok[i]
		return sp.kind == kindCJK && !sp.runStart && !sp.negated && q.posTok[i-1].kind == kindCJK && !q.posTok[i-1].negated
	}
	var junk [maxQueryTerms]bool // decided on the weak marks before this pass
	for i := 1; i+1 < len(q.pos); i++ {
		if !inRun(i) || !inRun(i+1) || q.weak[i] {
			continue
		}
		valley := idf(i) > idf(i-1) && idf(i) > idf(i+1)
		cuts := q.weak[i-1] && idf(i) > idf(i-1) || q.weak[i+1] && idf(i) > idf(i+1)
		junk[i] = valley || cuts
	}
	for i := range q.pos {
		if !junk[i] {
			continue
		}
		q.weak[i], q.posIDF[i] = true, 0
		if t := q.pos[i]; t >= 0 && !slices.Contains(q.pos[:i], t) && !slices.Contains(q.pos[i+1:], t) {
			// not a word: its postings say nothing
			q.terms = slices.DeleteFunc(q.terms, func(qt qterm) bool { return qt.t == t })
		}
		q.pos[i] = -1
	}
}

// altEnd0 is where the corrected terms of the position being parsed start.
func (q *query) altEnd0() int32 {
	if len(q.altEnd) == 0 {
		return 0
	}
	return q.altEnd[len(q.altEnd)-1]
}

// weakTerm reports whether term t is the term of a weak position.
func (q *query) weakTerm(t int32) bool {
	for i, p := range q.pos {
		if p == t {
			return q.weak[i]
		}
	}
	return false
}

// scale multiplies the weight of term t by f.
func (q *query) scale(t int32, f float32) {
	for i := range q.terms {
		if q.terms[i].t == t {
			q.terms[i].w *= f
			return
		}
	}
}

func allWeak(w []bool) bool {
	for _, x := range w {
		if !x {
			return false
		}
	}
	return len(w) > 0
}

// correct adds the terms of the indexed words nearest to a word the index
// does not know, keeps them in sc.q.alts, and returns the best one or -1
// with its distance (distUnknown for none).
func (e *Engine) correct(raw, stemmed []byte, sc *scratch) (int32, uint8) {
	w := raw
	if len(w) == 0 {
		w = stemmed
	}
	var d int
	sc.typo, d = e.ix.typo.correct(w, 2, sc.typo[:0])
	if len(sc.typo) == 0 {
		return -1, distUnknown
	}
	wt := float32(wTypo1)
	if d > 1 {
		wt = wTypo2
	}
	for _, t := range sc.typo {
		sc.q.add(t, wt)
		sc.q.alts = append(sc.q.alts, t)
	}
	return sc.typo[0], uint8(max(d, 1))
}

// posWeight is the weight of a query word as typed: a lone letter ("b" of
// "ViT-B") says little, so it counts less.
func posWeight(b []byte, k tokKind) float32 {
	if k == kindWord && len(b) == 1 {
		return wLetter
	}
	return 1
}

// add adds term t with weight w, or raises the weight of a term already
// there (a term repeated counts at most 1.5 times).
func (q *query) add(t int32, w float32) {
	for i := range q.terms {
		if q.terms[i].t == t {
			q.terms[i].w = min(q.terms[i].w+w/2, max(q.terms[i].w, 1.5))
			return
		}
	}
	if len(q.terms) < maxQueryTerms*2 {
		q.terms = append(q.terms, qterm{t, w})
	}
}

// matchTopics finds the topics whose names or synonyms occur in the query
// and adds their other names as weaker terms.
func (e *Engine) matchTopics(q *query, sc *scratch) {
	if len(q.pos) == 0 {
		return
	}
	masks := sc.masks[:0]
	for range e.topics {
		masks = append(masks, 0)
	}
	sc.masks = masks
	for i, t := range q.pos {
		if t >= 0 {
			for _, pi := range e.byFirst[t] {
				e.markPhrase(q, &sc.tk, pi, i, masks)
			}
			continue
		}
		for _, pi := range e.unknown {
			e.markPhrase(q, &sc.tk, pi, i, masks)
		}
	}
	var total float32
	for _, v := range q.posIDF {
		total += v
	}
	for ti, m := range masks {
		if m == 0 {
			continue
		}
		var mass float32
		words := 0
		for i := range q.pos {
			if m&(1<<i) != 0 {
				mass += q.posIDF[i]
				words++
			}
		}
		q.topics = append(q.topics, topicMatch{ti, mass / total, mass, words, m})
	}
	for _, m := range q.topics {
		exp := e.topics[m.topic].expand
		if len(exp) == 0 {
			continue
		}
		w := min(wExpand*m.cov/float32(len(exp)), 0.35)
		for _, t := range exp {
			if !slices.Contains(q.pos, t) {
				q.add(t, w)
			}
		}
	}
}

// markPhrase marks the query positions covered by topic phrase pi when it
// occurs at position i. A position matches a token when its term, after
// typo correction, is the token's term, or it is spelled like the token.
func (e *Engine) markPhrase(q *query, tk *tokenizer, pi int32, i int, masks []uint64) {
	ph := &e.phrases[pi]
	if i+len(ph.toks) > len(q.pos) {
		return
	}
	for j, s := range ph.toks {
		t := q.pos[i+j]
		if t >= 0 && t == ph.terms[j] {
			continue
		}
		sp := q.posTok[i+j]
		if string(tk.buf[sp.start:sp.end]) != s {
			return
		}
	}
	for j := range ph.toks {
		masks[ph.topic] |= 1 << (i + j)
	}
}

// truncateRunes cuts s to at most n bytes without splitting a character.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
