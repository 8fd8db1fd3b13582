package etcdstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

// pageSize is how many keys one range read returns; a walk reads page
// after page at one revision, so it sees one moment of the store.
const pageSize = 1000

// scan calls fn for each key under prefix (without the prefix) and its
// value, in key order, as of one revision. Each page has its own deadline.
func (db *DB) scan(ctx context.Context, prefix string, fn func(k string, v []byte) error) error {
	return db.scanAt(ctx, prefix, 0, fn)
}

// scanAt is scan as of revision rev (the newest when 0).
func (db *DB) scanAt(ctx context.Context, prefix string, rev int64, fn func(k string, v []byte) error) error {
	from, end := prefix, clientv3.GetPrefixRangeEnd(prefix)
	for {
		resp, err := db.page(ctx, from, end, rev)
		if err != nil {
			return err
		}
		rev = resp.Header.Revision
		for _, kv := range resp.Kvs {
			if err := fn(strings.TrimPrefix(string(kv.Key), prefix), kv.Value); err != nil {
				return err
			}
		}
		if !resp.More || len(resp.Kvs) == 0 {
			return nil
		}
		from = string(resp.Kvs[len(resp.Kvs)-1].Key) + "\x00"
	}
}

// page reads up to pageSize keys in [from, end) at rev (the newest when
// 0).
func (db *DB) page(ctx context.Context, from, end string, rev int64) (*clientv3.GetResponse, error) {
	ctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	opts := []clientv3.OpOption{clientv3.WithRange(end), clientv3.WithLimit(pageSize)}
	if rev > 0 {
		opts = append(opts, clientv3.WithRev(rev))
	}
	start := time.Now()
	resp, err := db.cli.Get(ctx, from, opts...)
	db.observe("scan", start, err)
	return resp, err
}

// Schedules calls fn for every reader who listens (daily paper on, or
// following new papers) with the schedule kept in the subscription index,
// in key order, as store.DB.Schedules does. The index is read first, so
// fn may call Update. An entry that does not decode is skipped and
// reported at the end.
func (db *DB) Schedules(ctx context.Context, fn func(key string, sub bot.Subscription) error) error {
	return store.EachSchedule(ctx, func(visit func(key string, index []byte)) error {
		return db.scan(ctx, db.keys.subs(), func(k string, v []byte) error {
			visit(k, v)
			return nil
		})
	}, fn)
}

// Subscribers calls fn for every reader whose daily paper is on, in key
// order, each loaded just before fn sees it. A record that does not
// decode is skipped and reported at the end.
func (db *DB) Subscribers(ctx context.Context, fn func(bot.Reader) error) error {
	var keys []string
	err := db.scan(ctx, db.keys.subs(), func(k string, _ []byte) error {
		keys = append(keys, k)
		return nil
	})
	if err != nil {
		return fmt.Errorf("list subscribers: %w", err)
	}
	return store.EachSubscriber(ctx, keys, db.Get, fn)
}

// Count returns how many readers are stored and how many of them are
// subscribed.
func (db *DB) Count(ctx context.Context) (readers, subscribers int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	readers, err = db.countKeys(ctx, db.keys.readers())
	if err == nil {
		subscribers, err = db.countSubscribers(ctx)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("count readers: %w", err)
	}
	return readers, subscribers, nil
}

// countKeys counts the keys under prefix without reading them.
func (db *DB) countKeys(ctx context.Context, prefix string) (int, error) {
	ctx, cancel := db.opCtx(ctx, 0)
	defer cancel()
	start := time.Now()
	resp, err := db.cli.Get(ctx, prefix, clientv3.WithPrefix(), clientv3.WithCountOnly())
	db.observe("count", start, err)
	if err != nil {
		return 0, err
	}
	return int(resp.Count), nil
}

// countSubscribers counts the index entries of readers whose daily paper
// is on.
func (db *DB) countSubscribers(ctx context.Context) (int, error) {
	n := 0
	err := db.scan(ctx, db.keys.subs(), func(_ string, v []byte) error {
		if store.IndexSubscribed(v) {
			n++
		}
		return nil
	})
	return n, err
}

// Stats reads every reader once and counts what an admin's /stats shows,
// as store.DB.Stats does. A record that does not decode fails the count
// with an error naming its key.
func (db *DB) Stats(ctx context.Context, today, week time.Time, top int) (bot.Stats, error) {
	if err := ctx.Err(); err != nil {
		return bot.Stats{}, err
	}
	subs, err := db.countSubscribers(ctx)
	if err != nil {
		return bot.Stats{}, fmt.Errorf("count reader stats: %w", err)
	}
	t := store.NewTally(today, week)
	err = db.scan(ctx, db.keys.readers(), func(k string, v []byte) error {
		r, err := store.DecodeReader(k, v)
		if err != nil {
			return fmt.Errorf("reader %s: %w", k, err)
		}
		t.Add(&r)
		return nil
	})
	if err != nil {
		return bot.Stats{}, fmt.Errorf("count reader stats: %w", err)
	}
	return t.Stats(subs, top), nil
}
