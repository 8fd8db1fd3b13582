package store

import (
	"context"
	"encoding/binary"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/data"
)

func intakeRecord(id, status string) intake.Record {
	return intake.Record{
		Paper: data.Paper{ID: "arxiv-" + strings.ReplaceAll(id, ".", "-"), ArXiv: id, Title: "A paper " + id, Authors: []string{"A. Author"},
			Year: 2026, Topics: []string{"contrastive"}, Summary: data.Text{EN: "It learns."},
			Source: "arxiv", Added: "2026-11-27", Date: "2026-11-25", Score: 0.8,
			Reason: &data.Text{EN: "contrastive", ZH: "对比学习"}},
		Version: 1, Updated: t0, Status: status, Decided: t0,
	}
}

func TestIntakeRecordsPersist(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "paperbot.db")
	db := mustOpenAt(t, path, Options{})
	if st, err := db.IntakeState(ctx); err != nil || !st.LastHarvest.IsZero() {
		t.Fatalf("state of a new store = %+v, %v; want zero", st, err)
	}
	st := intake.State{LastHarvest: t0, Newest: t0.Add(-time.Hour), Harvests: 1}
	recs := []intake.Record{intakeRecord("2611.00001", intake.Accepted), intakeRecord("2611.00002", intake.Queued)}
	if err := db.SaveIntake(ctx, recs, &st); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpenAt(t, path, Options{})
	got, err := db.IntakeRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got[0].Paper, recs[0].Paper) || got[1].Status != intake.Queued {
		t.Errorf("records after reopen = %+v", got)
	}
	gst, err := db.IntakeState(ctx)
	if err != nil || !gst.LastHarvest.Equal(st.LastHarvest) || gst.Harvests != 1 {
		t.Errorf("state after reopen = %+v, %v", gst, err)
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
func TestFollowerIsIndexed(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
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

// Records written by an older paperbot (format 1: no digests' New, no
// follows) and old index entries still read.
func TestReadsFormat1(t *testing.T) {
	r := sampleReader()
	r.Follows = nil
	for i := range r.Digests {
		r.Digests[i].New = nil
	}
	v1 := encodeFormat1(&r)
	got, err := decodeReader(r.Key, v1)
	if err != nil {
		t.Fatal(err)
	}
	assertReader(t, got, canonical(&r))
	sub, err := decodeIndex([]byte{1, 5, '0', '8', ':', '0', '0', 3, 'U', 'T', 'C', 0})
	if err != nil || !sub.On || sub.Time != "08:00" || sub.Zone != "UTC" {
		t.Errorf("format 1 index entry = %+v, %v", sub, err)
	}
}

// encodeFormat1 writes r as paperbot wrote readers before intake.
func encodeFormat1(r *bot.Reader) []byte {
	b := []byte{1}
	b = appendString(b, r.Lang)
	b = appendTime(appendTime(b, r.FirstSeen), r.LastSeen)
	b = appendTimes(appendTimes(appendTimes(b, r.Read), r.Saved), r.Dismissed)
	b = append(b, 1)
	s := r.Sub
	for _, f := range []string{s.Time, s.Zone, s.Frequency, s.Topic, s.By} {
		b = appendString(b, f)
	}
	b = appendTime(b, s.Since)
	b = binary.AppendUvarint(b, uint64(len(r.Digests)))
	for _, d := range r.Digests {
		b = appendTime(appendString(appendString(appendString(b, d.Day), d.Paper), d.State), d.At)
	}
	return appendString(b, r.Path)
}

// A version 2 file gains the intake buckets and keeps its readers.
func TestMigrateFromVersion2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	r := sampleReader()
	r.Follows = nil
	for i := range r.Digests {
		r.Digests[i].New = nil
	}
	writeRaw(t, path, map[string]map[string]string{
		"meta":    {"version": "2"},
		"readers": {r.Key: string(encodeFormat1(&r))},
		"subs":    {r.Key: string([]byte{1, 5, '0', '8', ':', '1', '5', 0, 0})},
	})
	db := mustOpenAt(t, path, Options{})
	if v := rawVersion(t, db); v != strconv.Itoa(schemaVersion) {
		t.Errorf("version after Open = %q, want %d", v, schemaVersion)
	}
	got, err := db.Get(context.Background(), r.Key)
	if err != nil {
		t.Fatal(err)
	}
	assertReader(t, got, canonical(&r))
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		if tx.Bucket(papersBucket) == nil || tx.Bucket(intakeBucket) == nil {
			t.Error("intake buckets missing after the migration")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestCountLeavesFollowersOut(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
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
