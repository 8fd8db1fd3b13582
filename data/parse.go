package data

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxLine is the longest line a papers file may have.
const MaxLine = 64 << 10

// FileError is a problem at one line and field of a papers file.
type FileError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *FileError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: field %q: %s", e.File, e.Line, e.Field, e.Msg)
}

var (
	idRe       = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
	arxivNewRe = regexp.MustCompile(`^[0-9]{4}\.[0-9]{4,5}$`)
	arxivOldRe = regexp.MustCompile(`^[a-z-]+(\.[A-Z]{2})?/[0-9]{7}$`)
)

// line is one parsed paper and where it came from.
type line struct {
	no    int
	paper Paper
}

// ParsePapers reads a papers file. name is used in errors. Topic ids are
// checked against topics; builds_on ids against the file itself plus known
// (the ids of a set the file extends, or nil).
func ParsePapers(name string, r io.Reader, topics map[string]*Topic, known map[string]bool) ([]Paper, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	var lines []line
	seenID := map[string]int{}
	seenArXiv := map[string]int{}
	no := 0
	for sc.Scan() {
		no++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 || raw[0] == '#' {
			continue
		}
		p, err := decodeLine(raw)
		if err != nil {
			err.File, err.Line = name, no
			return nil, err
		}
		if fe := checkPaper(&p, topics); fe != nil {
			fe.File, fe.Line = name, no
			return nil, fe
		}
		if prev, ok := seenID[p.ID]; ok {
			return nil, &FileError{name, no, "id", fmt.Sprintf("%q already used on line %d", p.ID, prev)}
		}
		seenID[p.ID] = no
		if p.ArXiv != "" {
			if prev, ok := seenArXiv[p.ArXiv]; ok {
				return nil, &FileError{name, no, "arxiv", fmt.Sprintf("%s already used on line %d", p.ArXiv, prev)}
			}
			seenArXiv[p.ArXiv] = no
		}
		lines = append(lines, line{no, p})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &FileError{name, no + 1, "", fmt.Sprintf("line longer than %d bytes", MaxLine)}
		}
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(lines) == 0 {
		return nil, &FileError{name, no, "", "no papers in file"}
	}
	papers := make([]Paper, len(lines))
	for i, l := range lines {
		for _, b := range l.paper.BuildsOn {
			if _, ok := seenID[b]; !ok && !known[b] {
				return nil, &FileError{name, l.no, "builds_on", fmt.Sprintf("unknown paper id %q", b)}
			}
		}
		papers[i] = l.paper
	}
	return papers, nil
}

// decodeLine decodes one JSON object strictly: unknown fields, wrong types
// and trailing data are errors naming the field.
func decodeLine(raw []byte) (Paper, *FileError) {
	var p Paper
	if !utf8.Valid(raw) {
		return p, &FileError{Msg: "not valid UTF-8"}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, jsonError(err)
	}
	if dec.More() {
		return p, &FileError{Msg: "more than one JSON value on the line"}
	}
	return p, nil
}

func jsonError(err error) *FileError {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return &FileError{Field: te.Field, Msg: fmt.Sprintf("want %s, got JSON %s", te.Type, te.Value)}
	case errors.As(err, &se):
		return &FileError{Msg: fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &FileError{Field: f, Msg: "unknown field"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &FileError{Msg: "unexpected end of JSON"}
	}
	return &FileError{Msg: err.Error()}
}

// checkPaper validates and normalises one paper. File and Line are left for
// the caller to fill in.
func checkPaper(p *Paper, topics map[string]*Topic) *FileError {
	bad := badField
	p.ID = strings.TrimSpace(p.ID)
	if !idRe.MatchString(p.ID) {
		return bad("id", "%q must be 1-32 characters of a-z, 0-9 and '-'", p.ID)
	}
	if p.ArXiv != "" {
		id, ok := CanonicalArXiv(p.ArXiv)
		if !ok {
			return bad("arxiv", "%q is not an arXiv id such as 2003.04297", p.ArXiv)
		}
		p.ArXiv = id
	}
	p.Title = strings.TrimSpace(p.Title)
	if p.Title == "" || utf8.RuneCountInString(p.Title) > 300 {
		return bad("title", "must be 1-300 characters")
	}
	if len(p.Authors) == 0 {
		return bad("authors", "at least one author is required")
	}
	for _, a := range p.Authors {
		if strings.TrimSpace(a) == "" {
			return bad("authors", "empty author name")
		}
	}
	if p.Year < 1950 || p.Year > 2100 {
		return bad("year", "%d is not between 1950 and 2100", p.Year)
	}
	for _, f := range []struct{ name, v string }{{"url", p.URL}, {"pdf", p.PDF}, {"code", p.Code}} {
		if f.v != "" && !isHTTPURL(f.v) {
			return bad(f.name, "%q is not an http(s) URL", f.v)
		}
	}
	if p.ArXiv == "" && p.URL == "" {
		return bad("url", "a paper without an arxiv id needs a url")
	}
	if len(p.Topics) == 0 {
		return bad("topics", "at least one topic is required")
	}
	for _, t := range p.Topics {
		if topics[t] == nil {
			return bad("topics", "unknown topic %q", t)
		}
	}
	if strings.TrimSpace(p.Summary.EN) == "" {
		return bad("summary.en", "an English summary is required")
	}
	if utf8.RuneCountInString(p.Summary.EN) > 600 || utf8.RuneCountInString(p.Summary.ZH) > 400 {
		return bad("summary", "longer than 600 (en) or 400 (zh) characters")
	}
	if fe := checkMeasures(p); fe != nil {
		return fe
	}
	for _, b := range p.BuildsOn {
		if b == p.ID {
			return bad("builds_on", "a paper cannot build on itself")
		}
	}
	return nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

var arxivInTextRe = regexp.MustCompile(`(?i)^(?:arxiv:\s*)?(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?([0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[a-z]{2})?/[0-9]{7})(?:v[0-9]+)?(?:\.pdf)?/?$`)

// CanonicalArXiv turns an arXiv reference in any common form ("2003.04297",
// "2003.04297v2", "arXiv:2003.04297", an abs or pdf URL) into the bare id
// without a version. ok is false when s is not an arXiv reference.
func CanonicalArXiv(s string) (id string, ok bool) {
	m := arxivInTextRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	id = m[1]
	if i := strings.IndexByte(id, '/'); i >= 0 {
		id = strings.ToLower(id[:i]) + id[i:]
		// old-style subject classes keep their upper-case suffix (math.GT)
		if j := strings.IndexByte(id[:i], '.'); j >= 0 {
			id = id[:j+1] + strings.ToUpper(id[j+1:i]) + id[i:]
		}
		if !arxivOldRe.MatchString(id) {
			return "", false
		}
		return id, true
	}
	return id, arxivNewRe.MatchString(id)
}
