package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
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
