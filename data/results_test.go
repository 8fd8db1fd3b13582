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

// TestEmbeddedMethodsAgreeWithTopics cross-checks the design fields with
// the taxonomy: a non-contrastive method uses no negatives, a masked image
// modeling one masks its inputs, a clustering one clusters.
func TestEmbeddedMethodsAgreeWithTopics(t *testing.T) {
	s, _ := Embedded()
	n := 0
	for _, p := range s.Papers {
		m := p.Method
		if m == nil {
			continue
		}
		n++
		primary := p.Topics[0]
		switch {
		case primary == "non-contrastive" && m.Negatives != "" && m.Negatives != "none":
			t.Errorf("%s: non-contrastive, but method.negatives = %q", p.ID, m.Negatives)
		case primary == "masked-image-modeling" && m.Masking != "yes":
			t.Errorf("%s: masked image modeling, but method.masking = %q", p.ID, m.Masking)
		case primary == "clustering" && m.Clustering != "yes":
			t.Errorf("%s: clustering, but method.clustering = %q", p.ID, m.Clustering)
		case m.Masking == "yes" && !s.HasTopic(&p, "masked-image-modeling") && !s.HasTopic(&p, "predictive-architecture") && !s.HasTopic(&p, "non-contrastive"):
			t.Errorf("%s: masks its inputs but is filed under none of the masking families (%v)", p.ID, p.Topics)
		}
	}
	if n < 45 {
		t.Errorf("%d papers record their method, want the main methods of the set (at least 45)", n)
	}
}
