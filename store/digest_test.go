package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

func TestSchedulesFollowSubscriptions(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	set := func(key string, sub bot.Subscription) {
		t.Helper()
		if _, err := db.Update(ctx, key, func(r *bot.Reader) error { r.Sub = sub; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	set("telegram:1", bot.Subscription{On: true, Time: "08:30", Zone: "Asia/Kathmandu", Frequency: "weekdays", Topic: "contrastive"})
	set("slack:T1:C2", bot.Subscription{On: true, Time: "21:05", Zone: "UTC+05:45", Frequency: "fri"})
	set("console:alice", bot.Subscription{On: false, Time: "07:00", Zone: "UTC"})
	got := map[string]bot.Subscription{}
	var order []string
	err := db.Schedules(ctx, func(key string, sub bot.Subscription) error {
		got[key] = sub
		order = append(order, key)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bot.Subscription{
		"telegram:1":  {On: true, Time: "08:30", Zone: "Asia/Kathmandu", Frequency: "weekdays"},
		"slack:T1:C2": {On: true, Time: "21:05", Zone: "UTC+05:45", Frequency: "fri"},
	}
	if len(got) != len(want) || !slices.Equal(order, []string{"slack:T1:C2", "telegram:1"}) {
		t.Fatalf("Schedules visited %v, want slack:T1:C2 then telegram:1", order)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("Schedules gave %s %+v, want %+v", k, got[k], w)
		}
	}

	// A change shows at once; fn may write to the store.
	err = db.Schedules(ctx, func(key string, sub bot.Subscription) error {
		_, err := db.Update(ctx, key, func(r *bot.Reader) error { r.Sub.Time = "06:00"; return nil })
		return err
	})
	if err != nil {
		t.Fatalf("Schedules with an updating fn = %v", err)
	}
	_ = db.Schedules(ctx, func(key string, sub bot.Subscription) error {
		if sub.Time != "06:00" {
			t.Errorf("after the change %s has time %q, want 06:00", key, sub.Time)
		}
		return nil
	})

	errStop := errors.New("stop")
	calls := 0
	if err := db.Schedules(ctx, func(string, bot.Subscription) error { calls++; return errStop }); err != errStop || calls != 1 {
		t.Errorf("Schedules with failing fn: %d calls, %v; want 1 call, %v", calls, err, errStop)
	}
}

func TestSchedulesSkipsCorruptIndexEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	ctx := context.Background()
	db := mustOpenAt(t, path, Options{})
	for _, key := range []string{"telegram:1", "telegram:2"} {
		if _, err := db.Update(ctx, key, subscribe(true)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	writeRaw(t, path, map[string]map[string]string{"subs": {"telegram:2": "\x01\x0508:0"}})
	db = mustOpenAt(t, path, Options{})
	var visited []string
	err := db.Schedules(ctx, func(key string, _ bot.Subscription) error { visited = append(visited, key); return nil })
	if err == nil || !strings.Contains(err.Error(), "telegram:2") || !slices.Equal(visited, []string{"telegram:1"}) {
		t.Errorf("Schedules visited %v and returned %v, want [telegram:1] and an error naming telegram:2", visited, err)
	}
}

func TestRecordDigestLeavesLastSeen(t *testing.T) {
	ctx := context.Background()
	now := t0
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "p.db"), Options{Now: func() time.Time { return now }})
	if _, err := db.Update(ctx, "telegram:1", subscribe(true)); err != nil {
		t.Fatal(err)
	}
	now = t0.Add(24 * time.Hour)
	entry := bot.DigestEntry{Day: "2026-03-02", Paper: "mocov2", State: bot.DigestSending, At: now}
	got, err := db.RecordDigest(ctx, "telegram:1", func(r *bot.Reader) error {
		r.Digests = append(r.Digests, entry)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := db.Get(ctx, "telegram:1")
	if !r.LastSeen.Equal(t0) || len(r.Digests) != 1 || !reflect.DeepEqual(r.Digests[0], entry) || !reflect.DeepEqual(got.Digests[0], entry) {
		t.Errorf("after RecordDigest: LastSeen %v (want %v), digests %+v", r.LastSeen, t0, r.Digests)
	}
	// Unsubscribing through it updates the index.
	if _, err := db.RecordDigest(ctx, "telegram:1", func(r *bot.Reader) error { r.Sub.On = false; return nil }); err != nil {
		t.Fatal(err)
	}
	if keys := subscriberKeys(t, db); len(keys) != 0 {
		t.Errorf("after unsubscribing, the index has %v", keys)
	}
	if _, err := db.RecordDigest(ctx, "telegram:2", func(*bot.Reader) error { return nil }); !errors.Is(err, ErrNoReader) {
		t.Errorf("RecordDigest for a missing reader = %v, want ErrNoReader", err)
	}
	if _, err := db.Get(ctx, "telegram:2"); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := db.Count(ctx); n != 1 {
		t.Errorf("RecordDigest created a reader: %d stored", n)
	}
	errStop := errors.New("stop")
	if _, err := db.RecordDigest(ctx, "telegram:1", func(r *bot.Reader) error { r.Lang = "zh"; return errStop }); err != errStop {
		t.Errorf("RecordDigest with a failing fn = %v", err)
	}
	if r, _ := db.Get(ctx, "telegram:1"); r.Lang != "" {
		t.Error("a failing fn's change was saved")
	}
}
