package recommend

// typoKey is normKey(ref) with each word the index does not know replaced
// by the one indexed word nearest to it (as typo correction in searches
// finds it), so that "Exploring simple siamese representaton learning"
// keys like its title. ok is false when no word needed, or allowed, a
// correction.
func (e *Engine) typoKey(ref string) (key string, ok bool) {
	var tk tokenizer
	tk.joinSpaces = true
	tk.run(truncateRunes(ref, maxRefBytes))
	var b []byte
	var alts []int32
	for i, sp := range tk.toks {
		if sp.kind.extra() {
			continue
		}
		w := tk.tok(i)
		if e.ix.lookup(w) >= 0 {
			b = append(b, w...)
			continue
		}
		raw := tk.rawTok(i)
		if len(raw) == 0 {
			raw = w
		}
		alts, _ = e.ix.typo.correct(raw, 2, alts[:0])
		if len(alts) != 1 { // unknown, or two words as near: no guess
			return "", false
		}
		b = append(b, e.ix.terms.at(alts[0])...)
		ok = true
	}
	return string(b), ok
}
