package recommend

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperbot/paperbot/data"
)

// The relevance floor. A query has an answer only when some paper holds at
// least floorBest of what it asks, its words that are not weak weighed by
// idf (cover): most of it. The answer then lists the papers that hold at
// least floorShare. A paper that holds one word of "speech recognition", or
// only "prediction" of "protein structure prediction", makes no answer; one
// that holds "negatives" of "adversarial negatives" is listed after those
// that hold both words.
const (
	floorBest  = 2.0 / 3
	floorShare = 0.4
)

// Weights of a paper's score in a search with a negation ("without
// negatives"), by what the paper says about the negated thing.
const (
	fAboutStrong = 0.25 // its names, title or keywords are about it, or a topic it is filed under
	fAboutWeak   = 0.6  // its summary mentions it, not negated
	fAboutNone   = 1.2  // it says it does without ("no negatives", "without a momentum encoder")
)

// cover measures how much of a query's content a paper holds. The content
// is made of units, each weighed by its idf: the query's words that are not
// weak (a word the index does not know weighs as the rarest word), and the
// characters of its CJK runs, which a pair of them holds. A character
// weighs half the idf of the commonest known pair it is in, and is weak when
// that pair is; one in no known pair weighs half the rarest word. So "视频"
// counts in "视频自监督学习" and the boundary pairs "频自" and "督学" do
// not, whatever their idf.
//
// A paper holds a unit when it holds its term (a CJK pair holds both its
// characters), a typo correction of it (in part), a joined form covering it
// ("pretraining" for "pre training"), or is filed under a topic whose name
// covers it. A negated unit ("without negatives") is held by a paper that
// says it does without the thing or is not about it.
type cover struct {
	e      *Engine
	mass   []float32 // per unit
	total  float32
	terms  []coverTerm
	topics []coverTopic
	negs   []negUnit
}

// maxUnits bounds the units of a query: they are bits of a mask.
const maxUnits = 64

type coverTerm struct {
	t      int32
	units  uint64
	credit float32
}

type coverTopic struct {
	topic int
	units uint64
}

// negUnit is a negated position of the query: what it excludes (the
// positive term, as the tokenizer spells it) and the negated term itself.
type negUnit struct {
	unit     int
	positive string
	pos, neg int32 // terms, -1 when the index does not know them
	cjk      bool
	topics   []int  // topics the positive term names (topicsNamed)
	show     string // the negation as the query writes it, for reasons: "no momentum", "无负样本"
}

// newCover reads the parsed query q (with its tokens in tk).
func (e *Engine) newCover(q *query, tk *tokenizer) *cover {
	c := &cover{e: e}
	unknown := bm25idf(e.ix.n, 0)
	idf := func(i int) float32 {
		if t := q.pos[i]; t >= 0 {
			return e.ix.idf[t]
		}
		return unknown
	}
	posUnits := make([]uint64, len(q.pos)) // the units a position's term holds
	newUnit := func(m float32) (int, bool) {
		if len(c.mass) == maxUnits {
			return 0, false
		}
		c.mass = append(c.mass, m)
		return len(c.mass) - 1, true
	}
	for i := 0; i < len(q.pos); i++ {
		sp := q.posTok[i]
		if sp.kind == kindCJK {
			j := i + 1
			for j < len(q.pos) && q.posTok[j].kind == kindCJK && !q.posTok[j].runStart {
				j++
			}
			c.cjkRun(q, tk, i, j, idf, posUnits, newUnit)
			i = j - 1
			continue
		}
		t := q.pos[i]
		if q.weak[i] || sp.afterNeg {
			continue // "encoder" of "no momentum encoder" qualifies what is excluded
		}
		if sp.negated {
			pos := positiveOf(tk.buf[sp.start:sp.end], sp.kind)
			nu := negUnit{positive: pos, pos: e.ix.lookup([]byte(pos)), neg: t, show: "no " + string(tk.raw[sp.rawStart:sp.rawEnd])}
			m := unknown
			if nu.pos >= 0 {
				m = e.ix.idf[nu.pos]
				nu.topics = e.topicsNamed(nu.pos)
			}
			u, ok := newUnit(m)
			if !ok {
				break
			}
			nu.unit = u
			posUnits[i] = 1 << u
			c.negs = append(c.negs, nu)
			if t >= 0 {
				c.terms = append(c.terms, coverTerm{t, 1 << u, 1})
			}
			continue
		}
		d := q.dist[i]
		m := unknown
		if t >= 0 && d != distUnknown {
			m = e.ix.idf[t]
		}
		u, ok := newUnit(m)
		if !ok {
			break
		}
		posUnits[i] = 1 << u
		switch {
		case d == distUnknown || t < 0:
		case d == 0:
			c.terms = append(c.terms, coverTerm{t, 1 << u, 1})
		default:
			credit := float32(wTypo1)
			if d > 1 {
				credit = wTypo2
			}
			lo := int32(0)
			if i > 0 {
				lo = q.altEnd[i-1]
			}
			for _, a := range q.alts[lo:q.altEnd[i]] {
				c.terms = append(c.terms, coverTerm{a, 1 << u, credit})
			}
		}
	}
	for _, j := range q.joins {
		var units uint64
		for i := j.first; i <= j.last && int(i) < len(posUnits); i++ {
			units |= posUnits[i]
		}
		if units != 0 {
			c.terms = append(c.terms, coverTerm{j.t, units, 1})
		}
	}
	for _, m := range q.topics {
		var units uint64
		for i, pu := range posUnits {
			if i < 64 && m.mask&(1<<i) != 0 {
				units |= pu
			}
		}
		if units != 0 {
			c.topics = append(c.topics, coverTopic{m.topic, units})
		}
	}
	for _, m := range c.mass {
		c.total += m
	}
	slices.SortFunc(c.terms, func(a, b coverTerm) int { return int(a.t - b.t) })
	return c
}

// cjkRun makes the units of the CJK run at positions [lo,hi): a negated
// pair ("非负样") is a negated unit, and every other character one unit,
// unless it is a negation or weak.
func (c *cover) cjkRun(q *query, tk *tokenizer, lo, hi int, idf func(int) float32, posUnits []uint64, newUnit func(float32) (int, bool)) {
	e := c.e
	var chars []rune
	for i := lo; i < hi; i++ {
		sp := q.posTok[i]
		rs := []rune(string(tk.buf[sp.start:sp.end]))
		if sp.negated && len(rs) == 3 {
			rs = rs[1:]
		}
		if i == lo {
			chars = append(chars, rs...)
		} else if len(rs) == 2 {
			chars = append(chars, rs[1])
		}
		if sp.negated {
			pos := positiveOf(tk.buf[sp.start:sp.end], sp.kind)
			nu := negUnit{positive: pos, pos: e.ix.lookup([]byte(pos)), neg: q.pos[i], cjk: true, show: "无" + pos}
			if i+1 < hi && !q.weak[i+1] {
				if next := []rune(string(tk.buf[q.posTok[i+1].start:q.posTok[i+1].end])); len(next) == 2 {
					nu.show += string(next[1]) // "无负样本"
				}
			}
			m := bm25idf(e.ix.n, 0)
			if nu.pos >= 0 {
				m = e.ix.idf[nu.pos]
				nu.topics = e.topicsNamed(nu.pos)
			}
			u, ok := newUnit(m / 2)
			if !ok {
				return
			}
			nu.unit = u
			posUnits[i] |= 1 << u
			c.negs = append(c.negs, nu)
			if q.pos[i] >= 0 {
				c.terms = append(c.terms, coverTerm{q.pos[i], 1 << u, 1})
			}
		}
	}
	for j, r := range chars {
		if isCJKNegation(r) {
			continue
		}
		// the pairs holding character j: positions lo+j-1 and lo+j
		best, bestPos := float32(-1), -1
		var pairs []int
		for _, k := range []int{lo + j - 1, lo + j} {
			if k < lo || k >= hi || q.posTok[k].negated {
				continue
			}
			pairs = append(pairs, k)
			if q.pos[k] >= 0 && (bestPos < 0 || idf(k) < best) {
				best, bestPos = idf(k), k
			}
		}
		if len(pairs) == 0 {
			continue
		}
		m := bm25idf(e.ix.n, 0)
		if bestPos >= 0 {
			if q.weak[bestPos] && !q.posTok[bestPos].negated {
				continue
			}
			m = best
		}
		u, ok := newUnit(m / 2)
		if !ok {
			return
		}
		for _, k := range pairs {
			posUnits[k] |= 1 << u
		}
	}
	for k := lo; k < hi; k++ {
		if t := q.pos[k]; t >= 0 && !q.posTok[k].negated && posUnits[k] != 0 {
			c.terms = append(c.terms, coverTerm{t, posUnits[k], 1})
		}
	}
}

// empty reports whether the query has no content at all.
func (c *cover) empty() bool { return len(c.mass) == 0 }

// shares returns, for each of the documents docs (sorted, distinct), the
// share of the query's content it holds, and for a query with negations
// the factor its score takes (fAbout*) and which negations (bits of
// c.negs) it says it does without.
func (c *cover) shares(docs []int32) (share, factor []float32, without []uint64) {
	n := len(c.mass)
	credit := make([]float32, len(docs)*n)
	set := func(k int, units uint64, v float32) {
		for u := range n {
			if units&(1<<u) != 0 {
				if p := &credit[k*n+u]; v > *p {
					*p = v
				}
			}
		}
	}
	// postings, one walk per distinct term, merged with docs
	for i := 0; i < len(c.terms); {
		j := i
		for j < len(c.terms) && c.terms[j].t == c.terms[i].t {
			j++
		}
		group := c.terms[i:j]
		it := c.e.ix.postings(group[0].t)
		k := 0
		for k < len(docs) {
			d, _, ok := it.next()
			if !ok {
				break
			}
			for k < len(docs) && docs[k] < d {
				k++
			}
			if k < len(docs) && docs[k] == d {
				for _, g := range group {
					set(k, g.units, g.credit)
				}
			}
		}
		i = j
	}
	for _, tp := range c.topics {
		k := 0
		for _, d := range c.e.topics[tp.topic].docs {
			for k < len(docs) && docs[k] < d {
				k++
			}
			if k == len(docs) {
				break
			}
			if docs[k] == d {
				set(k, tp.units, 1)
			}
		}
	}
	if len(c.negs) > 0 {
		factor = make([]float32, len(docs))
		without = make([]uint64, len(docs))
		for k, d := range docs {
			factor[k] = 1
			for j, nu := range c.negs {
				a := c.e.aboutness(d, nu, credit[k*n+nu.unit] > 0)
				factor[k] *= a
				if a == fAboutNone && j < 64 {
					without[k] |= 1 << j
				}
				if a == fAboutNone {
					set(k, 1<<nu.unit, 1)
				}
			}
		}
	}
	// Negations are constraints: the share is of the other units, and of
	// the negated ones (held by papers that say they do without the thing)
	// only when there is nothing else ("no momentum encoder").
	var negUnits uint64
	for _, nu := range c.negs {
		negUnits |= 1 << nu.unit
	}
	var content, total float32
	for u, m := range c.mass {
		if negUnits&(1<<u) == 0 {
			content += m
		}
		total += m
	}
	count := ^negUnits
	if content == 0 {
		count, content = negUnits, total
	}
	share = make([]float32, len(docs))
	for k := range docs {
		var s float32
		for u, m := range c.mass {
			if count&(1<<u) != 0 {
				s += credit[k*n+u] * m
			}
		}
		if content > 0 {
			share[k] = s / content
		}
	}
	return share, factor, without
}

// aboutness is the factor of document d's score for the negated unit nu:
// fAboutNone when the paper says it does without the thing (held tells
// that it holds the negated term, or is filed under a topic named by it),
// fAboutStrong when its names, title or keywords hold the thing or it is
// filed under a topic named by it, fAboutWeak when its summary mentions
// it, and 1 otherwise.
func (e *Engine) aboutness(d int32, nu negUnit, held bool) float32 {
	if held {
		return fAboutNone
	}
	p := e.paper(d)
	neg, pos := mentions(p, nu)
	switch {
	case neg:
		return fAboutNone
	case nu.pos >= 0 && e.seqHolds(d, nu.pos):
		return fAboutStrong
	}
	for _, ti := range nu.topics {
		if e.set.HasTopic(p, e.set.Topics[ti].ID) {
			return fAboutStrong
		}
	}
	if pos {
		return fAboutWeak
	}
	return 1
}

// seqHolds reports whether document d's id, aliases, title, keywords or
// authors hold term t.
func (e *Engine) seqHolds(d, t int32) bool {
	for it := e.ix.docSeq(d); ; {
		x, ok := it.next()
		if !ok {
			return false
		}
		if x == t {
			return true
		}
	}
}

// topicsNamed lists the topics that term t names on its own: a name or
// synonym of one word that starts with it ("negatives", "负样本").
func (e *Engine) topicsNamed(t int32) []int {
	var out []int
	for _, ph := range e.phrases {
		if ph.terms[0] != t || slices.Contains(out, ph.topic) {
			continue
		}
		oneWord := len(ph.toks) == 1
		if !oneWord {
			oneWord = true
			for _, s := range ph.toks {
				r, _ := utf8.DecodeRuneInString(s)
				oneWord = oneWord && isCJK(r) && !strings.Contains(s, " ")
			}
		}
		if oneWord {
			out = append(out, ph.topic)
		}
	}
	return out
}

// mentions reports whether p's summary (and abstract) says it does without
// what nu negates, and whether it mentions the thing otherwise. A mention
// after a negation in the same clause is a negated one, so that "without
// negatives, large batches or a momentum encoder" does without all three.
func mentions(p *data.Paper, nu negUnit) (neg, pos bool) {
	texts := []string{p.Summary.EN, p.Abstract}
	if nu.cjk {
		texts = []string{p.Summary.ZH}
	}
	var tk tokenizer
	for _, text := range texts {
		if !containsFold(text, stemPrefix(nu.positive)) {
			continue // the common case: no word of the text starts so
		}
		for _, clause := range strings.FieldsFunc(text, isClauseEnd) {
			tk.reset()
			tk.run(clause)
			negSeen := false
			for i, sp := range tk.toks {
				if sp.kind.extra() {
					continue
				}
				b := tk.tok(i)
				if sp.negated {
					if positiveOf(b, sp.kind) == nu.positive {
						neg = true
					}
					negSeen = true
					continue
				}
				if clauseWords[string(b)] {
					negSeen = false
					continue
				}
				if string(b) == nu.positive {
					if negSeen {
						neg = true
					} else {
						pos = true
					}
				}
			}
		}
	}
	return neg, pos
}

// stemPrefix is the part of a stem that the words it stems from start
// with: "propert" of "property" ("properties").
func stemPrefix(s string) string {
	if len(s) > 4 && s[len(s)-1] < utf8.RuneSelf {
		return s[:len(s)-1]
	}
	return s
}

// containsFold reports whether s holds sub, ignoring the case of ASCII
// letters; sub is lower case.
func containsFold(s, sub string) bool {
	if sub == "" {
		return false
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// isClauseEnd reports whether r ends a clause. A comma does not, in English:
// it separates the items of a list that one negation may govern. It does in
// Chinese, whose lists use "、".
func isClauseEnd(r rune) bool {
	switch r {
	case '.', ';', ':', '(', ')', '!', '?', '。', '；', '：', '（', '）', '！', '？', '，':
		return true
	}
	return unicode.Is(unicode.Zl, r) || r == '\n'
}

// clauseWords start a new clause within a sentence, ending a negation's
// reach: "it needs no labels but uses a momentum encoder".
var clauseWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"but", "while", "whereas", "instead", "unlike", "yet", "however", "although", "though"} {
		m[normWord([]byte(w))] = true
	}
	return m
}()
