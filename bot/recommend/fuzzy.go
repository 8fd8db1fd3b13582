package recommend

import (
	"cmp"
	"encoding/binary"
	"slices"
	"unicode/utf8"
)

// gramIndex finds the keys (normalised names or titles) that may be within
// a few edits of a query without comparing the query with every key. It
// keeps, per q-gram token, the keys that hold it; a query counts the
// tokens each key shares with it, and only keys sharing enough can be
// close (the q-gram count filter). Keys too short for the filter to say
// anything are found by their length instead.
//
// Names use padded bigrams counted with their multiplicity: strings a and
// b within k edits share at least max(|a|,|b|) + 1 - 2k of them. Titles,
// which are long, index only the q-grams (sampleQ characters) at every
// q-th position of the key (q-samples): each edit breaks at most one of
// them, so a key b within k edits of a has at least ⌊|b|/q⌋ - k of its
// samples among the q-grams of a. Lengths are in characters, like
// EditDistance.
type gramIndex struct {
	sampled bool     // titles: q-samples; names: padded bigrams
	tok     []uint64 // sorted tokens
	off     []uint32 // token i's keys are the uvarint gaps in post[off[i]:off[i+1]]
	post    []byte
	runes   []uint8  // per key: its length in characters, at most 255
	byLen   []int32  // the keys ordered by length, then id
	lenAt   []uint32 // keys of length r are byLen[lenAt[r]:lenAt[r+1]]
}

// Runes that pad a name's bigrams at the start and the end.
const (
	padStart = utf8.MaxRune + 1
	padEnd   = utf8.MaxRune + 2
)

// gramTokens appends the tokens of key to dst: for names each padded
// bigram with its occurrence number, for titles each sampled q-gram.
func gramTokens(dst []uint64, rs []rune, sampled bool) []uint64 {
	if sampled {
		for i := 0; i+sampleQ <= len(rs); i += sampleQ {
			dst = append(dst, gramHash(rs[i:i+sampleQ]))
		}
		return dst
	}
	n0 := len(dst)
	prev := rune(padStart)
	for i := 0; i <= len(rs); i++ {
		cur := rune(padEnd)
		if i < len(rs) {
			cur = rs[i]
		}
		g := (uint64(prev)<<22 | uint64(cur)) << 8
		occ := uint64(1)
		for _, t := range dst[n0:] {
			if t>>8 == g>>8 {
				occ++
			}
		}
		dst = append(dst, g|min(occ, 255))
		prev = cur
	}
	return dst
}

// sampleQ is the length of the q-grams sampled from titles.
const sampleQ = 4

// gramHash is a hash of a q-gram's characters. Two q-grams with the same
// hash only make the count filter let more keys through.
func gramHash(rs []rune) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range rs {
		h = (h ^ uint64(r)) * 1099511628211
	}
	return h
}

// queryGrams appends the tokens a query a looks up: for names its own
// tokens, for titles every distinct q-gram of it.
func queryGrams(dst []uint64, rs []rune, sampled bool) []uint64 {
	if !sampled {
		return gramTokens(dst, rs, false)
	}
	n0 := len(dst)
	for i := 0; i+sampleQ <= len(rs); i++ {
		g := gramHash(rs[i : i+sampleQ])
		if !slices.Contains(dst[n0:], g) {
			dst = append(dst, g)
		}
	}
	return dst
}

// buildGramIndex indexes n keys; key(i) returns key i.
func buildGramIndex(n int, key func(i int32) []byte, sampled bool) gramIndex {
	gi := gramIndex{sampled: sampled, runes: make([]uint8, n)}
	var (
		rs     []rune
		toks   []uint64
		ids    tokenTable
		stream []int32 // every key's tokens (ids in order of appearance), back to back
		ends   = make([]uint32, n)
		count  = make([]int32, 257)
	)
	if n > 0 { // size the stream from the first keys
		size := 0
		for i := range int32(min(n, 256)) {
			size += len(key(i))
		}
		if !sampled {
			size += 2 * min(n, 256)
		} else {
			size /= sampleQ
		}
		stream = make([]int32, 0, size*n/min(n, 256)*9/8+64)
	}
	for i := range int32(n) {
		rs = appendRunes(rs[:0], key(i))
		gi.runes[i] = uint8(min(len(rs), 255))
		count[gi.runes[i]+1]++
		toks = gramTokens(toks[:0], rs, sampled)
		for _, t := range toks {
			stream = append(stream, ids.id(t))
		}
		ends[i] = uint32(len(stream))
	}
	// Keys by length: a counting sort.
	for r := 1; r < len(count); r++ {
		count[r] += count[r-1]
	}
	gi.lenAt = make([]uint32, 257)
	for r := range gi.lenAt {
		gi.lenAt[r] = uint32(count[r])
	}
	gi.byLen = make([]int32, n)
	for i := range int32(n) {
		r := gi.runes[i]
		gi.byLen[count[r]] = i
		count[r]++
	}
	// Tokens in sorted order: rank[id] is the place of token id.
	nt := len(ids.toks)
	order := make([]int32, nt)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(ids.toks[a], ids.toks[b]) })
	rank := make([]int32, nt)
	gi.tok = make([]uint64, nt)
	for r, id := range order {
		rank[id] = int32(r)
		gi.tok[r] = ids.toks[id]
	}
	// Postings: size each list, then write it.
	sizes := make([]uint32, nt+1)
	last := make([]int32, nt)
	for i := range last {
		last[i] = -1
	}
	start := uint32(0)
	for k, end := range ends {
		for j, id := range stream[start:end] {
			t := rank[id]
			stream[start+uint32(j)] = t
			sizes[t+1] += uint32(uvarintLen(uint64(int32(k) - last[t])))
			last[t] = int32(k)
		}
		start = end
	}
	for t := range nt {
		sizes[t+1] += sizes[t]
	}
	gi.off = sizes
	gi.post = make([]byte, sizes[nt])
	at := slices.Clone(sizes[:nt])
	for i := range last {
		last[i] = -1
	}
	start = 0
	for k, end := range ends {
		for _, t := range stream[start:end] {
			at[t] += uint32(binary.PutUvarint(gi.post[at[t]:], uint64(int32(k)-last[t])))
			last[t] = int32(k)
		}
		start = end
	}
	return gi
}

// tokenTable numbers distinct tokens in order of appearance: an
// open-addressing table, faster than a map for the millions of lookups of
// a build.
type tokenTable struct {
	toks  []uint64 // token id's value
	slots []int32  // id+1, 0 for empty
}

func (tt *tokenTable) id(t uint64) int32 {
	if 2*(len(tt.toks)+1) > len(tt.slots) {
		tt.grow()
	}
	mask := uint64(len(tt.slots) - 1)
	for i := (t * 0x9e3779b97f4a7c15) >> 20 & mask; ; i = (i + 1) & mask {
		switch s := tt.slots[i]; {
		case s == 0:
			tt.toks = append(tt.toks, t)
			tt.slots[i] = int32(len(tt.toks))
			return int32(len(tt.toks) - 1)
		case tt.toks[s-1] == t:
			return s - 1
		}
	}
}

func (tt *tokenTable) grow() {
	tt.slots = make([]int32, max(2*len(tt.slots), 1024))
	mask := uint64(len(tt.slots) - 1)
	for id, t := range tt.toks {
		i := (t * 0x9e3779b97f4a7c15) >> 20 & mask
		for tt.slots[i] != 0 {
			i = (i + 1) & mask
		}
		tt.slots[i] = int32(id + 1)
	}
}

// appendRunes appends the characters of b to rs.
func appendRunes(rs []rune, b []byte) []rune {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		rs = append(rs, r)
		b = b[size:]
	}
	return rs
}

// near calls fn with every key that may be within k edits of the query
// whose characters are rs, and possibly others; the caller checks. Keys
// come in no particular order, each once. Only keys of lengths lo to hi
// (in characters) are wanted.
func (gi *gramIndex) near(rs []rune, k, lo, hi int, sc *scratch, fn func(key int32)) {
	if len(gi.runes) == 0 {
		return
	}
	if len(sc.gramCount) < len(gi.runes) {
		sc.gramCount = make([]uint16, len(gi.runes))
	}
	cnt := sc.gramCount
	keys := sc.gramKeys[:0]
	sc.grams = queryGrams(sc.grams[:0], rs, gi.sampled)
	for _, g := range sc.grams {
		t, ok := slices.BinarySearch(gi.tok, g)
		if !ok {
			continue
		}
		p, key := gi.post[gi.off[t]:gi.off[t+1]], int32(-1)
		for len(p) > 0 {
			gap, n := binary.Uvarint(p)
			p = p[n:]
			key += int32(gap)
			if cnt[key] == 0 {
				keys = append(keys, key)
			}
			if cnt[key] < 0xfffe {
				cnt[key]++
			}
		}
	}
	// The length below which the count filter cannot rule a key out.
	var short int
	switch {
	case gi.sampled:
		short = sampleQ * (k + 1) // ⌊r/q⌋ - k <= 0
	case len(rs)+1-2*k <= 0:
		short = 2 * k // max(|a|, r) + 1 - 2k <= 0
	}
	const done = 0xffff
	for _, key := range keys {
		r := int(gi.runes[key])
		c := int(cnt[key])
		if r < lo || r > hi {
			cnt[key] = done
			continue
		}
		var need int
		if gi.sampled {
			need = r/sampleQ - k
		} else {
			need = max(len(rs), r) + 1 - 2*k
		}
		cnt[key] = done
		if r >= 255 || c >= need {
			fn(key)
		}
	}
	for r := max(lo, 0); r < min(short, hi+1, 255); r++ {
		for _, key := range gi.byLen[gi.lenAt[r]:gi.lenAt[r+1]] {
			if cnt[key] != done {
				fn(key)
			}
		}
	}
	for _, key := range keys {
		cnt[key] = 0
	}
	sc.gramKeys = keys[:0]
}
