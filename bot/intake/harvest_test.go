package intake_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/intake/intaketest"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

var t0 = time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)

var embedded = sync.OnceValues(func() (*recommend.Engine, error) {
	set, err := data.Embedded()
	if err != nil {
		return nil, err
	}
	return recommend.New(set), nil
})

// rig is a Harvester over a real store file, publishing into an engine it
// keeps, as cmd wires them.
type rig struct {
	t         testing.TB
	path      string
	db        *store.DB
	h         *intake.Harvester
	mu        sync.Mutex
	eng       *recommend.Engine
	published int
	notified  []intake.Record
	opts      intake.Options
}

func newRig(t testing.TB, o intake.Options) *rig {
	t.Helper()
	r := &rig{t: t, path: filepath.Join(t.TempDir(), "paperbot.db"), opts: o}
	r.open()
	t.Cleanup(func() { r.db.Close() })
	return r
}

func (r *rig) open() {
	r.t.Helper()
	db, err := store.Open(r.path, store.Options{Timeout: time.Second})
	if err != nil {
		r.t.Fatal(err)
	}
	r.db = db
	base, err := embedded()
	if err != nil {
		r.t.Fatal(err)
	}
	r.eng = base
	o := r.opts
	o.Store = db
	o.Logger = slog.New(slog.DiscardHandler)
	o.Engine = func() *recommend.Engine { r.mu.Lock(); defer r.mu.Unlock(); return r.eng }
	o.Publish = intaketest.Publisher(db, base.Set(), func(e *recommend.Engine) {
		r.mu.Lock()
		r.eng = e
		r.published++
		r.mu.Unlock()
	})
	o.Notify = func(_ context.Context, q []intake.Record) { r.notified = append(r.notified, q...) }
	r.h = intake.New(o)
	if err := o.Publish(context.Background()); err != nil { // as at start
		r.t.Fatal(err)
	}
	r.published = 0
}

func (r *rig) reopen() {
	r.t.Helper()
	if err := r.db.Close(); err != nil {
		r.t.Fatal(err)
	}
	r.open()
}

// sslPaper is a self-supervised vision paper whose title names its version.
func sslPaper(id string, version int, at time.Time) intake.Entry {
	return intaketest.SSL(id, fmt.Sprintf("Contrastive Views Revisited (v%d)", version), version, at)
}

func TestHarvestDecidesStoresAndPublishes(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, intake.Options{})
	rep, err := r.h.Run(ctx, intaketest.Pages(-1,
		[]intake.Entry{sslPaper("2611.00001", 1, t0.Add(-time.Hour)), intaketest.Speech("2611.00002", t0.Add(-2*time.Hour))},
		[]intake.Entry{sslPaper("2611.00003", 1, t0.Add(-3*time.Hour))}), t0, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Fetched != 3 || len(rep.Accepted) != 2 || len(rep.Rejected) != 1 || rep.Rejected[0].ArXiv != "2611.00002" {
		t.Fatalf("report = %+v", rep)
	}
	if want := t0.Add(-intake.DefaultLookback); !rep.Since.Equal(want) {
		t.Errorf("first window starts %v, want the lookback %v", rep.Since, want)
	}
	if r.published != 1 {
		t.Errorf("published %d times, want once", r.published)
	}
	p := r.eng.Set().ByArXiv("2611.00001")
	if p == nil || p.Source != "arxiv" || p.Added != "2026-11-27" || p.Reason == nil || p.Reason.EN == "" {
		t.Fatalf("accepted paper in the set = %+v", p)
	}
	if hits := r.eng.Search("contrastive views revisited", 3); len(hits) == 0 || hits[0].Paper.Source != "arxiv" {
		t.Errorf("search does not find the accepted paper first: %v", hits)
	}
	if r.eng.Set().ByArXiv("2611.00002") != nil {
		t.Error("the rejected speech paper is in the set")
	}
	// Accepted papers survive a restart; the next window starts a few days
	// before the newest paper seen.
	r.reopen()
	if r.eng.Set().ByArXiv("2611.00003") == nil {
		t.Error("accepted paper lost across a restart")
	}
	rep, err = r.h.Run(ctx, intaketest.Pages(-1), t0.Add(24*time.Hour), false)
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(-time.Hour - intake.DefaultOverlap); !rep.Since.Equal(want) {
		t.Errorf("second window starts %v, want %v", rep.Since, want)
	}
}

// The same feed twice adds nothing; a later version refreshes the paper
// and is not announced again.
func TestHarvestVersionsAndRepeats(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, intake.Options{})
	feed := []intake.Entry{sslPaper("2611.00001", 1, t0.Add(-time.Hour))}
	if _, err := r.h.Run(ctx, intaketest.Pages(-1, feed), t0, false); err != nil {
		t.Fatal(err)
	}
	rep, err := r.h.Run(ctx, intaketest.Pages(-1, feed), t0.Add(time.Hour), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Accepted)+len(rep.Queued)+len(rep.Rejected)+rep.Updated != 0 || rep.Known != 1 {
		t.Errorf("the same feed again: %+v", rep)
	}
	rep, err = r.h.Run(ctx, intaketest.Pages(-1, []intake.Entry{sslPaper("2611.00001", 2, t0.Add(-time.Hour))}), t0.Add(2*time.Hour), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Accepted) != 0 || rep.Updated != 1 {
		t.Errorf("version 2: %+v; want updated, not announced", rep)
	}
	recs, _ := r.db.IntakeRecords(ctx)
	if len(recs) != 1 || recs[0].Version != 2 || recs[0].Paper.Title != "Contrastive Views Revisited (v2)" {
		t.Errorf("records after version 2 = %+v", recs)
	}
	if p := r.eng.Set().ByArXiv("2611.00001"); p == nil || p.Title != "Contrastive Views Revisited (v2)" {
		t.Errorf("set after version 2 has %+v", p)
	}
	// A paper of the curated set is never taken in again.
	rep, err = r.h.Run(ctx, intaketest.Pages(-1, []intake.Entry{sslPaper("2002.05709", 3, t0)}), t0.Add(3*time.Hour), false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Known != 1 || len(rep.Accepted) != 0 {
		t.Errorf("SimCLR listed again: %+v", rep)
	}
}

// A harvest cut short (the network fails, the process restarts) keeps the
// pages it stored and leaves the window, so the next one stores the rest:
// nothing lost, nothing twice.
func TestHarvestCutShortThenResumed(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, intake.Options{})
	p1 := []intake.Entry{sslPaper("2611.00001", 1, t0.Add(-time.Hour))}
	p2 := []intake.Entry{sslPaper("2611.00002", 1, t0.Add(-2*time.Hour))}
	if _, err := r.h.Run(ctx, intaketest.Pages(1, p1, p2), t0, false); err == nil {
		t.Fatal("a failed fetch did not fail the harvest")
	}
	st, _ := r.db.IntakeState(ctx)
	if !st.Newest.IsZero() || st.LastError == "" {
		t.Errorf("state after a failed harvest = %+v; want the window unmoved and the error kept", st)
	}
	r.reopen()
	rep, err := r.h.Run(ctx, intaketest.Pages(-1, p1, p2), t0.Add(time.Minute), false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Known != 1 || len(rep.Accepted) != 1 || rep.Accepted[0].ArXiv != "2611.00002" {
		t.Errorf("resumed harvest = %+v; want page 1 known and page 2 accepted", rep)
	}
	recs, _ := r.db.IntakeRecords(ctx)
	if len(recs) != 2 {
		t.Errorf("%d records, want 2", len(recs))
	}
}

func TestDryRunStoresNothing(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, intake.Options{})
	rep, err := r.h.Run(ctx, intaketest.Pages(-1, []intake.Entry{sslPaper("2611.00001", 1, t0)}), t0, true)
	if err != nil || len(rep.Accepted) != 1 {
		t.Fatalf("dry run = %+v, %v", rep, err)
	}
	recs, _ := r.db.IntakeRecords(ctx)
	st, _ := r.db.IntakeState(ctx)
	if len(recs) != 0 || st.Harvests != 0 || r.published != 0 {
		t.Errorf("dry run stored %d records, state %+v, published %d", len(recs), st, r.published)
	}
}

// With review by admins, candidates wait, the admins hear of them, and an
// admin's Accept makes the paper searchable at once.
func TestReviewByAdmins(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, intake.Options{Review: intake.ReviewAdmins})
	rep, err := r.h.Run(ctx, intaketest.Pages(-1, []intake.Entry{sslPaper("2611.00001", 1, t0), intaketest.Speech("2611.00002", t0)}), t0, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Queued) != 1 || len(rep.Accepted) != 0 || len(r.notified) != 1 {
		t.Fatalf("report %+v, notified %d", rep, len(r.notified))
	}
	if r.eng.Set().ByArXiv("2611.00001") != nil {
		t.Error("a queued paper is searchable before review")
	}
	q, err := r.h.Queue(ctx)
	if err != nil || len(q) != 1 {
		t.Fatalf("queue = %v, %v", q, err)
	}
	prev, rec, err := r.h.Decide(ctx, "arxiv-2611-00001", true, "telegram:1")
	if err != nil || prev.Status != intake.Queued || rec.Status != intake.Accepted || rec.DecidedBy != "telegram:1" {
		t.Fatalf("Decide = %+v, %+v, %v", prev, rec, err)
	}
	if r.eng.Set().ByArXiv("2611.00001") == nil {
		t.Error("an accepted paper is not searchable")
	}
	// Rejecting it later takes it out again; unknown ids say so.
	if _, _, err := r.h.Decide(ctx, "2611.00001v1", false, "telegram:1"); err != nil {
		t.Fatal(err)
	}
	if r.eng.Set().ByArXiv("2611.00001") != nil {
		t.Error("a rejected paper is still searchable")
	}
	if _, _, err := r.h.Decide(ctx, "2611.99999", true, "telegram:1"); !errors.Is(err, intake.ErrUnknown) {
		t.Errorf("Decide of an unknown paper = %v, want ErrUnknown", err)
	}
	if q, _ := r.h.Queue(ctx); len(q) != 0 {
		t.Errorf("queue after the decisions = %d, want 0", len(q))
	}
}

func TestFirstSentences(t *testing.T) {
	e := intaketest.SSL("2611.00009", "T", 1, t0)
	e.Abstract = "We study e.g. contrastive learning at 3.5 times the scale. Our method works. It also transfers. Last one."
	p := intake.PaperOf(&e, recommend.Verdict{Topics: []string{"contrastive"}}, t0)
	if want := "We study e.g. contrastive learning at 3.5 times the scale. Our method works."; p.Summary.EN != want {
		t.Errorf("summary = %q, want %q", p.Summary.EN, want)
	}
	if p.ID != "arxiv-2611-00009" || p.Year != 2026 {
		t.Errorf("paper = %+v", p)
	}
}
