package intake

import (
	"context"
	"fmt"
	"slices"

	"github.com/paperbot/paperbot/data"
)

// Queue lists the papers waiting for review, best score first.
func (h *Harvester) Queue(ctx context.Context) ([]Record, error) {
	recs, err := h.o.Store.IntakeRecords(ctx)
	if err != nil {
		return nil, fmt.Errorf("review queue: %w", err)
	}
	recs = slices.DeleteFunc(recs, func(r Record) bool { return r.Status != Queued })
	slices.SortStableFunc(recs, func(a, b Record) int {
		switch {
		case a.Paper.Score > b.Paper.Score:
			return -1
		case a.Paper.Score < b.Paper.Score:
			return 1
		}
		return 0
	})
	return recs, nil
}

// Decide accepts or rejects a paper intake has seen (queued, or an earlier
// decision an admin overrides), by its arXiv id or set id; by is the
// admin's reader key. An accepted paper joins the searchable set before
// Decide returns. It returns the record as it was before (prev) and after.
func (h *Harvester) Decide(ctx context.Context, ref string, accept bool, by string) (prev, rec Record, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := ref
	if a, ok := data.CanonicalArXiv(ref); ok {
		id = a
	} else if p := h.o.Engine().Set().Paper(ref); p != nil && p.Source == "arxiv" {
		id = p.ArXiv
	} else if rest, ok := cutArXivID(ref); ok {
		id = rest
	}
	rec, found, err := h.o.Store.IntakeRecord(ctx, id)
	if err != nil {
		return Record{}, Record{}, fmt.Errorf("decide %s: %w", ref, err)
	}
	if !found {
		return Record{}, Record{}, fmt.Errorf("decide %s: %w", ref, ErrUnknown)
	}
	prev = rec
	rec.Status, rec.Decided, rec.DecidedBy = Rejected, h.o.Now(), by
	if accept {
		rec.Status = Accepted
	}
	if prev.Status == rec.Status {
		return prev, prev, nil
	}
	if err := h.o.Store.SaveIntake(ctx, []Record{rec}, nil); err != nil {
		return prev, Record{}, fmt.Errorf("decide %s: %w", ref, err)
	}
	h.observe(rec.Status, 1)
	if prev.Status == Accepted || rec.Status == Accepted {
		if err := h.o.Publish(ctx); err != nil {
			return prev, rec, fmt.Errorf("decide %s: publish: %w", ref, err)
		}
	}
	return prev, rec, nil
}

// cutArXivID turns a set id of an intake paper ("arxiv-2611-01234") back
// into its arXiv id.
func cutArXivID(id string) (string, bool) {
	const prefix = "arxiv-"
	if len(id) <= len(prefix) || id[:len(prefix)] != prefix {
		return "", false
	}
	rest := []byte(id[len(prefix):])
	if i := slices.Index(rest, '-'); i == 4 {
		rest[i] = '.'
		if a, ok := data.CanonicalArXiv(string(rest)); ok {
			return a, true
		}
	}
	return "", false
}

// AcceptedPapers returns the papers intake accepted, in the order they
// came, for the set to include.
func AcceptedPapers(ctx context.Context, s Store) ([]data.Paper, error) {
	recs, err := s.IntakeRecords(ctx)
	if err != nil {
		return nil, err
	}
	var out []data.Paper
	for _, r := range recs {
		if r.Status == Accepted {
			out = append(out, r.Paper)
		}
	}
	return out, nil
}
