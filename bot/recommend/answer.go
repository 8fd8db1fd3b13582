package recommend

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperbot/paperbot/data"
)

// Answer is the reply to a query: what it asks for and the papers that
// answer it.
type Answer struct {
	Intent
	Hits []Hit // from the offset asked for on, at most the limit
}

// Answer answers a query for one reader, as the bot and `paperbot search`
// do (Understand tells how it is read):
//   - an arXiv id is looked up: the paper alone, or none when the set does
//     not have it (Subject is nil, ArXiv says which);
//   - "after X" lists the papers that build on X, direct ones first, then
//     theirs; "before X" what X builds on, and what that builds on; words
//     left after X ("what came after MAE for video") keep those that hold
//     them;
//   - "X vs Y" gives the two papers;
//   - any other query is a search (Recommend, or Search when h is empty),
//     cut at the relevance floor (floorShare of the query's content, cover)
//     and steered away from what it negates ("without negatives"); when no
//     paper is above the floor, or the query has only weak words, the kind
//     is AnswerNone and there are no hits.
//
// Dismissed papers never appear, and read papers come after unread ones.
// It returns the hits from offset on, at most limit (10 when limit <= 0).
func (e *Engine) Answer(query string, h History, offset, limit int) Answer {
	if limit <= 0 {
		limit = 10
	}
	offset = max(offset, 0)
	in, cv := e.understand(query)
	a := Answer{Intent: in}
	var hits []Hit
	switch a.Kind {
	case AnswerLookup:
		if a.Subject != nil {
			hits = []Hit{e.refHit(a.Subject, h, Reason{Kind: KindMatch, Matched: []string{"arXiv:" + a.ArXiv}})}
		}
	case AnswerCompare:
		hits = []Hit{e.refHit(a.Subject, h, Reason{Kind: KindMatch}), e.refHit(a.Other, h, Reason{Kind: KindMatch})}
	case AnswerAfter, AnswerBefore:
		hits = e.related(a.Intent, h, offset+limit)
	case AnswerSearch:
		var ok bool
		hits, ok = e.floored(a.Text, cv, h, offset+limit)
		if !ok {
			a.Kind, a.Text = AnswerNone, ""
		}
	}
	hits = slices.DeleteFunc(hits, func(x Hit) bool { return h.Dismissed[x.Paper.ID] })
	if offset >= len(hits) {
		return a
	}
	a.Hits = hits[offset:min(len(hits), offset+limit)]
	return a
}

// refHit is a hit for a paper named outright, with the reader's marks.
func (e *Engine) refHit(p *data.Paper, h History, r Reason) Hit {
	r.BuildsOnRead = e.buildsOnRead(p, h)
	r.Read, r.Saved = h.read(p.ID), h.saved(p.ID)
	return Hit{Paper: p, Score: 1, Reason: r}
}

// personal reports whether h holds anything a ranking uses.
func (h History) personal() bool {
	return len(h.Read)+len(h.Saved)+len(h.Dismissed) > 0
}

// floorSlack is how many candidates beyond the page a floored search asks
// for, so that the page is usually full after the cut (when it is not, it
// asks for four times as many); a search with a negation asks for
// floorSlackNeg more, which its steering may bring up.
const (
	floorSlack    = 1
	floorSlackNeg = 20
)

// floored returns the best k matches of text, whose relevance model is cv,
// for the reader that are above the relevance floor, best first, steered
// away from what text negates. ok is false when text has no content, or no
// paper is above the floor.
func (e *Engine) floored(text string, cv *cover, h History, k int) (hits []Hit, ok bool) {
	if cv == nil || cv.empty() {
		return nil, false
	}
	n := k + floorSlack
	if len(cv.negs) > 0 {
		n += floorSlackNeg
	}
	for {
		var all []Hit
		if h.personal() {
			all = e.Recommend(text, h, 0, n)
		} else {
			all = e.Search(text, n)
		}
		hits = e.applyFloor(cv, all)
		if len(hits) >= k || len(all) < n {
			break
		}
		n *= 4
	}
	return hits[:min(k, len(hits))], len(hits) > 0
}

// applyFloor drops the hits below the relevance floor, or all of them
// when none reaches floorBest, and, for a query with negations, weighs the
// rest by what they say of the negated things, keeping read papers after
// unread ones.
func (e *Engine) applyFloor(cv *cover, hits []Hit) []Hit {
	if len(hits) == 0 {
		return hits
	}
	docs := make([]int32, len(hits))
	for i, x := range hits {
		docs[i], _ = e.docOf(x.Paper.ID)
	}
	sorted := slices.Clone(docs)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	share, factor, without := cv.shares(sorted)
	if slices.Max(share) < floorBest {
		return nil
	}
	out := hits[:0:0]
	for i, x := range hits {
		k, _ := slices.BinarySearch(sorted, docs[i])
		if share[k] < floorShare {
			continue
		}
		if factor != nil {
			x.Score *= float64(factor[k])
		}
		if len(x.Reason.Matched) == 0 && without != nil {
			// a paper that says it does without what the query excludes
			// matches for that: "matches: no momentum"
			for j, nu := range cv.negs {
				if without[k]&(1<<j) != 0 && nu.show != "" {
					x.Reason.Matched = append(slices.Clip(x.Reason.Matched), nu.show)
				}
			}
		}
		out = append(out, x)
	}
	if cv.negs != nil {
		slices.SortStableFunc(out, func(a, b Hit) int {
			if a.Reason.Read != b.Reason.Read {
				if b.Reason.Read {
					return -1
				}
				return 1
			}
			return cmp.Compare(b.Score, a.Score)
		})
	}
	return out
}

// Relations go this many steps from their subject.
const maxHops = 3

// wNamedAfter raises, among the papers one step from a relation's subject,
// those named after it: SimCLRv2 after SimCLR, VideoMAE after MAE, V-JEPA
// after I-JEPA are its most direct successors.
const wNamedAfter = 0.1

// related lists the papers that build on in.Subject (AnswerAfter) or that
// it builds on (AnswerBefore), at most k of them, unread first: those one
// step away first, then two steps, then three; within a step, the papers
// named after the subject and the papers the set leans on most (the
// prior) first, then the earlier. With in.Text, only the papers that hold
// it (the relevance floor) are kept.
func (e *Engine) related(in Intent, h History, k int) []Hit {
	x := in.Subject
	after := in.Kind == AnswerAfter
	type cand struct {
		p     *data.Paper
		d     int32
		hop   int
		via   string
		score float32
	}
	names := coreNames(x)
	seen := map[string]bool{x.ID: true}
	var cands []cand
	frontier := []string{x.ID}
	for hop := 1; hop <= maxHops && len(frontier) > 0; hop++ {
		var level []cand
		for _, id := range frontier {
			var next []string
			if after {
				next = e.set.BuiltUponBy(id)
			} else if p := e.set.Paper(id); p != nil {
				next = p.BuildsOn
			}
			for _, nid := range next {
				p := e.set.Paper(nid)
				d, ok := e.docOf(nid)
				if p == nil || !ok || seen[nid] {
					continue
				}
				seen[nid] = true
				c := cand{p: p, d: d, hop: hop, score: e.prior[d]}
				if hop > 1 {
					c.via = id
				} else if namedAfter(p, names) {
					c.score += wNamedAfter
				}
				level = append(level, c)
			}
		}
		slices.SortStableFunc(level, func(a, b cand) int {
			return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.p.Year, b.p.Year), cmp.Compare(a.d, b.d))
		})
		frontier = frontier[:0:0]
		for _, c := range level {
			frontier = append(frontier, c.p.ID)
		}
		cands = append(cands, level...)
	}
	if strings.TrimSpace(in.Text) != "" && len(cands) > 0 {
		sc := e.getScratch()
		cv := e.newCover(e.parse(in.Text, sc), &sc.tk)
		e.putScratch(sc)
		if !cv.empty() {
			docs := make([]int32, len(cands))
			for i, c := range cands {
				docs[i] = c.d
			}
			slices.Sort(docs)
			share, _, _ := cv.shares(docs)
			best := slices.Max(share)
			cands = slices.DeleteFunc(cands, func(c cand) bool {
				i, _ := slices.BinarySearch(docs, c.d)
				return best < floorBest || share[i] < floorShare
			})
		}
	}
	kind := KindAfter
	if !after {
		kind = KindBefore
	}
	hits := make([]Hit, 0, len(cands))
	for i, c := range cands {
		r := Reason{Kind: kind, Matched: []string{x.ID}}
		if c.via != "" {
			r.Matched = []string{c.via, x.ID}
		}
		hit := e.refHit(c.p, h, r)
		hit.Score = float64(len(cands) - i)
		hits = append(hits, hit)
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		switch {
		case a.Reason.Read == b.Reason.Read:
			return 0
		case b.Reason.Read:
			return -1
		}
		return 1
	})
	if len(hits) > k+len(h.Dismissed) {
		hits = hits[:k+len(h.Dismissed)]
	}
	return hits
}

// coreNames lists the names of p that a paper named after it would carry:
// its id and aliases as letters and digits ("mae", "simclr", "ijepa"), and
// the name in an alias of a name and a letter or version ("jepa" of
// "I-JEPA", "moco" of "MoCo v2"), when three or more long and not CJK.
func coreNames(p *data.Paper) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 3 && !hasCJK(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, a := range append([]string{p.ID}, p.Aliases...) {
		words := strings.FieldsFunc(asciiLower(a), func(r rune) bool { return !isAlnum(r) })
		if len(words) > 3 {
			continue // a description, not a name
		}
		add(strings.Join(words, ""))
		if len(words) == 2 {
			switch {
			case isTag(words[0]):
				add(words[1])
			case isTag(words[1]):
				add(words[0])
			}
		}
	}
	return out
}

// isTag reports whether w is a letter or a version that sets a name apart:
// "i" of "I-JEPA", "v2" of "MoCo v2".
func isTag(w string) bool {
	if len(w) == 1 {
		return true
	}
	if w[0] == 'v' {
		w = w[1:]
	}
	return strings.Trim(w, "0123456789.") == ""
}

func isAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// namedAfter reports whether a name of p, as letters and digits, begins or
// ends with one of names: "SimCLRv2" with "simclr", "VideoMAE" with "mae".
func namedAfter(p *data.Paper, names []string) bool {
	var b []byte
	for _, a := range append([]string{p.ID}, p.Aliases...) {
		b = b[:0]
		for _, r := range asciiLower(a) {
			if isAlnum(r) {
				b = utf8.AppendRune(b, r)
			}
		}
		k := string(b)
		for _, n := range names {
			if k != n && (strings.HasPrefix(k, n) || strings.HasSuffix(k, n)) {
				return true
			}
		}
	}
	return false
}
