package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/store"
)

// Run runs every behaviour test of the suite against stores that open
// makes, each test in a store of its own, their inboxes reached through
// inbox.
func Run(t *testing.T, open Opener, inbox InboxOf) {
	tests := []struct {
		name string
		run  func(*testing.T, Opener)
	}{
		{"RoundTripEveryField", testRoundTripEveryField},
		{"FirstAndLastSeen", testFirstAndLastSeen},
		{"GetMissing", testGetMissing},
		{"ReadersAreSeparate", testReadersAreSeparate},
		{"BadKeys", testBadKeys},
		{"FnErrorSavesNothing", testFnErrorSavesNothing},
		{"CancelledContext", testCancelledContext},
		{"DigestsTrimmed", testDigestsTrimmed},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"SchedulesFollowSubscriptions", testSchedulesFollowSubscriptions},
		{"RecordDigestLeavesLastSeen", testRecordDigestLeavesLastSeen},
		{"IntakeRecordsPersist", testIntakeRecordsPersist},
		{"FollowerIsIndexed", testFollowerIsIndexed},
		{"CountLeavesFollowersOut", testCountLeavesFollowersOut},
		{"SubscribersFollowChanges", testSubscribersFollowChanges},
		{"StatsCountsPeriodsTopPapersAndDigests", testStatsCountsPeriodsTopPapersAndDigests},
		{"IntakeSavesALongPage", testIntakeSavesALongPage},
		{"DumpLoadCopiesEverything", testDumpLoadCopiesEverything},
		{"LoadRefusesDamage", testLoadRefusesDamage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
	for _, tt := range inboxTests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open, inbox) })
	}
}

func testRoundTripEveryField(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	want := bot.Reader{
		Key:       "slack:T1:U2",
		Lang:      "zh",
		FirstSeen: t0,
		LastSeen:  t0,
		Read:      map[string]time.Time{"p1505-05192": at(1), "p2002-05709": at(2)},
		Saved:     map[string]time.Time{"p1911-05722": at(3)},
		Dismissed: map[string]time.Time{"p2006-07733": at(4)},
		Sub: bot.Subscription{On: true, Time: "08:15", Zone: "UTC+05:45", Frequency: "mon",
			Topic: "contrastive", By: "slack:T1:U9", Since: at(5)},
		Digests: []bot.DigestEntry{{Day: "2026-03-01", Paper: "p1505-05192", State: "sent", At: at(6)},
			{Day: "2026-03-02", Paper: "p2002-05709", State: "failed", At: at(7)}},
		Path: "masked-image-modeling",
	}
	got, err := db.Update(ctx, want.Key, func(r *bot.Reader) error {
		first := r.FirstSeen
		*r = want
		r.Key, r.FirstSeen, r.LastSeen = "", first, time.Time{}
		r.Read = map[string]time.Time{"p1505-05192": at(1).In(time.Local).Add(time.Millisecond)}
		r.Read["p2002-05709"] = at(2)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	assertReader(t, got, want)
	got, err = db.Get(ctx, want.Key)
	if err != nil {
		t.Fatal(err)
	}
	assertReader(t, got, want)
}

func testFirstAndLastSeen(t *testing.T, open Opener) {
	ctx := context.Background()
	now := t0
	db := open(t, func() time.Time { return now })
	if _, err := db.Update(ctx, "console:alice", markRead("p1")); err != nil {
		t.Fatal(err)
	}
	now = t0.Add(time.Hour)
	r, err := db.Update(ctx, "console:alice", markRead("p2"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.FirstSeen.Equal(t0) || !r.LastSeen.Equal(now) {
		t.Errorf("FirstSeen, LastSeen = %v, %v, want %v, %v", r.FirstSeen, r.LastSeen, t0, now)
	}
}

func testGetMissing(t *testing.T, open Opener) {
	got, err := open(t, fixed).Get(context.Background(), "telegram:404")
	if err != nil {
		t.Fatal(err)
	}
	assertReader(t, got, bot.Reader{Key: "telegram:404"})
}

func testReadersAreSeparate(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	a, err := db.Update(ctx, "telegram:1", markRead("pa"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(ctx, "telegram:2", markRead("pb")); err != nil {
		t.Fatal(err)
	}
	a.Read["mutated"] = t0 // the returned copy must not alias stored data
	for key, want := range map[string]string{"telegram:1": "pa", "telegram:2": "pb"} {
		r, err := db.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Read) != 1 || r.Read[want].IsZero() {
			t.Errorf("Get(%q).Read = %v, want only %s", key, r.Read, want)
		}
	}
}

func testBadKeys(t *testing.T, open Opener) {
	tests := []struct {
		name, key string
		ok        bool
	}{
		{"platform and id", "telegram:123", true},
		{"workspace", "slack:T1:U2", true},
		{"unicode id", "console:ålice", true},
		{"max length", "x:" + strings.Repeat("a", 198), true},
		{"empty", "", false},
		{"no id", "telegram", false},
		{"empty id", "telegram:", false},
		{"empty platform", ":123", false},
		{"empty middle", "slack::U2", false},
		{"four parts", "slack:T1:U2:x", false},
		{"space", "console:al ice", false},
		{"tab", "console:al\tice", false},
		{"newline", "console:alice\n", false},
		{"nul", "console:a\x00", false},
		{"bad utf-8", "console:\xff", false},
		{"too long", "x:" + strings.Repeat("a", 199), false},
	}
	ctx := context.Background()
	db := open(t, fixed)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Update(ctx, tt.key, markRead("p1"))
			if got := err == nil; got != tt.ok || (err != nil && !errors.Is(err, bot.ErrBadKey)) {
				t.Errorf("Update(%q) = %v, want ok=%v", tt.key, err, tt.ok)
			}
			if _, err := db.Get(ctx, tt.key); (err == nil) != tt.ok {
				t.Errorf("Get(%q) = %v, want ok=%v", tt.key, err, tt.ok)
			}
		})
	}
}

func testFnErrorSavesNothing(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	if _, err := db.Update(ctx, "telegram:1", markRead("p1")); err != nil {
		t.Fatal(err)
	}
	want, _ := db.Get(ctx, "telegram:1")
	errNope := errors.New("nope")
	fail := func(r *bot.Reader) error {
		_ = markRead("p2")(r)
		_ = subscribe(true)(r)
		return fmt.Errorf("wrapped: %w", errNope)
	}
	for _, key := range []string{"telegram:1", "telegram:2"} {
		t.Run(key, func(t *testing.T) {
			if _, err := db.Update(ctx, key, fail); !errors.Is(err, errNope) || err.Error() != "wrapped: nope" {
				t.Errorf("Update(%q) error = %v, want fn's error unchanged", key, err)
			}
		})
	}
	got, _ := db.Get(ctx, "telegram:1")
	assertReader(t, got, want)
	if r, s, _ := db.Count(ctx); r != 1 || s != 0 {
		t.Errorf("Count = %d readers, %d subscribers, want 1, 0", r, s)
	}
}

func testCancelledContext(t *testing.T, open Opener) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	db := open(t, fixed)
	if _, err := db.Update(ctx, "telegram:1", markRead("p1")); !errors.Is(err, context.Canceled) {
		t.Errorf("Update with cancelled ctx = %v, want context.Canceled", err)
	}
	if r, _, _ := db.Count(context.Background()); r != 0 {
		t.Errorf("Count = %d readers after a cancelled Update, want 0", r)
	}
}

func testDigestsTrimmed(t *testing.T, open Opener) {
	db := open(t, fixed)
	r, err := db.Update(context.Background(), "telegram:1", func(r *bot.Reader) error {
		for i := range bot.MaxDigests + 5 {
			r.Digests = append(r.Digests, bot.DigestEntry{Day: fmt.Sprint(i), Paper: "p", State: "sent"})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Digests) != bot.MaxDigests || r.Digests[0].Day != "5" {
		t.Errorf("kept %d digests starting at day %s, want %d starting at 5",
			len(r.Digests), r.Digests[0].Day, bot.MaxDigests)
	}
}

// TestConcurrentUpdates has 64 goroutines mark papers for 8 readers at
// once, one of them failing every time, and checks every mark was kept.
func testConcurrentUpdates(t *testing.T, open Opener) {
	const workers, each, readers = 64, 20, 8
	ctx := context.Background()
	db := open(t, fixed)
	errBoom := errors.New("boom")
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			key := fmt.Sprintf("telegram:%d", w%readers)
			for i := range each {
				if _, err := db.Update(ctx, key, markRead(fmt.Sprintf("w%d-%d", w, i))); err != nil {
					t.Errorf("Update(%q) = %v", key, err)
				}
				if w == 0 {
					if _, err := db.Update(ctx, key, func(*bot.Reader) error { return errBoom }); err != errBoom {
						t.Errorf("failing Update(%q) = %v, want %v", key, err, errBoom)
					}
				}
			}
		})
	}
	wg.Wait()
	total := 0
	for i := range readers {
		r, err := db.Get(ctx, fmt.Sprintf("telegram:%d", i))
		if err != nil {
			t.Fatal(err)
		}
		total += len(r.Read)
	}
	if total != workers*each {
		t.Errorf("%d papers marked read, want %d", total, workers*each)
	}
}

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

func testIntakeRecordsPersist(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	if st, err := db.IntakeState(ctx); err != nil || !st.LastHarvest.IsZero() {
		t.Fatalf("state of a new store = %+v, %v; want zero", st, err)
	}
	st := intake.State{LastHarvest: t0, Newest: t0.Add(-time.Hour), Harvests: 1}
	recs := []intake.Record{intakeRecord("2611.00001", intake.Accepted), intakeRecord("2611.00002", intake.Queued)}
	if err := db.SaveIntake(ctx, recs, &st); err != nil {
		t.Fatal(err)
	}
	got, err := db.IntakeRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got[0].Paper, recs[0].Paper) || got[1].Status != intake.Queued {
		t.Errorf("records read back = %+v", got)
	}
	gst, err := db.IntakeState(ctx)
	if err != nil || !gst.LastHarvest.Equal(st.LastHarvest) || gst.Harvests != 1 {
		t.Errorf("state read back = %+v, %v", gst, err)
	}
	one, ok, err := db.IntakeRecord(ctx, "2611.00002")
	if err != nil || !ok || one.Paper.ID != "arxiv-2611-00002" {
		t.Errorf("IntakeRecord = %+v, %v, %v", one, ok, err)
	}
	if _, ok, err := db.IntakeRecord(ctx, "2611.09999"); err != nil || ok {
		t.Errorf("IntakeRecord of an unknown id = %v, %v; want not found", ok, err)
	}
	// a record without an arXiv id stops the whole save
	bad := intakeRecord("2611.00003", intake.Accepted)
	bad.Paper.ArXiv = ""
	if err := db.SaveIntake(ctx, []intake.Record{intakeRecord("2611.00004", intake.Accepted), bad}, nil); err == nil {
		t.Fatal("SaveIntake took a record without an arXiv id")
	}
	if _, ok, _ := db.IntakeRecord(ctx, "2611.00004"); ok {
		t.Error("a failed SaveIntake stored part of its records")
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

// A harvest's page may hold hundreds of records (arXiv pages of 200 and
// more); every one is saved with the state.
func testIntakeSavesALongPage(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	var recs []intake.Record
	for i := range 250 {
		recs = append(recs, intakeRecord(fmt.Sprintf("2611.%05d", i), intake.Rejected))
	}
	st := intake.State{LastHarvest: t0, Harvests: 3}
	if err := db.SaveIntake(ctx, recs, &st); err != nil {
		t.Fatal(err)
	}
	got, err := db.IntakeRecords(ctx)
	if err != nil || len(got) != len(recs) {
		t.Fatalf("IntakeRecords = %d records, %v; want %d", len(got), err, len(recs))
	}
	for i := range got {
		if got[i].Paper.ArXiv != recs[i].Paper.ArXiv {
			t.Fatalf("record %d is %s, want %s (by arXiv id)", i, got[i].Paper.ArXiv, recs[i].Paper.ArXiv)
		}
	}
	if gst, err := db.IntakeState(ctx); err != nil || gst.Harvests != 3 {
		t.Errorf("state = %+v, %v; want 3 harvests", gst, err)
	}
}

// A dump loaded into an empty store gives the same readers, schedules and
// intake, value for value.
func testDumpLoadCopiesEverything(t *testing.T, open Opener) {
	ctx := context.Background()
	src := open(t, fixed)
	for _, key := range []string{"telegram:1", "slack:T1:U2", "console:ann"} {
		if _, err := src.Update(ctx, key, markRead("p-"+key)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := src.Update(ctx, "telegram:1", subscribe(true)); err != nil {
		t.Fatal(err)
	}
	st := intake.State{LastHarvest: t0, Harvests: 2}
	if err := src.SaveIntake(ctx, []intake.Record{intakeRecord("2611.00001", intake.Queued)}, &st); err != nil {
		t.Fatal(err)
	}
	var entries []store.Entry
	if err := src.Dump(ctx, func(e store.Entry) error { entries = append(entries, e); return nil }); err != nil {
		t.Fatal(err)
	}
	dst := open(t, fixed)
	if err := dst.Load(ctx, entries); err != nil {
		t.Fatal(err)
	}
	var again []store.Entry
	if err := dst.Dump(ctx, func(e store.Entry) error { again = append(again, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, entries) {
		t.Errorf("dump of the copy differs:\n got %v\nwant %v", again, entries)
	}
	for _, key := range []string{"telegram:1", "slack:T1:U2", "console:ann"} {
		a, _ := src.Get(ctx, key)
		b, err := dst.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		assertReader(t, b, a)
	}
	if keys := subscriberKeys(t, dst); !slices.Equal(keys, []string{"telegram:1"}) {
		t.Errorf("copy's subscribers = %v, want [telegram:1]", keys)
	}
	if got, err := dst.IntakeState(ctx); err != nil || got.Harvests != 2 {
		t.Errorf("copy's intake state = %+v, %v", got, err)
	}
	if _, ok, err := dst.IntakeRecord(ctx, "2611.00001"); !ok || err != nil {
		t.Errorf("copy lacks the intake record: %v, %v", ok, err)
	}
}

// A copy with a record that does not decode, a bad key or an unknown
// bucket loads nothing.
func testLoadRefusesDamage(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, fixed)
	good := store.Entry{Bucket: "readers", Key: "telegram:1", Value: store.EncodeReader(&bot.Reader{Key: "telegram:1", Lang: "en"})}
	for _, bad := range []store.Entry{
		{Bucket: "readers", Key: "telegram:2", Value: []byte{9, 9, 9}},
		{Bucket: "readers", Key: "no key", Value: good.Value},
		{Bucket: "secrets", Key: "x", Value: []byte("y")},
	} {
		if err := db.Load(ctx, []store.Entry{good, bad}); err == nil {
			t.Errorf("Load with %s/%q succeeded", bad.Bucket, bad.Key)
		}
	}
	if n, _, err := db.Count(ctx); err != nil || n != 0 {
		t.Errorf("after refused loads %d readers are stored (%v), want 0", n, err)
	}
}
