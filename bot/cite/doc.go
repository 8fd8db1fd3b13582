// Package cite writes BibTeX a researcher can paste into a paper: the
// entry type a paper's venue calls for (@inproceedings, @article, or @misc
// with the arXiv eprint), the proceedings or journal in full, titles whose
// capitals survive a bibliography style, and citation keys that are
// unique in the paper set and stable as it grows.
//
// It reads data.Paper and nothing else; the venue table (venue.go) is the
// one place that knows conference and journal names.
package cite
