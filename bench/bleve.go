package bench

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/upsidedown"
	"github.com/blevesearch/bleve/v2/index/upsidedown/store/gtreap"
	"github.com/blevesearch/bleve/v2/index/upsidedown/store/moss"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/paperbot/paperbot/data"
)

// bleveField is a field of the Bleve index: its name, analyzer and query
// boost. The boosts are paperbot's BM25F field weights (bot/recommend,
// fieldParams); bleve has no per-field length normalisation to tune.
type bleveField struct {
	name     string
	analyzer string
	boost    float64
}

// bleveFields are the fields paperbot indexes, except venue and year.
// Items in Chinese (aliases, keywords, topic names) go to a field of their
// own with the CJK analyzer (bigrams); the rest get the English analyzer
// (possessives, lower case, stop words, Porter stemmer).
var bleveFields = []bleveField{
	{"name", en.AnalyzerName, 6}, // id and aliases
	{"name_zh", cjk.AnalyzerName, 6},
	{"title", en.AnalyzerName, 3},
	{"keywords", en.AnalyzerName, 2},
	{"keywords_zh", cjk.AnalyzerName, 2},
	{"authors", en.AnalyzerName, 2},
	{"topics", en.AnalyzerName, 1.2}, // names of the paper's topics and the topics above them
	{"topics_zh", cjk.AnalyzerName, 1.2},
	{"summary", en.AnalyzerName, 0.8},
	{"summary_zh", cjk.AnalyzerName, 0.8},
}

// bleveDoc is the part of a paper that the Bleve index holds, one member
// per entry of bleveFields.
type bleveDoc struct {
	Name       string `json:"name"`
	NameZH     string `json:"name_zh"`
	Title      string `json:"title"`
	Keywords   string `json:"keywords"`
	KeywordsZH string `json:"keywords_zh"`
	Authors    string `json:"authors"`
	Topics     string `json:"topics"`
	TopicsZH   string `json:"topics_zh"`
	Summary    string `json:"summary"`
	SummaryZH  string `json:"summary_zh"`
}

// BleveKind is a kind of in-memory Bleve index.
type BleveKind string

const (
	// Scorch is bleve's default index type, here without a path: one
	// in-memory zap segment per batch, no persister or merger.
	Scorch BleveKind = "scorch"
	// UpsideDownGtreap is what bleve.NewMemOnly makes: the older
	// upside_down index on the gtreap in-memory key-value store.
	UpsideDownGtreap BleveKind = "upsidedown-gtreap"
	// UpsideDownMoss is upside_down on moss without a lower-level store,
	// which keeps everything in memory.
	UpsideDownMoss BleveKind = "upsidedown-moss"
)

// BleveKinds lists the in-memory kinds, the one NewBleveIndex uses first.
var BleveKinds = []BleveKind{Scorch, UpsideDownGtreap, UpsideDownMoss}

// BleveIndex is an in-memory Bleve index over a paper set, searched with
// one boosted match query per field.
type BleveIndex struct {
	idx bleve.Index
	set *data.Set
}

// NewBleveIndex indexes the papers of set in the fastest in-memory setup
// bleve has for this: scorch without a path, all papers in one batch (so
// one segment), bleve's default tf-idf scoring (its BM25 ranks a little
// worse here, 0.769 against 0.777 nDCG@5 on the public queries, at the same
// speed), no stored fields, term vectors, doc values or _all field.
func NewBleveIndex(set *data.Set) (*BleveIndex, error) {
	return NewBleveIndexKind(set, Scorch)
}

// NewBleveIndexKind is NewBleveIndex with another kind of index.
func NewBleveIndexKind(set *data.Set, kind BleveKind) (*BleveIndex, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range bleveFields {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = f.analyzer
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	m.DefaultMapping = doc
	var (
		idx bleve.Index
		err error
	)
	switch kind {
	case Scorch:
		idx, err = bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	case UpsideDownGtreap:
		idx, err = bleve.NewUsing("", m, upsidedown.Name, gtreap.Name, nil)
	case UpsideDownMoss:
		idx, err = bleve.NewUsing("", m, upsidedown.Name, moss.Name, nil)
	default:
		err = fmt.Errorf("unknown kind %q", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("new bleve index: %w", err)
	}
	b := idx.NewBatch()
	for i := range set.Papers {
		p := &set.Papers[i]
		if err := b.Index(p.ID, newBleveDoc(set, p)); err != nil {
			idx.Close()
			return nil, fmt.Errorf("index %s: %w", p.ID, err)
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, fmt.Errorf("index batch: %w", err)
	}
	return &BleveIndex{idx: idx, set: set}, nil
}

// newBleveDoc is what the index holds of p.
func newBleveDoc(set *data.Set, p *data.Paper) bleveDoc {
	var name, nameZH, kw, kwZH, tEN, tZH []string
	name = append(name, p.ID)
	split(p.Aliases, &name, &nameZH)
	split(p.Keywords, &kw, &kwZH)
	var seen []string
	for _, id := range p.Topics {
		for t := set.Topic(id); t != nil && !slices.Contains(seen, t.ID); t = set.Topic(t.Parent) {
			seen = append(seen, t.ID)
			tEN = append(tEN, t.Name.EN)
			if t.Name.ZH != "" {
				tZH = append(tZH, t.Name.ZH)
			}
		}
	}
	return bleveDoc{
		Name:       join(name),
		NameZH:     join(nameZH),
		Title:      p.Title,
		Keywords:   join(kw),
		KeywordsZH: join(kwZH),
		Authors:    join(p.Authors),
		Topics:     join(tEN),
		TopicsZH:   join(tZH),
		Summary:    p.Summary.EN,
		SummaryZH:  p.Summary.ZH,
	}
}

// split appends the items with a Han character to zh, the others to en.
func split(items []string, en, zh *[]string) {
	for _, s := range items {
		if strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			*zh = append(*zh, s)
		} else {
			*en = append(*en, s)
		}
	}
}

func join(items []string) string { return strings.Join(items, "; ") }

// query is a disjunction of one match query per field, boosted by the
// field's weight; each analyses text with the field's analyzer.
func bleveQuery(text string) query.Query {
	qs := make([]query.Query, len(bleveFields))
	for i, f := range bleveFields {
		m := bleve.NewMatchQuery(text)
		m.SetField(f.name)
		m.SetBoost(f.boost)
		qs[i] = m
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// Search returns the best n papers for text.
func (b *BleveIndex) Search(text string, n int) ([]*data.Paper, error) {
	req := bleve.NewSearchRequestOptions(bleveQuery(text), n, 0, false)
	res, err := b.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("bleve search %q: %w", text, err)
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
