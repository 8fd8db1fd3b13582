package cite

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/paperbot/paperbot/data"
)

// Keys are the citation keys of a paper set, by paper id: unique in the
// set, and the same for a paper however many others are added after it.
type Keys map[string]string

// NewKeys gives every paper its key. Of papers that share a BaseKey, the
// first keeps it and the others get "b", "c", … appended (skipping any key
// taken), in this order: papers without an arXiv id by id, then the others
// by arXiv id. Papers from arXiv intake are the newest, so they come last
// and the keys already given do not change as the set grows.
func NewKeys(papers []data.Paper) Keys {
	groups := map[string][]*data.Paper{}
	for i := range papers {
		p := &papers[i]
		b := BaseKey(p)
		groups[b] = append(groups[b], p)
	}
	bases := make([]string, 0, len(groups))
	for b := range groups {
		bases = append(bases, b)
	}
	slices.Sort(bases)
	taken := make(map[string]bool, len(papers))
	for _, b := range bases {
		taken[b] = true
	}
	keys := make(Keys, len(papers))
	for _, b := range bases {
		g := groups[b]
		slices.SortFunc(g, keyOrder)
		keys[g[0].ID] = b
		n := 0
		for _, p := range g[1:] {
			k := ""
			for k == "" || taken[k] {
				n++
				k = b + suffix(n)
			}
			taken[k] = true
			keys[p.ID] = k
		}
	}
	return keys
}

// keyOrder orders papers that share a base key by arXiv id, then id; an
// empty arXiv id sorts first.
func keyOrder(a, b *data.Paper) int {
	return cmp.Or(cmp.Compare(a.ArXiv, b.ArXiv), cmp.Compare(a.ID, b.ID))
}

// suffix is the n-th suffix, n ≥ 1: b … z, ba, bb, …
func suffix(n int) string {
	var b []byte
	for ; n > 0; n /= 26 {
		b = append(b, byte('a'+n%26))
	}
	slices.Reverse(b)
	return string(b)
}

// BaseKey is a paper's key before collisions are settled: the first
// author's family name, the paper's year (its first appearance, so the key
// stays when a venue is added) and the first word of its short name, or of
// its title when it has none, in lower-case ASCII letters and digits:
// "he2019moco", "oquab2023dinov2", "chen2020mocov2".
func BaseKey(p *data.Paper) string {
	name := "anon"
	if len(p.Authors) > 0 {
		if f := asciiWord(FamilyName(p.Authors[0])); f != "" {
			name = f
		}
	}
	word := ""
	if len(p.Aliases) > 0 {
		word = nameWord(p.Aliases[0])
	}
	if word == "" {
		word = titleWord(p.Title)
	}
	return name + strconv.Itoa(p.Year) + word
}

var versionRe = regexp.MustCompile(`^[vV]?(\d+)(?:\.\d+)*$`)

// nameWord is a method's short name as a key word: its first word, with a
// version that follows it ("MoCo v2" → "mocov2", "data2vec 2.0" →
// "data2vec2").
func nameWord(s string) string {
	f := strings.Fields(s)
	for len(f) > 0 && stopWords[strings.ToLower(f[0])] {
		f = f[1:]
	}
	if len(f) == 0 {
		return ""
	}
	w := asciiWord(f[0])
	if w == "" {
		return ""
	}
	if len(f) > 1 {
		if m := versionRe.FindStringSubmatch(f[1]); m != nil {
			if strings.HasPrefix(strings.ToLower(f[1]), "v") {
				w += "v"
			}
			w += m[1]
		}
	}
	return w
}

// titleWord is the first word of a title that is not a stop word.
func titleWord(title string) string {
	for _, f := range strings.Fields(title) {
		if stopWords[strings.ToLower(strings.Trim(f, ":,.;?!'\"()"))] {
			continue
		}
		if w := asciiWord(f); w != "" {
			return w
		}
	}
	return ""
}

var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "on": true, "of": true, "for": true, "to": true, "in": true,
	"with": true, "from": true, "by": true, "via": true, "and": true, "or": true, "is": true, "are": true,
	"do": true, "does": true, "can": true, "what": true, "when": true, "why": true, "how": true,
	"that": true, "this": true, "your": true, "towards": true, "toward": true, "we": true, "not": true,
}

// particles begin a family name: "Aaron van den Oord", "Wouter Van Gansbeke".
var particles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true,
	"di": true, "da": true, "dos": true, "das": true, "du": true, "le": true, "la": true,
	"ter": true, "ten": true, "bin": true, "ibn": true, "al": true, "el": true, "st.": true,
}

// FamilyName is the family name of an author written "Given Family" or
// "Family, Given": the last word, with the particles before it ("van den
// Oord", "Van Gansbeke").
func FamilyName(author string) string {
	if fam, _, ok := strings.Cut(author, ","); ok {
		return strings.TrimSpace(fam)
	}
	f := strings.Fields(author)
	if len(f) == 0 {
		return ""
	}
	i := len(f) - 1
	for i > 1 && particles[strings.ToLower(f[i-1])] {
		i--
	}
	return strings.Join(f[i:], " ")
}

// asciiWord is s in lower-case ASCII letters and digits: diacritics are
// taken off ("Siméoni" → "simeoni", "Krähenbühl" → "krahenbuhl"), other
// characters dropped.
func asciiWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 0xC0 && r < 0x180:
			b.WriteString(latin[r])
		}
	}
	return b.String()
}

// latin spells the lower-case letters of Latin-1 and Latin Extended-A in
// ASCII.
var latin = func() map[rune]string {
	m := map[rune]string{}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđð", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő",
		"r": "ŕŗř", "s": "śŝşš", "t": "ţťŧ", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	for r, s := range map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ĳ': "ij", 'ŋ': "ng", 'ĸ': "k", 'ſ': "s"} {
		m[r] = s
	}
	return m
}()
