package recommend

import (
	"encoding/binary"
	"math"
)

// field is a part of a paper that is indexed on its own.
type field uint8

const (
	fName    field = iota // id and aliases
	fTitle                // title
	fKeyword              // keywords, English and Chinese
	fTopic                // names of the paper's topics and their parents
	fAuthor               // author names
	fSumEN                // English summary
	fSumZH                // Chinese summary
	fMeta                 // venue and year
	nFields
)

// fieldParam is a field's BM25F weight and length normalisation.
type fieldParam struct{ w, b float32 }

// fieldParams: names and titles count most, then keywords and topics, then
// authors and summaries.
var fieldParams = [nFields]fieldParam{
	fName:    {6, 0.2},
	fTitle:   {3, 0.5},
	fKeyword: {2, 0.4},
	fTopic:   {1.2, 0.3},
	fAuthor:  {2, 0.2},
	fSumEN:   {0.8, 0.75},
	fSumZH:   {0.8, 0.75},
	fMeta:    {0.5, 0},
}

// k1 is BM25's term-frequency saturation.
const k1 = 1.2

// wtScale maps a saturated BM25F weight, in [0, k1+1), to the uint16
// stored in a posting: 1/30000 of precision is plenty for ranking and
// saves a quarter of the postings' memory.
const wtScale = 65535 / (k1 + 1)

// index is an inverted index over the papers of a set. Documents are the
// papers' positions in the set. Posting lists are stored back to back in
// post: term t's postings are post[off[t]:off[t+1]], each a uvarint of the
// gap from the previous document (the first from -1) and the saturated
// BM25F weight as two little-endian bytes (scaled by wtScale).
type index struct {
	n     int
	terms strTable // term t is terms.at(t)
	idf   []float32
	off   []uint32
	post  []byte

	// seq holds, per document, the term ids of its id, aliases, title,
	// keywords and authors in that order, each item ended by a separator:
	// the input of the phrase check and of the reasons' matched names.
	// Each entry is a uvarint of the term plus one, 0 for the separator.
	seqOff []uint32
	seq    []byte

	names      keyIndex  // normalised ids and aliases
	titles     hashIndex // normalised titles, by hash (Engine.titleDocs checks them)
	typo       typoIndex
	nameGrams  gramIndex // names a few edits away
	titleGrams gramIndex // titles a few edits away
}

// postIter walks a posting list.
type postIter struct {
	p []byte
	d int32
}

// postings returns an iterator over term t's postings.
func (ix *index) postings(t int32) postIter {
	return postIter{p: ix.post[ix.off[t]:ix.off[t+1]], d: -1}
}

// next returns the next document and its weight; ok is false at the end.
func (it *postIter) next() (d int32, w uint16, ok bool) {
	p := it.p
	if len(p) == 0 {
		return 0, 0, false
	}
	gap, i := uint32(p[0]), 1
	if gap >= 0x80 {
		gap &= 0x7f
		for shift := 7; ; shift += 7 {
			c := p[i]
			i++
			gap |= uint32(c&0x7f) << shift
			if c < 0x80 {
				break
			}
		}
	}
	it.d += int32(gap)
	w = uint16(p[i]) | uint16(p[i+1])<<8
	it.p = p[i+2:]
	return it.d, w, true
}

// seqIter walks a document's phrase sequence.
type seqIter struct{ p []byte }

// docSeq returns an iterator over document d's phrase sequence.
func (ix *index) docSeq(d int32) seqIter { return seqIter{ix.seq[ix.seqOff[d]:ix.seqOff[d+1]]} }

// next returns the next term, or -1 at the end of an item; ok is false at
// the end of the sequence.
func (it *seqIter) next() (t int32, ok bool) {
	if len(it.p) == 0 {
		return 0, false
	}
	p := it.p
	if c := p[0]; c < 0x80 { // most terms fit one or two bytes
		it.p = p[1:]
		return int32(c) - 1, true
	}
	if len(p) > 1 && p[1] < 0x80 {
		it.p = p[2:]
		return int32(p[0]&0x7f) | int32(p[1])<<7 - 1, true
	}
	return it.slow(), true
}

func (it *seqIter) slow() int32 {
	v, n := binary.Uvarint(it.p)
	if n <= 0 {
		it.p = nil
		return -1
	}
	it.p = it.p[n:]
	return int32(v) - 1
}

// lookup returns the id of the term spelled b, or -1.
func (ix *index) lookup(b []byte) int32 { return ix.terms.get(b) }

// bm25idf is BM25's inverse document frequency, always positive.
func bm25idf(n, df int) float32 {
	return float32(math.Log(1 + (float64(n-df)+0.5)/(float64(df)+0.5)))
}
