package etcdstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/store"
)

// maxTxnRecords is how many intake records one transaction puts: etcd
// allows 128 operations a transaction by default (--max-txn-ops).
const maxTxnRecords = 100

// IntakeState returns what intake remembers between harvests; the zero
// State before the first one.
func (db *DB) IntakeState(ctx context.Context) (intake.State, error) {
	var st intake.State
	found, err := db.getJSON(ctx, db.keys.intakeState(), &st)
	if err != nil {
		return intake.State{}, fmt.Errorf("read intake state: %w", err)
	}
	if !found {
		return intake.State{}, nil
	}
	return st, nil
}

// IntakeRecords returns every paper intake has seen, oldest decision
// first, then by arXiv id.
func (db *DB) IntakeRecords(ctx context.Context) ([]intake.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []intake.Record
	err := db.scan(ctx, db.keys.papers(), func(k string, v []byte) error {
		var rec intake.Record
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("paper %s: corrupt record: %w", k, err)
		}
		out = append(out, rec)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read intake papers: %w", err)
	}
	store.SortIntakeRecords(out)
	return out, nil
}

// IntakeRecord returns the record of one arXiv id (without version).
func (db *DB) IntakeRecord(ctx context.Context, arxiv string) (intake.Record, bool, error) {
	var rec intake.Record
	found, err := db.getJSON(ctx, db.keys.paper(arxiv), &rec)
	if err != nil {
		return intake.Record{}, false, fmt.Errorf("read intake paper %s: %w", arxiv, err)
	}
	return rec, found, nil
}

// SaveIntake puts recs, keyed by arXiv id, and st when it is not nil. Up
// to 99 records go in one transaction with the state, as in the bbolt
// store; a longer list (a harvest's page may hold 200) is saved in
// transactions of 100, the state in the last, so a failure part way
// leaves whole records saved and the state as it was: the next harvest
// finds those records and decides the rest.
func (db *DB) SaveIntake(ctx context.Context, recs []intake.Record, st *intake.State) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var ops []clientv3.Op
	for i := range recs {
		id := recs[i].Paper.ArXiv
		if id == "" || len(id) > 64 {
			return fmt.Errorf("save intake: paper %q: bad arXiv id", id)
		}
		raw, err := json.Marshal(&recs[i])
		if err != nil {
			return fmt.Errorf("save intake: paper %s: %w", id, err)
		}
		ops = append(ops, clientv3.OpPut(db.keys.paper(id), string(raw)))
	}
	if st != nil {
		raw, err := json.Marshal(st)
		if err != nil {
			return fmt.Errorf("save intake: %w", err)
		}
		ops = append(ops, clientv3.OpPut(db.keys.intakeState(), string(raw)))
	}
	for len(ops) > 0 {
		n := min(len(ops), maxTxnRecords)
		if err := db.put(ctx, ops[:n]...); err != nil {
			return fmt.Errorf("save intake: %w", err)
		}
		ops = ops[n:]
	}
	return nil
}

// put commits ops in one transaction, fenced when db is.
func (db *DB) put(ctx context.Context, ops ...clientv3.Op) error {
	ctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	_, err := db.commit(ctx, nil, nil, ops...)
	return err
}

// getJSON reads the JSON value under k into v; found is false when there
// is none.
func (db *DB) getJSON(ctx context.Context, k string, v any) (found bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	ctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	start := time.Now()
	resp, err := db.cli.Get(ctx, k)
	db.observe("get", start, err)
	if err != nil {
		return false, err
	}
	if len(resp.Kvs) == 0 {
		return false, nil
	}
	return true, json.Unmarshal(resp.Kvs[0].Value, v)
}

// WatchPapers calls changed whenever intake's papers change (a harvest on
// the leader, an admin's decision on any replica), so every replica can
// rebuild its paper set. It calls it once at start and after a broken
// watch is opened again, in case a change fell before the watch. It
// returns when ctx ends.
func (db *DB) WatchPapers(ctx context.Context, changed func()) {
	changed()
	for ctx.Err() == nil {
		wctx, cancel := context.WithCancel(clientv3.WithRequireLeader(ctx))
		for resp := range db.cli.Watch(wctx, db.keys.papers(), clientv3.WithPrefix()) {
			if resp.Err() != nil {
				break
			}
			if len(resp.Events) > 0 {
				changed()
			}
		}
		cancel()
		if ctx.Err() != nil {
			return
		}
		db.log.Debug("etcd store: papers watch broke; watching again")
		select {
		case <-time.After(retryCampaign):
		case <-ctx.Done():
			return
		}
		changed()
	}
}
