package bot

import (
	"strings"
	"unicode"
)

// MaxQuote is the most characters of a reader's own text a reply quotes
// back ("No paper matches “…”"), the "…" included.
const MaxQuote = 80

// wordSlack is how far back quote looks for a space to cut at, so a long
// word is cut inside rather than dropped whole.
const wordSlack = 20

// quote shortens text a reader typed for a reply to echo: at most MaxQuote
// characters, cut after a whole word where one ends near the limit, never
// inside a character as the reader sees it (a letter and its accents, an
// emoji with its modifiers, a flag), with "…" to show the cut. Every reply
// that echoes a reader's text goes through quote.
func quote(s string) string {
	r := []rune(s)
	if len(r) <= MaxQuote {
		return s
	}
	cut := graphemeStart(r, MaxQuote-1)
	for i := cut; i > 0 && i >= cut-wordSlack; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace) + "…"
}

// graphemeStart moves i back until r[i] starts a user-perceived character,
// so r[:i] keeps no half of one.
func graphemeStart(r []rune, i int) int {
	for i > 0 && (extends(r[i]) || r[i-1] == zwj) {
		i--
	}
	// Regional indicators pair into flags: cut between pairs.
	n := 0
	for j := i - 1; j >= 0 && isRegional(r[j]); j-- {
		n++
	}
	if n%2 == 1 && isRegional(r[i]) {
		i--
	}
	return i
}

const zwj = '\u200d'

// extends reports whether c belongs to the character before it: a
// combining mark, a joiner, a variation selector or an emoji modifier.
func extends(c rune) bool {
	switch {
	case unicode.In(c, unicode.Mn, unicode.Me, unicode.Mc):
		return true
	case c == zwj, c >= 0xfe00 && c <= 0xfe0f, c >= 0xe0100 && c <= 0xe01ef:
		return true
	case c >= 0x1f3fb && c <= 0x1f3ff, c >= 0xe0020 && c <= 0xe007f:
		return true // skin tones; tag characters of subdivision flags
	}
	return false
}

func isRegional(c rune) bool { return c >= 0x1f1e6 && c <= 0x1f1ff }
