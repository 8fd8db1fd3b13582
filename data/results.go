package data

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// ImageNet is the ImageNet-1k linear-evaluation top-1 accuracy of a plain
// ResNet-50, the column of the reading list's table, with the protocol it
// was measured under. A zero Epochs or Batch and an empty MultiCrop mean
// the protocol is not recorded, not that it was zero or absent.
type ImageNet struct {
	Top1      float64 `json:"top1"`
	Backbone  string  `json:"backbone,omitempty"`   // "ResNet-50"
	Epochs    int     `json:"epochs,omitempty"`     // pre-training epochs
	Batch     int     `json:"batch,omitempty"`      // pre-training batch size
	MultiCrop string  `json:"multi_crop,omitempty"` // "yes", "no", or "" when not recorded
	Eval      string  `json:"eval,omitempty"`       // always "linear" for this field
	Note      string  `json:"note,omitempty"`
	Source    string  `json:"source,omitempty"`
}

// Result is another ImageNet-1k top-1 accuracy a paper reports: another
// backbone, evaluation or schedule than the ImageNet field holds. Zero and
// empty protocol fields mean not recorded.
type Result struct {
	Eval      string  `json:"eval"` // one of Evals
	Top1      float64 `json:"top1"`
	Backbone  string  `json:"backbone"` // "ViT-B/16", "ResNet-50 (4x)"
	Epochs    int     `json:"epochs,omitempty"`
	Batch     int     `json:"batch,omitempty"`
	MultiCrop string  `json:"multi_crop,omitempty"`
	Note      string  `json:"note,omitempty"` // the setting beyond the fields: data, resolution, who ran it
	Source    string  `json:"source,omitempty"`
}

// Evals are the evaluations a Result may name: a linear classifier, k-NN
// and an attentive probe on frozen features, end-to-end fine-tuning, and
// fine-tuning or probing with 1% or 10% of the labels.
var Evals = []string{"linear", "knn", "attentive", "finetune", "semi-1%", "semi-10%"}

// Method holds the design choices researchers compare methods by. An empty
// field means the choice is not recorded.
type Method struct {
	Negatives  string `json:"negatives,omitempty"`  // where negatives come from: one of Negatives
	Momentum   string `json:"momentum,omitempty"`   // a momentum (EMA) encoder: "yes" or "no"
	Predictor  string `json:"predictor,omitempty"`  // a predictor head on one branch: "yes" or "no"
	StopGrad   string `json:"stop_grad,omitempty"`  // stop-gradient on the target branch: "yes" or "no"
	Clustering string `json:"clustering,omitempty"` // clusters or prototypes in the objective: "yes" or "no"
	Masking    string `json:"masking,omitempty"`    // masked inputs: "yes" or "no"
	Target     string `json:"target,omitempty"`     // what is predicted: one of Targets
	Backbone   string `json:"backbone,omitempty"`   // main backbone family: "ResNet-50", "ViT"
}

// Negatives are the allowed values of Method.Negatives.
var Negatives = []string{"batch", "queue", "memory-bank", "none"}

// Targets are the allowed values of Method.Target: pixels, discrete
// tokens, features of a target encoder or descriptor, or the embedding
// of another view.
var Targets = []string{"pixels", "tokens", "features", "views"}

var yesNo = []string{"yes", "no"}

// checkMeasures validates the ImageNet, Results and Method fields of p.
func checkMeasures(p *Paper) *FileError {
	if in := p.ImageNet; in != nil {
		if fe := checkProtocol("imagenet", in.Top1, in.Backbone, in.Epochs, in.Batch, in.MultiCrop); fe != nil {
			return fe
		}
		if in.Eval != "" && in.Eval != "linear" {
			return badField("imagenet.eval", "%q: this field holds linear evaluation only; put other evaluations in results", in.Eval)
		}
	}
	for i, r := range p.Results {
		name := fmt.Sprintf("results[%d]", i)
		if !slices.Contains(Evals, r.Eval) {
			return badField(name+".eval", "%q is not one of %s", r.Eval, strings.Join(Evals, ", "))
		}
		if strings.TrimSpace(r.Backbone) == "" {
			return badField(name+".backbone", "a result needs the backbone it was measured with")
		}
		if fe := checkProtocol(name, r.Top1, r.Backbone, r.Epochs, r.Batch, r.MultiCrop); fe != nil {
			return fe
		}
	}
	if m := p.Method; m != nil {
		return checkMethod(m)
	}
	return nil
}

// checkProtocol validates the fields ImageNet and Result share.
func checkProtocol(name string, top1 float64, backbone string, epochs, batch int, multiCrop string) *FileError {
	switch {
	case !(top1 > 0 && top1 <= 100):
		return badField(name+".top1", "%v is not a percentage in (0, 100]", top1)
	case utf8.RuneCountInString(backbone) > 60:
		return badField(name+".backbone", "longer than 60 characters")
	case epochs < 0:
		return badField(name+".epochs", "%d is negative (0 means not recorded)", epochs)
	case batch < 0:
		return badField(name+".batch", "%d is negative (0 means not recorded)", batch)
	case multiCrop != "" && !slices.Contains(yesNo, multiCrop):
		return badField(name+".multi_crop", `%q is not "yes", "no" or "" (not recorded)`, multiCrop)
	}
	return nil
}

// checkMethod validates that every field of m holds an allowed value.
func checkMethod(m *Method) *FileError {
	for _, f := range []struct {
		name, v string
		allowed []string
	}{
		{"negatives", m.Negatives, Negatives},
		{"momentum", m.Momentum, yesNo},
		{"predictor", m.Predictor, yesNo},
		{"stop_grad", m.StopGrad, yesNo},
		{"clustering", m.Clustering, yesNo},
		{"masking", m.Masking, yesNo},
		{"target", m.Target, Targets},
	} {
		if f.v != "" && !slices.Contains(f.allowed, f.v) {
			return badField("method."+f.name, "%q is not one of %s, or empty", f.v, strings.Join(f.allowed, ", "))
		}
	}
	if utf8.RuneCountInString(m.Backbone) > 60 {
		return badField("method.backbone", "longer than 60 characters")
	}
	return nil
}

func badField(field, format string, args ...any) *FileError {
	return &FileError{Field: field, Msg: fmt.Sprintf(format, args...)}
}
