package recommend

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/paperbot/paperbot/data"
)

// Candidate is a new paper as intake sees it.
type Candidate struct {
	Title, Abstract string
	Primary         string   // primary arXiv category, "cs.CV"
	Categories      []string // every category; the primary one may be among them
	Comment         string
}

// Verdict is what intake decides about a candidate.
type Verdict struct {
	// Score in [0,1] is the confidence that the candidate is about
	// self-supervised or unsupervised representation learning for vision.
	Score float64
	// Topics are topic ids of the taxonomy, the main one first; at least
	// one when Score >= 0.5.
	Topics []string
	// BuildsOn are ids of papers of the set that the candidate names,
	// those it builds on or compares with first, at most maxBuildsOn.
	BuildsOn []string
	// Reason says briefly, in English and Chinese, what the decision rests
	// on: "masked image modeling; compares with MAE and I-JEPA".
	Reason data.Text
}

// maxBuildsOn is how many named papers a verdict lists.
const maxBuildsOn = 5

// Classify decides whether c belongs in the set and where. It reads the
// title and abstract for evidence of learning without labels, of the
// machinery of self-supervised methods (which is itself evidence of
// learning without labels: a pretext task, masked patches to predict, two
// views of one image to contrast, a teacher to match, clusters as targets)
// and of representation learning, weighs it against evidence that the
// paper is about another modality (speech, text, graphs, time series,
// tables, recommendation), uses a pretrained model only as a tool, learns
// from image-text pairs, generates images, or trains a supervised task
// model, and turns the two balances into a score with logistic functions.
// Topics come from the taxonomy's names and synonyms, weighted by how
// reliably they point at their topic in the set, and from the papers the
// candidate names; the named papers are found by their aliases, with short
// acronyms held to their capitalisation and to how the text defines them.
// Classify is safe for concurrent use.
func (e *Engine) Classify(c Candidate) Verdict {
	m := e.classifier()
	sc := m.pool.Get().(*clsScratch)
	defer func() {
		sc.title, sc.abs = "", "" // do not keep the caller's text alive in the pool
		m.pool.Put(sc)
	}()
	sc.reset()
	m.scan(sc, c)
	m.evidence(sc)
	m.findNames(sc)
	z := m.score(sc, c)
	v := Verdict{Score: z.score}
	v.Topics = m.topicsOf(e, sc, c, z.score)
	v.BuildsOn = m.buildsOn(sc)
	v.Reason = m.reason(sc, z, v)
	return v
}

// lazyClassifier is an engine's classifier, built on first use by one
// caller while the others wait: only intake classifies, so an engine that
// only serves chat never pays for it.
type lazyClassifier struct {
	once sync.Once
	m    *classifier
}

func (e *Engine) classifier() *classifier {
	e.cls.once.Do(func() { e.cls.m = newClassifier(e.set) })
	return e.cls.m
}

// classifier is what Classify needs, built once per engine from the set
// and the lexicon.
type classifier struct {
	set    *data.Set
	voc    vocab
	negIDs [4]int32
	// pretrainID is "pretraining", "pre-training" and "pretrained" as one token
	pretrainID int32

	pats    []pattern
	acts    [][]patAct // per pattern
	byFirst [][]int32  // per vocabulary id: patterns whose first element may be it

	names     []nameEntry
	nameFirst [][]int32           // per vocabulary id: names starting with it
	longNames map[int32][][]int32 // per paper: its aliases of several words, usable as names or not

	topicMul  []float64 // per topic: how often it is a paper's main topic
	topicPos  map[string]int
	langTopic int // the language-supervised topic, or -1

	compare, build, frozen, toolBefore, toolAfter []bool // cue words, per vocabulary id

	pool sync.Pool // *clsScratch
}

// patAct is what a matched pattern adds: weight to a feature or a topic.
type patAct struct {
	topic  int // -1 for a feature
	f      feat
	w      float64
	single bool // a one-word phrase of the taxonomy
}

func newClassifier(set *data.Set) *classifier {
	m := &classifier{set: set, langTopic: -1}
	v := &m.voc
	for _, l := range lexicon {
		v.learn(l.pat)
	}
	for _, t := range topicCues {
		v.learn(t.pat)
	}
	for _, s := range []string{cueCompare, cueBuild, cueToolBefore, cueToolAfter, cueFrozen, "no non not without"} {
		v.learn(s)
	}
	for _, t := range set.Topics {
		for _, s := range topicPhrases(t) {
			v.learn(s)
		}
	}
	for i := range set.Papers {
		for _, a := range set.Papers[i].Aliases {
			if !hasCJK(a) {
				v.learn(a)
			}
		}
	}
	for i, w := range []string{"no", "non", "not", "without"} {
		m.negIDs[i] = v.get(w)
	}
	m.pretrainID = v.get(normWord([]byte("pretraining")))
	byText := map[string]int{}
	addAct := func(text string, a patAct) {
		if i, ok := byText[text]; ok {
			m.acts[i] = append(m.acts[i], a)
			return
		}
		p, ok := compilePattern(v, text)
		if !ok {
			return
		}
		byText[text] = len(m.pats)
		m.pats = append(m.pats, p)
		m.acts = append(m.acts, []patAct{a})
	}
	for _, l := range lexicon {
		addAct(l.pat, patAct{topic: -1, f: l.f, w: l.w})
	}
	pos := map[string]int{}
	m.topicPos = pos
	for i, t := range set.Topics {
		pos[t.ID] = i
		if t.ID == "language-supervised" {
			m.langTopic = i
		}
	}
	for _, t := range topicCues {
		if i, ok := pos[t.topic]; ok {
			addAct(t.pat, patAct{topic: i, w: t.w})
		}
	}
	st := m.paperTokens()
	for i, t := range set.Topics {
		seen := map[string]bool{}
		for _, s := range topicPhrases(t) {
			p, ok := compilePattern(v, patternQuote(s))
			if !ok {
				continue
			}
			var ids []int32
			for _, el := range p.elems {
				ids = append(ids, el.alts[0])
			}
			if k := seqKey(ids); seen[k] {
				continue // "Masked image modeling" and "masked image modelling"
			} else {
				seen[k] = true
			}
			addAct(p.text, patAct{topic: i, w: m.phraseWeight(&p, st, t.ID), single: len(p.elems) == 1})
		}
	}
	m.byFirst = make([][]int32, len(v.words))
	for i, p := range m.pats {
		for _, a := range p.elems[0].alts {
			m.byFirst[a] = append(m.byFirst[a], int32(i))
		}
	}
	for _, l := range m.byFirst {
		// longer patterns first: where several start at one token, the
		// longest one is credited to a topic
		slices.SortStableFunc(l, func(a, b int32) int { return len(m.pats[b].elems) - len(m.pats[a].elems) })
	}
	m.topicMul = topicPrimacy(set)
	m.compare = m.cueSet(cueCompare)
	m.build = m.cueSet(cueBuild)
	m.frozen = m.cueSet(cueFrozen)
	m.toolBefore = m.cueSet(cueToolBefore)
	m.toolAfter = m.cueSet(cueToolAfter)
	m.buildNames(st)
	m.pool.New = func() any { return &clsScratch{} }
	return m
}

// topicPhrases lists the English names and synonyms of t and its id.
func topicPhrases(t data.Topic) []string {
	out := []string{strings.ReplaceAll(t.ID, "-", " "), t.Name.EN}
	out = append(out, t.Synonyms...)
	return slices.DeleteFunc(out, func(s string) bool { return s == "" || hasCJK(s) })
}

// patternQuote makes s, a taxonomy phrase, safe as a pattern: it has no
// alternatives or gaps.
func patternQuote(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '|' || r == '~' {
			return ' '
		}
		return r
	}, s)
}

func (m *classifier) cueSet(words string) []bool {
	set := make([]bool, len(m.voc.words))
	for _, w := range strings.Split(words, "|") {
		var s scanner
		s.voc = &m.voc
		s.run(w, false)
		for _, t := range s.toks {
			if t.id >= 0 {
				set[t.id] = true
			}
		}
	}
	return set
}

// docText is a paper of the set as tokens: its title, English summary and
// keywords, with the text they came from.
type docText struct {
	toks        []ctok
	title, text string
}

// raw returns token t of the document as written.
func (d *docText) raw(t *ctok) string {
	s := d.text
	if t.src == 0 {
		s = d.title
	}
	if int(t.end) > len(s) || t.start > t.end {
		return ""
	}
	return s[t.start:t.end]
}

// setText is the curated papers of the set as tokens, with where each
// vocabulary word occurs. Papers that intake added are left out: what the
// classifier learns from the set should not come from its own verdicts.
type setText struct {
	docs []docText // parallel to set.Papers; empty for intake papers
	occ  [][]docPos
}

// docPos is a token of a document.
type docPos struct{ doc, pos int32 }

func (m *classifier) paperTokens() *setText {
	st := &setText{docs: make([]docText, len(m.set.Papers)), occ: make([][]docPos, len(m.voc.words))}
	var s scanner
	s.voc = &m.voc
	for i := range m.set.Papers {
		p := &m.set.Papers[i]
		if p.Source != "" {
			continue
		}
		var b strings.Builder
		b.WriteString(p.Summary.EN)
		for _, k := range p.Keywords {
			if !hasCJK(k) {
				b.WriteString(". ")
				b.WriteString(k)
			}
		}
		text := b.String()
		s.reset()
		s.run(p.Title, true)
		s.run(text, false)
		st.docs[i] = docText{toks: slices.Clone(s.toks), title: p.Title, text: text}
		for j, t := range s.toks {
			if t.id >= 0 {
				st.occ[t.id] = append(st.occ[t.id], docPos{int32(i), int32(j)})
			}
		}
	}
	return st
}

// docsWith calls fn once for each document in which p occurs.
func (st *setText) docsWith(p *pattern, negIDs *[4]int32, fn func(d int32)) {
	last := map[int32]bool{}
	for _, a := range p.elems[0].alts {
		for _, o := range st.occ[a] {
			if last[o.doc] {
				continue
			}
			if _, ok := p.matchAt(st.docs[o.doc].toks, int(o.pos), negIDs); ok {
				last[o.doc] = true
				fn(o.doc)
			}
		}
	}
}

// phraseWeight is how much a taxonomy phrase of topic tid counts: more
// when the set's papers that use the phrase are mostly filed under the
// topic ("masked" → masked image modeling), less for a phrase used all over
// the set ("transformer"), and more for a phrase of several words.
func (m *classifier) phraseWeight(p *pattern, st *setText, tid string) float64 {
	all, in := 0, 0
	st.docsWith(p, &m.negIDs, func(d int32) {
		all++
		if m.set.HasTopic(&m.set.Papers[d], tid) {
			in++
		}
	})
	spec := (float64(in) + 0.5) / (float64(all) + 1)
	w := 0.3 + spec
	if len(p.elems) > 1 {
		w *= 1.3
	}
	return w
}

// topicPrimacy returns, per topic, a multiplier that favours topics that
// are the main topic of the papers filed under them (masked image modeling)
// over topics that mostly come second (vision transformers).
func topicPrimacy(set *data.Set) []float64 {
	first := make([]int, len(set.Topics))
	has := make([]int, len(set.Topics))
	pos := map[string]int{}
	for i, t := range set.Topics {
		pos[t.ID] = i
	}
	for _, p := range set.Papers {
		if p.Source != "" {
			continue // an intake paper: its topics came from Classify
		}
		for j, id := range p.Topics {
			if i, ok := pos[id]; ok {
				has[i]++
				if j == 0 {
					first[i]++
				}
			}
		}
	}
	out := make([]float64, len(set.Topics))
	for i := range out {
		out[i] = 0.4 + (float64(first[i])+1)/(float64(has[i])+2)
	}
	return out
}

// clsScratch is the working memory of one Classify call.
type clsScratch struct {
	sc         scanner
	title      string // the texts the tokens' spans refer to
	abs        string
	fx         [nFeat]float64
	frozenT    float64  // "frozen" outside an evaluation or a teacher
	count      []uint16 // per pattern: matches
	inTitle    []bool
	topic      []float64
	topicEnd   []int // per topic: the last token of its last credited phrase
	topicStart []int // and its first
	topicW     []float64
	xferSent   []bool // per sentence: it speaks of transfer ("the features transfer to detection")
	taskHits   []taskHit
	taskXfer   []uint16 // per pattern: matches of a task phrase in a transfer sentence
	hits       []nameHit
	refined    []int32 // papers whose acronym the text defines as something else
	papers     []namedPaper
	sentEval   []int8 // per sentence: 1 when it speaks of evaluation, -1 when not, 0 not yet known
}

// taskHit is a match of a pattern with task evidence, and its sentence.
type taskHit struct{ pi, sent int32 }

func (sc *clsScratch) reset() {
	sc.fx = [nFeat]float64{}
	sc.frozenT = 0
	sc.sentEval = sc.sentEval[:0]
	sc.xferSent = sc.xferSent[:0]
	sc.taskHits = sc.taskHits[:0]
	sc.hits = sc.hits[:0]
	sc.refined = sc.refined[:0]
	sc.papers = sc.papers[:0]
	sc.sc.reset()
}

// raw returns token t as written.
func (sc *clsScratch) raw(t *ctok) string {
	s := sc.abs
	if t.src == 0 {
		s = sc.title
	}
	if int(t.end) > len(s) || t.start > t.end {
		return ""
	}
	return s[t.start:t.end]
}

// scan tokenizes the candidate's title and abstract.
func (m *classifier) scan(sc *clsScratch, c Candidate) {
	sc.title = truncateRunes(c.Title, maxTitleBytes)
	sc.abs = truncateRunes(c.Abstract, maxAbstractBytes)
	sc.sc.voc = &m.voc
	sc.sc.run(sc.title, true)
	sc.sc.run(sc.abs, false)
}

// evidence matches the patterns and adds up features and topics.
func (m *classifier) evidence(sc *clsScratch) {
	toks := sc.sc.toks
	if cap(sc.count) < len(m.pats) {
		sc.count = make([]uint16, len(m.pats))
		sc.inTitle = make([]bool, len(m.pats))
		sc.taskXfer = make([]uint16, len(m.pats))
	}
	sc.count = sc.count[:len(m.pats)]
	sc.inTitle = sc.inTitle[:len(m.pats)]
	sc.taskXfer = sc.taskXfer[:len(m.pats)]
	clear(sc.count)
	clear(sc.inTitle)
	clear(sc.taskXfer)
	if len(toks) > 0 {
		n := int(toks[len(toks)-1].sent) + 1
		sc.xferSent = append(sc.xferSent[:0], make([]bool, n)...)
	}
	if cap(sc.topic) < len(m.set.Topics) {
		sc.topic = make([]float64, len(m.set.Topics))
		sc.topicEnd = make([]int, len(m.set.Topics))
		sc.topicStart = make([]int, len(m.set.Topics))
		sc.topicW = make([]float64, len(m.set.Topics))
	}
	sc.topic = sc.topic[:len(m.set.Topics)]
	sc.topicEnd = sc.topicEnd[:len(m.set.Topics)]
	sc.topicStart = sc.topicStart[:len(m.set.Topics)]
	sc.topicW = sc.topicW[:len(m.set.Topics)]
	clear(sc.topic)
	for i := range sc.topicEnd {
		sc.topicEnd[i], sc.topicStart[i] = -1, -1
	}
	for i := range toks {
		id := toks[i].id
		if id < 0 {
			continue
		}
		for _, pi := range m.byFirst[id] {
			p := &m.pats[pi]
			end, ok := p.matchAt(toks, i, &m.negIDs)
			if !ok {
				continue
			}
			if sc.count[pi] < 1000 {
				sc.count[pi]++
			}
			title := toks[i].flags&tfTitle != 0
			if title {
				sc.inTitle[pi] = true
			}
			task := false
			for _, a := range m.acts[pi] {
				switch {
				case a.topic >= 0:
					m.creditTopic(sc, a, i, end, pi, title)
				case a.f == fxFrozen:
					if !m.evalNear(sc, i) {
						sc.frozenT++
					}
				case a.f == fxXfer:
					sc.xferSent[toks[i].sent] = true
				case a.f == fxTask:
					task = true
				}
			}
			if task && len(sc.taskHits) < maxTokens {
				sc.taskHits = append(sc.taskHits, taskHit{pi, toks[i].sent})
			}
		}
	}
	for _, h := range sc.taskHits {
		if sc.xferSent[h.sent] {
			sc.taskXfer[h.pi]++
		}
	}
	for pi, n := range sc.count {
		if n == 0 {
			continue
		}
		rep := 1 + 0.25*float64(min(n, 5)-1)
		for _, a := range m.acts[pi] {
			if a.topic >= 0 || a.f == fxFrozen {
				continue
			}
			w := a.w * rep
			if sc.inTitle[pi] {
				w *= 1.5
			}
			if a.f == fxTask && sc.taskXfer[pi] > 0 {
				// "the features transfer to pose estimation": a task the
				// representation is evaluated on counts little against it
				w *= 1 - xferDiscount*float64(sc.taskXfer[pi])/float64(n)
			}
			sc.fx[a.f] += w
		}
	}
}

// xferDiscount is how much less a task phrase counts in a sentence about
// transfer.
const xferDiscount = 0.75

// creditTopic adds a match of pattern pi at tokens i..end to a topic,
// unless a longer phrase of the topic already covers it: "masked image
// modeling" counts once, not again as "masking". A phrase in the title
// counts three times, a single taxonomy word of the abstract half, and
// repeats of a phrase a quarter.
func (m *classifier) creditTopic(sc *clsScratch, a patAct, i, end int, pi int32, title bool) {
	w := a.w
	if sc.count[pi] > 1 {
		if sc.count[pi] > 5 {
			return
		}
		w *= 0.25
	}
	switch {
	case title:
		w *= 3
	case a.single:
		w *= 0.5 // one word of the abstract says little: "color", "count", "scale"
	}
	t := a.topic
	switch {
	case i == sc.topicStart[t] && end <= sc.topicEnd[t]:
		// another phrase at the same place: the stronger one counts
		if w > sc.topicW[t] {
			sc.topic[t] += w - sc.topicW[t]
			sc.topicW[t] = w
		}
		return
	case i <= sc.topicEnd[t]:
		return
	}
	sc.topicStart[t], sc.topicEnd[t], sc.topicW[t] = i, end, w
	sc.topic[t] += w
}

// evalNear reports whether the sentence of token i speaks of evaluation
// ("evaluated frozen with linear probes") or of a teacher or target
// ("reconstructs the features of a frozen teacher"), where "frozen" is part
// of the method, not a tool. The answer is kept per sentence.
func (m *classifier) evalNear(sc *clsScratch, i int) bool {
	toks := sc.sc.toks
	s := toks[i].sent
	if n := int(toks[len(toks)-1].sent) + 1; len(sc.sentEval) < n {
		sc.sentEval = append(sc.sentEval, make([]int8, n-len(sc.sentEval))...)
	}
	if v := sc.sentEval[s]; v != 0 {
		return v > 0
	}
	lo, hi := i, i
	for lo > 0 && toks[lo-1].sent == s {
		lo--
	}
	for hi+1 < len(toks) && toks[hi+1].sent == s {
		hi++
	}
	sc.sentEval[s] = -1
	for j := lo; j <= hi; j++ {
		id := toks[j].id
		if id < 0 {
			continue
		}
		for _, pi := range m.byFirst[id] {
			if !m.isEval(pi) {
				continue
			}
			if _, ok := m.pats[pi].matchAt(toks, j, &m.negIDs); ok {
				sc.sentEval[s] = 1
				return true
			}
		}
	}
	return false
}

func (m *classifier) isEval(pi int32) bool {
	for _, a := range m.acts[pi] {
		if a.topic < 0 && a.f == fxEval {
			return true
		}
	}
	return false
}

// verdictScore is the score and the two balances it comes from.
type verdictScore struct {
	score float64
	ssl   float64 // probability-like: the paper learns representations without labels
	vis   float64 // probability-like: the data are visual
	other feat    // the strongest other modality, when it matters
	tool  float64 // saturated counter-evidence, for the reason
	gen   float64
	task  float64
	llm   float64
	rest  float64
	lang  float64
}

// Weights of the model. zSSL weighs the evidence that the paper learns
// representations without labels against the evidence that its
// contribution is something else; zVis weighs the evidence that its data
// are visual against other modalities. Each goes through a logistic
// function and the score is their product: a paper must be both.
const (
	bSSL     = -2.5
	wSSL     = 1.5
	wMethod  = 1.1
	wRepr    = 0.9
	wNamed   = 0.6
	wTool    = 1.1
	wGen     = 1.3
	wTask    = 0.9
	wRestore = 1.1
	wLLM     = 1.0
	wLang    = 1.0
	wVision  = 1.0
	wOther   = 1.5

	methodAsSSL   = 0.6 // how much the machinery of SSL counts as learning without labels
	buildAsMethod = 0.6 // how much a self-supervised paper built on counts as machinery
	langOverSSL   = 0.5 // how much image-text words each word of learning without labels explains
)

func lp(x float64) float64 { return math.Log1p(max(x, 0)) }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func (m *classifier) score(sc *clsScratch, c Candidate) verdictScore {
	fx := &sc.fx
	named, toolNames, builds := 0.0, 0.0, 0.0
	for _, h := range m.named(sc) {
		switch {
		case h.lang:
			if h.ctx == ctxTool || h.ctx == ctxFrozen {
				toolNames += 0.8
			}
		case h.ctx == ctxBuild:
			named++
			builds++
		case h.ctx == ctxCompare:
			named++
		case h.ctx == ctxNeutral:
			named += 0.5
		case h.ctx == ctxTool:
			toolNames += 0.5
		case h.ctx == ctxFrozen:
			toolNames += 0.9
		}
	}
	tool := fx[fxTool] + 0.9*sc.frozenT + toolNames
	// A self-supervised method described is learning without labels even
	// where the text does not say so ("masks patches and reconstructs
	// them", "two crops of one image as a positive pair"): the machinery
	// adds to the evidence of learning without labels, which saturates, so
	// that it counts most where the words for it are missing, and less the
	// more the text speaks of labelled training (a supervised contrastive
	// loss, a teacher's pseudo-boxes). A method of the set built on ("a
	// DINO-style objective", "MAE pretraining") is machinery too. Words of
	// image-text supervision count beyond what the words for learning
	// without labels explain: "unlike CLIP, needs no captions".
	method := fx[fxMethod] + buildAsMethod*min(builds, 3)
	noLabels := fx[fxSSL] + methodAsSSL*method/(1+max(fx[fxTask], 0))
	lang := fx[fxLang] - langOverSSL*fx[fxSSL]
	zSSL := bSSL + wSSL*lp(noLabels) + wMethod*lp(method) + wRepr*lp(fx[fxRepr]) + wNamed*lp(named) -
		wTool*lp(tool) - wGen*lp(fx[fxGen]) - wTask*lp(fx[fxTask]) - wRestore*lp(fx[fxRestore]) - wLLM*lp(fx[fxLLM]) -
		wLang*lp(lang)
	vis := fx[fxVision] + fx[fxMed] + fx[fxRemote] + fx[fxVideo]
	other, top := 0.0, feat(0)
	for f := fxSpeech; f <= fxCode; f++ {
		other += fx[f]
		if top == 0 || fx[f] > fx[top] {
			top = f
		}
	}
	// words of another modality count beyond what the visual words explain:
	// a video paper may build a graph over patches
	zVis := categoryPrior(c.Primary, c.Categories) + venuePrior(c.Comment) + wVision*lp(vis) - wOther*lp(other-0.5*vis)
	v := verdictScore{ssl: sigmoid(zSSL), vis: sigmoid(zVis), tool: lp(tool), gen: lp(fx[fxGen]),
		task: lp(fx[fxTask]), llm: lp(fx[fxLLM]), rest: lp(fx[fxRestore]), lang: lp(lang)}
	if fx[top] > 0 {
		v.other = top
	}
	v.score = v.ssl * v.vis
	if math.IsNaN(v.score) {
		v.score = 0
	}
	v.score = min(max(v.score, 0), 1)
	return v
}

// categoryPrior is the evidence for visual data that arXiv's categories
// give: the primary category counts most.
func categoryPrior(primary string, cats []string) float64 {
	primary = strings.TrimSpace(primary)
	z := primaryPrior(primary)
	seen := 0
	for _, c := range cats {
		c = strings.TrimSpace(c)
		if c == primary || c == "" {
			continue
		}
		if seen++; seen > 8 {
			break
		}
		z += crossPrior(c)
	}
	return z
}

func primaryPrior(c string) float64 {
	switch {
	case c == "cs.CV":
		return 2.0
	case c == "eess.IV":
		return 1.6
	case c == "cs.GR", c == "cs.MM", c == "cs.RO":
		return 0.5
	case c == "cs.LG", c == "stat.ML", c == "cs.AI", c == "cs.NE", c == "q-bio.QM", c == "":
		return 0
	case c == "cs.CL", c == "cs.IR", c == "cs.SE":
		return -2.0
	case c == "cs.SD", c == "eess.AS":
		return -2.5
	case c == "cs.SI", c == "eess.SP", strings.HasPrefix(c, "q-bio."):
		return -1.5
	}
	return -0.5
}

func crossPrior(c string) float64 {
	switch {
	case c == "cs.CV":
		return 0.8
	case c == "eess.IV":
		return 0.4
	case c == "cs.CL", c == "cs.IR":
		return -0.5
	case c == "cs.SD", c == "eess.AS":
		return -0.8
	case c == "cs.SI", c == "eess.SP", strings.HasPrefix(c, "q-bio."):
		return -0.4
	}
	return 0
}

// venuePrior is the evidence for visual data that a venue named in the
// authors' comment gives ("Accepted at CVPR 2026").
func venuePrior(comment string) float64 {
	comment = truncateRunes(comment, 512)
	z := 0.0
	for _, w := range strings.FieldsFunc(comment, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch strings.ToLower(w) {
		case "cvpr", "iccv", "eccv", "wacv", "bmvc", "accv", "miccai", "isbi", "igarss":
			z = max(z, 0.5)
		case "interspeech", "acl", "emnlp", "naacl", "coling", "kdd", "sigir", "recsys", "cikm", "wsdm":
			z = min(z, -0.6)
		}
	}
	return z
}
