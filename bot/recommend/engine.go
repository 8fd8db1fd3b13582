package recommend

import (
	"math"
	"slices"
	"sync"

	"github.com/paperbot/paperbot/data"
)

// Engine ranks, looks up and recommends the papers of one set. It is built
// once and then only read, so one Engine serves any number of goroutines.
type Engine struct {
	set   *data.Set
	ix    *index
	ids   strTable  // paper ids: the id of document d is ids.at(d)
	prior []float32 // per document: how much the reading list leans on it

	topics     []topicInfo    // parallel to set.Topics
	topicPos   map[string]int // topic id → index in set.Topics
	anc        [][]int        // per topic: itself and the topics above it
	topicNames []topicName
	phrases    []topicPhrase
	byFirst    map[int32][]int32 // first term → phrases starting with it
	unknown    []int32           // phrases whose first word is in no paper
	daily      []int32           // the paper-of-the-day permutation
	fresh      []int32           // papers that came in from arXiv, newest first

	pool sync.Pool      // *scratch
	cls  lazyClassifier // for Classify (intake)

	// topicWord marks the terms of the topics' ids ("contrastive",
	// "clustering", "video"): never weak for being common in the set.
	topicWord map[int32]bool

	// Made on first use: the reading path of each topic and of the whole
	// set (the last one).
	paths []readingPath
}

// topicInfo is what the engine keeps of a topic.
type topicInfo struct {
	docs   []int32 // papers filed under the topic or below it
	weight []uint8 // in percent: 100 when that is the paper's main topic, less otherwise
	expand []int32 // terms of its names and synonyms, for query expansion
}

// topicPhrase is a name or synonym of a topic as query tokens, with their
// term ids (-1 for a token no paper has).
type topicPhrase struct {
	topic int
	toks  []string
	terms []int32
}

// Weights of the reading-list prior: a seed paper and a paper that many
// others build on are a little more likely to be what a reader wants.
const (
	priorBuilt = 0.12
	priorSeed  = 0.08
)

// New builds an engine over set.
func New(set *data.Set) *Engine {
	e := &Engine{set: set}
	for i := range set.Papers {
		e.ids.add([]byte(set.Papers[i].ID)) // ids are unique, so id i is document i
	}
	e.ids.compact()
	e.initTopics()
	e.ix = buildIndex(set.Papers, e.topicText)
	e.prior = make([]float32, len(set.Papers))
	for i := range set.Papers {
		p := &set.Papers[i]
		pr := 1 + priorBuilt*math.Log1p(float64(len(set.BuiltUponBy(p.ID))))
		if p.Seed {
			pr += priorSeed
		}
		e.prior[i] = float32(pr)
	}
	e.buildTopics()
	e.topicNames = topicNameList(set.Topics)
	e.daily = dailyOrder(set)
	e.fresh = freshOrder(set)
	e.paths = make([]readingPath, len(set.Topics)+1)
	e.pool.New = func() any { return newScratch(len(set.Papers)) }
	return e
}

// Set returns the paper set the engine serves.
func (e *Engine) Set() *data.Set { return e.set }

// paper returns document d's paper.
func (e *Engine) paper(d int32) *data.Paper { return &e.set.Papers[d] }

// docOf returns the document of the paper with the given id.
func (e *Engine) docOf(id string) (int32, bool) {
	d := e.ids.get([]byte(id))
	return d, d >= 0
}

// topicText lists the English and Chinese names of p's topics and of the
// topics above them, for the topic field of the index.
func (e *Engine) topicText(p *data.Paper) []string {
	var out []string
	var seen []int
	for _, id := range p.Topics {
		ti, ok := e.topicPos[id]
		if !ok {
			continue
		}
		for _, a := range e.anc[ti] {
			if !slices.Contains(seen, a) {
				seen = append(seen, a)
				out = append(out, e.set.Topics[a].Name.EN, e.set.Topics[a].Name.ZH)
			}
		}
	}
	return out
}

// buildTopics prepares topic matching, boosting and expansion.
func (e *Engine) buildTopics() {
	ts := e.set.Topics
	e.topics = make([]topicInfo, len(ts))
	e.topicWord = map[int32]bool{}
	pos := e.topicPos
	var tk tokenizer
	for i, t := range ts {
		info := &e.topics[i]
		names := append([]string{t.ID, t.Name.EN, t.Name.ZH}, t.Synonyms...)
		tk.reset()
		tk.run(t.ID)
		for j, sp := range tk.toks {
			if id := e.ix.lookup(tk.tok(j)); id >= 0 && !sp.kind.extra() {
				e.topicWord[id] = true
			}
		}
		for _, name := range names {
			tk.reset()
			tk.run(name)
			ph := topicPhrase{topic: i}
			for j, sp := range tk.toks {
				if sp.kind.extra() {
					continue
				}
				id := e.ix.lookup(tk.tok(j))
				ph.toks = append(ph.toks, string(tk.tok(j)))
				ph.terms = append(ph.terms, id)
				if id >= 0 && !slices.Contains(info.expand, id) {
					info.expand = append(info.expand, id)
				}
			}
			if len(ph.toks) > 0 && !e.hasPhrase(ph) {
				e.addPhrase(ph)
			}
		}
	}
	weight := make([]float32, len(ts))
	for d := range e.set.Papers {
		clear(weight)
		for j, id := range e.set.Papers[d].Topics {
			ti, ok := pos[id]
			if !ok {
				continue
			}
			w := float32(0.9) // a paper's other topics count a little less than its main one
			if j == 0 {
				w = 1
			}
			for _, a := range e.anc[ti] {
				weight[a] = max(weight[a], w)
			}
		}
		for i, w := range weight {
			if w > 0 {
				e.topics[i].docs = append(e.topics[i].docs, int32(d))
				e.topics[i].weight = append(e.topics[i].weight, uint8(w*100))
			}
		}
	}
}

// initTopics numbers the topics and lists each one's ancestors.
func (e *Engine) initTopics() {
	ts := e.set.Topics
	e.topicPos = make(map[string]int, len(ts))
	for i, t := range ts {
		e.topicPos[t.ID] = i
	}
	e.anc = make([][]int, len(ts))
	for i := range ts {
		for a, ok := i, true; ok && len(e.anc[i]) <= len(ts); a, ok = e.topicPos[ts[a].Parent] {
			e.anc[i] = append(e.anc[i], a)
		}
	}
}

func (e *Engine) hasPhrase(ph topicPhrase) bool {
	for _, x := range e.phrases {
		if x.topic == ph.topic && slices.Equal(x.toks, ph.toks) {
			return true
		}
	}
	return false
}

func (e *Engine) addPhrase(ph topicPhrase) {
	i := int32(len(e.phrases))
	e.phrases = append(e.phrases, ph)
	if ph.terms[0] < 0 {
		e.unknown = append(e.unknown, i)
		return
	}
	if e.byFirst == nil {
		e.byFirst = map[int32][]int32{}
	}
	e.byFirst[ph.terms[0]] = append(e.byFirst[ph.terms[0]], i)
}
