package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

func testSchedulesFollowSubscriptions(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
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

func testRecordDigestLeavesLastSeen(t *testing.T, open Opener) {
	ctx := context.Background()
	now := t0
	db := open(t, func() time.Time { return now })
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
	if _, err := db.RecordDigest(ctx, "telegram:2", func(*bot.Reader) error { return nil }); !errors.Is(err, store.ErrNoReader) {
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

// A follower without a daily paper is in the index with On false, so the
// digest scheduler finds them; dropping the last follow takes them out.
func testFollowerIsIndexed(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	follow := func(r *bot.Reader) error {
		r.Follows = []bot.Follow{{Kind: bot.FollowQuery, Text: "masked image modeling", Since: t0}}
		return nil
	}
	if _, err := db.Update(ctx, "telegram:7", follow); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(ctx, "telegram:8", subscribe(true)); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	err := db.Schedules(ctx, func(key string, sub bot.Subscription) error {
		got[key] = sub.On
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]bool{"telegram:7": false, "telegram:8": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("schedules = %v, want %v", got, want)
	}
	if _, err := db.Update(ctx, "telegram:7", func(r *bot.Reader) error { r.Follows = nil; return nil }); err != nil {
		t.Fatal(err)
	}
	n := 0
	_ = db.Schedules(ctx, func(string, bot.Subscription) error { n++; return nil })
	if n != 1 {
		t.Errorf("after unfollowing, %d index entries; want 1", n)
	}
}

func testCountLeavesFollowersOut(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	if _, err := db.Update(ctx, "telegram:7", func(r *bot.Reader) error {
		r.Follows = []bot.Follow{{Kind: bot.FollowAuthor, Text: "Ada Lovelace", Since: t0}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(ctx, "telegram:8", subscribe(true)); err != nil {
		t.Fatal(err)
	}
	readers, subs, err := db.Count(ctx)
	if err != nil || readers != 2 || subs != 1 {
		t.Errorf("Count = %d readers, %d subscribers, %v; want 2 and 1", readers, subs, err)
	}
}

func testSubscribersFollowChanges(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	steps := []struct {
		key  string
		on   bool
		want []string
	}{
		{"telegram:1", true, []string{"telegram:1"}},
		{"slack:T1:C2", true, []string{"slack:T1:C2", "telegram:1"}},
		{"console:alice", false, []string{"slack:T1:C2", "telegram:1"}},
		{"telegram:1", false, []string{"slack:T1:C2"}},
		{"console:alice", true, []string{"console:alice", "slack:T1:C2"}},
		{"telegram:1", true, []string{"console:alice", "slack:T1:C2", "telegram:1"}},
		{"slack:T1:C2", false, []string{"console:alice", "telegram:1"}},
	}
	for i, s := range steps {
		if _, err := db.Update(ctx, s.key, subscribe(s.on)); err != nil {
			t.Fatal(err)
		}
		if got := subscriberKeys(t, db); !slices.Equal(got, s.want) {
			t.Errorf("step %d (%s on=%v): Subscribers visited %v, want %v", i, s.key, s.on, got, s.want)
		}
	}
	if r, s, _ := db.Count(ctx); r != 3 || s != 2 {
		t.Errorf("Count = %d readers, %d subscribers, want 3, 2", r, s)
	}
	errStop := errors.New("stop")
	calls := 0
	err := db.Subscribers(ctx, func(bot.Reader) error { calls++; return errStop })
	if err != errStop || calls != 1 {
		t.Errorf("Subscribers with failing fn: %d calls, %v; want 1 call, %v", calls, err, errStop)
	}
}

func testStatsCountsPeriodsTopPapersAndDigests(t *testing.T, open Opener) {
	var now time.Time
	db := open(t, func() time.Time { return now })
	today := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) // t0 is 09:30 that day
	week := today.AddDate(0, 0, -6)
	old := week.Add(-time.Hour)
	readers := []bot.Reader{
		{Key: "telegram:1", LastSeen: t0, Read: map[string]time.Time{"mocov2": t0, "simclr": week, "byol": old},
			Sub:     bot.Subscription{On: true, Time: "08:00", Zone: "UTC"},
			Digests: []bot.DigestEntry{{Day: "2026-03-01", Paper: "byol", State: "sent", At: t0}, {Day: "2026-02-20", Paper: "x", State: "failed", At: old}}},
		{Key: "slack:T1:U2", LastSeen: week, Read: map[string]time.Time{"mocov2": week},
			Digests: []bot.DigestEntry{{Day: "2026-02-27", Paper: "y", State: "failed", At: week}, {Day: "2026-02-28", Paper: "z", State: "sending", At: week}}},
		{Key: "console:old", LastSeen: old, Read: map[string]time.Time{"simclr": old}},
	}
	for _, r := range readers {
		now = r.LastSeen
		if _, err := db.Update(context.Background(), r.Key, func(s *bot.Reader) error { *s = r; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Stats(context.Background(), today, week, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Stats{Readers: 3, Subscribers: 1, ActiveToday: 1, ActiveWeek: 2, ReadsToday: 1, ReadsWeek: 3,
		TopPapers:   []bot.PaperReads{{ID: "mocov2", Reads: 2}, {ID: "simclr", Reads: 2}},
		DigestsSent: 1, DigestsFailed: 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats = %+v\nwant    %+v", got, want)
	}
	empty, err := open(t, fixed).Stats(context.Background(), today, week, 5)
	if err != nil || empty.Readers != 0 || empty.TopPapers == nil || len(empty.TopPapers) != 0 {
		t.Errorf("Stats of an empty store = %+v, %v; want zero counts and an empty list", empty, err)
	}
}
