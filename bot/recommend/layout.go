package recommend

import (
	"encoding/binary"
	"slices"
	"sync"
)

// layout merges the shards into the index: global term ids (assigned shard
// by shard, so the result does not depend on scheduling), then at the same
// time phrase sequences, names and titles, the typo index, and the
// posting lists of BM25F weights, filled by the shards in parallel.
func layout(n int, shards []*shard, flen [][nFields]uint16) *index {
	ix := &index{n: n}
	remap := make([][]int32, len(shards))
	for w, s := range shards {
		remap[w] = make([]int32, len(s.strs))
		for i, str := range s.strs {
			remap[w][i] = ix.terms.add([]byte(str))
		}
		s.strs, s.terms = nil, nil
	}
	ix.terms.compact()
	eachShard(shards, func(w int, s *shard) {
		for i := range s.all {
			s.all[i].term = remap[w][s.all[i].term]
		}
		for i, t := range s.seq {
			if t >= 0 {
				s.seq[i] = remap[w][t]
			}
		}
	})
	// Three things at once, as they share nothing: the posting lists; the
	// phrase sequences, names and titles and their q-gram indexes; the
	// typo index over the words as written.
	var wg sync.WaitGroup
	wg.Go(func() {
		titles := ix.joinSeqs(shards)
		var names sync.WaitGroup
		names.Go(func() { ix.nameGrams = buildGramIndex(ix.names.keys.len(), ix.names.keys.at, false) })
		ix.titleGrams = buildGramIndex(len(titles), func(k int32) []byte { return []byte(titles[k]) }, true)
		names.Wait()
	})
	wg.Go(func() {
		seen := map[string]string{}
		for _, s := range shards {
			for i, raw := range s.tk.memoRaw {
				seen[raw] = s.tk.memoNorm[i]
			}
		}
		ix.typo = buildTypo(seen, ix)
	})
	ix.layPostings(shards, flen)
	wg.Wait()
	return ix
}

// eachShard runs fn on every shard, in parallel.
func eachShard(shards []*shard, fn func(w int, s *shard)) {
	var wg sync.WaitGroup
	for w, s := range shards {
		wg.Go(func() { fn(w, s) })
	}
	wg.Wait()
}

// joinSeqs concatenates the shards' phrase sequences, names and titles,
// and returns the distinct titles in the order of their keys.
func (ix *index) joinSeqs(shards []*shard) []string {
	ix.titles = newHashIndex(ix.n)
	var titles []string
	ix.seqOff = make([]uint32, 1, ix.n+1)
	for _, s := range shards {
		start := 0
		for _, end := range s.seqEnd {
			for _, t := range s.seq[start:end] {
				ix.seq = binary.AppendUvarint(ix.seq, uint64(t+1))
			}
			ix.seqOff = append(ix.seqOff, uint32(len(ix.seq)))
			start = int(end)
		}
		for _, nk := range s.names {
			ix.names.add([]byte(nk.key), nk.doc)
		}
		for i, t := range s.title {
			ix.titles.add([]byte(t), s.first+int32(i), func(k int32) bool { return titles[k] == t })
			if len(titles) < ix.titles.keys {
				titles = append(titles, t)
			}
		}
		s.seq, s.names, s.title = nil, nil, nil
	}
	ix.seq = append([]byte(nil), ix.seq...)
	ix.names.keys.compact()
	return titles
}

// layPostings lays out the posting lists: term t's documents, in order, with
// their saturated BM25F weights.
func (ix *index) layPostings(shards []*shard, flen [][nFields]uint16) {
	nt := ix.terms.len()
	var avg [nFields]float32
	for d := range flen {
		for f := range avg {
			avg[f] += float32(flen[d][f])
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float32(max(ix.n, 1)), 1)
	}
	// next[w][t] counts the shard's postings of t, then becomes where the
	// shard writes its next one.
	next := make([][]int32, len(shards))
	eachShard(shards, func(w int, s *shard) {
		next[w] = make([]int32, nt)
		for _, dt := range s.all {
			next[w][dt.term]++
		}
	})
	off := make([]int32, nt+1)
	for t := range nt {
		at := off[t]
		for w := range shards {
			c := next[w][t]
			next[w][t] = at
			at += c
		}
		off[t+1] = at
	}
	docs := make([]int32, off[nt])
	wts := make([]uint16, off[nt])
	eachShard(shards, func(w int, s *shard) {
		start := int32(0)
		for i, end := range s.end {
			d := s.first + int32(i)
			var norm [nFields]float32
			for f, p := range fieldParams {
				norm[f] = p.w / (1 - p.b + p.b*float32(flen[d][f])/avg[f])
			}
			for _, dt := range s.all[start:end] {
				var tf float32
				for f, c := range dt.cnt {
					tf += float32(c) * norm[f]
				}
				at := next[w][dt.term]
				next[w][dt.term]++
				docs[at] = d
				wts[at] = uint16(min(tf*(k1+1)/(k1+tf)*wtScale+0.5, 65535))
			}
			start = end
		}
		s.all = nil
	})
	ix.idf = make([]float32, nt)
	for t := range ix.idf {
		ix.idf[t] = bm25idf(ix.n, int(off[t+1]-off[t]))
	}
	ix.encode(off, docs, wts, len(shards))
}

// encode packs the posting lists (term t's are docs[off[t]:off[t+1]] and
// their weights) into ix.post, in parallel over ranges of terms: one pass
// sizes each list, the next writes it.
func (ix *index) encode(off, docs []int32, wts []uint16, workers int) {
	nt := len(off) - 1
	ix.off = make([]uint32, nt+1)
	bounds := make([]int, workers+1) // term ranges with about equal postings
	for w := 1; w <= workers; w++ {
		bounds[w], _ = slices.BinarySearch(off, int32(int(off[nt])*w/workers))
		bounds[w] = min(max(bounds[w], bounds[w-1]), nt)
	}
	bounds[workers] = nt
	parallel(workers, func(w int) {
		for t := bounds[w]; t < bounds[w+1]; t++ {
			size, prev := 0, int32(-1)
			for _, d := range docs[off[t]:off[t+1]] {
				size += uvarintLen(uint64(d-prev)) + 2
				prev = d
			}
			ix.off[t+1] = uint32(size)
		}
	})
	for t := range nt {
		ix.off[t+1] += ix.off[t]
	}
	ix.post = make([]byte, ix.off[nt])
	parallel(workers, func(w int) {
		for t := bounds[w]; t < bounds[w+1]; t++ {
			p, prev := ix.post[ix.off[t]:ix.off[t]], int32(-1)
			for i := off[t]; i < off[t+1]; i++ {
				p = binary.AppendUvarint(p, uint64(docs[i]-prev))
				p = append(p, byte(wts[i]), byte(wts[i]>>8))
				prev = docs[i]
			}
		}
	})
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// parallel runs fn(0) to fn(n-1) at the same time.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { fn(i) })
	}
	wg.Wait()
}
