package recommend

import (
	"cmp"
	"slices"
	"time"

	"github.com/paperbot/paperbot/data"
)

// defaultStart is the topic a reader with no history starts with.
const defaultStart = "pretext"

// Want says what a "what next" question is about.
type Want struct {
	// Topic keeps the picks to one topic's path (an id or anything
	// ResolveTopic understands); "" leaves the choice of path to the
	// reader's history.
	Topic string
	// Path is the path the reader chose to follow (a topic id), tried first
	// when Topic is "", then its parent topics and the whole set.
	Path string
	// SkipSent leaves out papers already sent as a daily paper (the digest).
	SkipSent bool
}

// Pick is a paper WhatNext chose and why.
type Pick struct {
	Paper *data.Paper
	// Kind is KindSaved (saved and not read yet), KindBuildsOn (it builds on
	// a paper the reader read, named by After), KindPath (next on the path
	// of Topic, after After when the reader read a paper of that path) or
	// KindStart (the first paper of the path of Topic).
	Kind    string
	Topic   string      // the path the pick is on ("" = the whole set)
	After   *data.Paper // the read paper it follows, if any
	SavedAt time.Time   // KindSaved: when the reader saved it
}

// WhatNext answers "what should I read next?" for /next, /paper without a
// query and the digest's personal pick, so that all three agree. It
// returns up to k papers the reader has neither read nor dismissed (nor,
// with SkipSent, been sent): first the papers they saved, oldest save
// first; then their reading path in order, from the paper they read last
// on it (earlier papers they skipped come after). The path is w.Topic when given
// (and nothing else); otherwise w.Path, else the main topic of the paper
// they read last, else "pretext", each widening to its parent topics and
// then the whole set as it runs out. It returns nil for an unknown topic
// and when everything is used up.
func (e *Engine) WhatNext(h History, w Want, k int) []Pick {
	if k <= 0 {
		return nil
	}
	var tries []string
	if w.Topic != "" {
		t, ok := e.ResolveTopic(w.Topic)
		if !ok {
			return nil
		}
		tries = []string{t.ID}
	} else {
		tries = append(e.widening(e.startTopic(h, w.Path)), "")
	}
	skip := func(id string) bool {
		return h.read(id) || h.Dismissed[id] || w.SkipSent && h.Sent[id]
	}
	picks := e.savedPicks(h, tries[0], w.Topic != "", skip, k)
	last := e.lastRead(h)
	for _, topic := range tries {
		if len(picks) == k {
			break
		}
		path, _ := e.topicPath(topic)
		lastAt := -1 // where the paper read last is on the path
		if last != nil {
			d, _ := e.docOf(last.ID)
			if j, ok := slices.BinarySearch(path.docs, d); ok {
				lastAt = int(path.pos[j])
			}
		}
		// From the paper read last on, then the earlier papers skipped.
		n := len(path.order)
		for i := range n {
			at := (lastAt + 1 + i) % n
			p := e.paper(path.order[at])
			if skip(p.ID) || slices.ContainsFunc(picks, func(pk Pick) bool { return pk.Paper == p }) {
				continue
			}
			picks = append(picks, e.pathPick(p, topic, h, last, lastAt >= 0 && at > lastAt))
			if len(picks) == k {
				break
			}
		}
	}
	return picks
}

// startTopic is the path a reader is on: the one they chose, else the main
// topic of the paper they read last, else defaultStart.
func (e *Engine) startTopic(h History, chosen string) string {
	if t, ok := e.ResolveTopic(chosen); chosen != "" && ok {
		return t.ID
	}
	if last := e.lastRead(h); last != nil && len(last.Topics) > 0 && e.set.Topic(last.Topics[0]) != nil {
		return last.Topics[0]
	}
	if e.set.Topic(defaultStart) != nil {
		return defaultStart
	}
	return ""
}

// widening is topic followed by its parents, up to the root.
func (e *Engine) widening(topic string) []string {
	var out []string
	for t := e.set.Topic(topic); t != nil; t = e.set.Topic(t.Parent) {
		out = append(out, t.ID)
	}
	return out
}

// savedPicks are the papers the reader saved and may still read, oldest
// save first; with strict, only those on topic's path.
func (e *Engine) savedPicks(h History, topic string, strict bool, skip func(string) bool, k int) []Pick {
	var picks []Pick
	path, _ := e.topicPath(topic)
	for id, at := range h.Saved {
		d, ok := e.docOf(id)
		if !ok || skip(id) || strict && !path.has(d) {
			continue
		}
		picks = append(picks, Pick{Paper: e.paper(d), Kind: KindSaved, Topic: topic, SavedAt: at})
	}
	slices.SortFunc(picks, func(a, b Pick) int {
		if c := a.SavedAt.Compare(b.SavedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.Paper.ID, b.Paper.ID)
	})
	return picks[:min(len(picks), k)]
}

// pathPick explains a paper taken from topic's path: it builds on a paper
// the reader read (the one read last among them); or it is next on the
// path after last, the paper they read last, when it comes after it
// (later); or it is a paper of a path they began (an earlier step they
// skipped, when it comes before last); or it starts the path.
func (e *Engine) pathPick(p *data.Paper, topic string, h History, last *data.Paper, later bool) Pick {
	var after *data.Paper
	for _, id := range p.BuildsOn {
		if at, ok := h.Read[id]; ok {
			if q := e.set.Paper(id); q != nil && (after == nil || at.After(h.Read[after.ID])) {
				after = q
			}
		}
	}
	if after != nil {
		return Pick{Paper: p, Kind: KindBuildsOn, Topic: topic, After: after}
	}
	if later {
		return Pick{Paper: p, Kind: KindPath, Topic: topic, After: last}
	}
	for id := range h.Read {
		if q := e.set.Paper(id); q != nil && (topic == "" || e.set.HasTopic(q, topic)) {
			return Pick{Paper: p, Kind: KindPath, Topic: topic}
		}
	}
	return Pick{Paper: p, Kind: KindStart, Topic: topic}
}

// lastRead returns the paper the reader marked read most recently.
func (e *Engine) lastRead(h History) *data.Paper {
	var best *data.Paper
	var at time.Time
	for id, t := range h.Read {
		p := e.set.Paper(id)
		if p == nil {
			continue
		}
		if best == nil || t.After(at) || t.Equal(at) && cmp.Less(id, best.ID) {
			best, at = p, t
		}
	}
	return best
}
