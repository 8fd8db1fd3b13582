package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/paperbot/paperbot/data"
)

func cmdCite(c *call, out *Reply) error {
	p, err := c.paperArg(c.cmd.Rest)
	if err != nil {
		return err
	}
	out.Intro = c.t("cite", p.ShortName())
	out.Pre = BibTeX(p)
	out.Papers = []Item{c.item(p, "")}
	out.Listed = true
	return nil
}

// BibTeX is an arXiv eprint-style entry for p.
func BibTeX(p *data.Paper) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{%s,\n", citeKey(p))
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %-13s = {%s},\n", k, v)
		}
	}
	field("title", "{"+bibEscape(p.Title)+"}")
	field("author", bibEscape(strings.Join(p.Authors, " and ")))
	field("year", fmt.Sprint(p.Year))
	if p.ArXiv != "" {
		field("eprint", p.ArXiv)
		field("archivePrefix", "arXiv")
	}
	field("url", p.AbsURL())
	if p.Venue != "" && !strings.HasPrefix(strings.ToLower(p.Venue), "arxiv") {
		field("note", bibEscape(p.Venue))
	}
	s := strings.TrimSuffix(b.String(), ",\n")
	return s + "\n}"
}

// citeKey is "he2019momentum": first author's family name, year and the
// first word of the title that is not a stop word, ASCII letters only.
func citeKey(p *data.Paper) string {
	word := ""
	for _, w := range strings.Fields(p.Title) {
		w = asciiLower(w)
		if len(w) > 3 && !stopWords[w] {
			word = w
			break
		}
	}
	return asciiLower(p.FirstAuthor()) + fmt.Sprint(p.Year) + word
}

var stopWords = map[string]bool{"with": true, "from": true, "what": true, "that": true, "towards": true, "your": true, "this": true}

func asciiLower(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == 'ä' || r == 'à' || r == 'á' || r == 'â':
			b.WriteByte('a')
		case r == 'é' || r == 'è' || r == 'ê' || r == 'ë':
			b.WriteByte('e')
		case r == 'ö' || r == 'ó' || r == 'ø':
			b.WriteByte('o')
		case r == 'ü' || r == 'ú':
			b.WriteByte('u')
		case r == 'í' || r == 'ï':
			b.WriteByte('i')
		case r == 'ç':
			b.WriteByte('c')
		case r == 'ñ':
			b.WriteByte('n')
		}
	}
	return b.String()
}

// bibEscape protects the characters BibTeX treats specially.
func bibEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&', '%', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '{', '}', '\\', '~', '^':
			b.WriteRune(' ')
		default:
			if unicode.IsControl(r) {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// exportPaper is one paper of the JSON export.
type exportPaper struct {
	ID      string     `json:"id"`
	ArXiv   string     `json:"arxiv,omitempty"`
	Title   string     `json:"title"`
	Authors []string   `json:"authors"`
	Year    int        `json:"year"`
	URL     string     `json:"url,omitempty"`
	ReadAt  *time.Time `json:"read_at,omitempty"`
	SavedAt *time.Time `json:"saved_at,omitempty"`
}

func cmdExport(c *call, out *Reply) error {
	ids := map[string]bool{}
	for id := range c.r.Read {
		ids[id] = true
	}
	for id := range c.r.Saved {
		ids[id] = true
	}
	var list []exportPaper
	var bib []string
	for i := range c.set.Papers {
		p := &c.set.Papers[i]
		if !ids[p.ID] {
			continue
		}
		e := exportPaper{ID: p.ID, ArXiv: p.ArXiv, Title: p.Title, Authors: p.Authors, Year: p.Year, URL: p.AbsURL()}
		if at, ok := c.r.Read[p.ID]; ok {
			e.ReadAt = &at
		}
		if at, ok := c.r.Saved[p.ID]; ok {
			e.SavedAt = &at
		}
		list = append(list, e)
		bib = append(bib, BibTeX(p))
		out.Papers = append(out.Papers, c.item(p, ""))
	}
	if len(list) == 0 {
		out.Intro = c.t("export.none")
		return nil
	}
	js, err := json.MarshalIndent(map[string]any{"reader": c.req.Reader, "papers": list}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode export: %w", err)
	}
	bibText := strings.Join(bib, "\n\n")
	out.Intro = c.t("export", len(c.r.Read), len(c.r.Saved))
	out.Pre = bibText + "\n\n" + string(js)
	out.Listed = true
	out.Files = []File{
		{Name: "paperbot-reading-list.bib", MIME: "application/x-bibtex", Data: []byte(bibText + "\n")},
		{Name: "paperbot-reading-list.json", MIME: "application/json", Data: append(js, '\n')},
	}
	return nil
}
