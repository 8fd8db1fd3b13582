package etcdstore

import (
	"context"
	"testing"
	"time"

	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

// t0 is the test clock; whole seconds in UTC, as the store keeps them.
var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

// mustOpen opens a store on c under a prefix of its own, with opts'
// endpoints set to c's and a fixed clock at t0 unless opts has one.
func mustOpen(tb testing.TB, c *etcdtest.Cluster, opts Options) *DB {
	tb.Helper()
	opts.Endpoints = c.Endpoints()
	if opts.Prefix == "" {
		opts.Prefix = "test/" + tb.Name() + "/"
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
