package recommend

import (
	"strings"

	"github.com/paperbot/paperbot/data"
)

// arxivDoc returns the paper that text names by arXiv id, in any form
// data.CanonicalArXiv accepts.
func (e *Engine) arxivDoc(text string) (int32, bool) {
	text = strings.TrimSpace(text)
	if len(text) < 9 || len(text) > 80 || !strings.ContainsAny(text, "./") {
		return -1, false
	}
	id, ok := data.CanonicalArXiv(text)
	if !ok {
		return -1, false
	}
	p := e.set.ByArXiv(id)
	if p == nil {
		return -1, false
	}
	return e.docOf(p.ID)
}

// nameBonus rewards papers whose id, alias or title is the whole query
// (they rank first), and papers with a name inside a longer query ("mae
// pretraining").
func (e *Engine) nameBonus(q *query, sc *scratch) {
	if len(q.key) == 0 {
		return
	}
	var one [1]int32
	for _, d := range e.ix.names.get(q.key, &one) {
		sc.add(d, 0)
		sc.exact = append(sc.exact, scored{d: d, exact: 1})
	}
	for _, d := range e.titleDocs(q.key, &one) {
		sc.add(d, 0)
		sc.exact = append(sc.exact, scored{d: d, exact: exactTitle})
	}
	tk := &sc.tk
	for i := range q.pos {
		key := sc.key[:0]
		var mass float32
		for j := i; j < len(q.pos) && j-i < maxAliasLen; j++ {
			sp := q.posTok[j]
			key = append(key, tk.buf[sp.start:sp.end]...)
			mass += q.posIDF[j]
			if len(key) < minAliasKey || i == 0 && j == len(q.pos)-1 {
				continue
			}
			for _, d := range e.ix.names.get(key, &one) {
				sc.add(d, wAliasSpan*mass)
			}
		}
		sc.key = key
	}
}

// queryPairs lists in sc.pairs the neighbouring query words that
// phraseBonus looks for.
func (e *Engine) queryPairs(q *query, sc *scratch) {
	pairs := sc.pairs[:0]
	for i := 0; i+1 < len(q.pos); i++ {
		a, b := q.pos[i], q.pos[i+1]
		if a >= 0 && b >= 0 && a != b {
			pairs = append(pairs, termPair{a, b, wPhrase * (q.posIDF[i] + q.posIDF[i+1]) / 2})
		}
	}
	sc.pairs = pairs
}

// phraseBonus rewards candidates in which two neighbouring query words are
// neighbours too, within one name, title, keyword or author.
func (e *Engine) phraseBonus(sc *scratch) {
	if len(sc.pairs) == 0 {
		return
	}
	for k := range sc.top {
		sc.top[k].s = e.phraseAdd(sc.top[k].d, sc.top[k].s, sc)
	}
}

// phraseAdd returns s with the phrase bonus of document d added.
func (e *Engine) phraseAdd(d int32, s float32, sc *scratch) float32 {
	pairs := sc.pairs
	found := sc.found[:0]
	for range pairs {
		found = append(found, false)
	}
	sc.found = found
	prev := int32(-1)
	for it := e.ix.docSeq(d); ; {
		t, ok := it.next()
		if !ok {
			break
		}
		if prev >= 0 && t >= 0 {
			for j, p := range pairs {
				if p.a == prev && p.b == t && !found[j] {
					found[j] = true
					s += p.bonus * e.prior[d]
				}
			}
		}
		prev = t
	}
	return s
}

// termPair is two neighbouring query terms and the bonus for finding them
// neighbours in a paper.
type termPair struct {
	a, b  int32
	bonus float32
}
