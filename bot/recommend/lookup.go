package recommend

import (
	"cmp"
	"slices"
	"strings"

	"github.com/paperbot/paperbot/data"
)

// maxRefBytes bounds the references Lookup and Suggest look at.
const maxRefBytes = 512

// Lookup finds the one paper ref names: its id, an alias (ignoring case,
// spaces and punctuation: "MoCo-v2", "mocov2" and "MoCo v2" are the same),
// an arXiv id in any common form ("2003.04297", "2003.04297v2",
// "arXiv:2003.04297", an abs or pdf URL), or its title, exactly after
// normalisation or with a few typos when only one title is that close.
func (e *Engine) Lookup(ref string) (*data.Paper, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > maxRefBytes {
		return nil, false
	}
	if p := e.set.Paper(strings.ToLower(ref)); p != nil {
		return p, true
	}
	if id, ok := data.CanonicalArXiv(ref); ok {
		p := e.set.ByArXiv(id)
		return p, p != nil
	}
	key := normKey(ref)
	var one [1]int32
	if ds := e.ix.names.get([]byte(key), &one); len(ds) > 0 {
		if len(ds) > 1 {
			return nil, false // an alias of several papers
		}
		return e.paper(ds[0]), true
	}
	if ds := e.titleDocs([]byte(key), &one); len(ds) == 1 {
		return e.paper(ds[0]), true
	}
	if d, ok := e.fuzzyTitle(key); ok {
		return e.paper(d), true
	}
	// Stemming turns a typo into a bigger difference ("representaton"
	// keeps its ending where "representation" loses it): correct the words
	// first, then look the title up again.
	if k, ok := e.typoKey(ref); ok {
		if ds := e.titleDocs([]byte(k), &one); len(ds) == 1 {
			return e.paper(ds[0]), true
		}
		if d, ok := e.fuzzyTitle(k); ok {
			return e.paper(d), true
		}
	}
	return nil, false
}

// normKey is the normalised form of a name or title that the index keys
// by: its terms run together ("MoCo v2" → "moco2").
func normKey(s string) string {
	var tk tokenizer
	tk.joinSpaces = true
	tk.run(truncateRunes(s, maxRefBytes))
	var b []byte
	for i, sp := range tk.toks {
		if !sp.kind.extra() {
			b = append(b, tk.tok(i)...)
		}
	}
	return string(b)
}

// fuzzyTitle finds the title within a few edits of key (about one in ten
// characters), when exactly one title is that close and clearly closer than
// any other.
func (e *Engine) fuzzyTitle(key string) (int32, bool) {
	if len(key) < 12 {
		return -1, false
	}
	limit := len(key) / 10
	sc := e.getScratch()
	defer e.putScratch(sc)
	// Titles further than limit+1 cannot change the answer, so only those
	// the index finds that close are compared, in the order of the titles.
	sc.runes = appendRunes(sc.runes[:0], []byte(key))
	n := len(sc.runes)
	cands := sc.near[:0]
	e.ix.titleGrams.near(sc.runes, limit+1, n-limit-1, n+limit+1, sc, func(k int32) {
		cands = append(cands, k)
	})
	slices.Sort(cands)
	sc.near = cands[:0]
	best, second, bestD := int32(-1), limit+3, limit+1
	var one [1]int32
	for _, c := range cands {
		t := e.titleKey(c, sc)
		if abs(len(t)-len(key)) > limit+2 {
			continue
		}
		dist := EditDistance(key, t, limit+2)
		if dist > limit+1 {
			continue
		}
		docs := e.ix.titles.docs(c, &one)
		if len(docs) > 1 {
			second = min(second, dist) // a title of several papers
		}
		switch {
		case dist < bestD:
			second, best, bestD = bestD, docs[0], dist
		case dist < second:
			second = dist
		}
	}
	if best < 0 || bestD > limit || second <= bestD+1 {
		return -1, false
	}
	return best, true
}

// titleKey returns the normalised title of key k of the titles index,
// made with the scratch's spare tokenizer.
func (e *Engine) titleKey(k int32, sc *scratch) string {
	var one [1]int32
	sc.title = normTitle(e.paper(e.ix.titles.docs(k, &one)[0]).Title, &sc.ttk, sc.title[:0])
	return string(sc.title)
}

// titleDocs returns the documents whose normalised title is key; the
// slice must not be changed.
func (e *Engine) titleDocs(key []byte, one *[1]int32) []int32 {
	var ds []int32
	var tk tokenizer
	e.ix.titles.find(key, func(k int32) bool {
		docs := e.ix.titles.docs(k, one)
		if string(normTitle(e.paper(docs[0]).Title, &tk, nil)) == string(key) {
			ds = docs
			return true
		}
		return false
	})
	return ds
}

// Suggest returns up to n papers that ref may have meant, for a "did you
// mean" after a failed Lookup: ids, aliases and titles a few edits away,
// the closest first, then the best search results for ref.
func (e *Engine) Suggest(ref string, n int) []*data.Paper {
	ref = strings.TrimSpace(truncateRunes(ref, maxRefBytes))
	if n <= 0 || ref == "" {
		return nil
	}
	key := normKey(ref)
	type near struct {
		d    int32
		dist int
	}
	var found []near
	if len(key) >= 2 {
		limit := max(1, min(len(key)/3, 4))
		sc := e.getScratch()
		sc.runes = appendRunes(sc.runes[:0], []byte(key))
		lo, hi := len(sc.runes)-limit, len(sc.runes)+limit
		var one [1]int32
		check := func(k string, docs []int32) {
			if abs(len(k)-len(key)) <= limit {
				if dist := EditDistance(key, k, limit); dist <= limit {
					for _, d := range docs {
						found = append(found, near{d, dist})
					}
				}
			}
		}
		e.ix.nameGrams.near(sc.runes, limit, lo, hi, sc, func(k int32) {
			check(string(e.ix.names.keys.at(k)), e.ix.names.docs(k, &one))
		})
		e.ix.titleGrams.near(sc.runes, limit, lo, hi, sc, func(k int32) {
			check(e.titleKey(k, sc), e.ix.titles.docs(k, &one))
		})
		e.putScratch(sc)
	}
	slices.SortFunc(found, func(a, b near) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.d, b.d))
	})
	var out []*data.Paper
	seen := map[int32]bool{}
	for _, f := range found {
		if len(out) < n && !seen[f.d] {
			seen[f.d] = true
			out = append(out, e.paper(f.d))
		}
	}
	for _, h := range e.Search(ref, n) {
		if d, _ := e.docOf(h.Paper.ID); len(out) < n && !seen[d] {
			seen[d] = true
			out = append(out, h.Paper)
		}
	}
	return out
}

// EditDistance is the Levenshtein distance of a and b in characters, or
// limit+1 once it is sure to be more than limit.
func EditDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// normTitle appends to b the key a shard indexes title under
// (shard.addItem): its terms, without their extra forms, run together.
func normTitle(title string, tk *tokenizer, b []byte) []byte {
	tk.reset()
	tk.joinSpaces, tk.unigrams = false, true
	tk.run(title)
	for i, sp := range tk.toks {
		if !sp.kind.extra() {
			b = append(b, tk.tok(i)...)
		}
	}
	return b
}
