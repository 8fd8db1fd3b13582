// Package synthetic makes large paper sets and query mixes for
// benchmarks: the engine's own, and the comparison with bleve in bench/.
// Papers are drawn from a fixed pseudo-random sequence, so the same size
// always gives the same set.
package synthetic

import (
	"fmt"
	"math"
	"strings"

	"github.com/paperbot/paperbot/data"
)

// synthRand is a small deterministic generator for synthetic sets.
type synthRand struct{ state uint64 }

func (r *synthRand) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (r *synthRand) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *synthRand) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// zipf draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s,
// by inverting a precomputed cumulative table.
type zipf struct{ cum []float64 }

func newZipf(n int, s float64) zipf {
	z := zipf{cum: make([]float64, n)}
	total := 0.0
	for i := range n {
		total += 1 / math.Pow(float64(i+1), s)
		z.cum[i] = total
	}
	for i := range z.cum {
		z.cum[i] /= total
	}
	return z
}

func (z zipf) draw(r *synthRand) int {
	x := r.float()
	lo, hi := 0, len(z.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if z.cum[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// synthVocab makes n distinct pronounceable words from syllables.
func synthVocab(r *synthRand, n int) []string {
	syl := []string{"ka", "ro", "mi", "te", "lu", "sa", "no", "vi", "de", "pa", "zu", "ri", "on", "el", "ar", "is", "um", "ex", "qua", "tri", "con", "ver", "mor", "lin", "tra", "pre", "sen", "dis"}
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		var b strings.Builder
		for range 2 + r.intn(3) {
			b.WriteString(syl[r.intn(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Papers makes n synthetic papers: titles of about ten and summaries of
// about forty words drawn from a Zipf-distributed vocabulary, three
// authors from a pool, one to three of topics, keywords, an alias and
// links to earlier papers. The same n gives the same papers.
func Papers(n int, topics []data.Topic) []data.Paper {
	r := &synthRand{state: uint64(n)}
	vocab := synthVocab(r, 30000)
	words := newZipf(len(vocab), 1.05)
	names := synthVocab(r, 3000)
	phrase := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[words.draw(r)]
		}
		return strings.Join(ws, " ")
	}
	out := make([]data.Paper, n)
	for i := range n {
		p := data.Paper{
			ID:      fmt.Sprintf("s%07d", i),
			ArXiv:   fmt.Sprintf("%02d%02d.%05d", 10+i/(12*99999)%15, 1+i/99999%12, i%99999),
			Title:   strings.ToUpper(phrase(1)[:1]) + phrase(9 + r.intn(4))[1:],
			Year:    2010 + r.intn(16),
			Summary: data.Text{EN: phrase(36 + r.intn(10))},
		}
		p.Aliases = []string{strings.ToUpper(vocab[r.intn(len(vocab))][:4]) + fmt.Sprint(i%7)}
		for range 3 {
			p.Authors = append(p.Authors, capital(names[r.intn(len(names))])+" "+capital(names[r.intn(len(names))]))
		}
		for range 1 + r.intn(3) {
			p.Topics = append(p.Topics, topics[r.intn(len(topics))].ID)
		}
		for range 4 {
			p.Keywords = append(p.Keywords, phrase(1+r.intn(2)))
		}
		for range r.intn(3) {
			if i > 0 {
				p.BuildsOn = append(p.BuildsOn, fmt.Sprintf("s%07d", r.intn(i)))
			}
		}
		out[i] = p
	}
	return out
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// Set is a set of n synthetic papers with the embedded taxonomy.
func Set(n int) (*data.Set, error) {
	base, err := data.Embedded()
	if err != nil {
		return nil, err
	}
	set, skipped := base.Replaced(Papers(n, base.Topics))
	if len(skipped) > 0 {
		return nil, fmt.Errorf("synthetic set: %v", skipped[0])
	}
	return set, nil
}

// Queries mixes the kinds of queries a reader sends: common and rare
// words, two- and three-word phrases, a typo, a topic name and an author.
func Queries(s *data.Set) []string {
	r := &synthRand{state: 7}
	var qs []string
	for i := 0; len(qs) < 40; i++ {
		p := &s.Papers[r.intn(len(s.Papers))]
		tw := strings.Fields(p.Title)
		for len(tw) < 6 { // a short title ("Look, Listen and Learn") repeats
			tw = append(tw, tw...)
		}
		switch i % 8 {
		case 0:
			qs = append(qs, tw[0])
		case 1:
			qs = append(qs, tw[1]+" "+tw[2])
		case 2:
			qs = append(qs, strings.Join(tw[3:6], " "))
		case 3: // a typo: drop a letter
			w := tw[len(tw)-1]
			qs = append(qs, w[:len(w)/2]+w[len(w)/2+1:])
		case 4:
			qs = append(qs, "contrastive learning")
		case 5:
			qs = append(qs, p.Authors[0])
		case 6:
			qs = append(qs, p.Aliases[0])
		case 7:
			qs = append(qs, "对比学习")
		}
	}
	return qs
}
