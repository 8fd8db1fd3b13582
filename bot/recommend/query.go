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
	posIDF []float32
	key    []byte       // the whole query normalised, for exact names
	topics []topicMatch // topics the query names
	cjk    bool
}

// topicMatch is a topic named by the query, with the share of the query
// (by idf) that its names cover.
type topicMatch struct {
	topic int
	cov   float32
	mass  float32 // sum of the idf of the covered positions
	words int     // number of covered positions
}

// parse turns text into sc.q.
func (e *Engine) parse(text string, sc *scratch) *query {
	text = truncateRunes(text, maxQueryBytes)
	q := &sc.q
	q.terms, q.pos, q.posTok, q.posIDF = q.terms[:0], q.pos[:0], q.posTok[:0], q.posIDF[:0]
	q.key, q.topics = q.key[:0], q.topics[:0]
	q.cjk = false
	tk := &sc.tk
	tk.reset()
	tk.joinSpaces = true
	tk.run(text)
	ix := e.ix
	for i, sp := range tk.toks {
		if len(q.pos) >= maxQueryTerms {
			break
		}
		b := tk.tok(i)
		t := ix.lookup(b)
		if sp.kind.extra() {
			if t >= 0 {
				q.add(t, wJoined)
			}
			continue
		}
		q.key = append(q.key, b...)
		q.cjk = q.cjk || sp.kind == kindCJK
		if t < 0 && sp.kind == kindWord && !sp.negated {
			t = e.correct(tk.rawTok(i), b, sc)
		} else if t >= 0 {
			q.add(t, posWeight(b, sp.kind))
		}
		q.pos = append(q.pos, t)
		q.posTok = append(q.posTok, sp)
		idf := bm25idf(ix.n, 0)
		if t >= 0 {
			idf = ix.idf[t]
		}
		q.posIDF = append(q.posIDF, idf)
	}
	q.direct = q.direct[:0]
	for _, qt := range q.terms {
		if qt.w >= wTypo2 {
			q.direct = append(q.direct, qt)
		}
	}
	e.matchTopics(q, sc)
	return q
}

// correct adds the terms of the indexed words nearest to a word the index
// does not know, and returns the best one or -1.
func (e *Engine) correct(raw, stemmed []byte, sc *scratch) int32 {
	w := raw
	if len(w) == 0 {
		w = stemmed
	}
	var d int
	sc.typo, d = e.ix.typo.correct(w, 2, sc.typo[:0])
	if len(sc.typo) == 0 {
		return -1
	}
	wt := float32(wTypo1)
	if d > 1 {
		wt = wTypo2
	}
	for _, t := range sc.typo {
		sc.q.add(t, wt)
	}
	return sc.typo[0]
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
		q.topics = append(q.topics, topicMatch{ti, mass / total, mass, words})
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
