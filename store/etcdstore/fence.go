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

// commit runs a transaction of ops if cmps hold (and the fence, if any).
// ok is false when a compare failed; a failed fence is ErrFenced.
func (db *DB) commit(ctx context.Context, cmps []clientv3.Cmp, ops ...clientv3.Op) (ok bool, err error) {
	var orElse []clientv3.Op
	if f := db.fence; f != nil {
		cmps = append(cmps, clientv3.Compare(clientv3.CreateRevision(f.key), "=", f.rev))
		orElse = append(orElse, clientv3.OpGet(f.key))
	}
	start := time.Now()
	resp, err := db.cli.Txn(ctx).If(cmps...).Then(ops...).Else(orElse...).Commit()
	db.observe("txn", start, err)
	if err != nil {
		return false, err
	}
	if resp.Succeeded {
		return true, nil
	}
	if f := db.fence; f != nil {
		kvs := resp.Responses[0].GetResponseRange().Kvs
		if len(kvs) == 0 || kvs[0].CreateRevision != f.rev {
			return false, ErrFenced
		}
	}
	return false, nil
}
