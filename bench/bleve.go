package bench

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/paperbot/paperbot/data"
)

// bleveDoc is the part of a paper that the Bleve index holds.
type bleveDoc struct {
	Title    string `json:"title"`
	Aliases  string `json:"aliases"`
	Keywords string `json:"keywords"`
	Authors  string `json:"authors"`
	Summary  string `json:"summary"`
}

// BleveIndex is an in-memory Bleve index over a paper set: fields title,
// aliases, keywords, authors and English summary, each with the standard
// analyzer and all of them in the default _all field.
type BleveIndex struct {
	idx bleve.Index
	set *data.Set
}

// NewBleveIndex indexes the papers of set.
func NewBleveIndex(set *data.Set) (*BleveIndex, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = standard.Name
	doc := bleve.NewDocumentMapping()
	for _, f := range []string{"title", "aliases", "keywords", "authors", "summary"} {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = standard.Name
		fm.IncludeInAll = true
		doc.AddFieldMappingsAt(f, fm)
	}
	m.DefaultMapping = doc
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		return nil, fmt.Errorf("new bleve index: %w", err)
	}
	b := idx.NewBatch()
	for _, p := range set.Papers {
		d := bleveDoc{
			Title:    p.Title,
			Aliases:  strings.Join(p.Aliases, "; "),
			Keywords: strings.Join(p.Keywords, "; "),
			Authors:  strings.Join(p.Authors, "; "),
			Summary:  p.Summary.EN,
		}
		if err := b.Index(p.ID, d); err != nil {
			return nil, fmt.Errorf("index %s: %w", p.ID, err)
		}
	}
	if err := idx.Batch(b); err != nil {
		return nil, fmt.Errorf("index batch: %w", err)
	}
	return &BleveIndex{idx: idx, set: set}, nil
}

// Search returns the best n papers for query: a match query over the _all
// field, Bleve's default for a plain text query.
func (b *BleveIndex) Search(query string, n int) ([]*data.Paper, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(query), n, 0, false)
	res, err := b.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("bleve search %q: %w", query, err)
	}
	out := make([]*data.Paper, 0, len(res.Hits))
	for _, h := range res.Hits {
		if p := b.set.Paper(h.ID); p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// Close releases the index.
func (b *BleveIndex) Close() error { return b.idx.Close() }
