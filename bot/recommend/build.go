package recommend

import (
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/paperbot/paperbot/data"
)

// docTerm counts one term's occurrences in each field of a document.
type docTerm struct {
	term int32
	cnt  [nFields]uint8
}

// shard tokenizes a run of documents with terms numbered locally; the
// shards of a large set run in parallel and are merged afterwards.
type shard struct {
	first  int32 // the shard's first document
	tk     tokenizer
	terms  map[string]int32 // local term ids
	strs   []string
	cur    []docTerm // the current document's terms
	slot   []int32   // term → position in cur, valid while last[term] == doc
	last   []int32
	all    []docTerm // the shard's documents' terms, back to back
	end    []int32   // document first+i's terms end at all[end[i]]
	seq    []int32   // phrase sequences, back to back
	seqEnd []int32
	flen   [][nFields]uint16 // the shard's part of the field lengths
	names  []nameKey
	title  []string                      // normalised titles
	items  [nFields]map[string][]itemTok // tokens of repeated items
	toks   []itemTok
	key    []byte
}

// nameKey is a normalised id or alias of a document.
type nameKey struct {
	key string
	doc int32
}

// minShard is the fewest documents worth a goroutine of their own.
const minShard = 4096

// buildIndex indexes papers; topics gives the topic names filed with a
// paper.
func buildIndex(papers []data.Paper, topics func(*data.Paper) []string) *index {
	n := len(papers)
	flen := make([][nFields]uint16, n)
	workers := max(1, min(runtime.GOMAXPROCS(0), n/minShard, 8))
	shards := make([]*shard, workers)
	var wg sync.WaitGroup
	for w := range shards {
		lo, hi := n*w/workers, n*(w+1)/workers
		s := &shard{first: int32(lo), terms: make(map[string]int32, (hi-lo)*2), flen: flen[lo:hi]}
		s.tk.memo = newMemoTable()
		sample := min(hi-lo, sampleDocs)
		s.all = make([]docTerm, 0, sample*128)
		s.seq = make([]int32, 0, sample*64)
		shards[w] = s
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				s.addPaper(int32(i), &papers[i], topics(&papers[i]))
				if i == lo+sample-1 {
					s.reserve(hi-lo, sample)
				}
			}
		})
	}
	wg.Wait()
	return layout(n, shards, flen)
}

// sampleDocs is how many documents a shard tokenizes before it sizes its
// buffers for the rest.
const sampleDocs = 512

// reserve sizes the shard's buffers for n documents, from what the first
// done took, so that they grow once instead of doubling (and copying) as
// they fill.
func (s *shard) reserve(n, done int) {
	more := func(have int) int { // room for the rest, and an eighth to spare
		rest := have * (n - done) / done
		return rest + rest/8 + 1024
	}
	s.all = slices.Grow(s.all, more(len(s.all)))
	s.seq = slices.Grow(s.seq, more(len(s.seq)))
	s.end = slices.Grow(s.end, n-len(s.end))
	s.seqEnd = slices.Grow(s.seqEnd, n-len(s.seqEnd))
	s.title = slices.Grow(s.title, n-len(s.title))
}

func (s *shard) addPaper(d int32, p *data.Paper, topics []string) {
	s.cur = s.cur[:0]
	s.addItem(d, fName, p.ID, true)
	for _, a := range p.Aliases {
		s.addItem(d, fName, a, true)
	}
	s.title = append(s.title, s.addItem(d, fTitle, p.Title, true))
	for _, k := range p.Keywords {
		s.addItem(d, fKeyword, k, true)
	}
	for _, a := range p.Authors {
		s.addItem(d, fAuthor, a, true)
	}
	for _, t := range topics {
		s.addItem(d, fTopic, t, false)
	}
	s.addItem(d, fSumEN, p.Summary.EN, false)
	s.addItem(d, fSumZH, p.Summary.ZH, false)
	s.addItem(d, fMeta, p.Venue, false)
	s.addItem(d, fMeta, strconv.Itoa(p.Year), false)
	s.all = append(s.all, s.cur...)
	s.end = append(s.end, int32(len(s.all)))
	s.seqEnd = append(s.seqEnd, int32(len(s.seq)))
}

// itemTok is a token of an item kept in the item cache.
type itemTok struct {
	term  int32
	extra bool
}

// maxCachedItems bounds each field's item cache.
const maxCachedItems = 1 << 16

// cached reports whether items of field f repeat enough to cache their
// tokens: authors, keywords, topic names, venues and years.
func cached(f field) bool { return f == fAuthor || f == fKeyword || f == fTopic || f == fMeta }

// addItem indexes one text of document d in field f and returns its
// normalised key (for names and titles); with phrase, its terms also go to
// the phrase sequence.
func (s *shard) addItem(d int32, f field, text string, phrase bool) string {
	if text == "" {
		if phrase {
			s.seq = append(s.seq, -1) // keep one segment per item
		}
		return ""
	}
	toks, ok := s.items[f][text]
	if !ok {
		toks = s.tokens(f, text)
		if cached(f) && len(s.items[f]) < maxCachedItems {
			if s.items[f] == nil {
				s.items[f] = map[string][]itemTok{}
			}
			s.items[f][text] = toks
		}
	}
	fl := &s.flen[d-s.first][f]
	for _, it := range toks {
		s.count(d, it.term, f)
		if it.extra {
			continue
		}
		if *fl < 65535 {
			*fl++
		}
		if phrase {
			s.seq = append(s.seq, it.term)
		}
	}
	if phrase {
		s.seq = append(s.seq, -1)
	}
	if f != fName && f != fTitle {
		return ""
	}
	key := s.key[:0]
	for _, it := range toks {
		if !it.extra {
			key = append(key, s.strs[it.term]...)
		}
	}
	s.key = key
	if f == fName {
		s.names = append(s.names, nameKey{string(key), d})
	}
	return string(key)
}

// tokens tokenizes an item of field f into local terms.
func (s *shard) tokens(f field, text string) []itemTok {
	tk := &s.tk
	tk.reset()
	tk.joinSpaces = f == fName || f == fKeyword
	tk.unigrams = f == fName || f == fTitle || f == fKeyword
	tk.run(text)
	toks := s.toks[:0]
	for i, sp := range tk.toks {
		t := int32(-1)
		if sp.memo >= 0 {
			t = tk.memoTerm[sp.memo]
		}
		if t < 0 {
			t = s.term(tk.tok(i))
			if sp.memo >= 0 {
				tk.memoTerm[sp.memo] = t
			}
		}
		toks = append(toks, itemTok{t, sp.kind.extra()})
	}
	s.toks = toks
	if cached(f) {
		return slices.Clone(toks)
	}
	return toks
}

// term returns the local id of the term spelled w, adding it when new.
func (s *shard) term(w []byte) int32 {
	if id, ok := s.terms[string(w)]; ok {
		return id
	}
	str := string(w)
	id := int32(len(s.strs))
	s.terms[str] = id
	s.strs = append(s.strs, str)
	s.slot = append(s.slot, 0)
	s.last = append(s.last, -1)
	return id
}

func (s *shard) count(d, t int32, f field) {
	if s.last[t] != d {
		s.last[t] = d
		s.slot[t] = int32(len(s.cur))
		s.cur = append(s.cur, docTerm{term: t})
	}
	if c := &s.cur[s.slot[t]].cnt[f]; *c < 255 {
		*c++
	}
}
