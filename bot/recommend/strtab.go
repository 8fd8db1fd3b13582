package recommend

// strTable interns byte strings and numbers them from 0. The strings live
// back to back in one arena, and an open-addressing hash table of ids with
// part of each string's hash finds them: a few bytes per string instead of
// a Go map's header, slot and separate allocation.
type strTable struct {
	arena []byte
	off   []uint32 // string i is arena[off[i]:off[i+1]]
	slots []uint64 // hash<<32 | id+1; 0 marks an empty slot
}

// fnv64 is the FNV-1a hash of b.
func fnv64[S ~string | ~[]byte](b S) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(b); i++ {
		h = (h ^ uint64(b[i])) * 1099511628211
	}
	return h
}

// len returns how many strings the table holds.
func (t *strTable) len() int { return max(len(t.off)-1, 0) }

// at returns string i; the bytes must not be changed.
func (t *strTable) at(i int32) []byte { return t.arena[t.off[i]:t.off[i+1]] }

// get returns the id of b, or -1.
func (t *strTable) get(b []byte) int32 {
	if len(t.slots) == 0 {
		return -1
	}
	h := fnv64(b)
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if uint32(s>>32) == uint32(h>>32) {
			if id := int32(uint32(s)) - 1; string(t.at(id)) == string(b) {
				return id
			}
		}
	}
}

// add returns the id of b, adding it when new.
func (t *strTable) add(b []byte) int32 {
	if id := t.get(b); id >= 0 {
		return id
	}
	if len(t.off) == 0 {
		t.off = append(t.off, 0)
	}
	id := int32(t.len())
	t.arena = append(t.arena, b...)
	t.off = append(t.off, uint32(len(t.arena)))
	if 8*(id+1) > 7*int32(len(t.slots)) { // at most 7/8 full: a probe is a word compare
		t.grow()
	}
	t.place(fnv64(b), id)
	return id
}

func (t *strTable) place(h uint64, id int32) {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = h>>32<<32 | uint64(id+1)
}

func (t *strTable) grow() {
	t.slots = make([]uint64, max(2*len(t.slots), 64))
	for id := range int32(t.len()) - 1 { // the newest string is placed by add
		t.place(fnv64(t.at(id)), id)
	}
}

// compact drops the spare capacity of the arena and offsets.
func (t *strTable) compact() {
	t.arena = append([]byte(nil), t.arena...)
	t.off = append([]uint32(nil), t.off...)
}

// keyIndex maps normalised names to the documents that carry them. Most
// keys belong to one document; the others keep their documents in multi.
type keyIndex struct {
	keys strTable
	docLists
}

// docLists are the documents of each key of an index: most keys belong to
// one document, the others keep theirs in multi.
type docLists struct {
	doc   []int32 // per key: >= 0, the document; < 0, -(i+1) into multi
	multi [][]int32
}

// file adds document d to key k (documents come in order, so a repeat is
// the last one filed).
func (m *docLists) file(k, d int32) {
	switch v := m.doc[k]; {
	case v == d:
	case v >= 0:
		m.multi = append(m.multi, []int32{v, d})
		m.doc[k] = -int32(len(m.multi))
	default:
		if ds := m.multi[-v-1]; ds[len(ds)-1] != d {
			m.multi[-v-1] = append(ds, d)
		}
	}
}

func (m *keyIndex) add(key []byte, d int32) {
	if len(key) == 0 {
		return
	}
	k := m.keys.add(key)
	if int(k) == len(m.doc) {
		m.doc = append(m.doc, d)
		return
	}
	m.file(k, d)
}

// get returns the documents under key. one is room for the common case
// of a single document; the slice must not be changed.
func (m *keyIndex) get(key []byte, one *[1]int32) []int32 {
	k := m.keys.get(key)
	switch {
	case k < 0:
		return nil
	case m.doc[k] >= 0:
		one[0] = m.doc[k]
		return one[:]
	}
	return m.multi[-m.doc[k]-1]
}

// docs returns the documents of key k (k < keys.len()); one is room for a
// single document.
func (m *keyIndex) docs(k int32, one *[1]int32) []int32 {
	if v := m.doc[k]; v >= 0 {
		one[0] = v
		return one[:]
	}
	return m.multi[-m.doc[k]-1]
}

// hashIndex maps keys to the documents that carry them, like keyIndex,
// but keeps only 32 bits of each key's hash, not the key: a caller that
// finds a key checks it against the documents' own text. Keys are
// numbered in the order they were first added.
type hashIndex struct {
	slots []uint64 // hash>>32<<32 | key+1; 0 marks an empty slot
	keys  int
	docLists
}

// newHashIndex makes room for up to n keys.
func newHashIndex(n int) hashIndex {
	size := 64
	for 7*size < 8*n {
		size *= 2
	}
	return hashIndex{slots: make([]uint64, size)}
}

// add files document d under key; same reports whether an existing key
// (number k) with the same hash is key.
func (m *hashIndex) add(key []byte, d int32, same func(k int32) bool) {
	if len(key) == 0 {
		return
	}
	h := fnv64(key)
	mask := uint64(len(m.slots) - 1)
	i := h & mask
	for ; m.slots[i] != 0; i = (i + 1) & mask {
		s := m.slots[i]
		if uint32(s>>32) != uint32(h>>32) {
			continue
		}
		if k := int32(uint32(s)) - 1; same(k) {
			m.file(k, d)
			return
		}
	}
	m.slots[i] = h>>32<<32 | uint64(m.keys+1)
	m.doc = append(m.doc, d)
	m.keys++
}

// find calls fn with each key whose hash matches key's, until fn returns
// true.
func (m *hashIndex) find(key []byte, fn func(k int32) bool) {
	if len(key) == 0 || len(m.slots) == 0 {
		return
	}
	h := fnv64(key)
	mask := uint64(len(m.slots) - 1)
	for i := h & mask; m.slots[i] != 0; i = (i + 1) & mask {
		if s := m.slots[i]; uint32(s>>32) == uint32(h>>32) && fn(int32(uint32(s))-1) {
			return
		}
	}
}

// docs returns the documents of key k; one is room for a single document.
func (m *hashIndex) docs(k int32, one *[1]int32) []int32 {
	if v := m.doc[k]; v >= 0 {
		one[0] = v
		return one[:]
	}
	return m.multi[-m.doc[k]-1]
}
