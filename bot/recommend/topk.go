package recommend

import (
	"slices"
)

// Flags of a document for one reader, set in the scratch by markReader so
// that ranking loops and comparators read a byte instead of a map.
const (
	flagRead      uint8 = 1 << iota // in History.Read
	flagSaved                       // in History.Saved
	flagDismissed                   // History.Dismissed is true
	flagBuilds                      // builds on a paper the reader read
	flagGraph                       // Similar: linked to the source paper
)

// markReader sets the flags of the documents h names, and of those that
// build on what the reader read; clearFlags undoes it. The cost is that of
// the history, not of the set.
func (e *Engine) markReader(h History, sc *scratch) {
	mark := func(id string, f uint8) {
		if d, ok := e.docOf(id); ok {
			sc.flag(d, f)
		}
	}
	for id := range h.Read {
		mark(id, flagRead)
		for _, f := range e.set.BuiltUponBy(id) {
			mark(f, flagBuilds)
		}
	}
	for id := range h.Saved {
		mark(id, flagSaved)
	}
	for id, on := range h.Dismissed {
		if on {
			mark(id, flagDismissed)
		}
	}
}

// flag sets f on document d.
func (sc *scratch) flag(d int32, f uint8) {
	if sc.flags[d] == 0 {
		sc.flagged = append(sc.flagged, d)
	}
	sc.flags[d] |= f
}

// clearFlags clears every flag set since the last call.
func (sc *scratch) clearFlags() {
	for _, d := range sc.flagged {
		sc.flags[d] = 0
	}
	sc.flagged = sc.flagged[:0]
}

// pushTop offers c to top, a min-heap under byScore of at most k
// candidates (top[0] is the worst kept), and returns the heap.
func pushTop(top []scored, c scored, k int) []scored {
	if len(top) < k {
		top = append(top, c)
		heapUp(top, len(top)-1)
	} else if k > 0 && byScore(c, top[0]) < 0 {
		top[0] = c
		heapDown(top, 0)
	}
	return top
}

// worse reports whether c would not enter top, a full heap of k.
func worse(top []scored, c scored, k int) bool {
	return len(top) >= k && (k == 0 || byScore(c, top[0]) >= 0)
}

// sortTop orders a heap built by pushTop best first.
func sortTop(top []scored) []scored {
	slices.SortFunc(top, byScore)
	return top
}
