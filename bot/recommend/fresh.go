package recommend

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/paperbot/paperbot/data"
)

// FreshDays is how long a paper that came in from arXiv counts as new.
const FreshDays = 7

// Fresh lists the papers that came in from arXiv on or after the day since
// ("2006-01-02"), newest first (then by id).
func (e *Engine) Fresh(since string) []*data.Paper {
	var out []*data.Paper
	for _, d := range e.fresh {
		p := e.paper(d)
		if p.Added < since {
			break
		}
		out = append(out, p)
	}
	return out
}

// freshOrder lists the documents that came in from arXiv, newest first.
func freshOrder(set *data.Set) []int32 {
	var out []int32
	for i := range set.Papers {
		if set.Papers[i].Source != "" && set.Papers[i].Added != "" {
			out = append(out, int32(i))
		}
	}
	slices.SortFunc(out, func(a, b int32) int {
		pa, pb := &set.Papers[a], &set.Papers[b]
		if c := cmp.Compare(pb.Added, pa.Added); c != 0 {
			return c
		}
		return cmp.Compare(pa.ID, pb.ID)
	})
	return out
}

// RankFor orders papers for one reader as /paper with no query would:
// papers that build on what they read, close to their recent reading and
// saved ones first. Dismissed papers are left out.
func (e *Engine) RankFor(h History, papers []*data.Paper) []Hit {
	if len(papers) == 0 {
		return nil
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	weights := e.topicWeights(h, sc)
	hits := make([]Hit, 0, len(papers))
	for _, p := range papers {
		d, ok := e.docOf(p.ID)
		if !ok || h.Dismissed[p.ID] {
			continue
		}
		s := float64(e.affinityOf(d, weights))
		if n := len(e.buildsOnRead(p, h)); n > 0 {
			s += wBuildsOnNext*float64(min(n, 3)) + wReady*float64(n)/float64(len(p.BuildsOn))
		}
		if h.saved(p.ID) {
			s += wSavedNext
		}
		if h.read(p.ID) {
			s -= 10 // read ones last, still listed
		}
		r := e.nextReason(p, h)
		r.BuildsOnRead = e.buildsOnRead(p, h)
		r.Read, r.Saved = h.read(p.ID), h.saved(p.ID)
		hits = append(hits, Hit{Paper: p, Score: s, Reason: r})
	}
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
	return hits
}

// followShare is how close to the best match of a followed search a paper
// must score to count as matching it.
const followShare = 0.4

// MatchFollow returns those of papers that match a followed search: papers
// a search for query ranks within followShare of its best result.
func (e *Engine) MatchFollow(query string, papers []*data.Paper) []*data.Paper {
	if strings.TrimSpace(query) == "" || len(papers) == 0 {
		return nil
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	top := e.rank(query, 0, sc)
	if len(top) == 0 {
		return nil
	}
	bar := top[0].s * followShare
	want := make(map[int32]bool, len(papers))
	for _, p := range papers {
		if d, ok := e.docOf(p.ID); ok {
			want[d] = true
		}
	}
	var out []*data.Paper
	for _, c := range top {
		if c.s < bar {
			break
		}
		if want[c.d] {
			out = append(out, e.paper(c.d))
		}
	}
	return out
}

// MatchAuthor returns those of papers with an author whose name holds every
// word of name (case and accents aside): "He" matches "Kaiming He",
// "kaiming he" too.
func MatchAuthor(name string, papers []*data.Paper) []*data.Paper {
	want := nameWords(name)
	if len(want) == 0 {
		return nil
	}
	var out []*data.Paper
	for _, p := range papers {
		for _, a := range p.Authors {
			have := nameWords(a)
			if containsAll(have, want) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(foldAccents(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// foldAccents drops the accents of Latin letters ("Jégou" → "Jegou").
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := accentFold[r]; ok {
			b.WriteRune(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var accentFold = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'ā': 'a',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i',
	'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ø': 'o', 'ō': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u',
	'ç': 'c', 'ñ': 'n', 'ý': 'y', 'ÿ': 'y', 'š': 's', 'ž': 'z', 'č': 'c', 'ł': 'l', 'ß': 's',
}
