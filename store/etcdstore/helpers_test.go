package etcdstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

// t0 is the test clock; whole seconds in UTC, as the store keeps them.
var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

// opened numbers the stores tests open, so each has a prefix of its own.
var opened atomic.Int64

// mustOpen opens a store on c under a prefix of its own, with opts'
// endpoints set to c's and a fixed clock at t0 unless opts has one.
func mustOpen(tb testing.TB, c *etcdtest.Cluster, opts Options) *DB {
	tb.Helper()
	opts.Endpoints = c.Endpoints()
	if opts.Prefix == "" {
		opts.Prefix = fmt.Sprintf("test/%s/%d/", tb.Name(), opened.Add(1))
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return t0 }
	}
	db, err := Open(context.Background(), opts)
	if err != nil {
		tb.Fatalf("Open(%v) = %v", opts.Endpoints, err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

func markRead(ids ...string) func(*bot.Reader) error {
	return func(r *bot.Reader) error {
		if r.Read == nil {
			r.Read = map[string]time.Time{}
		}
		for _, id := range ids {
			r.Read[id] = t0
		}
		return nil
	}
}
