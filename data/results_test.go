package data

import (
	"fmt"
	"testing"
)

// TestEmbeddedResultsAreSourcedAndDistinct checks the other ImageNet-1k
// numbers of the embedded set: each says where it comes from, none repeats
// the paper's ResNet-50 linear number, and no paper lists one twice.
func TestEmbeddedResultsAreSourcedAndDistinct(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range s.Papers {
		seen := map[string]bool{}
		for _, r := range p.Results {
			n++
			key := fmt.Sprintf("%s %s %v %d %d %s %s", r.Eval, r.Backbone, r.Top1, r.Epochs, r.Batch, r.MultiCrop, r.Note)
			if seen[key] {
				t.Errorf("%s: result %q listed twice", p.ID, key)
			}
			seen[key] = true
			if r.Source == "" {
				t.Errorf("%s: result %+v has no source", p.ID, r)
			}
			if in := p.ImageNet; in != nil && r.Eval == "linear" && r.Backbone == in.Backbone && r.Top1 == in.Top1 {
				t.Errorf("%s: result %+v repeats the imagenet field", p.ID, r)
			}
		}
	}
	if n < 50 {
		t.Errorf("the embedded set holds %d results, want the numbers its papers report (at least 50)", n)
	}
}
