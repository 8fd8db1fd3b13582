package recommend

import (
	"unicode"
	"unicode/utf8"
)

// flushWord emits the pending run of letters and digits. The run is split
// where letters meet digits, and a version "v" before digits is dropped, so
// "MoCov2", "MoCo-v2", "moco v2" and "MoCo 2" all give "moco" "2".
func (t *tokenizer) flushWord() {
	w := t.word
	if len(w) == 0 {
		return
	}
	t.word = t.word[:0]
	if !t.digits { // one part: the common case
		t.emitWord(w, kindWord)
		if t.nj >= 0 {
			t.join = append(t.join, w...)
			t.nj++
		}
		return
	}
	t.digits = false
	letters := true
	for i := 0; i < len(w); {
		j, digits := partEnd(w, i)
		if digits {
			letters = false
			t.emitNumber(w[i:j])
			i = j
			continue
		}
		part := w[i:j]
		if j < len(w) && part[len(part)-1] == 'v' { // "mocov" of "mocov2"
			part = part[:len(part)-1]
		}
		if len(part) > 0 {
			t.emitWord(part, kindWord)
		}
		i = j
	}
	if !letters {
		t.nj = -1
		return
	}
	if t.nj >= 0 {
		t.join = append(t.join, w...)
		t.nj++
	}
}

// partEnd returns the end of the part of w starting at i: a run of letters
// or a run of digits.
func partEnd(w []byte, i int) (end int, digits bool) {
	r, _ := utf8.DecodeRune(w[i:])
	digits = unicode.IsDigit(r)
	for end = i; end < len(w); {
		r, size := utf8.DecodeRune(w[end:])
		if unicode.IsDigit(r) != digits {
			break
		}
		end += size
	}
	return end, digits
}

// endCompound emits the joined form of a compound of two to four words,
// "pre-training" → "pretraining", then forgets it.
func (t *tokenizer) endCompound() {
	if t.nj >= 2 && t.nj <= 4 {
		t.emitWord(t.join, kindJoin)
	}
	t.join, t.nj = t.join[:0], 0
}

// emitNumber emits a run of digits without leading zeros.
func (t *tokenizer) emitNumber(d []byte) {
	t.neg = false
	for len(d) > 1 && d[0] == '0' {
		d = d[1:]
	}
	start := len(t.buf)
	t.buf = append(t.buf, d...)
	t.toks = append(t.toks, span{start: int32(start), end: int32(len(t.buf)), memo: -1, kind: kindNum})
}

// emitWord emits a word of letters, dropping stop words and mapping
// British spellings and inflections to one stem.
func (t *tokenizer) emitWord(w []byte, k tokKind) {
	if k == kindWord && isNegation(w) {
		t.neg = true
		return
	}
	norm, memo := t.normalise(w, k)
	negated := false
	if norm == "" {
		return // a stop word
	}
	start := len(t.buf)
	if k == kindWord && t.neg {
		t.buf = append(t.buf, "no"...)
		t.neg = false
		memo = -1
		negated = true
	}
	if memo < 0 || t.memoTerm[memo] < 0 {
		// the indexer needs the bytes only for a word it has no term for
		t.buf = append(t.buf, norm...)
	}
	rs := len(t.raw)
	if k == kindWord {
		t.raw = append(t.raw, w...)
	}
	t.toks = append(t.toks, span{int32(start), int32(len(t.buf)), int32(rs), int32(len(t.raw)), memo, k, negated})
}

// normWord is the normalised form of a word: "" for a stop word, else its
// American spelling stemmed.
func normWord(w []byte) string {
	if isStopWord(w) {
		return ""
	}
	if us, ok := britishToUS[string(w)]; ok {
		return string(stem([]byte(us)))
	}
	return string(stem(append([]byte(nil), w...)))
}

// isNegation reports whether w negates the word after it. The two are
// indexed as one term ("no negatives" → "noneg", "non-contrastive" →
// "nocontrast"), so that a search for "contrastive" does not find papers
// for being non-contrastive.
func isNegation(w []byte) bool {
	switch string(w) {
	case "no", "non", "not", "without":
		return true
	}
	return false
}
