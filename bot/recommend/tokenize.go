package recommend

import (
	"unicode"
	"unicode/utf8"
)

// tokKind tells what a token is made of.
type tokKind uint8

const (
	kindWord tokKind = iota // a stemmed word of letters
	kindNum                 // a run of digits
	kindCJK                 // a CJK character bigram, or a lone character
	kindJoin                // the joined form of a hyphenated or split word
	kindUni                 // a CJK unigram indexed beside the bigrams
)

// extra reports whether a token is an alternative spelling rather than a
// position of its own: it does not count towards field length or phrases.
func (k tokKind) extra() bool { return k == kindJoin || k == kindUni }

// span is one token: bytes [start,end) of the tokenizer's buffer.
// For a word, [rawStart,rawEnd) of raw holds it as written (folded but not
// stemmed), for typo correction, and memo its entry in the memo (-1 when
// there is none or the word is negated).
type span struct {
	start, end       int32
	rawStart, rawEnd int32
	memo             int32
	kind             tokKind
	negated          bool  // a word joined to the negation before it, or a CJK pair after a negation
	version          bool  // a number bound to the word before it as its version ("2" of "MoCo v2")
	runStart         bool  // a CJK token that starts a run of CJK characters
	afterNeg         bool  // the word right after a negated one, which it belongs to
	back             uint8 // for a joined form: how many tokens before it it joins
}

// tokenizer turns text into normalised tokens. It keeps its buffers between
// calls, so one tokenizer serves one goroutine at a time.
type tokenizer struct {
	buf    []byte // the bytes of all tokens
	raw    []byte // words as written
	toks   []span
	word   []byte // the pending run of letters and digits
	digits bool   // word holds a digit
	cjk    []rune // the pending run of CJK characters
	join   []byte // the letters of the pending compound ("pre-training")
	nj     int    // words in join; -1 when the compound cannot be joined
	jfirst int    // the first token of the pending compound
	neg    bool   // a negation waits for the word it negates
	// negList is set while a negation governs a list: "without negatives,
	// large batches or a momentum encoder" negates the first word of each
	// item.
	negList bool
	// prev is the token of the last word plus one when nothing but a space
	// or a hyphen came after it, so that a version ("v2") can bind to it;
	// 0 otherwise.
	prev int

	unigrams   bool // also emit each CJK character (index side, short fields)
	joinSpaces bool // words separated by spaces form a compound too

	// memo, when set, numbers the words as written; memoNorm holds their
	// normalised forms ("" for a stop word), memoRaw the words and memoTerm
	// their terms once the indexer sets them (-1 before). It saves most of
	// the work of indexing.
	memo     *memoTable
	memoNorm []string
	memoRaw  []string
	memoTerm []int32
}

// tok returns the i-th token's bytes.
func (t *tokenizer) tok(i int) []byte { return t.buf[t.toks[i].start:t.toks[i].end] }

// rawTok returns the i-th token as written, when it is a word.
func (t *tokenizer) rawTok(i int) []byte { return t.raw[t.toks[i].rawStart:t.toks[i].rawEnd] }

// reset empties the tokenizer for a new text.
func (t *tokenizer) reset() {
	t.buf, t.raw, t.toks = t.buf[:0], t.raw[:0], t.toks[:0]
	t.word, t.cjk, t.join, t.nj, t.neg, t.negList = t.word[:0], t.cjk[:0], t.join[:0], 0, false, false
	t.prev = 0
}

// run tokenizes s, appending to the tokens already there. Invalid UTF-8,
// control characters, symbols and punctuation separate tokens.
func (t *tokenizer) run(s string) {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // the common case, kept short
			i++
			switch {
			case 'a' <= c && c <= 'z':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case '0' <= c && c <= '9':
				t.digits = true
			default:
				t.separate(rune(c))
				if c == ',' && t.negList {
					// the list goes on when "or" closes it later in the clause
					t.negList = listGoesOn(s[i:])
					t.neg = t.negList
				}
				continue
			}
			if len(t.cjk) > 0 {
				t.flushCJK()
			}
			t.word = append(t.word, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size <= 1 {
			r = ' '
		}
		r = fold(r)
		switch {
		case isCJK(r):
			t.flushWord()
			t.endCompound()
			t.neg, t.negList = false, false
			t.prev = 0
			t.cjk = append(t.cjk, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			t.flushCJK()
			t.digits = t.digits || unicode.IsDigit(r)
			t.word = utf8.AppendRune(t.word, r)
		case unicode.Is(unicode.Mn, r):
			// a combining mark of decomposed text: "e\u0301" is "e"
		default:
			t.separate(r)
		}
	}
	t.flushWord()
	t.flushCJK()
	t.endCompound()
	t.neg, t.negList = false, false
	t.prev = 0
}

// separate ends the pending word at separator r. A hyphen keeps a compound
// and a negation going, a space only a negation (and a compound when
// spaces join).
func (t *tokenizer) separate(r rune) {
	t.flushWord()
	t.flushCJK()
	if r != ' ' && !isHyphen(r) {
		t.neg = false
		t.prev = 0
		if r != ',' {
			t.negList = false
		}
	}
	if !isHyphen(r) && !(t.joinSpaces && r == ' ') {
		t.endCompound()
	}
}

// listGoesOn reports whether the rest of a clause, after a comma, holds
// "or" or "nor": the comma then separates items of a list.
func listGoesOn(rest string) bool {
	for i := 0; i < len(rest) && i < 200; i++ {
		switch c := rest[i]; c {
		case '.', ';', ':', '!', '?', '\n', '(', ')':
			return false
		case 'o', 'n', 'O', 'N':
			if i > 0 && rest[i-1] == ' ' {
				w := rest[i:]
				if len(w) > 3 && (w[:3] == "or " || w[:3] == "OR ") || len(w) > 4 && (w[:4] == "nor " || w[:4] == "NOR ") {
					return true
				}
			}
		}
	}
	return false
}

// isHyphen reports whether r joins the words on its sides into a compound.
func isHyphen(r rune) bool {
	return r == '-' || r == '_' || r == '\u2010' || r == '\u2011' || r == '\u2013'
}

// flushCJK emits the bigrams of the pending CJK run, or the character
// itself when it is alone; with unigrams set, also every character. A
// negation with the verb after it ("没有", "不需要", "无需") is read as "无",
// so that all of them negate the pair after them alike.
func (t *tokenizer) flushCJK() {
	c := t.cjk
	if len(c) == 0 {
		return
	}
	t.endCompound()
	c = foldCJKNegations(c)
	first := len(t.toks)
	if len(c) == 1 {
		t.emitRunes(c, kindCJK, false)
	}
	for i := 0; i+1 < len(c); i++ {
		if i > 0 && isCJKNegation(c[i-1]) {
			// "非对比" (non-contrastive): the pair after a negation is
			// another term than the pair alone
			t.emitRunes([]rune{'非', c[i], c[i+1]}, kindCJK, true)
			continue
		}
		t.emitRunes(c[i:i+2], kindCJK, false)
	}
	if len(t.toks) > first {
		t.toks[first].runStart = true
	}
	if t.unigrams && len(c) > 1 {
		for i := range c {
			t.emitRunes(c[i:i+1], kindUni, false)
		}
	}
	t.cjk = t.cjk[:0]
}

// foldCJKNegations rewrites, in place, a negation followed by up to two
// verbs of having or needing ("没有", "不需要", "无需", "不使用") as "无"
// when characters follow.
func foldCJKNegations(c []rune) []rune {
	n := 0
	for i := 0; i < len(c); i++ {
		r := c[i]
		if isCJKNegation(r) && r != '非' {
			j := i + 1
			for j < len(c) && j-i <= 2 && isCJKNeedVerb(c[j]) {
				j++
			}
			if j > i+1 && j < len(c) {
				c[n] = '无'
				n++
				i = j - 1
				continue
			}
		}
		c[n] = r
		n++
	}
	return c[:n]
}

// isCJKNeedVerb reports whether r, after a negation, says "have", "need"
// or "use" rather than being what is negated.
func isCJKNeedVerb(r rune) bool {
	switch r {
	case '有', '需', '须', '要', '用', '使', '依', '赖', '含', '借', '助', '靠', '必':
		return true
	}
	return false
}

func (t *tokenizer) emitRunes(rs []rune, k tokKind, negated bool) {
	start := len(t.buf)
	for _, r := range rs {
		t.buf = utf8.AppendRune(t.buf, r)
	}
	t.toks = append(t.toks, span{start: int32(start), end: int32(len(t.buf)), memo: -1, kind: k, negated: negated})
}

func keyOf(w []byte) wordKey {
	h1, h2 := uint64(14695981039346656037), uint64(0x9e3779b97f4a7c15)
	for _, c := range w {
		h1 = (h1 ^ uint64(c)) * 1099511628211
		h2 = (h2 + uint64(c)) * 0xff51afd7ed558ccd
		h2 ^= h2 >> 29
	}
	return wordKey{h1, h2 ^ uint64(len(w))}
}

// isCJKNegation reports whether r negates the characters after it.
func isCJKNegation(r rune) bool { return r == '非' || r == '无' || r == '不' || r == '没' }

// isCJK reports whether r is written without spaces between words.
func isCJK(r rune) bool {
	if r < 0x2e80 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// fold lower-cases r, maps full-width ASCII to ASCII and drops the accents
// of Latin letters, so "Ｍｏｃｏ" and "Krähenbühl" match "moco" and "krahenbuhl".
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if 0xff01 <= r && r <= 0xff5e {
		r -= 0xfee0
	}
	r = unicode.ToLower(r)
	if r >= 0x4e00 {
		if to, ok := hant[r]; ok {
			return to
		}
		return r
	}
	if 0xc0 <= r && r < 0x180 {
		if b := latinBase(r); b != 0 {
			return b
		}
	}
	return r
}

// latinFolds maps U+00E0..U+017F to the unaccented lower-case letter, or
// '.' when there is none.
const latinFolds = "aaaaaa.ceeeeiiii.nooooo.ouuuuy.yaaaaaacc" +
	"ccccccddddeeeeeeeeeegggggggghhhhiiiiiiii" +
	"ii..jjkk.llllllllllnnnnnn...oooooo..rrrr" +
	"rrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz."

func latinBase(r rune) rune {
	i := int(r - 0xe0)
	if i < 0 || i >= len(latinFolds) || latinFolds[i] == '.' {
		return 0
	}
	return rune(latinFolds[i])
}
