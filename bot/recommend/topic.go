package recommend

import (
	"strings"

	"github.com/paperbot/paperbot/data"
)

// topicName is one way to name a topic, for ResolveTopic.
type topicName struct {
	topic int
	raw   string // lower-cased as written
	key   string // normalised
}

// topicNameList lists every id, name and synonym of the taxonomy, ids first,
// then names, then synonyms, each in taxonomy order.
func topicNameList(ts []data.Topic) []topicName {
	var out []topicName
	add := func(i int, s string) {
		if s != "" {
			out = append(out, topicName{i, strings.ToLower(strings.TrimSpace(s)), normKey(s)})
		}
	}
	for i, t := range ts {
		add(i, t.ID)
	}
	for i, t := range ts {
		add(i, t.Name.EN)
		add(i, t.Name.ZH)
	}
	for i, t := range ts {
		for _, s := range t.Synonyms {
			add(i, s)
		}
	}
	return out
}

// ResolveTopic finds the topic s names: by id, English or Chinese name or
// synonym, ignoring case, punctuation and inflection ("Contrastive
// Learning", "对比学习", "colour"), then allowing a typo or two
// ("contrastiv"), then a query that mostly consists of a topic's name
// ("contrastive methods").
func (e *Engine) ResolveTopic(s string) (*data.Topic, bool) {
	if t, ok := e.TopicNamed(s); ok {
		return t, true
	}
	key := normKey(strings.TrimSpace(truncateRunes(s, maxRefBytes)))
	if key == "" {
		return nil, false
	}
	if i, ok := e.fuzzyTopic(key); ok {
		return &e.set.Topics[i], true
	}
	return e.topicOfQuery(s)
}

// TopicNamed finds the topic s names exactly: by id, English or Chinese
// name or synonym, ignoring case, punctuation and inflection. Unlike
// ResolveTopic it allows no typo and no extra words.
func (e *Engine) TopicNamed(s string) (*data.Topic, bool) {
	s = strings.TrimSpace(truncateRunes(s, maxRefBytes))
	if s == "" {
		return nil, false
	}
	raw, key := strings.ToLower(s), normKey(s)
	for _, n := range e.topicNames {
		if n.raw == raw {
			return &e.set.Topics[n.topic], true
		}
	}
	if key == "" {
		return nil, false
	}
	for _, n := range e.topicNames {
		if n.key == key {
			return &e.set.Topics[n.topic], true
		}
	}
	return nil, false
}

// fuzzyTopic finds the topic with a name within maxTypos edits of key.
func (e *Engine) fuzzyTopic(key string) (int, bool) {
	limit := maxTypos(len(key))
	best, bestD := -1, limit+1
	for _, n := range e.topicNames {
		if d := EditDistance(key, n.key, limit); d < bestD {
			best, bestD = n.topic, d
		}
	}
	return best, best >= 0
}

// topicOfQuery returns the topic whose names cover most words of s as a
// query, when they cover at least half of them.
func (e *Engine) topicOfQuery(s string) (*data.Topic, bool) {
	sc := e.getScratch()
	defer e.putScratch(sc)
	q := e.parse(s, sc)
	best, most := -1, 0
	for _, m := range q.topics {
		if m.words > most && 2*m.words >= len(q.pos) {
			best, most = m.topic, m.words
		}
	}
	if best < 0 {
		return nil, false
	}
	return &e.set.Topics[best], true
}
