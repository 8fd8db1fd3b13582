package recommend

import (
	"unicode"
	"unicode/utf8"
)

// flushWord emits the pending run of letters and digits. The run is split
// where letters meet digits, and a version "v" before digits is dropped, so
// "MoCov2", "MoCo-v2", "moco v2" and "MoCo 2" all give "moco" "2". A version
// binds to the word before it: the two joined ("moco2") follow as an extra
// form, and the number is marked as a version, which says little alone.
func (t *tokenizer) flushWord() {
	w := t.word
	if len(w) == 0 {
		return
	}
	t.word = t.word[:0]
	if t.nj == 0 {
		t.jfirst = len(t.toks)
	}
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
			// digits right after letters ("mocov2", "resnet50"), after a
			// lone "v" ("v2") or, short, after a space ("MoCo 2") are a
			// version of the word before them
			bind := i > 0 || j-i <= 2
			t.emitNumber(w[i:j], bind)
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
		n := len(t.toks)
		t.emitWord(t.join, kindJoin)
		if len(t.toks) > n {
			t.toks[n].back = uint8(min(n-t.jfirst, 255))
		}
	}
	t.join, t.nj = t.join[:0], 0
}

// emitNumber emits a run of digits without leading zeros. With bind, and
// a word right before it, the number is that word's version: it is marked
// so, and the word and the number joined follow as an extra form.
func (t *tokenizer) emitNumber(d []byte, bind bool) {
	t.neg = false
	for len(d) > 1 && d[0] == '0' {
		d = d[1:]
	}
	start := len(t.buf)
	t.buf = append(t.buf, d...)
	prev := t.prev - 1
	t.prev = 0
	bind = bind && prev >= 0 && prev < len(t.toks) && t.toks[prev].kind == kindWord && !t.toks[prev].negated
	t.toks = append(t.toks, span{start: int32(start), end: int32(len(t.buf)), memo: -1, kind: kindNum, version: bind})
	if !bind {
		return
	}
	js := len(t.buf)
	p := t.toks[prev]
	if p.memo >= 0 && p.start == p.end { // the indexer keeps no bytes for a word it knows
		t.buf = append(t.buf, t.memoNorm[p.memo]...)
	} else {
		t.buf = append(t.buf, t.buf[p.start:p.end]...)
	}
	t.buf = append(t.buf, d...)
	n := len(t.toks)
	t.toks = append(t.toks, span{start: int32(js), end: int32(len(t.buf)), memo: -1, kind: kindJoin, back: uint8(min(n-prev, 255))})
}

// emitWord emits a word of letters, dropping stop words and mapping
// British spellings and inflections to one stem.
func (t *tokenizer) emitWord(w []byte, k tokKind) {
	if k == kindWord && isNegation(w) {
		t.neg = true
		t.prev = 0
		return
	}
	if k == kindWord && t.negList && (string(w) == "or" || string(w) == "nor") {
		t.neg = true // "no negatives or momentum encoder"
		return
	}
	norm, memo := t.normalise(w, k)
	negated := false
	if norm == "" {
		if k == kindWord {
			t.prev = 0
		}
		return // a stop word
	}
	start := len(t.buf)
	if k == kindWord && t.neg {
		t.buf = append(t.buf, "no"...)
		t.neg = false
		t.negList = true
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
	// the word right after a negated one, with only a space or a hyphen
	// between, is part of what is negated ("encoder" of "no momentum
	// encoder")
	afterNeg := k == kindWord && !negated && t.prev > 0 && t.prev <= len(t.toks) && t.toks[t.prev-1].negated
	t.toks = append(t.toks, span{start: int32(start), end: int32(len(t.buf)), rawStart: int32(rs), rawEnd: int32(len(t.raw)), memo: memo, kind: k, negated: negated, afterNeg: afterNeg})
	if k == kindWord {
		t.prev = len(t.toks)
	}
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

// Weak words say little about what a paper is about: a query word that is
// one counts less, and no paper is relevant for holding weak words alone.
// A word is weak when it is
//   - common in English or in writing about research ("based", "using",
//     "method", "model", "learning", "image", "paper"; weakWords),
//   - so common in the set that it tells its papers apart poorly: in at
//     least weakShare of them, once the set is large enough to tell
//     (minWeakDocs), which makes "self-supervised" weak in a set on
//     self-supervised learning, unless it names a topic of the set
//     ("contrastive" stays strong however many papers are contrastive),
//   - a single letter, a number of one or two digits, or a version bound to
//     the word before it ("2" of "MoCo v2", which "moco2" stands for), or
//   - a CJK pair that is common (weakPairs) or holds a particle ("的").
const (
	weakShare   = 0.4
	minWeakDocs = 50
)

// weakIDF is the idf at and below which a term is weak for being common in
// the set, or 0 when the set is too small to tell.
func (e *Engine) weakIDF() float32 {
	n := e.ix.n
	if n < minWeakDocs {
		return 0
	}
	return bm25idf(n, int(weakShare*float64(n)+0.5))
}

// isWeak reports whether the query token b (normalised, as sp) with term t
// (-1 when the index does not know it) is a weak word.
func (e *Engine) isWeak(b []byte, sp span, t int32, weakIDF float32) bool {
	if sp.negated {
		return false
	}
	if t >= 0 && e.ix.idf[t] <= weakIDF && !e.topicWord[t] {
		return true
	}
	switch sp.kind {
	case kindNum:
		return sp.version || len(b) <= 2
	case kindWord:
		return len(b) == 1 || weakWords[string(b)]
	case kindCJK:
		if weakPairs[string(b)] {
			return true
		}
		for _, r := range string(b) {
			if isCJKParticle(r) {
				return true
			}
		}
	}
	return false
}

// weakWords are words common in English or in writing about research,
// normalised as the tokenizer does.
var weakWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"based", "base", "using", "use", "used", "uses", "approach", "method",
		"methodology", "model", "modeling", "network", "neural", "deep",
		"learning", "learn", "learned", "learner", "representation", "visual",
		"vision", "image", "data", "self", "supervised", "supervision",
		"unsupervised", "work", "study", "new", "novel", "framework", "technique",
		"algorithm", "result", "state", "art", "sota", "good", "best", "better",
		"research", "way", "papers", "article", "find", "show", "list",
		"recommend", "give", "want", "looking", "look", "need", "read",
		"something", "anything", "please", "related", "relevant", "regarding",
		"topic", "after", "before", "came", "come", "like", "other", "one",
		"there", "here", "where", "when", "why", "should", "would", "could",
		"will", "has", "have", "had", "get", "let", "make", "made", "know",
		"tell", "explain", "toward", "towards", "thing", "kind", "type",
		"question", "answer", "problem", "general", "task", "system", "vs",
		"versus", "compare", "comparison", "difference", "between",
	} {
		m[normWord([]byte(w))] = true
	}
	return m
}()

// weakPairs are CJK pairs common in Chinese writing about research:
// "learning", "method", "model", "paper", "self-supervised" and the like.
var weakPairs = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"学习", "方法", "模型", "论文", "文章", "工作", "研究", "基于", "图像",
		"视觉", "表示", "网络", "自监", "监督", "无监", "训练", "相关", "一些",
		"什么", "哪些", "关于", "有关", "推荐", "算法", "框架", "技术", "深度",
		"神经", "数据", "任务", "问题", "之后", "之前", "以后", "以前", "后续",
	} {
		m[w] = true
	}
	return m
}()

// isCJKParticle reports whether r is a particle or function character that
// makes any pair holding it a poor term ("的", "和", "吗").
func isCJKParticle(r rune) bool {
	switch r {
	case '的', '了', '吗', '呢', '么', '和', '与', '及', '或', '是', '在', '之',
		'请', '哪', '些', '个', '种', '也', '都', '就', '把', '被', '给', '这',
		'那', '怎', '吧', '啊', '我', '你', '有':
		return true
	}
	return false
}
