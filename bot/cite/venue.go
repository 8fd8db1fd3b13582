package cite

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Kind is what a venue publishes: the BibTeX entry type a paper there gets.
type Kind int

// Kinds of venue.
const (
	Preprint   Kind = iota // arXiv or nothing: @misc with the eprint
	Conference             // @inproceedings with booktitle
	Journal                // @article with journal
	Other                  // a venue not in the table: @misc with it in note
)

// Venue is a paper's venue string read for a citation: "CVPR 2020",
// "ICLR 2022 (oral)", "Image and Vision Computing 2024 (vol. 149)".
type Venue struct {
	Kind   Kind
	Name   string // booktitle or journal in full; the venue as written for Other
	Year   int    // the year the venue names; 0 when it names none
	Volume string // a journal volume given as "(vol. N)"
}

// venue is one row of the table: the names it is written as, and its
// full name (a function of the year for the few that changed).
type venue struct {
	kind  Kind
	names []string // short forms and full names, matched whole and case-insensitively
	full  func(year int) string
}

func fixed(s string) func(int) string { return func(int) string { return s } }

// cvf is the name of an IEEE conference that the Computer Vision
// Foundation has co-sponsored since 2019.
func cvf(name string) func(int) string {
	return func(year int) string {
		if year >= 2019 {
			return "Proceedings of the IEEE/CVF " + name
		}
		return "Proceedings of the IEEE " + name
	}
}

// venues are the conferences and journals the field publishes in. Full
// names follow the proceedings' own titles, with the short form in
// parentheses for conferences.
var venues = []venue{
	{Conference, []string{"CVPR", "Conference on Computer Vision and Pattern Recognition"},
		cvf("Conference on Computer Vision and Pattern Recognition (CVPR)")},
	{Conference, []string{"ICCV", "International Conference on Computer Vision"},
		cvf("International Conference on Computer Vision (ICCV)")},
	{Conference, []string{"WACV", "Winter Conference on Applications of Computer Vision"},
		cvf("Winter Conference on Applications of Computer Vision (WACV)")},
	{Conference, []string{"ECCV", "European Conference on Computer Vision"},
		fixed("Proceedings of the European Conference on Computer Vision (ECCV)")},
	{Conference, []string{"NeurIPS", "NIPS", "Advances in Neural Information Processing Systems", "Neural Information Processing Systems"},
		fixed("Advances in Neural Information Processing Systems (NeurIPS)")},
	{Conference, []string{"ICML", "International Conference on Machine Learning"},
		fixed("Proceedings of the International Conference on Machine Learning (ICML)")},
	{Conference, []string{"ICLR", "International Conference on Learning Representations"},
		fixed("International Conference on Learning Representations (ICLR)")},
	{Conference, []string{"AAAI", "AAAI Conference on Artificial Intelligence"},
		fixed("Proceedings of the AAAI Conference on Artificial Intelligence (AAAI)")},
	{Conference, []string{"IJCAI", "International Joint Conference on Artificial Intelligence"},
		fixed("Proceedings of the International Joint Conference on Artificial Intelligence (IJCAI)")},
	{Conference, []string{"BMVC", "British Machine Vision Conference"},
		fixed("British Machine Vision Conference (BMVC)")},
	{Conference, []string{"ACCV", "Asian Conference on Computer Vision"},
		fixed("Proceedings of the Asian Conference on Computer Vision (ACCV)")},
	{Conference, []string{"3DV", "International Conference on 3D Vision"},
		fixed("International Conference on 3D Vision (3DV)")},
	{Conference, []string{"AISTATS", "International Conference on Artificial Intelligence and Statistics"},
		fixed("Proceedings of the International Conference on Artificial Intelligence and Statistics (AISTATS)")},
	{Conference, []string{"UAI", "Conference on Uncertainty in Artificial Intelligence"},
		fixed("Proceedings of the Conference on Uncertainty in Artificial Intelligence (UAI)")},
	{Conference, []string{"CoRL", "Conference on Robot Learning"},
		fixed("Proceedings of the Conference on Robot Learning (CoRL)")},
	{Conference, []string{"ICRA", "International Conference on Robotics and Automation"},
		fixed("IEEE International Conference on Robotics and Automation (ICRA)")},
	{Conference, []string{"MICCAI", "Medical Image Computing and Computer Assisted Intervention"},
		fixed("Medical Image Computing and Computer Assisted Intervention (MICCAI)")},
	{Conference, []string{"ICASSP", "International Conference on Acoustics, Speech and Signal Processing"},
		fixed("IEEE International Conference on Acoustics, Speech and Signal Processing (ICASSP)")},
	{Conference, []string{"KDD", "SIGKDD", "ACM SIGKDD Conference on Knowledge Discovery and Data Mining"},
		fixed("Proceedings of the ACM SIGKDD Conference on Knowledge Discovery and Data Mining (KDD)")},
	{Conference, []string{"ACL", "Annual Meeting of the Association for Computational Linguistics"},
		fixed("Proceedings of the Annual Meeting of the Association for Computational Linguistics (ACL)")},
	{Conference, []string{"EMNLP", "Conference on Empirical Methods in Natural Language Processing"},
		fixed("Proceedings of the Conference on Empirical Methods in Natural Language Processing (EMNLP)")},
	{Conference, []string{"NAACL", "NAACL-HLT"},
		fixed("Proceedings of the Conference of the North American Chapter of the Association for Computational Linguistics (NAACL)")},
	{Conference, []string{"ACM MM", "ACM Multimedia", "ACMMM"},
		fixed("Proceedings of the ACM International Conference on Multimedia (ACM MM)")},
	{Conference, []string{"Interspeech"}, fixed("Interspeech")},

	{Journal, []string{"TMLR", "Transactions on Machine Learning Research"},
		fixed("Transactions on Machine Learning Research")},
	{Journal, []string{"TPAMI", "PAMI", "T-PAMI", "Transactions on Pattern Analysis and Machine Intelligence"},
		fixed("IEEE Transactions on Pattern Analysis and Machine Intelligence")},
	{Journal, []string{"IJCV", "International Journal of Computer Vision"},
		fixed("International Journal of Computer Vision")},
	{Journal, []string{"JMLR", "Journal of Machine Learning Research"},
		fixed("Journal of Machine Learning Research")},
	{Journal, []string{"TKDE", "Transactions on Knowledge and Data Engineering"},
		fixed("IEEE Transactions on Knowledge and Data Engineering")},
	{Journal, []string{"TIP", "Transactions on Image Processing"},
		fixed("IEEE Transactions on Image Processing")},
	{Journal, []string{"TNNLS", "Transactions on Neural Networks and Learning Systems"},
		fixed("IEEE Transactions on Neural Networks and Learning Systems")},
	{Journal, []string{"TMM", "Transactions on Multimedia"},
		fixed("IEEE Transactions on Multimedia")},
	{Journal, []string{"TCSVT", "Transactions on Circuits and Systems for Video Technology"},
		fixed("IEEE Transactions on Circuits and Systems for Video Technology")},
	{Journal, []string{"CVIU", "Computer Vision and Image Understanding"},
		fixed("Computer Vision and Image Understanding")},
	{Journal, []string{"Image and Vision Computing", "IVC"}, fixed("Image and Vision Computing")},
	{Journal, []string{"Pattern Recognition"}, fixed("Pattern Recognition")},
	{Journal, []string{"Neural Networks"}, fixed("Neural Networks")},
	{Journal, []string{"Neurocomputing"}, fixed("Neurocomputing")},
	{Journal, []string{"Nature"}, fixed("Nature")},
	{Journal, []string{"Nature Machine Intelligence"}, fixed("Nature Machine Intelligence")},
	{Journal, []string{"Nature Communications"}, fixed("Nature Communications")},
	{Journal, []string{"Science"}, fixed("Science")},
	{Journal, []string{"PNAS", "Proceedings of the National Academy of Sciences"},
		fixed("Proceedings of the National Academy of Sciences")},
}

// byName finds a venue by one of its names; the keys are normalised.
var byName = func() map[string]*venue {
	m := map[string]*venue{}
	for i := range venues {
		for _, n := range venues[i].names {
			m[normName(n)] = &venues[i]
		}
	}
	return m
}()

// normName is a venue name for lookup: lower case, single spaces, without
// the "IEEE"/"ACM" sponsor, "Proceedings of (the)" and "the".
func normName(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.TrimPrefix(s, "proceedings of ")
	for _, p := range []string{"the ", "ieee/cvf ", "ieee ", "cvf "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.Trim(s, " .,;:")
}

var (
	parenRe  = regexp.MustCompile(`\([^()]*\)`)
	volumeRe = regexp.MustCompile(`(?i)^\(\s*vol(?:ume|\.)?\s*(\d+)\s*\)$`)
	yearRe   = regexp.MustCompile(`(?:^|[^0-9A-Za-z])((?:19|20)\d\d)(?:$|[^0-9A-Za-z])`)
	// shortRe finds a venue's short form in a longer text ("Proc. CVPR").
	shortRe = regexp.MustCompile(`[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]`)
)

// ParseVenue reads a venue string. Parenthesised remarks ("(oral)",
// "(also ICML 2022 workshop)") are left out, except "(vol. N)"; the first
// year it names is the venue's year. An empty string, "arXiv" or
// "arXiv preprint" is a preprint; a venue the table does not know is Other,
// its name the string as written.
func ParseVenue(s string) Venue {
	var v Venue
	rest := parenRe.ReplaceAllStringFunc(s, func(p string) string {
		if m := volumeRe.FindStringSubmatch(p); m != nil {
			v.Volume = m[1]
		}
		return " "
	})
	if m := yearRe.FindStringSubmatch(rest); m != nil {
		v.Year, _ = strconv.Atoi(m[1])
		rest = strings.Replace(rest, m[1], " ", 1)
	} else if m := yearRe.FindStringSubmatch(s); m != nil {
		v.Year, _ = strconv.Atoi(m[1]) // "Advances in … Systems 35 (2022)"
	}
	name := normName(rest)
	workshop := strings.HasSuffix(name, " workshops") || strings.HasSuffix(name, " workshop")
	if workshop {
		name = strings.TrimSuffix(strings.TrimSuffix(name, " workshops"), " workshop")
	}
	switch {
	case isPreprint(name):
		return Venue{Kind: Preprint}
	case byName[name] != nil:
		v.set(byName[name], workshop)
	case findLong(name) != nil:
		v.set(findLong(name), strings.Contains(name, "workshop"))
	case findShort(rest) != nil:
		v.set(findShort(rest), strings.Contains(strings.ToLower(rest), "workshop"))
	default:
		v.Kind, v.Name, v.Volume = Other, strings.Join(strings.Fields(s), " "), ""
	}
	return v
}

func (v *Venue) set(t *venue, workshop bool) {
	v.Kind, v.Name = t.kind, t.full(v.Year)
	if workshop && t.kind == Conference {
		v.Name += " Workshops"
	}
	if t.kind != Journal {
		v.Volume = ""
	}
}

func isPreprint(name string) bool {
	switch name {
	case "", "arxiv", "arxiv preprint", "preprint", "corr", "arxiv e-prints":
		return true
	}
	return false
}

// longNames are the venues' names of three words or more, normalised,
// longest first: they are looked for inside longer texts.
var longNames = func() []string {
	var out []string
	for n := range byName {
		if strings.Count(n, " ") >= 2 {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return out
}()

// findLong finds a venue's full name inside a longer normalised text
// ("advances in neural information processing systems 35").
func findLong(name string) *venue {
	for _, n := range longNames {
		if i := strings.Index(name, n); i >= 0 && wordAt(name, i, len(n)) {
			return byName[n]
		}
	}
	return nil
}

// wordAt tells whether s[i:i+n] is whole words of s.
func wordAt(s string, i, n int) bool {
	return (i == 0 || s[i-1] == ' ') && (i+n == len(s) || s[i+n] == ' ' || s[i+n] == ',')
}

// findShort finds a venue's short form written in capitals inside a longer
// text, as arXiv journal references do ("Proc. CVPR, pp. 1-9"). Only short
// forms of three letters or more count, so words are not taken for venues.
func findShort(s string) *venue {
	for _, w := range shortRe.FindAllString(s, -1) {
		if len(w) < 3 || strings.ToUpper(w) != w && w != "NeurIPS" {
			continue
		}
		if t := byName[strings.ToLower(w)]; t != nil {
			return t
		}
	}
	return nil
}
