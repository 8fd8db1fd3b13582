package data

import (
	"strings"
	"testing"
)

// FuzzParsePapers checks that no papers file makes the parser panic, and
// that what it accepts is valid.
func FuzzParsePapers(f *testing.F) {
	s, err := Embedded()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(goodLine)
	f.Add(strings.SplitN(string(papersJSONL), "\n", 3)[0])
	f.Add(`{"id":"a","year":1e9}`)
	f.Add("# c\n{}\n\n[]")
	f.Fuzz(func(t *testing.T, file string) {
		ps, err := ParsePapers("fuzz.jsonl", strings.NewReader(file), s.topic, nil)
		if err != nil {
			return
		}
		for _, p := range ps {
			if !idRe.MatchString(p.ID) || p.Title == "" || len(p.Topics) == 0 {
				t.Fatalf("accepted an invalid paper: %+v", p)
			}
		}
	})
}
