package recommend

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperbot/paperbot/data"
)

// Kinds of Intent and of Answer.
const (
	AnswerSearch  = "search"  // papers about the words, within their constraints
	AnswerLookup  = "lookup"  // the one paper an exact reference (an arXiv id) names
	AnswerAfter   = "after"   // the papers that build on Subject, nearest first
	AnswerBefore  = "before"  // the papers Subject builds on, nearest first
	AnswerCompare = "compare" // Subject and Other, side by side
	AnswerNone    = "none"    // nothing to search for: no words, or only weak ones
)

// Intent is what a query asks for, as Understand reads it.
type Intent struct {
	Kind    string      // one of the Answer kinds
	Subject *data.Paper // lookup: the paper (nil when the set does not have it); relation: X; compare: the first
	Other   *data.Paper // compare: the second
	ArXiv   string      // lookup: the arXiv id asked for, without version
	// Text is what is left to search for: the query for a search, the
	// words after a relation's subject ("video" of "what came after MAE
	// for video") or after a comparison's ("detection" of "SimCLR vs MoCo
	// for detection"), else "".
	Text string
	// Without lists what the query excludes ("negatives" of "without
	// negatives", "负样本" of "没有负样本"), normalised.
	Without []string
	// Broad is set for AnswerNone when the words are known but common to
	// the whole set ("self-supervised learning"): everything here is about
	// them, so none stands out.
	Broad bool
}

// Understand reads a query: an arXiv id in any form is a lookup; "after
// X", "what came after X", "follow-ups to X", "what built on X", "X 之后",
// "基于 X 的工作" ask for what builds on paper X; "before X", "what X builds
// on", "X 的前身" for what X builds on; "X vs Y", "X 和 Y 的区别" compare two
// papers. X and Y are found as Lookup finds them (ids, aliases, arXiv ids,
// titles); when they are not papers, or name a topic, the query is a
// search. A search whose every word is weak (weakWords) asks for nothing.
func (e *Engine) Understand(query string) Intent {
	in, _ := e.understand(query)
	return in
}

// understand is Understand, with the query's relevance model for a search.
func (e *Engine) understand(query string) (Intent, *cover) {
	q := cleanQuery(query)
	if q == "" {
		return Intent{Kind: AnswerNone}, nil
	}
	if id, ok := arxivRef(q); ok {
		return Intent{Kind: AnswerLookup, ArXiv: id, Subject: e.set.ByArXiv(id)}, nil
	}
	if id, ok := e.refInWords(q); ok {
		return Intent{Kind: AnswerLookup, ArXiv: id, Subject: e.set.ByArXiv(id)}, nil
	}
	low := asciiLower(q)
	if mayCompare(low) {
		if in, ok := e.compareIntent(q, low); ok {
			return in, nil
		}
	}
	if mayRelate(low) {
		if in, ok := e.relationIntent(q, low); ok {
			return in, nil
		}
	}
	in := Intent{Kind: AnswerSearch, Text: q}
	sc := e.getScratch()
	defer e.putScratch(sc)
	p := e.parse(q, sc)
	in.Without = negatedConcepts(p, &sc.tk)
	if content, broad := e.hasContent(p); !content {
		in.Kind, in.Text, in.Broad = AnswerNone, "", broad
		return in, nil
	}
	return in, e.newCover(p, &sc.tk)
}

// relationWords and compareWords are words one of the patterns of a
// relation or of a comparison holds: a query without any is neither.
var (
	relationWords = []string{"after", "before", "follow", "build", "built", "improv", "extend", "success",
		"extension", "descendant", "predecessor", "ancestor", "foundation", "prerequisite", "background",
		"origin", "prior", "led to", "leads to", "之后", "以后", "后续", "后来", "后继", "改进", "扩展", "延伸",
		"基于", "基础", "建立", "沿用", "前身", "前作", "前置", "先驱", "来源", "渊源", "之前", "以前"}
	compareWords = []string{"vs", "v.s.", "versus", "compare", "differ", "against", "区别", "差别", "差异",
		"不同", "异同", "对比", "比较", "对阵"}
)

func mayRelate(low string) bool  { return containsAny(low, relationWords) }
func mayCompare(low string) bool { return containsAny(low, compareWords) }

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// refInWords finds the one arXiv reference among words that ask for
// nothing else: "check https://arxiv.org/abs/2104.14294", "2104.14294 这篇".
func (e *Engine) refInWords(q string) (string, bool) {
	if !strings.ContainsAny(q, "0123456789") {
		return "", false
	}
	fields := strings.Fields(q)
	if len(fields) < 2 || len(fields) > 8 {
		return "", false
	}
	id, at := "", -1
	for i, f := range fields {
		if x, ok := arxivRef(strings.Trim(f, "()[]<>,.;:!?'\"“”")); ok {
			if at >= 0 {
				return "", false // two papers: not one reference
			}
			id, at = x, i
		}
	}
	if at < 0 {
		return "", false
	}
	rest := strings.Join(append(slices.Clone(fields[:at]), fields[at+1:]...), " ")
	sc := e.getScratch()
	defer e.putScratch(sc)
	if content, _ := e.hasContent(e.parse(rest, sc)); content {
		return "", false
	}
	return id, true
}

// cleanQuery trims a query, bounds it and drops the question marks and
// quotes around it.
func cleanQuery(s string) string {
	s = strings.TrimSpace(truncateRunes(s, maxQueryBytes))
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return r == '?' || r == '？' || r == '!' || r == '！' || r == '。' || unicode.IsSpace(r)
	})
	s = strings.TrimSpace(strings.Trim(s, "\"'“”‘’「」『』`"))
	return s
}

// hasContent reports whether the parsed query holds a word that is not
// weak, and, when not, whether its words are known but common to the set.
func (e *Engine) hasContent(q *query) (content, broad bool) {
	weakIDF := e.weakIDF()
	for i, t := range q.pos {
		if !q.weak[i] {
			return true, false
		}
		if t >= 0 && e.ix.idf[t] <= weakIDF {
			broad = true
		}
	}
	return false, broad
}

// negatedConcepts lists what the negated positions of q exclude: the word
// after "no", "without", "non", "not" or a Chinese negation, normalised.
func negatedConcepts(q *query, tk *tokenizer) []string {
	var out []string
	for _, sp := range q.posTok {
		if !sp.negated {
			continue
		}
		if c := positiveOf(tk.buf[sp.start:sp.end], sp.kind); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// positiveOf returns what a negated token negates: "neg" of "noneg",
// "负样" of "非负样".
func positiveOf(b []byte, k tokKind) string {
	switch {
	case k == kindWord && len(b) > 2 && string(b[:2]) == "no":
		return string(b[2:])
	case k == kindCJK:
		r, size := utf8.DecodeRune(b)
		if r == '非' && size < len(b) {
			return string(b[size:])
		}
	}
	return ""
}

// arxivURLRe takes the id out of an arXiv abstract or PDF address, with or
// without scheme, "www." or "export.", version and ".pdf".
var arxivURLRe = regexp.MustCompile(`(?i)^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/([^?#]+?)(?:\.pdf)?/?(?:[?#].*)?$`)

// arxivRef returns the bare arXiv id (no version) that s is, in any common
// form: "2104.14294", "2104.14294v2", "arXiv:2104.14294", "arXiv
// 2104.14294", an abs or PDF address with or without "https://", "www.",
// "export.", version or ".pdf", and old-style ids ("cs/0112017").
func arxivRef(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 7 || len(s) > 200 {
		return "", false
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	if m := arxivURLRe.FindStringSubmatch(s); m != nil {
		s = m[1]
	} else if len(s) > 6 && strings.EqualFold(s[:5], "arxiv") {
		rest := strings.TrimLeft(s[5:], " :：\t")
		if len(rest) == len(s)-5 {
			return "", false // "arxivfoo"
		}
		s = rest
	}
	return data.CanonicalArXiv(s)
}

// Patterns of relations and comparisons. X and Y are the groups; English
// patterns are matched on the lower-cased query.
var (
	beforeRes = compileAll(
		`^what\s+(?:does|did|do)\s+(.+?)\s+(?:build|draw|rely|depend)\s+(?:up)?on$`,
		`^what\s+(?:is|was|are|were)\s+(.+?)\s+(?:built|based)\s+(?:up)?on$`,
		`^what\s+(?:papers?\s+)?(.+?)\s+(?:builds|built|is\s+based|was\s+based)\s+(?:up)?on$`,
		`^(?:what|which\s+papers?)\s+(?:came|come|were|was)\s+before\s+(.+)$`,
		`^(?:what\s+to\s+read|what\s+should\s+i\s+read|papers?\s+to\s+read|reading)\s+before\s+(.+)$`,
		`^(?:papers?\s+|work\s+)?(?:before|prior\s+to)\s+(.+)$`,
		`^(?:the\s+)?(?:predecessors?|ancestors?|foundations?|prerequisites?|background|origins?)\s+(?:of|to|for)\s+(.+)$`,
		`^what\s+(?:led|leads)\s+to\s+(.+)$`,
		`^(.+?)(?:'s)?\s+(?:predecessors?|ancestors?|prerequisites?)$`,
		`^(.+?)\s*的\s*(?:前身|前作|前置工作|前置论文|基础工作|先驱工作|来源|渊源)(?:是什么|是哪些|有哪些|有什么)?$`,
		`^(.+?)\s*(?:之前|以前)的?(?:工作|论文|方法|研究)?(?:有哪些|有什么|是什么)?$`,
		`^(.+?)\s*基于(?:哪些|什么|哪篇)(?:工作|论文|方法|研究)?$`,
		`^(?:读|看)\s*(.+?)\s*(?:之前|以前)(?:要|应该|需要)?(?:读|看)?(?:什么|哪些)?(?:论文)?$`,
	)
	afterRes = compileAll(
		`^(?:(?:what|which)\s+)?(?:(?:papers?|works?|methods?)\s+)?(?:came|come|comes|followed|follows?)\s+(?:right\s+|just\s+)?after\s+(.+)$`,
		`^(?:papers?\s+|work\s+|what\s+|what's\s+|what\s+is\s+)?after\s+(.+)$`,
		`^(?:the\s+)?follow[\s-]?ups?\s+(?:to|of|on|for)\s+(.+)$`,
		`^(?:the\s+)?follow[\s-]?up\s+(?:work|papers?)\s+(?:to|of|on|for)\s+(.+)$`,
		`^(.+?)\s+follow[\s-]?ups?$`,
		`^(?:(?:what|which)\s+)?(?:(?:papers?|works?|methods?|ones?)\s+)?(?:(?:that|which)\s+)?(?:have\s+|has\s+)?(?:built|build|builds|building|improved|improve|improves|improving)\s+(?:up)?on\s+(.+)$`,
		`^(?:(?:what|which)\s+)?(?:(?:papers?|works?|methods?|ones?)\s+)?(?:(?:that|which)\s+)?(?:extended|extend|extends|extending|followed|follow|follows)\s+(.+)$`,
		`^(?:the\s+)?(?:successors?|extensions?|descendants?|improvements?)\s+(?:of|to|on|over)\s+(.+)$`,
		`^(.+?)\s*(?:之后|以后|后续|后来)的?(?:工作|论文|方法|研究|进展|文章)?(?:有哪些|有什么|是什么)?$`,
		`^(.+?)\s*的\s*(?:后续|后继|改进|扩展|延伸)(?:工作|论文|方法|研究)?(?:有哪些|有什么|是什么)?$`,
		`^(?:基于|在)\s*(.+?)\s*(?:之上|基础上)?\s*的\s*(?:工作|论文|方法|研究|改进|后续工作)(?:有哪些|有什么)?$`,
		`^(?:哪些|什么)(?:工作|论文|方法)?(?:基于|建立在|改进了|沿用了)\s*(.+?)(?:之上|的基础上)?$`,
		`^以\s*(.+?)\s*为基础的?(?:工作|论文|方法|研究)?$`,
	)
	compareRes = compileAll(
		`^(?:compare\s+)?(.+?)\s+(?:vs\.?|v\.s\.|versus|compared\s+(?:to|with)|against)\s+(.+)$`,
		`^compare\s+(.+?)\s+(?:and|with|to)\s+(.+)$`,
		`^(?:what\s+is\s+|what's\s+)?(?:the\s+)?differences?\s+between\s+(.+?)\s+and\s+(.+)$`,
		`^how\s+(?:does|do|is|are)\s+(.+?)\s+(?:differ|different)\s+from\s+(.+)$`,
		`^(.+?)\s*(?:和|与|跟|同|对比|vs\.?)\s*(.+?)\s*的?\s*(?:区别|差别|差异|不同|异同|对比|比较)(?:是什么|在哪|在哪里|有哪些|有什么)?$`,
		`^(?:比较|对比|比较一下|对比一下)\s*(.+?)\s*(?:和|与|跟|同)\s*(.+)$`,
		`^(.+?)\s*(?:对比|对阵)\s*(.+)$`,
	)
)

// asciiLower lower-cases the ASCII letters of s, keeping every byte where
// it is, so that offsets into it are offsets into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func compileAll(ps ...string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(ps))
	for i, p := range ps {
		out[i] = regexp.MustCompile(p)
	}
	return out
}

// compareIntent reads "X vs Y" and its kin, when X and Y are two papers.
func (e *Engine) compareIntent(q, low string) (Intent, bool) {
	for _, re := range compareRes {
		m := re.FindStringSubmatchIndex(low)
		if m == nil {
			continue
		}
		a, okA := e.paperRef(q[m[2]:m[3]])
		b, rest, okB := e.subjectOf(q[m[4]:m[5]]) // "SimCLR vs MoCo for detection"
		if okA && okB && a != b {
			return Intent{Kind: AnswerCompare, Subject: a, Other: b, Text: rest}, true
		}
	}
	return Intent{}, false
}

// relationIntent reads "what came after X", "what X builds on" and their
// kin, when X is a paper. Words after X that are not part of its name are
// kept as Text: "what came after MAE for video".
func (e *Engine) relationIntent(q, low string) (Intent, bool) {
	for _, rel := range []struct {
		kind string
		res  []*regexp.Regexp
	}{{AnswerBefore, beforeRes}, {AnswerAfter, afterRes}} {
		for _, re := range rel.res {
			m := re.FindStringSubmatchIndex(low)
			if m == nil {
				continue
			}
			if p, rest, ok := e.subjectOf(q[m[2]:m[3]]); ok {
				return Intent{Kind: rel.kind, Subject: p, Text: rest}, true
			}
		}
	}
	return Intent{}, false
}

// maxSubjectWords bounds the words a relation's subject is looked up in:
// the longest titles are about as long.
const maxSubjectWords = 16

// subjectOf finds the paper s names, or that its first words name, with
// the words left over ("" when they hold no content: "MAE 的", "MAE work").
func (e *Engine) subjectOf(s string) (*data.Paper, string, bool) {
	if p, ok := e.paperRef(s); ok {
		return p, "", true
	}
	words := strings.Fields(s)
	for k := min(len(words)-1, maxSubjectWords); k >= 1; k-- {
		p, ok := e.paperRef(strings.Join(words[:k], " "))
		if !ok {
			continue
		}
		rest := strings.Join(words[k:], " ")
		sc := e.getScratch()
		for i, w := range words[k:] {
			sc.tk.reset()
			sc.tk.run(w)
			if len(sc.tk.toks) == 0 || isStopWord([]byte(asciiLower(w))) {
				rest = strings.Join(words[k+i+1:], " ") // "for video": "video"
				continue
			}
			break
		}
		if content, _ := e.hasContent(e.parse(rest, sc)); !content {
			rest = ""
		}
		e.putScratch(sc)
		return p, rest, true
	}
	return nil, "", false
}

// paperRef looks up the paper s names, without quotes, "the" or "paper"
// around it. A name that is a topic's ("clustering", "聚类") is not taken
// for a paper, so that "基于聚类的方法" stays a search.
func (e *Engine) paperRef(s string) (*data.Paper, bool) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "\"'“”‘’「」『』《》`"))
	low := asciiLower(s)
	for _, pre := range []string{"the ", "paper ", "论文"} {
		if strings.HasPrefix(low, pre) {
			s, low = strings.TrimSpace(s[len(pre):]), low[len(pre):]
		}
	}
	for _, suf := range []string{" paper", " method", "论文", "这篇", "方法", "的"} {
		if strings.HasSuffix(low, suf) && len(low) > len(suf) {
			s, low = strings.TrimSpace(s[:len(s)-len(suf)]), strings.TrimSpace(low[:len(low)-len(suf)])
		}
	}
	if s == "" || e.isTopicName(s) {
		return nil, false
	}
	if id, ok := arxivRef(s); ok {
		p := e.set.ByArXiv(id)
		return p, p != nil
	}
	return e.Lookup(s)
}

// isTopicName reports whether s is the id, a name or a synonym of a topic.
func (e *Engine) isTopicName(s string) bool {
	raw, key := strings.ToLower(strings.TrimSpace(s)), normKey(s)
	for _, n := range e.topicNames {
		if n.raw == raw || key != "" && n.key == key {
			return true
		}
	}
	return false
}
