package etcdstore

import (
	"context"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// fence is a leader's election key and its create revision: a fenced
// write commits only while that key still exists as created, that is,
// while the leadership it was made under lasts.
type fence struct {
	key string
	rev int64
}

// Fenced returns a DB whose every write also requires the election key
// key to exist with create revision rev; once it does not, writes fail
// with ErrFenced. It shares db's connection and is not closed on its own.
func (db *DB) Fenced(key string, rev int64) *DB {
	c := *db
	c.fence = &fence{key: key, rev: rev}
	c.owned = false
	return &c
}

// guard is a key a transaction requires to exist as created (create
// revision rev); err is the transaction's error when it does not.
type guard struct {
	key string
	rev int64
	err error
}

// commit runs a transaction of ops if cmps hold, and the fence and
// guards, if any. ok is false when a compare of cmps failed; a failed
// fence is ErrFenced and a failed guard its err.
func (db *DB) commit(ctx context.Context, cmps []clientv3.Cmp, guards []guard, ops ...clientv3.Op) (ok bool, err error) {
	if f := db.fence; f != nil {
		guards = append([]guard{{key: f.key, rev: f.rev, err: ErrFenced}}, guards...)
	}
	for _, g := range guards {
		cmps = append(cmps, clientv3.Compare(clientv3.CreateRevision(g.key), "=", g.rev))
	}
	start := time.Now()
	resp, err := db.cli.Txn(ctx).If(cmps...).Then(ops...).Else(guardGets(guards)...).Commit()
	db.observe("txn", start, err)
	if err != nil {
		return false, err
	}
	if resp.Succeeded {
		return true, nil
	}
	for i, g := range guards {
		if guardFailed(g, resp.Responses[i]) {
			return false, g.err
		}
	}
	return false, nil
}
