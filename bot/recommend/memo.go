package recommend

// normalise returns the normalised form of w and its memo entry (-1 when
// there is no memo).
func (t *tokenizer) normalise(w []byte, k tokKind) (string, int32) {
	if t.memo == nil || k != kindWord {
		return normWord(w), -1
	}
	key := keyOf(w)
	if i, ok := t.memo.get(key); ok {
		return t.memoNorm[i], i
	}
	i := int32(len(t.memoNorm))
	t.memo.put(key, i)
	t.memoNorm = append(t.memoNorm, normWord(w))
	t.memoRaw = append(t.memoRaw, string(w))
	t.memoTerm = append(t.memoTerm, -1)
	return t.memoNorm[i], i
}

// wordKey identifies a word by two independent 64-bit hashes: looking up a
// fixed-size key costs one memory access where a string key costs two, and
// 128 bits make a collision among a vocabulary practically impossible.
type wordKey [2]uint64

// memoTable maps word keys to memo entries: open addressing with linear
// probing, so a lookup usually touches one cache line.
type memoTable struct {
	slots []memoSlot
	n     int
}

type memoSlot struct {
	key wordKey
	idx int32 // the entry plus one; 0 marks an empty slot
}

func newMemoTable() *memoTable { return &memoTable{slots: make([]memoSlot, 1<<14)} }

func (m *memoTable) get(k wordKey) (int32, bool) {
	mask := uint64(len(m.slots) - 1)
	for i := k[0] & mask; ; i = (i + 1) & mask {
		s := &m.slots[i]
		if s.idx == 0 {
			return 0, false
		}
		if s.key == k {
			return s.idx - 1, true
		}
	}
}

func (m *memoTable) put(k wordKey, idx int32) {
	if 4*(m.n+1) > 3*len(m.slots) {
		old := m.slots
		m.slots, m.n = make([]memoSlot, 2*len(old)), 0
		for _, s := range old {
			if s.idx != 0 {
				m.put(s.key, s.idx-1)
			}
		}
	}
	mask := uint64(len(m.slots) - 1)
	i := k[0] & mask
	for m.slots[i].idx != 0 {
		i = (i + 1) & mask
	}
	m.slots[i] = memoSlot{k, idx + 1}
	m.n++
}
