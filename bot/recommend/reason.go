package recommend

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/paperbot/paperbot/data"
)

// Search ranks the papers for a free-text query, best first, at most limit
// of them (10 when limit <= 0). It knows nothing of the reader.
func (e *Engine) Search(query string, limit int) []Hit {
	if limit <= 0 {
		limit = 10
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	top := e.rank(query, limit, sc)
	hits := make([]Hit, len(top))
	for i, c := range top {
		hits[i] = e.matchHit(c, sc)
	}
	return hits
}

// matchHit turns a ranked document of the query in sc into a hit.
func (e *Engine) matchHit(c scored, sc *scratch) Hit {
	p := e.paper(c.d)
	r := Reason{Kind: KindMatch, Matched: e.matched(c.d, sc)}
	best := float32(0)
	for _, m := range sc.q.topics {
		if m.cov > best && e.set.HasTopic(p, e.set.Topics[m.topic].ID) {
			best, r.Topic = m.cov, e.set.Topics[m.topic].ID
		}
	}
	return Hit{Paper: p, Score: float64(c.s) + exactBonus*float64(c.exact), Reason: r}
}

// maxMatched is how many matched names a reason lists.
const maxMatched = 3

// matchedItem is an alias, keyword or author of a hit that the query hit.
type matchedItem struct {
	text string
	mass float32 // idf of the query terms it holds
	same bool    // written in the query's script (CJK or not)
}

// matched lists the aliases, keywords and authors of p that hold the most
// of the query in sc (at least three quarters of the best one's share),
// those in the query's script first.
func (e *Engine) matched(d int32, sc *scratch) []string {
	p := e.paper(d)
	items := sc.items[:0]
	var best float32
	item := 0 // the item of the document's phrase sequence: id, aliases, title, keywords, authors
	var mass float32
	var hash uint64
	for it := e.ix.docSeq(d); ; {
		t, more := it.next()
		if !more {
			break
		}
		if t >= 0 {
			mass += e.queryWeight(t, sc) * e.ix.idf[t]
			hash = hash*1000003 + uint64(t)
			continue
		}
		if s, ok := seqItem(p, item); ok && mass > 0 && !sc.seenHash(hash) {
			items = append(items, matchedItem{s, mass, hasCJK(s) == sc.q.cjk})
			best = max(best, mass)
		}
		item, mass, hash = item+1, 0, 0
	}
	sc.items, sc.hashes = items, sc.hashes[:0]
	items = slices.DeleteFunc(items, func(m matchedItem) bool { return m.mass < best*0.75 })
	slices.SortStableFunc(items, func(a, b matchedItem) int {
		if a.same != b.same {
			if a.same {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.mass, a.mass)
	})
	var out []string
	for _, m := range items[:min(len(items), maxMatched)] {
		out = append(out, m.text)
	}
	return out
}

// seqItem returns the alias, keyword or author that is item i of p's phrase
// sequence (the id and the title are not shown as matches).
func seqItem(p *data.Paper, i int) (string, bool) {
	i-- // the id
	if i >= 0 && i < len(p.Aliases) {
		return p.Aliases[i], true
	}
	i -= len(p.Aliases) + 1 // the title
	if i >= 0 && i < len(p.Keywords) {
		return p.Keywords[i], true
	}
	i -= len(p.Keywords)
	if i >= 0 && i < len(p.Authors) {
		return p.Authors[i], true
	}
	return "", false
}

// queryWeight is the weight of term t in the query of sc as typed,
// corrected or joined (not as added by topic expansion), or 0.
func (e *Engine) queryWeight(t int32, sc *scratch) float32 {
	for _, qt := range sc.q.direct {
		if qt.t == t {
			return qt.w
		}
	}
	return 0
}

func hasCJK(s string) bool {
	for _, r := range s {
		if isCJK(r) {
			return true
		}
	}
	return false
}

// Kinds of Reason for the relations Answer follows. Matched holds the ids
// of the papers on the way: for KindAfter, the paper the hit builds on and,
// two steps away, the subject it leads to ("builds on VideoMAE, which
// builds on MAE"); for KindBefore, the subject, or the paper between and the
// subject ("MAE builds on BEiT, which builds on it").
const (
	KindAfter  = "after"  // the paper builds on the subject of the query
	KindBefore = "before" // the subject of the query builds on the paper
)

// Text renders the reason in lang ("en" or "zh") for a reader:
// "matches: contrastive, momentum encoder; builds on MoCo v2, which you
// read", or in Chinese "匹配：对比学习、动量编码器；基于你读过的 MoCo v2".
// The read and saved marks are left to the caller.
func (r Reason) Text(lang string, set *data.Set) string {
	zh := lang == "zh"
	var parts []string
	add := func(en, cn string) {
		if zh {
			parts = append(parts, cn)
		} else {
			parts = append(parts, en)
		}
	}
	if r.Kind == KindAfter || r.Kind == KindBefore {
		parts = append(parts, relationText(r, zh, set))
		r.Matched = nil
	}
	topic := ""
	if t := set.Topic(r.Topic); t != nil {
		topic = t.Name.In(lang)
	}
	matched := inScript(r.Matched, zh, r.Kind != KindSimilar)
	switch {
	case len(matched) > 0 && r.Kind == KindSimilar:
		add("shares: "+strings.Join(matched, ", "), "共同点："+strings.Join(matched, "、"))
	case len(matched) > 0:
		add("matches: "+strings.Join(matched, ", "), "匹配："+strings.Join(matched, "、"))
	case topic != "" && r.Kind == KindMatch:
		add("topic: "+topic, "主题："+topic)
	}
	if len(r.BuildsOnRead) > 0 {
		names := make([]string, len(r.BuildsOnRead))
		for i, id := range r.BuildsOnRead {
			names[i] = id
			if p := set.Paper(id); p != nil {
				names[i] = p.ShortName()
			}
		}
		add("builds on "+joinAnd(names)+", which you read", "基于你读过的 "+strings.Join(names, "、"))
	}
	switch {
	case r.Kind == KindPath && topic != "":
		add("next on the "+topic+" path", "「"+topic+"」路线的下一篇")
	case r.Kind == KindPath:
		add("next on your reading path", "阅读路线的下一篇")
	case r.Kind == KindPopular && len(parts) == 0:
		add("a paper many others here build on", "许多后续论文都以它为基础")
	case r.Kind == KindSimilar && len(parts) == 0 && topic != "":
		add("same topic: "+topic, "同一主题："+topic)
	}
	if zh {
		return strings.Join(parts, "；")
	}
	return strings.Join(parts, "; ")
}

// relationText says how a paper relates to the subject of an "after X" or
// "before X" query.
func relationText(r Reason, zh bool, set *data.Set) string {
	names := make([]string, len(r.Matched))
	for i, id := range r.Matched {
		names[i] = id
		if p := set.Paper(id); p != nil {
			names[i] = p.ShortName()
		}
	}
	switch {
	case len(names) == 0:
		return ""
	case r.Kind == KindAfter && len(names) == 1 && zh:
		return "基于 " + names[0]
	case r.Kind == KindAfter && len(names) == 1:
		return "builds on " + names[0]
	case r.Kind == KindAfter && zh:
		return "基于 " + names[0] + "，而 " + names[0] + " 基于 " + names[1]
	case r.Kind == KindAfter:
		return "builds on " + names[0] + ", which builds on " + names[1]
	case len(names) == 1 && zh:
		return names[0] + " 以它为基础"
	case len(names) == 1:
		return names[0] + " builds on it"
	case zh:
		return names[1] + " 基于 " + names[0] + "，而 " + names[0] + " 以它为基础"
	}
	return names[1] + " builds on " + names[0] + ", which builds on it"
}

// inScript keeps at most maxMatched of the items written in Chinese (cjk)
// or not; when there are none, all items if fallback is set.
func inScript(items []string, cjk, fallback bool) []string {
	var out []string
	for _, s := range items {
		if hasCJK(s) == cjk {
			out = append(out, s)
		}
	}
	if len(out) == 0 && fallback {
		out = items
	}
	return out[:min(len(out), maxMatched)]
}

// joinAnd joins names as "a", "a and b" or "a, b and c".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return fmt.Sprintf("%s and %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
