package recommend

import (
	"slices"
	"time"

	"github.com/paperbot/paperbot/data"
)

// defaultStart is the topic a reader with no history starts with.
const defaultStart = "pretext"

// PersonalPick returns the reader's daily paper: the paper of the day,
// unless they read, dismissed or were sent it, or it is outside topic (when
// topic is not ""); then the best paper they have not used, preferring
// papers that build on what they read, then the reading order of topic.
// It returns nil when every paper (of the topic) is used up, or the topic
// is unknown.
func (e *Engine) PersonalPick(h History, day time.Time, topic string) *data.Paper {
	path, ok := e.topicPath(topic)
	if !ok {
		return nil
	}
	if p := e.PaperOfDay(day); p != nil && !h.used(p.ID) && (topic == "" || e.onPath(p, path)) {
		return p
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	e.markReader(h, sc)
	defer sc.clearFlags()
	// The unused paper building on the most read ones, the earliest on the
	// path among equals; failing any, the first unused paper of the path.
	best, bestN, bestAt := int32(-1), 0, int32(0)
	for _, d := range sc.flagged {
		if sc.flags[d]&flagBuilds == 0 || sc.used(d) {
			continue
		}
		j, ok := slices.BinarySearch(path.docs, d)
		if !ok {
			continue
		}
		n, at := nBuildsOnRead(e.paper(d), h), path.pos[j]
		if n > bestN || n == bestN && n > 0 && at < bestAt {
			best, bestN, bestAt = d, n, at
		}
	}
	if best >= 0 {
		return e.paper(best)
	}
	for _, d := range path.order {
		if !sc.used(d) {
			return e.paper(d)
		}
	}
	return nil
}

func (e *Engine) onPath(p *data.Paper, path *readingPath) bool {
	d, ok := e.docOf(p.ID)
	return ok && path.has(d)
}

// Next returns the next paper the reader has neither read nor dismissed on
// their current reading path, and the topic of that path ("" for the whole
// set). The path is topic when given; otherwise that of the main topic of
// the paper they read last, widening to its parent topics and then the
// whole set as each is finished; for a reader with no reads it is
// "pretext", then the whole set. It returns nil when the path is finished.
func (e *Engine) Next(h History, topic string) (*data.Paper, string) {
	if topic != "" {
		t, ok := e.ResolveTopic(topic)
		if !ok {
			return nil, topic
		}
		return e.nextOn(h, t.ID), t.ID
	}
	var tries []string
	if last := e.lastRead(h); last != nil && len(last.Topics) > 0 {
		for t := e.set.Topic(last.Topics[0]); t != nil; t = e.set.Topic(t.Parent) {
			tries = append(tries, t.ID)
		}
	} else if e.set.Topic(defaultStart) != nil {
		tries = append(tries, defaultStart)
	}
	for _, t := range append(tries, "") {
		if p := e.nextOn(h, t); p != nil {
			return p, t
		}
	}
	return nil, ""
}

// nextOn returns the first paper on topic's path that the reader has
// neither read nor dismissed.
func (e *Engine) nextOn(h History, topic string) *data.Paper {
	path, ok := e.topicPath(topic)
	if !ok {
		return nil
	}
	for _, d := range path.order {
		if p := e.paper(d); !h.read(p.ID) && !h.Dismissed[p.ID] {
			return p
		}
	}
	return nil
}
