package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot/intake"
)

var _ intake.Store = (*DB)(nil)

// Keys of the intake bucket.
var intakeStateKey = []byte("state")

// IntakeState returns what intake remembers between harvests; the zero
// State before the first one.
func (db *DB) IntakeState(ctx context.Context) (intake.State, error) {
	var st intake.State
	if err := ctx.Err(); err != nil {
		return st, err
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(intakeBucket).Get(intakeStateKey)
		if raw == nil {
			return nil
		}
		return json.Unmarshal(raw, &st)
	})
	if err != nil {
		return intake.State{}, fmt.Errorf("read intake state: %w", err)
	}
	return st, nil
}

// IntakeRecords returns every paper intake has seen, in the order it saw
// them (oldest decision first, then arXiv id).
func (db *DB) IntakeRecords(ctx context.Context) ([]intake.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []intake.Record
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(papersBucket).ForEach(func(k, v []byte) error {
			var rec intake.Record
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("paper %s: corrupt record: %w", k, err)
			}
			out = append(out, rec)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read intake papers: %w", err)
	}
	SortIntakeRecords(out)
	return out, nil
}

// SortIntakeRecords puts records in the order IntakeRecords returns them:
// by the day they were added, keeping the order of records added the
// same day (arXiv id, as every backend lists them).
func SortIntakeRecords(recs []intake.Record) {
	slices.SortStableFunc(recs, func(a, b intake.Record) int {
		return cmp.Compare(a.Paper.Added, b.Paper.Added)
	})
}

// IntakeRecord returns the record of one arXiv id (without version).
func (db *DB) IntakeRecord(ctx context.Context, arxiv string) (intake.Record, bool, error) {
	var rec intake.Record
	if err := ctx.Err(); err != nil {
		return rec, false, err
	}
	found := false
	err := db.bolt.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(papersBucket).Get([]byte(arxiv))
		if raw == nil {
			return nil
		}
		found = true
		return json.Unmarshal(raw, &rec)
	})
	if err != nil {
		return intake.Record{}, false, fmt.Errorf("read intake paper %s: %w", arxiv, err)
	}
	return rec, found, nil
}

// SaveIntake puts recs, keyed by arXiv id, and st when it is not nil, in
// one transaction: a harvest's page is stored whole or not at all.
func (db *DB) SaveIntake(ctx context.Context, recs []intake.Record, st *intake.State) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(papersBucket)
		for i := range recs {
			id := recs[i].Paper.ArXiv
			if id == "" || len(id) > 64 {
				return fmt.Errorf("paper %q: bad arXiv id", id)
			}
			raw, err := json.Marshal(&recs[i])
			if err != nil {
				return fmt.Errorf("paper %s: %w", id, err)
			}
			if err := b.Put([]byte(id), raw); err != nil {
				return fmt.Errorf("paper %s: %w", id, err)
			}
		}
		if st == nil {
			return nil
		}
		raw, err := json.Marshal(st)
		if err != nil {
			return err
		}
		return tx.Bucket(intakeBucket).Put(intakeStateKey, raw)
	})
	if err != nil {
		return fmt.Errorf("save intake: %w", err)
	}
	return nil
}
