package intake

import (
	"context"
	"time"

	"github.com/paperbot/paperbot/data"
)

// Statuses of a Record.
const (
	Accepted = "accepted" // in the searchable set
	Queued   = "queued"   // waiting for an admin's Accept or Reject
	Rejected = "rejected" // kept so it is not considered again
)

// Record is what intake keeps of one arXiv paper it has seen, whatever it
// decided: the paper as it joins (or would join) the set, and the decision.
type Record struct {
	Paper      data.Paper `json:"paper"` // Source "arxiv", Added, Date, Abstract, Score, Reason set
	Version    int        `json:"version"`
	Updated    time.Time  `json:"updated"` // submission time of Version
	Categories []string   `json:"categories,omitempty"`
	Comment    string     `json:"comment,omitempty"`
	JournalRef string     `json:"journal_ref,omitempty"`
	DOI        string     `json:"doi,omitempty"`
	Status     string     `json:"status"`
	Decided    time.Time  `json:"decided"`              // when Status was last set
	DecidedBy  string     `json:"decided_by,omitempty"` // reader key of the admin, or "" for intake itself
}

// State is what intake remembers between harvests.
type State struct {
	LastHarvest time.Time `json:"last_harvest"` // when the last complete harvest ended
	Newest      time.Time `json:"newest"`       // newest submission date seen by it
	Harvests    int       `json:"harvests"`
	LastError   string    `json:"last_error,omitempty"`
}

// Store keeps intake's records and state. cmd wires store.DB.
type Store interface {
	IntakeState(ctx context.Context) (State, error)
	// IntakeRecords returns every record, oldest first.
	IntakeRecords(ctx context.Context) ([]Record, error)
	// IntakeRecord returns the record of an arXiv id; ok is false when there
	// is none.
	IntakeRecord(ctx context.Context, arxiv string) (rec Record, ok bool, err error)
	// SaveIntake puts records (replacing those with the same arXiv id) and,
	// when st is not nil, the state, in one transaction.
	SaveIntake(ctx context.Context, recs []Record, st *State) error
}
