package storetest

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/store"
)

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
