package arxiv

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperbot/paperbot/bot/intake"
)

// Limits past which a title or an abstract is taken for garbage, in runes.
// The longest real ones are a few hundred and a few thousand.
const (
	maxTitleRunes    = 1000
	maxAbstractRunes = 20000
)

// idPattern is the part of an abs URL after "/abs/": a new-style
// ("2611.01234") or old-style ("hep-th/9901001", "math.GT/0309136")
// identifier and its version.
var idPattern = regexp.MustCompile(`^(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Za-z-]+)?/\d{7})v(\d{1,4})$`)

// ParseID splits an entry id such as "http://arxiv.org/abs/2611.01234v2"
// into the identifier without version, "2611.01234", and the version, 2.
func ParseID(s string) (id string, version int, err error) {
	s = strings.TrimSpace(s)
	_, rest, ok := strings.Cut(s, "/abs/")
	if !ok {
		return "", 0, fmt.Errorf("arxiv: id %q is not an abs URL", truncate(s, 60))
	}
	m := idPattern.FindStringSubmatch(rest)
	if m == nil {
		return "", 0, fmt.Errorf("arxiv: id %q is not an arXiv identifier with a version", truncate(s, 60))
	}
	v, _ := strconv.Atoi(m[2]) // at most four digits
	if v < 1 {
		return "", 0, fmt.Errorf("arxiv: id %q has version 0", truncate(s, 60))
	}
	return m[1], v, nil
}

// convertEntry turns a decoded entry into an intake.Entry, or says why it
// cannot.
func convertEntry(ae *atomEntry) (intake.Entry, string) {
	var e intake.Entry
	if strings.TrimSpace(ae.ID) == "" {
		return e, "no id"
	}
	var err error
	if e.ID, e.Version, err = ParseID(ae.ID); err != nil {
		return e, "bad id"
	}
	if e.Title = fold(ae.Title); e.Title == "" {
		return e, "no title"
	}
	if n := utf8.RuneCountInString(e.Title); n > maxTitleRunes {
		return e, fmt.Sprintf("title of %d characters (at most %d)", n, maxTitleRunes)
	}
	e.Abstract = fold(ae.Summary)
	if n := utf8.RuneCountInString(e.Abstract); n > maxAbstractRunes {
		return e, fmt.Sprintf("abstract of %d characters (at most %d)", n, maxAbstractRunes)
	}
	if strings.TrimSpace(ae.Published) == "" {
		return e, "no published date"
	}
	if e.Published, err = parseTime(ae.Published); err != nil {
		return e, "bad published date"
	}
	e.Updated = e.Published
	if strings.TrimSpace(ae.Updated) != "" {
		if e.Updated, err = parseTime(ae.Updated); err != nil {
			return e, "bad updated date"
		}
	}
	for _, a := range ae.Authors {
		if name := fold(a.Name); name != "" {
			e.Authors = append(e.Authors, name)
		}
	}
	e.Primary = fold(ae.Primary.Term)
	e.Categories = categories(e.Primary, ae.Categories)
	e.Comment = fold(ae.Comment)
	e.JournalRef = fold(ae.JournalRef)
	e.DOI = fold(ae.DOI)
	return e, ""
}

// categories lists every category once, in feed order, with the primary
// one first if the feed left it out.
func categories(primary string, terms []atomTerm) []string {
	var out []string
	seen := make(map[string]bool, len(terms)+1)
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	listed := false
	for _, t := range terms {
		listed = listed || fold(t.Term) == primary
	}
	if !listed {
		add(primary)
	}
	for _, t := range terms {
		add(fold(t.Term))
	}
	return out
}

// parseTime reads an Atom date (RFC 3339).
func parseTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339, strings.TrimSpace(s))
}

// fold replaces every run of white space with one space and trims the ends.
func fold(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// truncate cuts s to at most n runes for an error message, marking the cut.
func truncate(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}
