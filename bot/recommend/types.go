package recommend

import (
	"time"

	"github.com/paperbot/paperbot/data"
)

// History is what the engine knows of one reader. Any map may be nil.
type History struct {
	Read      map[string]time.Time // paper id → when it was marked read
	Saved     map[string]time.Time // paper id → when it was saved for later
	Dismissed map[string]bool      // papers the reader never wants to see
	Sent      map[string]bool      // papers already sent as a daily paper
}

func (h History) read(id string) bool {
	_, ok := h.Read[id]
	return ok
}

func (h History) saved(id string) bool {
	_, ok := h.Saved[id]
	return ok
}

// Kinds of Reason.
const (
	KindMatch    = "match"     // the paper matches the query
	KindBuildsOn = "builds-on" // the paper builds on papers the reader read
	KindPath     = "path"      // the paper is next on a reading path
	KindStart    = "start"     // the paper starts a reading path
	KindSaved    = "saved"     // the reader saved the paper and has not read it
	KindPopular  = "popular"   // the reading list leans on the paper
	KindSimilar  = "similar"   // the paper is close to another one
)

// Reason says why a paper was recommended.
type Reason struct {
	Matched      []string // what matched: keywords, names or authors as written
	BuildsOnRead []string // ids of papers the reader read that this one builds on
	Topic        string   // id of the topic that led here, if any
	Read, Saved  bool     // the reader's marks on the paper
	Kind         string   // one of the Kind constants
}

// Hit is a ranked paper. Within one result, a higher Score ranks higher.
type Hit struct {
	Paper  *data.Paper
	Score  float64
	Reason Reason
}
