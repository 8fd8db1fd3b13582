package cite

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperbot/paperbot/data"
)

// Entry is p's BibTeX entry under key:
//
//   - @inproceedings with booktitle for a paper at a conference the venue
//     table knows, @article with journal (and volume) for a journal;
//   - @misc with eprint, archivePrefix and, when the paper's arXiv category
//     is known, primaryClass for a preprint; a venue the table does not
//     know goes in note.
//
// year is the venue's year when it names one, else the paper's. Titles
// keep their capitals where a style would lose them ({MoCo}, {BERT});
// every value has balanced braces and TeX's special characters escaped.
func Entry(p *data.Paper, key string) string {
	v := ParseVenue(p.Venue)
	year := p.Year
	if v.Year != 0 && (v.Kind == Conference || v.Kind == Journal) {
		year = v.Year
	}
	typ := "misc"
	f := fields{{"author", authors(p.Authors)}, {"title", Title(p.Title)}}
	switch v.Kind {
	case Conference:
		typ = "inproceedings"
		f.add("booktitle", escape(v.Name))
	case Journal:
		typ = "article"
		f.add("journal", escape(v.Name))
		f.add("volume", v.Volume)
	}
	f.add("year", strconv.Itoa(year))
	if (v.Kind == Preprint || v.Kind == Other) && p.ArXiv != "" {
		f.add("eprint", escape(p.ArXiv))
		f.add("archivePrefix", "arXiv")
		f.add("primaryClass", escape(p.Primary))
	}
	if v.Kind == Other {
		f.add("note", escape(v.Name))
	}
	f.add("url", escapeURL(p.AbsURL()))
	return f.entry(typ, key)
}

type field struct{ name, value string }

type fields []field

// add appends a field unless its value is empty.
func (f *fields) add(name, value string) {
	if value != "" {
		*f = append(*f, field{name, value})
	}
}

// entry writes the fields aligned, one a line, values in braces.
func (f fields) entry(typ, key string) string {
	width := 0
	for _, x := range f {
		width = max(width, len(x.name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@%s{%s,\n", typ, key)
	for i, x := range f {
		fmt.Fprintf(&b, "  %-*s = {%s}", width, x.name, x.value)
		if i < len(f)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}")
	return b.String()
}

// authors joins the names with " and ". A family name of several words is
// written "Family, Given" so BibTeX does not take "Van" for a given name;
// a name that itself contains the word "and" is braced whole.
func authors(names []string) string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		n = strings.Join(strings.Fields(clean(n)), " ")
		if n == "" {
			continue
		}
		if fam := FamilyName(n); strings.Contains(fam, " ") && !strings.Contains(n, ",") {
			n = fam + ", " + strings.TrimSpace(strings.TrimSuffix(n, fam))
		}
		e := escape(n)
		if hasAnd(n) {
			e = "{" + e + "}"
		}
		out = append(out, e)
	}
	return strings.Join(out, " and ")
}

// hasAnd tells whether a name contains "and" as a word, which BibTeX
// would read as a separator between two names.
func hasAnd(s string) bool {
	for _, w := range strings.Fields(s) {
		if strings.EqualFold(w, "and") {
			return true
		}
	}
	return false
}

// Title is a title for a BibTeX field: words whose capitals a
// bibliography style must keep are braced — a capital after the first
// letter ({MoCo}, {ImageNet}, {DINOv2}), an acronym ({BERT}, {3D}), a
// name in the list of names, or a method's one-word name before a colon
// ({Mugs}: …) — and TeX's special characters escaped.
func Title(s string) string {
	words := strings.Fields(clean(s))
	for i, w := range words {
		named := i == 0 && len(words) > 1 && strings.HasSuffix(w, ":")
		start := strings.IndexFunc(w, isWordRune)
		end := strings.LastIndexFunc(w, isWordRune)
		if start < 0 {
			words[i] = escape(w)
			continue
		}
		_, size := utf8.DecodeRuneInString(w[end:])
		end += size
		core := w[start:end]
		e := escape(core)
		if named || protect(core) {
			e = "{" + e + "}"
		}
		words[i] = escape(w[:start]) + e + escape(w[end:])
	}
	return strings.Join(words, " ")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// protect tells whether a word's capitals must survive a style that
// lowercases titles: a part of it (split at hyphens and slashes) has a
// capital after its first letter, or is a name.
func protect(word string) bool {
	for _, part := range strings.FieldsFunc(word, func(r rune) bool { return r == '-' || r == '/' || r == '\'' }) {
		if names[part] {
			return true
		}
		for i, r := range part {
			if i > 0 && unicode.IsUpper(r) {
				return true
			}
		}
	}
	return false
}

// names are proper names that appear capitalised at the start of a
// title's word in this field; a style must not lowercase them.
var names = map[string]bool{
	"Siamese": true, "Swin": true, "Barlow": true, "Gaussian": true, "Bayesian": true,
	"Markov": true, "Euclidean": true, "Fourier": true, "Hebbian": true, "Wasserstein": true,
	"Boltzmann": true, "Laplacian": true, "Hessian": true, "Lipschitz": true,
	"Neon": true, "Genesis": true, "English": true, "Chinese": true,
}

// escape writes TeX's special characters so that they print as themselves
// and every brace in the value stays balanced: BibTeX counts braces even
// after a backslash, so { and } become {\textbraceleft} and
// {\textbraceright}. Control characters are dropped.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&', '%', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '{':
			b.WriteString(`{\textbraceleft}`)
		case '}':
			b.WriteString(`{\textbraceright}`)
		case '\\':
			b.WriteString(`{\textbackslash}`)
		case '~':
			b.WriteString(`{\textasciitilde}`)
		case '^':
			b.WriteString(`{\textasciicircum}`)
		default:
			if unicode.IsControl(r) || r == utf8.RuneError {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean drops control characters other than white space, and bytes that
// are not UTF-8.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// escapeURL keeps a URL as it is (the url package prints it verbatim) but
// for the characters that would break the entry: braces and backslashes
// are percent-encoded, control characters dropped.
func escapeURL(u string) string {
	var b strings.Builder
	for _, r := range u {
		switch {
		case r == '{' || r == '}' || r == '\\':
			fmt.Fprintf(&b, "%%%02X", r)
		case unicode.IsControl(r) || unicode.IsSpace(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
