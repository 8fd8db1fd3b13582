package recommend

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Papers of the set that a candidate names are found by their aliases.
// Names are ambiguous in ordinary prose, so each alias carries what the text
// must show for it to count:
//
//   - a token written in capitals in the alias ("MAE", "DINO", "CLIP") must
//     be in capitals in the text too: "clip" is a video clip, "mae" nothing;
//     an all-capital alias of two letters ("LA", "FD") is never used;
//   - an alias of plain words ("Barlow Twins", "Hiera") must be capitalised
//     in the text, must not be a phrase of the taxonomy ("Jigsaw",
//     "Counting") and must not be used as an ordinary phrase elsewhere in
//     the set ("masked autoencoders"); a one-word plain alias does not
//     count at the start of a sentence or in the title;
//   - an acronym that the text defines as something else ("mean absolute
//     error (MAE)") does not name the paper anywhere in that text;
//   - a name glued to another capitalised name or a number ("DINO-DETR",
//     "BEiT-3") is another model.
//
// The longest alias wins where several start at one place ("MoCo v2" over
// "MoCo"), and an alias shared by two papers names neither.

// nameEntry is a compiled alias.
type nameEntry struct {
	doc     int32
	toks    []int32
	cases   []caseRule // per token: how it must be written
	letters string     // the alias's letters as written, for caseExact
	plain   bool       // made of plain words only
	acronym bool       // one token in capitals
}

// caseRule is how a token of a name must be written in the text.
type caseRule uint8

const (
	caseAny      caseRule = iota
	caseCaps              // in capitals: "MAE"
	caseNotLower          // with a capital after the first letter: "SimCLR", not "Compressing" for "CompRess"
	caseExact             // exactly as in the alias, for an alias spelled like an ordinary word ("SElf-supERvised")
)

// Contexts of a named paper, from the words around it, in order of
// precedence.
type nameCtx uint8

const (
	ctxNeutral nameCtx = iota // just named
	ctxTool                   // used: "using CLIP features"
	ctxCompare                // compared with: "outperforms MAE"
	ctxFrozen                 // used as a frozen tool: "a frozen DINOv2 backbone"
	ctxBuild                  // built on: "building on DINO", "a DINOv2-style recipe"
)

// ctxRank orders contexts: a paper named several times gets the highest.
func ctxRank(c nameCtx) int { return int(c) }

// nameHit is one occurrence of a name in a candidate.
type nameHit struct {
	doc     int32
	at      int
	ctx     nameCtx
	acronym bool
}

// namedPaper is a paper a candidate names, with the most telling context of
// its occurrences.
type namedPaper struct {
	doc   int32
	first int
	n     int
	ctx   nameCtx
	lang  bool // a language-supervised paper (CLIP): no evidence of SSL
}

// archWords may follow a name after a hyphen without making it another
// model: "CLIP-ViT", "MAE-B", "DINO-style".
var archWords = map[string]bool{"vit": true, "b": true, "l": true, "s": true, "h": true, "g": true, "t": true}

// buildNames compiles the aliases of the set's papers.
func (m *classifier) buildNames(st *setText) {
	type key = string
	byKey := map[key][]nameEntry{}
	var order []key
	topicSeqs := map[key]bool{}
	for _, t := range m.set.Topics {
		for _, s := range topicPhrases(t) {
			if p, ok := compilePattern(&m.voc, patternQuote(s)); ok {
				var ids []int32
				for _, el := range p.elems {
					ids = append(ids, el.alts[0])
				}
				topicSeqs[seqKey(ids)] = true
			}
		}
	}
	var s scanner
	s.voc = &m.voc
	m.longNames = map[int32][][]int32{}
	for d := range m.set.Papers {
		p := &m.set.Papers[d]
		for _, a := range p.Aliases {
			if hasCJK(a) {
				continue
			}
			s.reset()
			s.run(a, false)
			n, ok := compileName(int32(d), a, s.toks)
			if !ok {
				continue
			}
			if len(n.toks) >= 2 {
				m.longNames[int32(d)] = append(m.longNames[int32(d)], n.toks)
			}
			k := seqKey(n.toks)
			if plainly := m.usedPlainly(n, st); n.plain && (topicSeqs[k] || plainly) {
				continue
			} else if plainly {
				for j := range n.cases {
					n.cases[j] = caseExact
				}
			}
			if _, seen := byKey[k]; !seen {
				order = append(order, k)
			}
			dup := false
			for _, x := range byKey[k] {
				dup = dup || x.doc == n.doc
			}
			if !dup {
				byKey[k] = append(byKey[k], n)
			}
		}
	}
	m.nameFirst = make([][]int32, len(m.voc.words))
	for _, k := range order {
		ns := byKey[k]
		if len(ns) != 1 {
			continue // an alias of several papers names none of them
		}
		i := int32(len(m.names))
		m.names = append(m.names, ns[0])
		m.nameFirst[ns[0].toks[0]] = append(m.nameFirst[ns[0].toks[0]], i)
	}
}

// seqKey is a map key for a sequence of token ids.
func seqKey(ids []int32) string {
	b := make([]byte, 0, 4*len(ids))
	for _, id := range ids {
		b = binary.LittleEndian.AppendUint32(b, uint32(id))
	}
	return string(b)
}

// compileName turns alias a of paper d, scanned to toks, into a name.
func compileName(d int32, a string, toks []ctok) (nameEntry, bool) {
	n := nameEntry{doc: d}
	if len(toks) == 0 {
		return n, false
	}
	distinct := false
	for _, t := range toks {
		if t.id < 0 || int(t.end) > len(a) {
			return n, false
		}
		raw := a[t.start:t.end]
		upper, lower, inner, digits, other := letterShape(raw)
		caps := upper >= 2 && lower == 0
		n.toks = append(n.toks, t.id)
		rule := caseAny
		switch {
		case caps:
			rule = caseCaps
		case inner && lower > 0:
			rule = caseNotLower
		}
		n.cases = append(n.cases, rule)
		n.letters += letterString(raw)
		switch {
		case digits > 0 && upper+lower == 0,
			other > 0,
			caps && upper >= 3,
			inner && lower > 0:
			distinct = true
		}
	}
	if len(toks) == 1 && n.cases[0] == caseCaps {
		_, _, _, _, other := letterShape(a[toks[0].start:toks[0].end])
		if utf8.RuneCountInString(a[toks[0].start:toks[0].end]) < 3 && other == 0 {
			return n, false // "LA", "FD": too short to tell
		}
		n.acronym = true
	}

	n.plain = !distinct
	return n, true
}

// letterShape counts the upper- and lower-case ASCII letters, digits and
// other letters of s, and reports whether a capital follows the first
// letter ("MoCo", "iBOT").
func letterShape(s string) (upper, lower int, inner bool, digits, other int) {
	first := true
	for _, r := range s {
		switch {
		case 'A' <= r && r <= 'Z':
			upper++
			if !first {
				inner = true
			}
		case 'a' <= r && r <= 'z':
			lower++
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			other++
		default:
			continue
		}
		first = false
	}
	return
}

// usedPlainly reports whether an alias is used as an ordinary phrase, in
// lower case, in the text of another paper of the set.
func (m *classifier) usedPlainly(n nameEntry, st *setText) bool {
	for _, o := range st.occ[n.toks[0]] {
		if o.doc == n.doc {
			continue
		}
		d := &st.docs[o.doc]
		if _, ok := seqAt(d.toks, int(o.pos), n.toks); ok {
			if r, _ := utf8.DecodeRuneInString(d.raw(&d.toks[o.pos])); unicode.IsLower(r) {
				return true
			}
		}
	}
	return false
}

// seqAt reports whether ids occur at token i, one after another within a
// sentence, and returns the last position.
func seqAt(toks []ctok, i int, ids []int32) (int, bool) {
	if i+len(ids) > len(toks) {
		return 0, false
	}
	for k, id := range ids {
		t := &toks[i+k]
		if t.id != id || t.sent != toks[i].sent {
			return 0, false
		}
	}
	return i + len(ids) - 1, true
}

// findNames finds the papers the candidate names.
func (m *classifier) findNames(sc *clsScratch) {
	toks := sc.sc.toks
	for i := 0; i < len(toks); i++ {
		id := toks[i].id
		if id < 0 || len(m.nameFirst[id]) == 0 {
			continue
		}
		best, bestEnd := int32(-1), -1
		for _, ni := range m.nameFirst[id] {
			n := &m.names[ni]
			end, ok := seqAt(toks, i, n.toks)
			if !ok || end <= bestEnd {
				continue
			}
			if !m.nameFits(sc, n, i, end) {
				continue
			}
			best, bestEnd = ni, end
		}
		if best < 0 {
			continue
		}
		n := &m.names[best]
		if n.acronym && m.definedOtherwise(sc, n, i) {
			sc.refined = append(sc.refined, n.doc)
		} else {
			sc.hits = append(sc.hits, nameHit{doc: n.doc, at: i, ctx: m.nameContext(sc, i, bestEnd), acronym: n.acronym})
		}
		i = bestEnd
	}
	if len(sc.refined) > 0 {
		sc.hits = slices.DeleteFunc(sc.hits, func(h nameHit) bool { return h.acronym && slices.Contains(sc.refined, h.doc) })
	}
}

// nameFits checks the text around an occurrence of n at tokens i..end
// against what n requires.
func (m *classifier) nameFits(sc *clsScratch, n *nameEntry, i, end int) bool {
	toks := sc.sc.toks
	for k, rule := range n.cases {
		raw := sc.raw(&toks[i+k])
		switch rule {
		case caseCaps:
			if !allCaps(raw) {
				return false
			}
		case caseNotLower:
			if _, _, inner, _, _ := letterShape(raw); !inner {
				return false // "Compressing" is not "CompRess"
			}
		case caseExact:
			if k == 0 {
				var b strings.Builder
				for j := range n.toks {
					b.WriteString(letterString(sc.raw(&toks[i+j])))
				}
				if b.String() != n.letters {
					return false
				}
			}
		}
	}
	if n.plain {
		r, _ := utf8.DecodeRuneInString(sc.raw(&toks[i]))
		if !unicode.IsUpper(r) {
			return false
		}
		if len(n.toks) == 1 && (toks[i].src == 0 || toks[i].flags&tfSentStart != 0) {
			return false
		}
	}
	if end+1 < len(toks) && toks[end+1].flags&tfJoined != 0 && toks[end+1].sent == toks[i].sent {
		if raw := sc.raw(&toks[end+1]); !archWords[strings.ToLower(raw)] {
			r, _ := utf8.DecodeRuneInString(raw)
			if unicode.IsUpper(r) || unicode.IsDigit(r) {
				return false // "DINO-DETR", "BEiT-3"
			}
		}
	}
	if toks[i].flags&tfJoined != 0 && i > 0 {
		r, _ := utf8.DecodeRuneInString(sc.raw(&toks[i-1]))
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return false // "Grounding-DINO"
		}
	}
	return true
}

// letterString keeps the letters and digits of s.
func letterString(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// allCaps reports whether s is written in capitals (a plural "s" may
// follow: "MAEs").
func allCaps(s string) bool {
	s = strings.TrimSuffix(s, "s")
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

// definedOtherwise reports whether the acronym n at token i stands alone in
// parentheses after words that are not one of its paper's longer names:
// "mean absolute error (MAE)" defines another MAE.
func (m *classifier) definedOtherwise(sc *clsScratch, n *nameEntry, i int) bool {
	toks := sc.sc.toks
	if toks[i].flags&tfOpen == 0 || toks[i].flags&tfClose == 0 {
		return false
	}
	long := m.longNames[n.doc]
	for _, l := range long {
		if start := i - len(l); start >= 0 {
			if _, ok := seqAt(toks, start, l); ok {
				return false
			}
		}
	}
	return len(long) > 0
}

// nameContext tells from the words around tokens i..end how the text uses
// the paper it names: built on ("building on DINO", "a DINOv2-style
// recipe", "DINOv2 as the teacher") before used as a frozen tool ("a frozen
// DINOv2 backbone") before compared with ("outperforms MAE") before used
// otherwise ("using CLIP features"). A name followed by "pretraining"
// names the method the text pretrains with ("MAE pretraining"), and
// "modeling" after a name is not a model ("SimMIM masked image modeling").
func (m *classifier) nameContext(sc *clsScratch, i, end int) nameCtx {
	toks := sc.sc.toks
	s := toks[i].sent
	if n := end + 1; n < len(toks) && toks[n].sent == s && toks[n].id >= 0 && toks[n].id == m.pretrainID {
		if w := strings.ToLower(sc.raw(&toks[n])); strings.HasSuffix(w, "training") {
			return ctxBuild
		}
	}
	build, cmp, frozen, tool := false, false, false, false
	for k := max(i-4, 0); k <= end+4 && k < len(toks); k++ {
		if k >= i && k <= end {
			continue
		}
		t := &toks[k]
		if t.sent != s || t.id < 0 {
			continue
		}
		build = build || m.build[t.id]
		cmp = cmp || m.compare[t.id]
		if m.frozen[t.id] && (k >= i-2 || k > end) {
			frozen = true
		}
		if k < i && k >= i-3 && m.toolBefore[t.id] || k > end && m.toolAfter[t.id] && !isModeling(sc.raw(t)) {
			tool = true
		}
	}
	switch {
	case build:
		return ctxBuild
	case frozen:
		return ctxFrozen
	case cmp:
		return ctxCompare
	case tool:
		return ctxTool
	}
	return ctxNeutral
}

// isModeling reports whether w, a word that stems to "model", is the
// activity ("modeling", "modelling"), not a model.
func isModeling(w string) bool {
	w = strings.ToLower(w)
	return strings.HasPrefix(w, "modeling") || strings.HasPrefix(w, "modelling")
}

// named gathers the hits by paper, in order of first occurrence.
func (m *classifier) named(sc *clsScratch) []namedPaper {
	if len(sc.papers) > 0 || len(sc.hits) == 0 {
		return sc.papers
	}
	for _, h := range sc.hits {
		found := false
		for j := range sc.papers {
			p := &sc.papers[j]
			if p.doc == h.doc {
				p.n++
				if ctxRank(h.ctx) > ctxRank(p.ctx) {
					p.ctx = h.ctx
				}
				found = true
				break
			}
		}
		if !found {
			tp := m.set.Papers[h.doc].Topics
			lang := len(tp) > 0 && m.langTopic >= 0 && tp[0] == m.set.Topics[m.langTopic].ID
			sc.papers = append(sc.papers, namedPaper{doc: h.doc, first: h.at, n: 1, ctx: h.ctx, lang: lang})
		}
	}
	return sc.papers
}
