package intake

import "time"

// Entry is one paper as a preprint server lists it: arXiv's Atom entry,
// already decoded by the arXiv adapter. ID has no version; Version is the
// number of the version this entry describes (1 for "v1").
type Entry struct {
	ID         string    // "2611.01234", without version
	Version    int       // 1 for v1
	Title      string    // white space folded to single spaces
	Abstract   string    // white space folded to single spaces
	Authors    []string  // in order
	Published  time.Time // when version 1 was submitted
	Updated    time.Time // when this version was submitted
	Primary    string    // primary category, "cs.CV"
	Categories []string  // every category, the primary one included
	Comment    string    // the authors' comment ("Accepted at CVPR 2026")
	JournalRef string
	DOI        string
}
