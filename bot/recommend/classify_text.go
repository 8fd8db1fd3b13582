package recommend

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The intake classifier reads a candidate's title and abstract as a run of
// normalised tokens, the same normal form the index uses (folded, British
// spellings made American, stemmed, stop words dropped, "MoCov2" = "MoCo v2"
// = "moco" "2"). Unlike the index it keeps, for every token, where it came
// from, so that names can be checked against their capitalisation ("MAE",
// not "mae"; "CLIP", not a video "clip") and against the words around them.
//
// Tokens are numbered in the classifier's own vocabulary: the words of its
// lexicon, the taxonomy's names and synonyms and the papers' aliases. A word
// outside it is -1: it can match nothing, so its spelling does not matter.

// Token flags.
const (
	tfTitle     uint8 = 1 << iota // the token is in the title
	tfNeg                         // the token follows a negation ("no", "non", "not", "without")
	tfJoined                      // the token is joined to the one before it (hyphen, or "dino"+"2" of "DINOv2")
	tfOpen                        // an opening parenthesis comes right before the token
	tfClose                       // a closing parenthesis comes right after the token
	tfSentStart                   // the token starts a sentence
)

// ctok is one token of a candidate.
type ctok struct {
	id    int32 // vocabulary id, -1 for a word the classifier does not know
	sent  int32 // sentence number, counted over title and abstract
	src   uint8 // 0: title, 1: abstract
	flags uint8
	start int32 // bytes [start, end) of the token's source text, as written
	end   int32
}

// Limits of what is read of a candidate: a real abstract is under 2,000
// bytes, so these only bound the work on junk.
const (
	maxTitleBytes    = 1 << 10
	maxAbstractBytes = 12 << 10
	maxTokens        = 4096
	maxChain         = 4 // longest hyphenated compound that is joined ("off-the-shelf")
)

// negation words: they stay tokens (phrases such as "without labels" use
// them) and mark the token after them.
func isNegWord(s string) bool { return s == "no" || s == "non" || s == "not" || s == "without" }

// scanner turns text into tokens. It lives in a scratch and is reused.
type scanner struct {
	voc    *vocab
	toks   []ctok
	sent   int32
	word   []byte   // the folded letters and digits of the pending word
	chain  []chainW // the pending hyphenated compound
	join   []byte
	neg    bool // the next token follows a negation
	open   bool // an opening parenthesis is pending
	hyphen bool // the separator run before the pending word holds a hyphen
	newSen bool // the next token starts a sentence
	src    uint8
	title  bool
	parts  []part
}

// chainW is one word of a pending compound, with its byte span.
type chainW struct {
	start, end int32  // bytes of the text
	letters    string // folded
}

// part is a piece of a word: a run of letters or of digits.
type part struct {
	norm       string
	start, end int32
	digits     bool
}

func (s *scanner) reset() {
	s.toks = s.toks[:0]
	s.sent = 0
}

// run scans text (the title when title is set).
func (s *scanner) run(text string, title bool) {
	s.title = title
	s.src = 1
	if title {
		s.src = 0
	}
	s.newSen, s.neg, s.open, s.hyphen = true, false, false, false
	s.chain, s.word = s.chain[:0], s.word[:0]
	wstart := -1
	for i := 0; i < len(text); {
		if len(s.toks) >= maxTokens {
			break
		}
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && size <= 1 {
				r = ' '
			}
		}
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'),
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if wstart < 0 {
				wstart = i
			}
			s.word = utf8.AppendRune(s.word, fold(r))
		case r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r):
			// a combining mark: part of the word before it
		default:
			if wstart >= 0 {
				s.endWord(int32(wstart), int32(i))
				wstart = -1
			}
			s.separator(r, text, i+size)
		}
		i += size
	}
	if wstart >= 0 && len(s.toks) < maxTokens {
		s.endWord(int32(wstart), int32(len(text)))
	}
	s.flushChain()
	s.sent++
}

// separator handles a character between words; next is the byte after it.
func (s *scanner) separator(r rune, text string, next int) {
	if isHyphen(r) && len(s.chain) > 0 {
		s.hyphen = true
		return
	}
	s.flushChain()
	switch r {
	case '(', '[':
		s.open = true
	case ')', ']':
		if n := len(s.toks); n > 0 {
			s.toks[n-1].flags |= tfClose
		}
	case '.', '!', '?', ';', ':':
		if next >= len(text) || text[next] == ' ' || text[next] == '\n' || text[next] == '\t' {
			s.sent++
			s.newSen = true
		}
	}
	if r != ' ' && !isHyphen(r) {
		s.neg = false
	}
}

// endWord takes the pending word, bytes [start, end) of the text.
func (s *scanner) endWord(start, end int32) {
	w := s.word
	s.word = s.word[:0]
	if !s.hyphen {
		s.flushChain()
	}
	s.hyphen = false
	s.chain = append(s.chain, chainW{start: start, end: end, letters: string(w)})
}

// flushChain emits the pending compound: its joined form when the
// vocabulary knows it ("self-supervised" → "selfsupervis"), else its words.
func (s *scanner) flushChain() {
	c := s.chain
	if len(c) == 0 {
		return
	}
	s.chain = s.chain[:0]
	s.hyphen = false
	if len(c) >= 2 && len(c) <= maxChain {
		letters := true
		s.join = s.join[:0]
		for _, w := range c {
			if hasDigit(w.letters) {
				letters = false
				break
			}
			s.join = append(s.join, w.letters...)
		}
		if letters {
			if id := s.voc.get(normWord(s.join)); id >= 0 {
				s.emit(id, c[0].start, c[len(c)-1].end, false)
				return
			}
		}
	}
	for j, w := range c {
		s.emitWord(w, j > 0)
	}
}

// emitWord emits the parts of one word: letters and digits apart, with a
// version "v" before digits dropped, as the index's tokenizer does.
func (s *scanner) emitWord(w chainW, joined bool) {
	s.parts = splitParts(s.parts[:0], w)
	for k, p := range s.parts {
		if p.norm == "" {
			continue // a stop word
		}
		if !p.digits && isNegWord(p.norm) {
			id := s.voc.get(p.norm)
			s.emit(id, p.start, p.end, joined || k > 0)
			s.neg = true
			continue
		}
		s.emit(s.voc.get(p.norm), p.start, p.end, joined || k > 0)
	}
}

func (s *scanner) emit(id int32, start, end int32, joined bool) {
	if len(s.toks) >= maxTokens {
		return
	}
	t := ctok{id: id, sent: s.sent, src: s.src, start: start, end: end}
	if s.title {
		t.flags |= tfTitle
	}
	if s.neg {
		t.flags |= tfNeg
		s.neg = false
	}
	if joined {
		t.flags |= tfJoined
	}
	if s.open {
		t.flags |= tfOpen
		s.open = false
	}
	if s.newSen {
		t.flags |= tfSentStart
		s.newSen = false
	}
	s.toks = append(s.toks, t)
}

// splitParts splits a word into runs of letters and of digits.
func splitParts(out []part, w chainW) []part {
	b := w.letters
	// bytes of b map to bytes of the source only for ASCII words; for
	// others the whole word's span is used
	ascii := int(w.end-w.start) == len(b)
	if !hasDigit(b) {
		return append(out, part{norm: normWord([]byte(b)), start: w.start, end: w.end})
	}
	for i := 0; i < len(b); {
		j, digits := partEnd([]byte(b), i)
		st, en := w.start, w.end
		if ascii {
			st, en = w.start+int32(i), w.start+int32(j)
		}
		if digits {
			d := strings.TrimLeft(b[i:j], "0")
			if d == "" {
				d = "0"
			}
			out = append(out, part{norm: d, start: st, end: en, digits: true})
			i = j
			continue
		}
		seg := b[i:j]
		if j < len(b) && seg[len(seg)-1] == 'v' {
			seg = seg[:len(seg)-1]
			if ascii {
				en--
			}
		}
		if seg != "" {
			out = append(out, part{norm: normWord([]byte(seg)), start: st, end: en})
		}
		i = j
	}
	return out
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// vocab numbers the normalised words the classifier knows.
type vocab struct {
	ids   map[string]int32
	words []string
}

func (v *vocab) get(w string) int32 {
	if id, ok := v.ids[w]; ok {
		return id
	}
	return -1
}

func (v *vocab) add(w string) int32 {
	if id, ok := v.ids[w]; ok {
		return id
	}
	if v.ids == nil {
		v.ids = map[string]int32{}
	}
	id := int32(len(v.words))
	v.ids[w] = id
	v.words = append(v.words, w)
	return id
}

// learn adds to v every word of text, and the joined form of each of its
// hyphenated compounds, so that text scans to the same tokens later.
func (v *vocab) learn(text string) {
	var s scanner
	s.voc = &vocab{} // nothing is known yet: every word comes out as parts
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '|' || r == '/' }) {
		if strings.HasPrefix(f, "~") {
			continue
		}
		words := strings.FieldsFunc(f, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsDigit(r)) })
		for _, w := range words {
			lw := strings.Map(fold, w)
			for _, p := range splitParts(nil, chainW{letters: lw, end: int32(len(lw))}) {
				if p.norm != "" {
					v.add(p.norm)
				}
			}
		}
		if n := len(words); n >= 2 && n <= maxChain && strings.ContainsFunc(f, isHyphen) {
			j := strings.Map(fold, strings.Join(words, ""))
			if !hasDigit(j) {
				if nw := normWord([]byte(j)); nw != "" {
					v.add(nw)
				}
			}
		}
	}
}

// pattern is a compiled phrase: elements that must follow each other, each
// a set of alternative tokens, with up to gap other tokens before it.
type pattern struct {
	elems []patElem
	text  string // as written, for reasons and debugging
}

type patElem struct {
	alts []int32
	gap  int
}

// compilePattern turns "unlabeled|unannotated ~3 images|photos" into a
// pattern: a space separates elements, "|" alternatives, "~N" allows up to N
// tokens before the next element. Each of several alternatives must scan to
// one token ("ade20k" is three: "ade" "20" "k"); an element without
// alternatives may scan to several tokens, which must then be adjacent.
// Stop words drop out, as they do from the text.
func compilePattern(v *vocab, text string) (pattern, bool) {
	p := pattern{text: text}
	var sc scanner
	sc.voc = v
	gap := 0
	for _, f := range strings.Fields(text) {
		if n, ok := strings.CutPrefix(f, "~"); ok {
			g, err := strconv.Atoi(n)
			if err != nil {
				return p, false
			}
			gap = g
			continue
		}
		alts := strings.Split(f, "|")
		if len(alts) == 1 {
			sc.reset()
			sc.run(f, false)
			if len(sc.toks) == 0 {
				continue // a stop word: the text drops it too
			}
			for k, t := range sc.toks {
				if t.id < 0 {
					return p, false
				}
				g := 0
				if k == 0 {
					g = gap
				}
				p.elems = append(p.elems, patElem{alts: []int32{t.id}, gap: g})
			}
			gap = 0
			continue
		}
		var el patElem
		el.gap = gap
		for _, a := range alts {
			sc.reset()
			sc.run(a, false)
			if len(sc.toks) != 1 || sc.toks[0].id < 0 {
				return p, false
			}
			// "learn|learns|learned" all stem to "learn": one alternative,
			// or a pattern would be tried, and counted, once per spelling
			if !slices.Contains(el.alts, sc.toks[0].id) {
				el.alts = append(el.alts, sc.toks[0].id)
			}
		}
		p.elems = append(p.elems, el)
		gap = 0
	}
	return p, len(p.elems) > 0
}

// matchAt reports whether p occurs with its first element at token i, and
// returns the position of its last token. A pattern does not match across
// sentences, and a token right after a negation does not match unless the
// pattern has the negation too ("without labels"): "trained ~4 labeled"
// does not match "trained without labeled data".
func (p *pattern) matchAt(toks []ctok, i int, negIDs *[4]int32) (int, bool) {
	if !p.elems[0].has(toks[i].id) {
		return 0, false
	}
	if toks[i].flags&tfNeg != 0 && !p.startsNeg(negIDs) {
		return 0, false
	}
	at := i
	for _, el := range p.elems[1:] {
		found := false
		for j := at + 1; j <= at+1+el.gap && j < len(toks); j++ {
			if toks[j].sent != toks[i].sent {
				break
			}
			if !el.has(toks[j].id) {
				continue
			}
			if toks[j].flags&tfNeg != 0 && !(j == at+1 && isNegID(toks[at].id, negIDs)) {
				continue
			}
			at, found = j, true
			break
		}
		if !found {
			return 0, false
		}
	}
	return at, true
}

func (p *pattern) startsNeg(negIDs *[4]int32) bool {
	for _, a := range p.elems[0].alts {
		if isNegID(a, negIDs) {
			return true
		}
	}
	return false
}

func isNegID(id int32, negIDs *[4]int32) bool {
	for _, n := range negIDs {
		if id == n && n >= 0 {
			return true
		}
	}
	return false
}

func (el *patElem) has(id int32) bool {
	if id < 0 {
		return false
	}
	for _, a := range el.alts {
		if a == id {
			return true
		}
	}
	return false
}
