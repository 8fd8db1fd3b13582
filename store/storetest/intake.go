package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot/intake"
)

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
