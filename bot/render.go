package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// item turns a paper into a reply item with the reader's status, buttons
// and links; why may be empty.
func (c *call) item(p *data.Paper, why string) Item {
	_, read := c.r.Read[p.ID]
	_, saved := c.r.Saved[p.ID]
	it := Item{
		ID: p.ID, ArXiv: p.ArXiv, Title: p.Title, Year: p.Year, Venue: p.Venue,
		Summary: p.Summary.In(c.lang), Why: why, Read: read, Saved: saved,
		Links: links(p),
	}
	if p.Source != "" {
		it.New = p.IsNew(c.today(), recommend.FreshDays)
		if p.Summary.ZH == "" {
			it.Summary += zhNote(c.lang)
		}
	}
	it.Buttons = itemButtons(c.lang, p.ID, read, saved)
	return it
}

func (c *call) hitItem(h recommend.Hit) Item {
	return c.item(h.Paper, h.Reason.Text(c.lang, c.set))
}

// itemButtons are the callback buttons under a paper, showing its state.
func itemButtons(lang, id string, read, saved bool) []Button {
	readB := Button{t(lang, "btn.read"), Action{Verb: VerbRead, Paper: id}}
	if read {
		readB = Button{t(lang, "btn.unread"), Action{Verb: VerbUnread, Paper: id}}
	}
	saveB := Button{t(lang, "btn.save"), Action{Verb: VerbSave, Paper: id}}
	if saved {
		saveB = Button{t(lang, "btn.unsave"), Action{Verb: VerbUnsave, Paper: id}}
	}
	return []Button{readB, saveB,
		{t(lang, "btn.similar"), Action{Verb: VerbSimilar, Paper: id}},
		{t(lang, "btn.dismiss"), Action{Verb: VerbDismiss, Paper: id}},
	}
}

func links(p *data.Paper) []Link {
	var l []Link
	if u := p.AbsURL(); u != "" {
		label := "arXiv"
		if p.ArXiv == "" {
			label = "Web"
		}
		l = append(l, Link{label, u})
	}
	if u := p.PDFURL(); u != "" {
		l = append(l, Link{"PDF", u})
	}
	if p.Code != "" {
		l = append(l, Link{"Code", p.Code})
	}
	return l
}

// finish fills Text, the plain-text rendering every adapter can fall back
// on, and makes Papers an empty list rather than null.
func (r *Reply) finish() {
	if r.Fallback != nil {
		r.Fallback.finish()
	}
	if r.Papers == nil {
		r.Papers = []Item{}
	}
	var b strings.Builder
	if r.Intro != "" {
		b.WriteString(r.Intro)
		b.WriteString("\n")
	}
	switch {
	case r.Listed:
	case r.Compact:
		for i, it := range r.Papers {
			fmt.Fprintf(&b, "%2d. %s%s (%d) [%s]\n", r.Number(i), it.Marker(), it.Title, it.Year, it.ID)
		}
	default:
		for i, it := range r.Papers {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			writeItem(&b, r.Number(i), len(r.Papers)+r.Number(0)-1, it)
		}
	}
	if r.Pre != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(r.Pre)
		b.WriteString("\n")
	}
	if r.Outro != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(r.Outro)
		b.WriteString("\n")
	}
	r.Text = strings.TrimRight(b.String(), "\n")
}

// WithoutFiles is the reply for a platform or a chat its files cannot go
// to: its Fallback when it has files, else the reply itself.
func (r Reply) WithoutFiles() Reply {
	if len(r.Files) == 0 {
		return r
	}
	if r.Fallback != nil {
		return *r.Fallback
	}
	r.Files = nil
	return r
}

// Number is the number paper i of the reply is shown with: lists that
// continue (the next page of a search) go on counting.
func (r *Reply) Number(i int) int { return max(r.First, 1) + i }

// Marker is the prefix that shows a paper's state in lists.
func (it Item) Marker() string {
	if it.New {
		return "🆕 " + Item{Read: it.Read, Saved: it.Saved}.Marker()
	}
	switch {
	case it.Read && it.Saved:
		return "✓★ "
	case it.Read:
		return "✓ "
	case it.Saved:
		return "★ "
	}
	return ""
}

// Meta is "CVPR 2020", "2020 · Nature", or the year alone.
func (it Item) Meta() string {
	y := strconv.Itoa(it.Year)
	switch {
	case it.Venue == "":
		return y
	case strings.Contains(it.Venue, y):
		return it.Venue
	}
	return y + " · " + it.Venue
}

func writeItem(b *strings.Builder, n, total int, it Item) {
	if total > 1 {
		fmt.Fprintf(b, "%d. ", n)
	}
	fmt.Fprintf(b, "%s%s (%s) [%s]\n", it.Marker(), it.Title, it.Meta(), it.ID)
	indent := "   "
	if total == 1 {
		indent = ""
	}
	if it.Details != nil {
		for _, f := range it.Details {
			fmt.Fprintf(b, "%s%s: %s\n", indent, f.Label, f.Value)
		}
		return
	}
	if it.Summary != "" {
		fmt.Fprintf(b, "%s%s\n", indent, it.Summary)
	}
	if it.Why != "" {
		fmt.Fprintf(b, "%s→ %s\n", indent, it.Why)
	}
	if len(it.Links) > 0 {
		fmt.Fprintf(b, "%s%s\n", indent, it.Links[0].URL)
	}
}
