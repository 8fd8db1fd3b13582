package data

import (
	"strings"
	"time"
)

// Text is a string in the two languages the bot speaks.
type Text struct {
	EN string `json:"en"`
	ZH string `json:"zh,omitempty"`
}

// In returns the text in lang ("en" or "zh"), falling back to English.
func (t Text) In(lang string) string {
	if lang == "zh" && t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

// Paper is one entry of the paper set.
type Paper struct {
	ID       string    `json:"id"`
	ArXiv    string    `json:"arxiv,omitempty"`
	Title    string    `json:"title"`
	Authors  []string  `json:"authors"`
	Year     int       `json:"year"`
	Venue    string    `json:"venue,omitempty"`
	URL      string    `json:"url,omitempty"` // abstract page when the paper is not on arXiv
	PDF      string    `json:"pdf,omitempty"` // PDF link when the paper is not on arXiv
	Code     string    `json:"code,omitempty"`
	Topics   []string  `json:"topics"`
	Aliases  []string  `json:"aliases,omitempty"`
	Keywords []string  `json:"keywords,omitempty"`
	Summary  Text      `json:"summary"`
	ImageNet *ImageNet `json:"imagenet,omitempty"`
	Results  []Result  `json:"results,omitempty"` // other ImageNet-1k numbers, each with its setting
	Method   *Method   `json:"method,omitempty"`  // design choices, for comparing methods
	Reported string    `json:"reported,omitempty"`
	BuildsOn []string  `json:"builds_on,omitempty"`
	Seed     bool      `json:"seed,omitempty"` // on the original reading list

	// The fields below are set for papers that came in from arXiv (intake).
	Source   string  `json:"source,omitempty"`   // "arxiv" for intake papers; empty for curated ones
	Added    string  `json:"added,omitempty"`    // "2006-01-02": the day it joined the set
	Date     string  `json:"date,omitempty"`     // "2006-01-02": submission date of its first version
	Primary  string  `json:"primary,omitempty"`  // primary arXiv category ("cs.CV")
	Abstract string  `json:"abstract,omitempty"` // the arXiv abstract (CC0 metadata)
	Reason   *Text   `json:"reason,omitempty"`   // why intake placed it where it did
	Score    float64 `json:"score,omitempty"`    // intake's confidence that it belongs, 0-1
}

// IsNew reports whether p came in from arXiv within days days of today
// ("2006-01-02"): cards mark such papers "new".
func (p *Paper) IsNew(today string, days int) bool {
	if p.Added == "" {
		return false
	}
	a, err1 := time.Parse(time.DateOnly, p.Added)
	t, err2 := time.Parse(time.DateOnly, today)
	if err1 != nil || err2 != nil {
		return false
	}
	d := t.Sub(a)
	return d >= 0 && d < time.Duration(days)*24*time.Hour
}

// AbsURL is the paper's abstract page.
func (p *Paper) AbsURL() string {
	if p.URL != "" {
		return p.URL
	}
	if p.ArXiv != "" {
		return "https://arxiv.org/abs/" + p.ArXiv
	}
	return ""
}

// PDFURL is a link to the paper's PDF.
func (p *Paper) PDFURL() string {
	if p.PDF != "" {
		return p.PDF
	}
	if p.ArXiv != "" {
		return "https://arxiv.org/pdf/" + p.ArXiv
	}
	return ""
}

// ShortName is the first alias, or the id when there is none: the name a
// researcher uses for the method ("MoCo v2").
func (p *Paper) ShortName() string {
	if len(p.Aliases) > 0 {
		return p.Aliases[0]
	}
	return p.ID
}

// FirstAuthor is the first author's family name, for citations and lists.
func (p *Paper) FirstAuthor() string {
	if len(p.Authors) == 0 {
		return ""
	}
	f := strings.Fields(p.Authors[0])
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// Topic is a node of the taxonomy.
type Topic struct {
	ID       string   `json:"id"`
	Parent   string   `json:"parent,omitempty"`
	Name     Text     `json:"name"`
	Synonyms []string `json:"synonyms,omitempty"`
	// Core lists, in reading order, the papers (at most MaxCore) that form
	// the topic's main line for a newcomer; all are filed under the topic.
	Core []string `json:"core,omitempty"`
}

// Reference is a row of the ImageNet table that is not a paper of the set's
// linear-evaluation column: a supervised baseline, or a number measured in
// another setting that the reading list quotes beside them.
type Reference struct {
	Label Text    `json:"label"`
	Paper string  `json:"paper,omitempty"`
	Top1  float64 `json:"top1"`
	Note  Text    `json:"note"`
}
