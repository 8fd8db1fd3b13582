package cite_test

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file is a strict reader of BibTeX, the test's judge of what Entry
// writes. It follows BibTeX's own rules where they bite — braces are
// counted even after a backslash, field names are case-insensitive, " ends
// a quoted value only outside braces — and is stricter than BibTeX
// elsewhere: nothing but white space between entries, one value per field
// (no # concatenation, no @string macros), no duplicate fields or keys,
// and the fields each entry type requires.
//
// A Go BibTeX library was considered instead (nickng/bibtex is the one
// kept up); it accepts what BibTeX accepts, including duplicate fields and
// missing required ones, so it could not fail where this test must.

// bibEntry is one parsed entry.
type bibEntry struct {
	typ, key string
	fields   map[string]string // lower-case name → raw value, braces kept
	order    []string
}

// knownTypes are the entry types of BibTeX's standard styles.
var knownTypes = map[string]bool{
	"article": true, "book": true, "booklet": true, "inbook": true, "incollection": true,
	"inproceedings": true, "conference": true, "manual": true, "mastersthesis": true,
	"misc": true, "phdthesis": true, "proceedings": true, "techreport": true, "unpublished": true,
}

// required are the fields each type this package writes must have; a
// @misc with an eprint must also name the archive.
var required = map[string][]string{
	"inproceedings": {"author", "title", "booktitle", "year"},
	"article":       {"author", "title", "journal", "year"},
	"misc":          {"author", "title", "year"},
}

type bibReader struct {
	s   string
	pos int
}

// readBib parses a whole .bib text.
func readBib(s string) ([]bibEntry, error) {
	r := &bibReader{s: s}
	var out []bibEntry
	seen := map[string]bool{}
	for {
		r.space()
		if r.pos == len(r.s) {
			return out, nil
		}
		e, err := r.entry()
		if err != nil {
			return out, fmt.Errorf("at byte %d: %w", r.pos, err)
		}
		if seen[strings.ToLower(e.key)] {
			return out, fmt.Errorf("duplicate key %q", e.key)
		}
		seen[strings.ToLower(e.key)] = true
		out = append(out, e)
	}
}

func (r *bibReader) space() {
	for r.pos < len(r.s) && unicode.IsSpace(rune(r.s[r.pos])) {
		r.pos++
	}
}

func (r *bibReader) expect(c byte) error {
	r.space()
	if r.pos >= len(r.s) || r.s[r.pos] != c {
		return fmt.Errorf("want %q, got %q", c, r.rest())
	}
	r.pos++
	return nil
}

func (r *bibReader) rest() string {
	end := min(len(r.s), r.pos+20)
	return r.s[r.pos:end]
}

// ident reads a type or field name: a letter, then letters, digits, _ or -.
func (r *bibReader) ident() string {
	r.space()
	start := r.pos
	for r.pos < len(r.s) {
		c := r.s[r.pos]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || r.pos > start && (c >= '0' && c <= '9' || c == '_' || c == '-') {
			r.pos++
			continue
		}
		break
	}
	return r.s[start:r.pos]
}

// key reads a citation key: printable ASCII without white space and
// without the characters BibTeX stops at or that break \cite.
func (r *bibReader) key() (string, error) {
	r.space()
	start := r.pos
	for r.pos < len(r.s) && r.s[r.pos] > ' ' && r.s[r.pos] < 0x7f && !strings.ContainsRune(`,{}()"#%'=~\`, rune(r.s[r.pos])) {
		r.pos++
	}
	if r.pos == start {
		return "", fmt.Errorf("no key at %q", r.rest())
	}
	return r.s[start:r.pos], nil
}

func (r *bibReader) entry() (bibEntry, error) {
	e := bibEntry{fields: map[string]string{}}
	if err := r.expect('@'); err != nil {
		return e, err
	}
	e.typ = strings.ToLower(r.ident())
	if !knownTypes[e.typ] {
		return e, fmt.Errorf("unknown entry type %q", e.typ)
	}
	if err := r.expect('{'); err != nil {
		return e, err
	}
	var err error
	if e.key, err = r.key(); err != nil {
		return e, err
	}
	for {
		r.space()
		if r.pos < len(r.s) && r.s[r.pos] == '}' {
			r.pos++
			return e, e.check()
		}
		if err := r.expect(','); err != nil {
			return e, err
		}
		r.space()
		if r.pos < len(r.s) && r.s[r.pos] == '}' { // a trailing comma
			r.pos++
			return e, e.check()
		}
		name := strings.ToLower(r.ident())
		if name == "" {
			return e, fmt.Errorf("entry %s: no field name at %q", e.key, r.rest())
		}
		if _, dup := e.fields[name]; dup {
			return e, fmt.Errorf("entry %s: field %s twice", e.key, name)
		}
		if err := r.expect('='); err != nil {
			return e, fmt.Errorf("entry %s, field %s: %w", e.key, name, err)
		}
		v, err := r.value()
		if err != nil {
			return e, fmt.Errorf("entry %s, field %s: %w", e.key, name, err)
		}
		e.fields[name] = v
		e.order = append(e.order, name)
	}
}

// value reads {…}, "…" or a number, and returns what is between the
// delimiters.
func (r *bibReader) value() (string, error) {
	r.space()
	if r.pos >= len(r.s) {
		return "", fmt.Errorf("no value")
	}
	switch c := r.s[r.pos]; {
	case c == '{' || c == '"':
		r.pos++
		start, depth := r.pos, 0
		for ; r.pos < len(r.s); r.pos++ {
			switch r.s[r.pos] {
			case '{':
				depth++
			case '}':
				if depth == 0 && c == '{' {
					r.pos++
					return r.s[start : r.pos-1], nil
				}
				if depth == 0 {
					return "", fmt.Errorf("unbalanced } in a quoted value")
				}
				depth--
			case '"':
				if depth == 0 && c == '"' {
					r.pos++
					return r.s[start : r.pos-1], nil
				}
			}
		}
		return "", fmt.Errorf("value not closed")
	case c >= '0' && c <= '9':
		start := r.pos
		for r.pos < len(r.s) && r.s[r.pos] >= '0' && r.s[r.pos] <= '9' {
			r.pos++
		}
		return r.s[start:r.pos], nil
	}
	return "", fmt.Errorf("a value must be braced, quoted or a number, got %q (macros are not allowed)", r.rest())
}

// check applies the type's required fields.
func (e bibEntry) check() error {
	need := required[e.typ]
	if e.typ == "misc" && e.fields["eprint"] != "" {
		need = append(need, "eprint", "archiveprefix")
	}
	for _, f := range need {
		if strings.TrimSpace(e.fields[f]) == "" {
			return fmt.Errorf("@%s{%s}: required field %s missing", e.typ, e.key, f)
		}
	}
	return nil
}

// splitNames splits an author value at " and " outside braces, as BibTeX
// does.
func splitNames(v string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ' ':
			if depth == 0 && i+5 <= len(v) && strings.EqualFold(v[i:i+5], " and ") {
				out = append(out, v[start:i])
				start = i + 5
				i += 4
			}
		}
	}
	return append(out, v[start:])
}

// plain undoes Entry's escaping: TeX's special characters come back and
// the braces that protect capitals go.
func plain(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); {
		if v[i] == '{' && i+1 < len(v) && v[i+1] == '\\' {
			end := strings.IndexByte(v[i:], '}')
			if end < 0 {
				return b.String() + "<unclosed>"
			}
			b.WriteString(textSymbols[v[i+1:i+end]])
			i += end + 1
			continue
		}
		switch {
		case v[i] == '\\' && i+1 < len(v):
			b.WriteByte(v[i+1])
			i += 2
		case v[i] == '{' || v[i] == '}':
			i++
		default:
			b.WriteByte(v[i])
			i++
		}
	}
	return b.String()
}

var textSymbols = map[string]string{
	`\textbraceleft`: "{", `\textbraceright`: "}", `\textbackslash`: `\`,
	`\textasciitilde`: "~", `\textasciicircum`: "^",
}

// dropControl drops what Entry drops: control characters other than white
// space, and bytes that are not UTF-8.
func dropControl(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }
