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
	negated          bool // a word joined to the negation before it
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
	neg    bool   // a negation waits for the word it negates

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
	t.word, t.cjk, t.join, t.nj, t.neg = t.word[:0], t.cjk[:0], t.join[:0], 0, false
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
			t.neg = false
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
	t.neg = false
}

// separate ends the pending word at separator r. A hyphen keeps a compound
// and a negation going, a space only a negation (and a compound when
// spaces join).
func (t *tokenizer) separate(r rune) {
	t.flushWord()
	t.flushCJK()
	if r != ' ' && !isHyphen(r) {
		t.neg = false
	}
	if !isHyphen(r) && !(t.joinSpaces && r == ' ') {
		t.endCompound()
	}
}

// isHyphen reports whether r joins the words on its sides into a compound.
func isHyphen(r rune) bool {
	return r == '-' || r == '_' || r == '\u2010' || r == '\u2011' || r == '\u2013'
}

// flushCJK emits the bigrams of the pending CJK run, or the character
// itself when it is alone; with unigrams set, also every character.
func (t *tokenizer) flushCJK() {
	c := t.cjk
	if len(c) == 0 {
		return
	}
	t.endCompound()
	if len(c) == 1 {
		t.emitRunes(c, kindCJK)
	}
	for i := 0; i+1 < len(c); i++ {
		if i > 0 && isCJKNegation(c[i-1]) {
			// "非对比" (non-contrastive): the pair after a negation is
			// another term than the pair alone
			t.emitRunes([]rune{'非', c[i], c[i+1]}, kindCJK)
			continue
		}
		t.emitRunes(c[i:i+2], kindCJK)
	}
	if t.unigrams && len(c) > 1 {
		for i := range c {
			t.emitRunes(c[i:i+1], kindUni)
		}
	}
	t.cjk = t.cjk[:0]
}

func (t *tokenizer) emitRunes(rs []rune, k tokKind) {
	start := len(t.buf)
	for _, r := range rs {
		t.buf = utf8.AppendRune(t.buf, r)
	}
	t.toks = append(t.toks, span{start: int32(start), end: int32(len(t.buf)), memo: -1, kind: k})
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
