// Package storetest is the behaviour suite every reader-store backend
// passes: the bbolt file (store) and etcd (store/etcdstore) run the same
// tests, so the two cannot drift apart. Only tests import it.
package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

// Store is the surface of a backend the bot uses: the core's bot.Store,
// the digest scheduler's and intake's needs, and the admin's counts.
type Store interface {
	bot.Store
	intake.Store
	RecordDigest(ctx context.Context, key string, fn func(*bot.Reader) error) (bot.Reader, error)
	Schedules(ctx context.Context, fn func(key string, sub bot.Subscription) error) error
	Subscribers(ctx context.Context, fn func(bot.Reader) error) error
	Count(ctx context.Context) (readers, subscribers int, err error)
	Stats(ctx context.Context, today, week time.Time, top int) (bot.Stats, error)
	Dump(ctx context.Context, fn func(store.Entry) error) error
	Load(ctx context.Context, entries []store.Entry) error
}

// Opener opens an empty store for the test t, with now as its clock, and
// closes it when t ends.
type Opener func(t *testing.T, now func() time.Time) Store

// InboxOf returns the durable inbox of a store an Opener made.
type InboxOf func(Store) bot.Inbox

// t0 is the tests' clock; whole seconds in UTC, as the stores keep them.
var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

// fixed is a clock stopped at t0.
func fixed() time.Time { return t0 }

// assertReader fails the test when got and want differ.
func assertReader(tb testing.TB, got, want bot.Reader) {
	tb.Helper()
	if !reflect.DeepEqual(got, want) {
		tb.Errorf("reader\n got %+v\nwant %+v", got, want)
	}
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

func subscribe(on bool) func(*bot.Reader) error {
	return func(r *bot.Reader) error {
		r.Sub.On, r.Sub.Time, r.Sub.Zone = on, "09:00", "Europe/Berlin"
		return nil
	}
}

// subscriberKeys returns the keys Subscribers visits, after checking that
// each visited reader is subscribed.
func subscriberKeys(tb testing.TB, db Store) []string {
	tb.Helper()
	var keys []string
	err := db.Subscribers(context.Background(), func(r bot.Reader) error {
		if !r.Sub.On {
			tb.Errorf("Subscribers visited %s with Sub.On false", r.Key)
		}
		keys = append(keys, r.Key)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return keys
}

func intakeRecord(id, status string) intake.Record {
	return intake.Record{
		Paper: data.Paper{ID: "arxiv-" + strings.ReplaceAll(id, ".", "-"), ArXiv: id, Title: "A paper " + id, Authors: []string{"A. Author"},
			Year: 2026, Topics: []string{"contrastive"}, Summary: data.Text{EN: "It learns."},
			Source: "arxiv", Added: "2026-11-27", Date: "2026-11-25", Score: 0.8,
			Reason: &data.Text{EN: "contrastive", ZH: "对比学习"}},
		Version: 1, Updated: t0, Status: status, Decided: t0,
	}
}
