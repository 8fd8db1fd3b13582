package recommend

import (
	"slices"
	"sort"
)

// typoIndex finds the indexed words within a small edit distance of a word
// the index does not know. It stores a hash of every word and of every
// variant with one letter deleted (a symmetric-delete index): a query word
// with up to two letters deleted meets those hashes exactly when the two
// words are close, and the real distance then confirms the candidate.
type typoIndex struct {
	words []byte   // ASCII words as written in the papers, back to back
	wend  []uint32 // word i is words[wend[i-1]:wend[i]] (from 0 for the first)
	term  []int32  // the term each word is indexed under
	hash  []uint32 // sorted hashes of the words and their deletion variants
	word  []int32  // the word each hash came from
}

// maxTypoLen bounds the words that typo correction looks at.
const maxTypoLen = 24

// buildTypo indexes the words of seen (words as written → normalised)
// that are plain ASCII and long enough to correct.
func buildTypo(seen map[string]string, ix *index) typoIndex {
	var ti typoIndex
	var words []string
	for w, norm := range seen {
		if norm != "" && len(w) >= 4 && len(w) <= maxTypoLen && isASCIIWord(w) {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	size, letters := 0, 0
	for _, w := range words {
		size, letters = size+len(w)+1, letters+len(w)
	}
	es := make([]uint64, 0, size) // hash<<32 | word, so that sorting orders by hash, then word
	ti.words = make([]byte, 0, letters)
	ti.wend = make([]uint32, len(words))
	ti.term = make([]int32, len(words))
	for i, w := range words {
		ti.words = append(ti.words, w...)
		ti.wend[i] = uint32(len(ti.words))
		ti.term[i] = ix.lookup([]byte(seen[w]))
		es = append(es, uint64(uint32(hashSkip(w, -1, -1)))<<32|uint64(i))
		for j := range len(w) {
			es = append(es, uint64(uint32(hashSkip(w, j, -1)))<<32|uint64(i))
		}
	}
	slices.Sort(es)
	es = slices.Compact(es)
	ti.hash = make([]uint32, len(es))
	ti.word = make([]int32, len(es))
	for i, e := range es {
		ti.hash[i], ti.word[i] = uint32(e>>32), int32(uint32(e))
	}
	return ti
}

// word1 returns word i.
func (ti *typoIndex) word1(i int32) []byte {
	start := uint32(0)
	if i > 0 {
		start = ti.wend[i-1]
	}
	return ti.words[start:ti.wend[i]]
}

// hashSkip is the FNV-1a hash of w without the bytes at i and j (-1: none).
func hashSkip[S ~string | ~[]byte](w S, i, j int) uint64 {
	h := uint64(14695981039346656037)
	for k := 0; k < len(w); k++ {
		if k != i && k != j {
			h ^= uint64(w[k])
			h *= 1099511628211
		}
	}
	return h
}

// maxTypos is the edit distance allowed for a word of n letters: none below
// four letters, one up to seven, two from eight.
func maxTypos(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// correct appends to dst the terms of the indexed words closest to w (all
// at the smallest distance found, at most max), with that distance.
func (ti *typoIndex) correct(w []byte, max int, dst []int32) ([]int32, int) {
	k := maxTypos(len(w))
	if k == 0 || len(w) > maxTypoLen || !isASCIIWord(w) {
		return dst, 0
	}
	best, n0 := k+1, len(dst)
	try := func(h64 uint64) {
		h := uint32(h64)
		i, _ := slices.BinarySearch(ti.hash, h)
		for ; i < len(ti.hash) && ti.hash[i] == h; i++ {
			wi := ti.word[i]
			cand := ti.word1(wi)
			if abs(len(cand)-len(w)) > k {
				continue
			}
			d := osaDistance(w, cand, best)
			if d > best || ti.term[wi] < 0 {
				continue
			}
			if d < best {
				best, dst = d, dst[:n0]
			}
			if len(dst)-n0 < max && !slices.Contains(dst[n0:], ti.term[wi]) {
				dst = append(dst, ti.term[wi])
			}
		}
	}
	try(hashSkip(w, -1, -1))
	for i := range w {
		try(hashSkip(w, i, -1))
	}
	if k >= 2 {
		for i := range w {
			for j := i + 1; j < len(w); j++ {
				try(hashSkip(w, i, j))
			}
		}
	}
	if len(dst) == n0 {
		return dst, 0
	}
	return dst, best
}

// osaDistance is the optimal-string-alignment edit distance of a and b
// (insertions, deletions, substitutions and swaps of neighbours), or a
// number above limit once it is sure to exceed limit.
func osaDistance[S ~string | ~[]byte, T ~string | ~[]byte](a S, b T, limit int) int {
	if len(a) > maxTypoLen*2 || len(b) > maxTypoLen*2 {
		return limit + 1
	}
	var rows [3][maxTypoLen*2 + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			low = min(low, v)
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// isASCIIWord reports whether w is made of the letters a to z only.
func isASCIIWord[S ~string | ~[]byte](w S) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
