package recommend

import (
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
	docs, ok := e.topicDocs(topic)
	if !ok {
		return nil
	}
	if p := e.PaperOfDay(day); p != nil && !h.used(p.ID) && (topic == "" || e.inDocs(p, docs)) {
		return p
	}
	var best *data.Paper
	bestN := 0
	for _, d := range e.pathOrder(docs) {
		p := e.paper(d)
		if h.used(p.ID) {
			continue
		}
		if n := len(e.buildsOnRead(p, h)); best == nil || n > bestN {
			best, bestN = p, n
		}
	}
	return best
}

func (e *Engine) inDocs(p *data.Paper, docs []int32) bool {
	d, ok := e.docOf(p.ID)
	if !ok {
		return false
	}
	for _, x := range docs {
		if x == d {
			return true
		}
	}
	return false
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
	docs, ok := e.topicDocs(topic)
	if !ok {
		return nil
	}
	for _, d := range e.pathOrder(docs) {
		if p := e.paper(d); !h.read(p.ID) && !h.Dismissed[p.ID] {
			return p
		}
	}
	return nil
}
