package data

import (
	"strings"
	"testing"
)

// coreTopics is a small taxonomy: a root with one child, and a sibling root.
func coreTopics(core ...string) []Topic {
	return []Topic{
		{ID: "root", Core: core},
		{ID: "child", Parent: "root"},
		{ID: "other"},
	}
}

var corePapers = []Paper{
	{ID: "a", Topics: []string{"root"}},
	{ID: "b", Topics: []string{"child"}},
	{ID: "c", Topics: []string{"other"}},
}

func TestCheckCores(t *testing.T) {
	many := make([]string, MaxCore+1)
	for i := range many {
		many[i] = "a"
	}
	tests := []struct {
		name string
		core []string
		want string // "" = valid
	}{
		{"topic and subtopic papers", []string{"b", "a"}, ""},
		{"no core", nil, ""},
		{"unknown paper", []string{"a", "zz"}, `topic "root": core names unknown paper "zz"`},
		{"paper of another topic", []string{"c"}, `topic "root": core paper "c" is not filed under the topic (its topics: other)`},
		{"listed twice", []string{"a", "b", "a"}, `topic "root": core names "a" twice`},
		{"too many", many, `topic "root": core lists 13 papers, at most 12`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkCores(coreTopics(tt.core...), corePapers)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("checkCores(%v) = %v, want nil", tt.core, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("checkCores(%v) = %v, want an error containing %q", tt.core, err, tt.want)
			}
		})
	}
}

func TestSetDropsCorePapersItLacks(t *testing.T) {
	topics := coreTopics("a", "b")
	// b moves to another topic and a is left out: neither may stay in the core
	s := newSet([]Paper{{ID: "b", Topics: []string{"other"}}, corePapers[2]}, topics, nil)
	if got := s.Topic("root").Core; len(got) != 0 {
		t.Errorf("core of root = %v, want it empty", got)
	}
	if got := topics[0].Core; len(got) != 2 {
		t.Errorf("the taxonomy passed in changed: core = %v, want [a b]", got)
	}
	full := newSet(corePapers, topics, nil)
	if got := full.Topic("root").Core; strings.Join(got, ",") != "a,b" {
		t.Errorf("core of root = %v, want [a b]", got)
	}
}

// TestEmbeddedTopicsWithManyPapersHaveACore checks that every topic with
// more papers than a newcomer reads first names its main line, in the
// order of the papers' years.
func TestEmbeddedTopicsWithManyPapersHaveACore(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range s.Topics {
		n := 0
		for i := range s.Papers {
			if s.HasTopic(&s.Papers[i], tp.ID) {
				n++
			}
		}
		if n > MaxCore && len(tp.Core) == 0 {
			t.Errorf("topic %s has %d papers and no core", tp.ID, n)
		}
		for i := 1; i < len(tp.Core); i++ {
			if prev, cur := s.Paper(tp.Core[i-1]), s.Paper(tp.Core[i]); prev.Year > cur.Year {
				t.Errorf("core of %s: %s (%d) comes before %s (%d)", tp.ID, prev.ID, prev.Year, cur.ID, cur.Year)
			}
		}
	}
}
