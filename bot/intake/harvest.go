package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// Review modes.
const (
	ReviewAuto   = "auto"   // papers scoring over the threshold join the set
	ReviewAdmins = "admins" // they wait for an admin's Accept or Reject
)

// Defaults of Options.
const (
	DefaultLookback  = 7 * 24 * time.Hour
	DefaultOverlap   = 3 * 24 * time.Hour
	DefaultThreshold = 0.5
)

// FetchFunc lists the papers submitted since a time, newest first, a page
// at a time: the arXiv adapter's Fetch.
type FetchFunc func(ctx context.Context, since time.Time, page func([]Entry) error) error

// Options configures a Harvester. Store and Engine are required.
type Options struct {
	Store  Store
	Engine func() *recommend.Engine // the engine serving now, for Classify
	// Publish makes the accepted papers searchable: it rebuilds the set from
	// the papers files and every accepted record and swaps it in. It is
	// called after a harvest or decision that accepted or changed a paper.
	Publish func(ctx context.Context) error
	// Notify tells the admins about papers waiting for review (review mode
	// "admins"). It may be nil.
	Notify    func(ctx context.Context, queued []Record)
	Review    string        // ReviewAuto (default) or ReviewAdmins
	Threshold float64       // a paper scoring at least this is a candidate; DefaultThreshold if 0
	Lookback  time.Duration // the first harvest's window; DefaultLookback if 0
	// Overlap is how far before the newest paper seen the next window
	// starts: arXiv announces some papers days after later-submitted ones.
	Overlap time.Duration
	Now     func() time.Time
	Logger  *slog.Logger
	// Observe, when set, counts outcomes for metrics: "harvest_ok",
	// "harvest_failed", and one per decided paper ("accepted", "queued",
	// "rejected", "updated").
	Observe func(event string, n int)
}

// Harvester runs harvests and review decisions. Harvests take turns.
type Harvester struct {
	o  Options
	mu sync.Mutex // one harvest or decision at a time
}

// New returns a Harvester.
func New(o Options) *Harvester {
	if o.Review == "" {
		o.Review = ReviewAuto
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Lookback <= 0 {
		o.Lookback = DefaultLookback
	}
	if o.Overlap <= 0 {
		o.Overlap = DefaultOverlap
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Publish == nil {
		o.Publish = func(context.Context) error { return nil }
	}
	return &Harvester{o: o}
}

// SetNotify sets Options.Notify: how admins hear of candidates. Call it
// before the first harvest.
func (h *Harvester) SetNotify(fn func(ctx context.Context, queued []Record)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.o.Notify = fn
}

// Item is one decided paper in a Report.
type Item struct {
	ArXiv  string   `json:"arxiv"`
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Topics []string `json:"topics"`
	Score  float64  `json:"score"`
	Reason string   `json:"reason"`
}

// Report is what one harvest did.
type Report struct {
	Since    time.Time `json:"since"`
	Fetched  int       `json:"fetched"`
	Accepted []Item    `json:"accepted"`
	Queued   []Item    `json:"queued"`
	Rejected []Item    `json:"rejected"`
	Updated  int       `json:"updated"` // known papers whose newer version refreshed them
	Known    int       `json:"known"`   // listed again, nothing new
}

// Run is one harvest as if the clock said at. With dryRun it decides and
// reports but stores and publishes nothing. A failed harvest keeps the
// pages it stored (each whole) and leaves the window where it was, so the
// next one covers the same days again.
func (h *Harvester) Run(ctx context.Context, fetch FetchFunc, at time.Time, dryRun bool) (Report, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st, err := h.o.Store.IntakeState(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("harvest: %w", err)
	}
	rep := Report{Since: h.window(st, at)}
	eng := h.o.Engine()
	seen := map[string]bool{}
	newest := st.Newest
	changed := false
	var queued []Record
	err = fetch(ctx, rep.Since, func(page []Entry) error {
		var recs []Record
		for i := range page {
			e := &page[i]
			rep.Fetched++
			if e.Published.After(newest) {
				newest = e.Published
			}
			if seen[e.ID] {
				continue
			}
			seen[e.ID] = true
			rec, save, err := h.consider(ctx, eng, e, at, &rep)
			if err != nil {
				return err
			}
			if !save {
				continue
			}
			recs = append(recs, rec)
			if rec.Status == Accepted {
				changed = true
			}
			if rec.Status == Queued && rec.Version == e.Version && rec.Decided.Equal(at) {
				queued = append(queued, rec)
			}
		}
		if dryRun || len(recs) == 0 {
			return nil
		}
		return h.o.Store.SaveIntake(ctx, recs, nil)
	})
	if err != nil {
		h.observe("harvest_failed", 1)
		if !dryRun {
			st.LastError = err.Error()
			if serr := h.o.Store.SaveIntake(context.WithoutCancel(ctx), nil, &st); serr != nil {
				h.o.Logger.Error("intake: record the failed harvest", "err", serr)
			}
		}
		return rep, fmt.Errorf("harvest since %s: %w", rep.Since.Format(time.DateOnly), err)
	}
	h.observe("harvest_ok", 1)
	h.observe("accepted", len(rep.Accepted))
	h.observe("queued", len(rep.Queued))
	h.observe("rejected", len(rep.Rejected))
	h.observe("updated", rep.Updated)
	if dryRun {
		return rep, nil
	}
	st = State{LastHarvest: at, Newest: newest, Harvests: st.Harvests + 1}
	if err := h.o.Store.SaveIntake(ctx, nil, &st); err != nil {
		return rep, fmt.Errorf("harvest: %w", err)
	}
	if changed {
		if err := h.o.Publish(ctx); err != nil {
			return rep, fmt.Errorf("harvest: publish accepted papers: %w", err)
		}
	}
	if len(queued) > 0 && h.o.Notify != nil {
		h.o.Notify(ctx, queued)
	}
	h.o.Logger.Info("intake: harvest done", "since", rep.Since, "fetched", rep.Fetched,
		"accepted", len(rep.Accepted), "queued", len(rep.Queued), "rejected", len(rep.Rejected),
		"updated", rep.Updated)
	return rep, nil
}

// window is where a harvest at at starts: a few days before the newest
// paper the last harvest saw, or the lookback before at for the first.
func (h *Harvester) window(st State, at time.Time) time.Time {
	if st.Newest.IsZero() {
		return at.Add(-h.o.Lookback)
	}
	since := st.Newest.Add(-h.o.Overlap)
	if floor := at.Add(-h.o.Lookback); since.Before(floor) && st.LastHarvest.Before(floor) {
		// a long outage: never reach back further than the lookback
		return floor
	}
	return since
}

// consider decides one listed entry: a paper the set already has in its
// curated part is skipped; a known one is refreshed when this is a newer
// version; a new one is classified. save is false when nothing changed.
func (h *Harvester) consider(ctx context.Context, eng *recommend.Engine, e *Entry, at time.Time, rep *Report) (rec Record, save bool, err error) {
	if p := eng.Set().ByArXiv(e.ID); p != nil && p.Source == "" {
		rep.Known++
		return Record{}, false, nil
	}
	old, found, err := h.o.Store.IntakeRecord(ctx, e.ID)
	if err != nil {
		return Record{}, false, err
	}
	if found {
		if e.Version <= old.Version {
			rep.Known++
			return Record{}, false, nil
		}
		refresh(&old, e)
		rep.Updated++
		return old, true, nil
	}
	rec = h.decide(eng, e, at)
	it := item(&rec)
	switch rec.Status {
	case Accepted:
		rep.Accepted = append(rep.Accepted, it)
	case Queued:
		rep.Queued = append(rep.Queued, it)
	default:
		rep.Rejected = append(rep.Rejected, it)
	}
	return rec, true, nil
}

// decide classifies a new entry and sets its status by the review mode.
func (h *Harvester) decide(eng *recommend.Engine, e *Entry, at time.Time) Record {
	v := eng.Classify(recommend.Candidate{Title: e.Title, Abstract: e.Abstract, Primary: e.Primary,
		Categories: e.Categories, Comment: e.Comment})
	rec := Record{Paper: PaperOf(e, v, at), Version: e.Version, Updated: e.Updated,
		Categories: e.Categories, Comment: e.Comment, JournalRef: e.JournalRef, DOI: e.DOI,
		Status: Rejected, Decided: at}
	if v.Score >= h.o.Threshold {
		rec.Status = Accepted
		if h.o.Review == ReviewAdmins {
			rec.Status = Queued
		}
	}
	return rec
}

// refresh takes a newer version's metadata into rec; the decision stays.
func refresh(rec *Record, e *Entry) {
	p := &rec.Paper
	p.Title = clip(e.Title, 300)
	if len(e.Authors) > 0 {
		p.Authors = e.Authors
	}
	p.Abstract = clip(e.Abstract, maxAbstract)
	p.Summary.EN = firstSentences(e.Abstract, 2)
	if e.JournalRef != "" {
		p.Venue = clip(e.JournalRef, 120)
	}
	rec.Version, rec.Updated = e.Version, e.Updated
	rec.Comment, rec.JournalRef, rec.DOI = e.Comment, e.JournalRef, e.DOI
}

// maxAbstract bounds a stored abstract, in runes.
const maxAbstract = 5000

// PaperOf is the paper an entry becomes in the set, placed by v.
func PaperOf(e *Entry, v recommend.Verdict, at time.Time) data.Paper {
	topics := v.Topics
	if len(topics) == 0 {
		topics = []string{"analysis"} // rejected papers are never searched; keep the record valid
	}
	authors := e.Authors
	if len(authors) == 0 {
		authors = []string{"Unknown"}
	}
	reason := v.Reason
	p := data.Paper{
		ID: PaperID(e.ID), ArXiv: e.ID, Title: clip(e.Title, 300), Authors: authors,
		Year: e.Published.Year(), Topics: topics, BuildsOn: v.BuildsOn,
		Summary: data.Text{EN: firstSentences(e.Abstract, 2)},
		Source:  "arxiv", Added: at.UTC().Format(time.DateOnly), Date: e.Published.UTC().Format(time.DateOnly),
		Primary: e.Primary, Abstract: clip(e.Abstract, maxAbstract), Reason: &reason, Score: round2(v.Score),
	}
	if p.Year < 1991 {
		p.Year = at.Year()
	}
	if e.JournalRef != "" {
		p.Venue = clip(e.JournalRef, 120)
	}
	if p.Summary.EN == "" {
		p.Summary.EN = p.Title
	}
	return p
}

// PaperID is the set's id for an arXiv paper: "arxiv-2611-01234".
func PaperID(arxiv string) string {
	r := strings.NewReplacer(".", "-", "/", "-")
	return "arxiv-" + strings.ToLower(r.Replace(arxiv))
}

func item(rec *Record) Item {
	it := Item{ArXiv: rec.Paper.ArXiv, ID: rec.Paper.ID, Title: rec.Paper.Title,
		Topics: rec.Paper.Topics, Score: rec.Paper.Score}
	if rec.Paper.Reason != nil {
		it.Reason = rec.Paper.Reason.EN
	}
	return it
}

func (h *Harvester) observe(event string, n int) {
	if h.o.Observe != nil && n > 0 {
		h.o.Observe(event, n)
	}
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// clip cuts s to at most n runes, at a space where it can.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

// firstSentences returns the first n sentences of an abstract, at most
// 600 runes (the longest summary a card shows).
func firstSentences(s string, n int) string {
	s = strings.TrimSpace(s)
	end := 0
	for i := 0; i < len(s) && n > 0; i++ {
		if s[i] != '.' && s[i] != '?' && s[i] != '!' {
			continue
		}
		// a sentence ends at ". X" (not "e.g. x" or "3.5")
		if i+2 < len(s) && s[i+1] == ' ' && isUpperStart(s[i+2:]) && !abbrev(s[:i]) {
			end, n = i+1, n-1
		} else if i == len(s)-1 {
			end, n = i+1, n-1
		}
	}
	if end == 0 {
		end = len(s)
	}
	return clip(s[:end], 600)
}

func isUpperStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// abbrev reports whether the text before a full stop ends in an
// abbreviation ("e.g", "et al", "Fig").
func abbrev(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	w := strings.ToLower(f[len(f)-1])
	switch w {
	case "e.g", "i.e", "al", "fig", "eq", "vs", "cf", "etc", "sec", "resp":
		return true
	}
	return false
}

// ErrUnknown is returned by Decide for a paper intake has no record of.
var ErrUnknown = errors.New("no such paper in the intake queue")
