package recommend

// stem reduces an English word to a stem shared by its inflections and
// close derivations: "contrastive", "contrasting" and "contrasts" all give
// "contrast", "colorization" and "colorize" give "coloriz", "masked" and
// "masking" give "mask". It works in place on w and returns the stem. The
// rules are light on purpose: the same rules run on the index and the query,
// so a stem only has to be consistent, not a dictionary word.
func stem(w []byte) []byte {
	for _, c := range w {
		if c >= 0x80 {
			return w // not an English word
		}
	}
	w = stemPlural(w)
	for _, r := range suffixRules {
		if hasSuffix(w, r.suf) && len(w)-len(r.suf) >= r.min {
			if r.after != "" && !hasSuffix(w[:len(w)-len(r.suf)], r.after) {
				continue
			}
			w = append(w[:len(w)-len(r.suf)], r.repl...)
			if r.undouble {
				w = undouble(w)
			}
			break
		}
	}
	if len(w) >= 5 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	if len(w) >= 5 && hasSuffix(w, "ll") { // "distill" = "distil", "modell" = "model"
		w = w[:len(w)-1]
	}
	return w
}

func stemPlural(w []byte) []byte {
	n := len(w)
	switch {
	case n <= 3:
	case hasSuffix(w, "ies") && n > 4:
		w[n-3] = 'y'
		return w[:n-2]
	case hasSuffix(w, "sses"):
		return w[:n-2]
	case hasSuffix(w, "ss"), hasSuffix(w, "us"), hasSuffix(w, "is"):
	case w[n-1] == 's':
		return w[:n-1]
	}
	return w
}

// suffixRule replaces suf by repl when at least min bytes stay before it
// (and they end in after, when set).
type suffixRule struct {
	suf, repl, after string
	min              int
	undouble         bool
}

// suffixRules are tried in order; the first that applies wins.
var suffixRules = [...]suffixRule{
	{suf: "ization", repl: "iz", min: 3},
	{suf: "izing", repl: "iz", min: 3},
	{suf: "izer", repl: "iz", min: 3},
	{suf: "ized", repl: "iz", min: 3},
	{suf: "ize", repl: "iz", min: 3},
	{suf: "ational", min: 3},
	{suf: "ation", min: 3},
	{suf: "ative", min: 3},
	{suf: "ating", min: 3},
	{suf: "ated", min: 3},
	{suf: "ator", min: 3},
	{suf: "ate", min: 3},
	{suf: "ive", min: 4},
	{suf: "ion", min: 4, after: "t"},
	{suf: "ion", min: 4, after: "s"},
	{suf: "ing", min: 3, undouble: true},
	{suf: "ed", min: 4, undouble: true},
	{suf: "ly", min: 4},
}

// undouble turns a doubled final consonant into one ("modell" → "model").
func undouble(w []byte) []byte {
	n := len(w)
	if n >= 4 && w[n-1] == w[n-2] && !isVowel(w[n-1]) && w[n-1] != 's' && w[n-1] != 'z' {
		return w[:n-1]
	}
	return w
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
}

func hasSuffix(w []byte, suf string) bool {
	return len(w) >= len(suf) && string(w[len(w)-len(suf):]) == suf
}

// isStopWord reports whether w is too common to search for.
func isStopWord(w []byte) bool {
	if len(w) > 5 {
		return false
	}
	switch string(w) {
	case "a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with",
		"by", "from", "via", "is", "are", "as", "at", "be", "this", "that",
		"its", "it", "we", "our", "into", "than", "do", "does", "can", "how",
		"what", "which", "who", "me", "my", "you", "your", "about",
		"paper", "some", "s", "t", "any", "all", "also", "more", "most", "their":
		return true
	}
	return false
}

// britishToUS maps British spellings to American ones before stemming; a
// lookup table, never written after initialisation.
var britishToUS = map[string]string{
	"colour": "color", "colours": "colors", "coloured": "colored",
	"colourful": "colorful", "colourise": "colorize", "colourised": "colorized",
	"colourisation": "colorization", "colourization": "colorization",
	"colourize": "colorize", "colourizing": "colorizing", "colourising": "colorizing",
	"modelling": "modeling", "modelled": "modeled", "labelling": "labeling",
	"labelled": "labeled", "behaviour": "behavior", "behaviours": "behaviors",
	"centre": "center", "centres": "centers", "centred": "centered",
	"analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing",
	"neighbour": "neighbor", "neighbours": "neighbors",
	"neighbourhood": "neighborhood", "favour": "favor", "grey": "gray",
	"fibre": "fiber", "travelling": "traveling", "catalogue": "catalog",
	"artefact": "artifact", "artefacts": "artifacts", "defence": "defense",
	"licence": "license", "optimise": "optimize", "optimised": "optimized",
	"optimiser": "optimizer", "normalise": "normalize", "normalised": "normalized",
	"generalise": "generalize", "recognise": "recognize", "organise": "organize",
	"visualise": "visualize", "summarise": "summarize", "regularise": "regularize",
	"regulariser": "regularizer", "tokeniser": "tokenizer", "tokenisers": "tokenizers",
	"randomised": "randomized", "initialisation": "initialization",
	"generalisation": "generalization", "normalisation": "normalization",
	"regularisation": "regularization", "optimisation": "optimization",
	"visualisation": "visualization", "tokenisation": "tokenization",
	"quantisation": "quantization", "discretisation": "discretization",
	"parameterisation": "parameterization", "organisation": "organization",
}
