package data

import (
	"slices"
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
	f.Add(withField(`"imagenet":{"top1":71.1,"backbone":"ResNet-50","epochs":800,"batch":256,"multi_crop":"no","eval":"linear"}`))
	f.Add(withField(`"results":[{"eval":"finetune","top1":83.6,"backbone":"ViT-B/16","epochs":1600}],"method":{"negatives":"none","masking":"yes","target":"pixels"}`))
	f.Fuzz(func(t *testing.T, file string) {
		ps, err := ParsePapers("fuzz.jsonl", strings.NewReader(file), s.topic, nil)
		if err != nil {
			return
		}
		for _, p := range ps {
			if !idRe.MatchString(p.ID) || p.Title == "" || len(p.Topics) == 0 {
				t.Fatalf("accepted an invalid paper: %+v", p)
			}
			checkAcceptedMeasures(t, &p)
		}
	})
}

// checkAcceptedMeasures fails t when an accepted paper holds a number or
// a protocol or method value outside what the schema allows.
func checkAcceptedMeasures(t *testing.T, p *Paper) {
	t.Helper()
	okProtocol := func(top1 float64, epochs, batch int, multiCrop string) bool {
		return top1 > 0 && top1 <= 100 && epochs >= 0 && batch >= 0 && (multiCrop == "" || multiCrop == "yes" || multiCrop == "no")
	}
	if in := p.ImageNet; in != nil && (!okProtocol(in.Top1, in.Epochs, in.Batch, in.MultiCrop) || (in.Eval != "" && in.Eval != "linear")) {
		t.Fatalf("accepted an invalid imagenet field: %+v", *in)
	}
	for _, r := range p.Results {
		if !okProtocol(r.Top1, r.Epochs, r.Batch, r.MultiCrop) || !slices.Contains(Evals, r.Eval) || r.Backbone == "" {
			t.Fatalf("accepted an invalid result: %+v", r)
		}
	}
	if m := p.Method; m != nil {
		for _, v := range []string{m.Momentum, m.Predictor, m.StopGrad, m.Clustering, m.Masking} {
			if v != "" && v != "yes" && v != "no" {
				t.Fatalf("accepted an invalid method: %+v", *m)
			}
		}
		if (m.Negatives != "" && !slices.Contains(Negatives, m.Negatives)) || (m.Target != "" && !slices.Contains(Targets, m.Target)) {
			t.Fatalf("accepted an invalid method: %+v", *m)
		}
	}
}
