package data

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

//go:embed papers.jsonl
var papersJSONL []byte

//go:embed topics.json
var topicsJSON []byte

//go:embed references.json
var referencesJSON []byte

// Set is a validated paper set with its taxonomy.
type Set struct {
	Papers     []Paper
	Topics     []Topic
	References []Reference

	byID    map[string]*Paper
	byArXiv map[string]*Paper
	topic   map[string]*Topic
	builtBy map[string][]string
}

// Embedded returns the paper set compiled into the binary.
func Embedded() (*Set, error) {
	topics, err := parseTopics()
	if err != nil {
		return nil, err
	}
	papers, err := ParsePapers("embedded papers.jsonl", bytes.NewReader(papersJSONL), topicIndex(topics), nil)
	if err != nil {
		return nil, err
	}
	var refs []Reference
	if err := json.Unmarshal(referencesJSON, &refs); err != nil {
		return nil, fmt.Errorf("parse embedded references.json: %w", err)
	}
	if err := checkCores(topics, papers); err != nil {
		return nil, err
	}
	return newSet(papers, topics, refs), nil
}

// Load returns the embedded set extended by the papers file at path, or
// replaced by it when replace is true. A paper of the file whose id is
// already in the set takes that paper's place. An empty path returns the
// embedded set.
func Load(path string, replace bool) (*Set, error) {
	base, err := Embedded()
	if err != nil || path == "" {
		return base, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open papers file: %w", err)
	}
	defer f.Close()
	known := map[string]bool{}
	if !replace {
		for _, p := range base.Papers {
			known[p.ID] = true
		}
	}
	extra, err := ParsePapers(path, f, base.topic, known)
	if err != nil {
		return nil, err
	}
	if replace {
		return newSet(extra, base.Topics, nil), nil
	}
	papers := slices.Clone(base.Papers)
	pos := map[string]int{}
	for i, p := range papers {
		pos[p.ID] = i
	}
	for _, p := range extra {
		if i, ok := pos[p.ID]; ok {
			papers[i] = p
			continue
		}
		papers = append(papers, p)
	}
	return newSet(papers, base.Topics, base.References), nil
}

func parseTopics() ([]Topic, error) {
	var topics []Topic
	if err := json.Unmarshal(topicsJSON, &topics); err != nil {
		return nil, fmt.Errorf("parse embedded topics.json: %w", err)
	}
	idx := topicIndex(topics)
	for _, t := range topics {
		if t.Parent != "" && idx[t.Parent] == nil {
			return nil, fmt.Errorf("topics.json: topic %q: unknown parent %q", t.ID, t.Parent)
		}
	}
	return topics, nil
}

func topicIndex(topics []Topic) map[string]*Topic {
	m := make(map[string]*Topic, len(topics))
	for i := range topics {
		m[topics[i].ID] = &topics[i]
	}
	return m
}

func newSet(papers []Paper, topics []Topic, refs []Reference) *Set {
	s := &Set{Papers: papers, Topics: slices.Clone(topics), References: refs,
		byID: map[string]*Paper{}, byArXiv: map[string]*Paper{}, builtBy: map[string][]string{}}
	s.topic = topicIndex(s.Topics)
	for i := range s.Papers {
		p := &s.Papers[i]
		s.byID[p.ID] = p
		if p.ArXiv != "" {
			s.byArXiv[p.ArXiv] = p
		}
	}
	// a replaced set, or a lab's paper in a core paper's place, may leave
	// a core naming a paper that is gone or filed elsewhere
	for i := range s.Topics {
		t := &s.Topics[i]
		if len(t.Core) > 0 {
			t.Core = slices.DeleteFunc(slices.Clone(t.Core), func(id string) bool {
				p := s.byID[id]
				return p == nil || !filedUnder(s.topic, p, t.ID)
			})
		}
	}
	for _, p := range s.Papers {
		for _, b := range p.BuildsOn {
			s.builtBy[b] = append(s.builtBy[b], p.ID)
		}
	}
	// a replaced set may drop papers that references point at
	s.References = slices.DeleteFunc(slices.Clone(s.References), func(r Reference) bool {
		return r.Paper != "" && s.byID[r.Paper] == nil
	})
	return s
}

// Paper returns the paper with the given id, or nil.
func (s *Set) Paper(id string) *Paper { return s.byID[id] }

// ByArXiv returns the paper with the given canonical arXiv id, or nil.
func (s *Set) ByArXiv(id string) *Paper { return s.byArXiv[id] }

// Topic returns the topic with the given id, or nil.
func (s *Set) Topic(id string) *Topic { return s.topic[id] }

// BuiltUponBy lists the ids of the papers that name id in builds_on.
func (s *Set) BuiltUponBy(id string) []string { return s.builtBy[id] }

// Subtopics returns id and every topic below it in the taxonomy.
func (s *Set) Subtopics(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		for _, t := range s.Topics {
			if t.Parent == out[i] {
				out = append(out, t.ID)
			}
		}
	}
	return out
}

// HasTopic reports whether p is filed under topic or one of its subtopics.
func (s *Set) HasTopic(p *Paper, topic string) bool {
	return filedUnder(s.topic, p, topic)
}

func filedUnder(topics map[string]*Topic, p *Paper, topic string) bool {
	for _, t := range p.Topics {
		for cur := topics[t]; cur != nil; cur = topics[cur.Parent] {
			if cur.ID == topic {
				return true
			}
		}
	}
	return false
}

// MaxCore is the most papers a topic's core may list.
const MaxCore = 12

// checkCores checks every topic's core: at most MaxCore papers, each one
// a paper of papers filed under the topic or a subtopic, none twice.
func checkCores(topics []Topic, papers []Paper) error {
	idx := topicIndex(topics)
	byID := make(map[string]*Paper, len(papers))
	for i := range papers {
		byID[papers[i].ID] = &papers[i]
	}
	for _, t := range topics {
		if len(t.Core) > MaxCore {
			return fmt.Errorf("topics.json: topic %q: core lists %d papers, at most %d", t.ID, len(t.Core), MaxCore)
		}
		seen := map[string]bool{}
		for _, id := range t.Core {
			p := byID[id]
			switch {
			case p == nil:
				return fmt.Errorf("topics.json: topic %q: core names unknown paper %q", t.ID, id)
			case !filedUnder(idx, p, t.ID):
				return fmt.Errorf("topics.json: topic %q: core paper %q is not filed under the topic (its topics: %s)", t.ID, id, strings.Join(p.Topics, ", "))
			case seen[id]:
				return fmt.Errorf("topics.json: topic %q: core names %q twice", t.ID, id)
			}
			seen[id] = true
		}
	}
	return nil
}

// With returns a new set: s with extra papers appended, the taxonomy and
// references kept. A paper whose id or arXiv id is already in s, or that
// fails the papers-file checks, is left out and reported in skipped (one
// error each, naming the paper); s itself is not changed.
func (s *Set) With(extra []Paper) (set *Set, skipped []error) {
	papers := slices.Clip(slices.Clone(s.Papers))
	ids := make(map[string]bool, len(s.Papers)+len(extra))
	arx := make(map[string]bool, len(s.Papers)+len(extra))
	for _, p := range s.Papers {
		ids[p.ID] = true
		if p.ArXiv != "" {
			arx[p.ArXiv] = true
		}
	}
	for _, p := range extra {
		p.BuildsOn = slices.Clone(p.BuildsOn)
		switch ferr := checkPaper(&p, s.topic); {
		case ferr != nil:
			skipped = append(skipped, fmt.Errorf("paper %s: field %q: %s", p.ID, ferr.Field, ferr.Msg))
			continue
		case ids[p.ID] || (p.ArXiv != "" && arx[p.ArXiv]):
			skipped = append(skipped, fmt.Errorf("paper %s: already in the set", p.ID))
			continue
		}
		// builds_on may only name papers of the set
		p.BuildsOn = slices.DeleteFunc(p.BuildsOn, func(b string) bool { return !ids[b] })
		ids[p.ID] = true
		if p.ArXiv != "" {
			arx[p.ArXiv] = true
		}
		papers = append(papers, p)
	}
	return newSet(papers, s.Topics, s.References), skipped
}

// Replaced returns a new set holding only papers, with s's taxonomy: what
// a papers file with replace: true gives. Papers are checked as With
// checks them; builds_on may name only papers before them in the list.
func (s *Set) Replaced(papers []Paper) (*Set, []error) {
	return newSet(nil, s.Topics, nil).With(papers)
}
