package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/paperbot/paperbot/data"
)

func cmdCite(c *call, out *Reply) error {
	p, err := c.paperArg(c.cmd.Rest)
	if err != nil {
		return err
	}
	out.Intro = c.t("cite", p.ShortName())
	out.Pre = c.bibtex(p)
	out.Papers = []Item{c.item(p, "")}
	out.Listed = true
	return nil
}

// The files of an export.
const (
	ExportBib  = "paperbot-reading-list.bib"
	ExportJSON = "paperbot-reading-list.json"
)

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

// cmdExport answers with the reader's read and saved papers as two files,
// BibTeX and JSON. Where the platform cannot deliver files, the adapter
// shows Fallback instead: the start of the BibTeX as text.
func cmdExport(c *call, out *Reply) error {
	papers := c.exported()
	if len(papers) == 0 {
		out.Intro = c.t("export.none")
		return nil
	}
	list := make([]exportPaper, 0, len(papers))
	bib := make([]string, 0, len(papers))
	for _, p := range papers {
		list = append(list, c.exportPaper(p))
		bib = append(bib, c.bibtex(p))
		out.Papers = append(out.Papers, c.item(p, ""))
	}
	js, err := json.MarshalIndent(map[string]any{"reader": c.req.Reader, "papers": list}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode export: %w", err)
	}
	out.Intro = c.t("export", len(c.r.Read), len(c.r.Saved), len(papers), ExportBib, ExportJSON)
	out.Listed = true
	out.Files = []File{
		{Name: ExportBib, MIME: "application/x-bibtex", Data: []byte(strings.Join(bib, "\n\n") + "\n")},
		{Name: ExportJSON, MIME: "application/json", Data: append(js, '\n')},
	}
	out.Fallback = c.exportText(papers, bib)
	return nil
}

// exported are the papers the reader read or saved, in the set's order.
func (c *call) exported() []*data.Paper {
	var out []*data.Paper
	for i := range c.set.Papers {
		p := &c.set.Papers[i]
		_, read := c.r.Read[p.ID]
		_, saved := c.r.Saved[p.ID]
		if read || saved {
			out = append(out, p)
		}
	}
	return out
}

func (c *call) exportPaper(p *data.Paper) exportPaper {
	e := exportPaper{ID: p.ID, ArXiv: p.ArXiv, Title: p.Title, Authors: p.Authors, Year: p.Year, URL: p.AbsURL()}
	if at, ok := c.r.Read[p.ID]; ok {
		e.ReadAt = &at
	}
	if at, ok := c.r.Saved[p.ID]; ok {
		e.SavedAt = &at
	}
	return e
}

// maxRestIDs is how many ids of papers left out of a pasted export are
// named.
const maxRestIDs = 40

// exportText is the export as text, for where files cannot be sent: the
// first entries of the BibTeX, and how to get the others.
func (c *call) exportText(papers []*data.Paper, bib []string) *Reply {
	text, n := pasted(bib)
	r := &Reply{Lang: c.lang, Listed: true, Pre: text}
	r.Intro = c.t("export.text", len(c.r.Read), len(c.r.Saved))
	if n < len(papers) {
		var ids []string
		for _, p := range papers[n:min(len(papers), n+maxRestIDs)] {
			ids = append(ids, p.ID)
		}
		if len(papers)-n > maxRestIDs {
			ids = append(ids, "…")
		}
		r.Intro = c.t("export.partial", n, len(papers))
		r.Outro = c.t("export.rest", len(papers)-n, strings.Join(ids, ", "))
	}
	return r
}
