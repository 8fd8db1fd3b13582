package data

import (
	"bufio"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// protocolRow is a row of testdata/protocols.tsv: the protocol of each
// ImageNet number of the set, as collected with its sources (a copy of the
// shared facts file; the extra and source columns are not compared).
type protocolRow struct {
	arxiv, name, top1, backbone, epochs, batch, multiCrop string
}

func readProtocols(t *testing.T) []protocolRow {
	t.Helper()
	b, err := os.ReadFile("testdata/protocols.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var rows []protocolRow
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for n := 0; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if n == 0 || len(f) < 7 {
			continue
		}
		rows = append(rows, protocolRow{f[0], f[1], f[2], f[3], f[4], f[5], f[6]})
	}
	return rows
}

var (
	leadInt   = regexp.MustCompile(`^\s*([0-9]+)`)
	leadYesNo = regexp.MustCompile(`^\s*(yes|no)\b`)
)

// cell reads what a protocol cell records: "200 (official code default)"
// records 200, "yes: 2x224 + 6x96" records "yes", an empty cell nothing.
func cell(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func TestImageNetProtocolsMatchTheFacts(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rows := readProtocols(t)
	if len(rows) < 20 {
		t.Fatalf("testdata/protocols.tsv has %d rows, want the whole table", len(rows))
	}
	listed := map[string]bool{}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			listed[r.arxiv] = true
			p := s.ByArXiv(r.arxiv)
			if p == nil || p.ImageNet == nil {
				t.Errorf("%s (%s): no paper with an ImageNet number", r.name, r.arxiv)
				return
			}
			in := p.ImageNet
			want := ImageNet{
				Top1:      mustFloat(t, r.top1),
				Backbone:  strings.TrimSpace(strings.SplitN(r.backbone, " (", 2)[0]),
				Epochs:    atoiOrZero(cell(leadInt, r.epochs)),
				Batch:     atoiOrZero(cell(leadInt, r.batch)),
				MultiCrop: cell(leadYesNo, r.multiCrop),
				Eval:      "linear",
			}
			got := *in
			got.Note, got.Source = "", ""
			if got != want {
				t.Errorf("%s (%s): imagenet = %+v, want %+v", p.ID, r.name, got, want)
			}
		})
	}
	for _, p := range s.Papers {
		if p.ImageNet != nil && !listed[p.ArXiv] {
			t.Errorf("%s has an ImageNet number but no protocol row in testdata/protocols.tsv", p.ID)
		}
	}
}

// TestEveryImageNetNumberHasItsBackbone guards lab files and later edits
// of the embedded set: the table's numbers are comparable only when each
// says what it was measured on.
func TestEveryImageNetNumberHasItsBackbone(t *testing.T) {
	s, _ := Embedded()
	for _, p := range s.Papers {
		if p.ImageNet != nil && (p.ImageNet.Backbone == "" || p.ImageNet.Eval != "linear") {
			t.Errorf("%s: imagenet %+v lacks its backbone or eval", p.ID, *p.ImageNet)
		}
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("protocols.tsv: top1 %q: %v", s, err)
	}
	return f
}

func atoiOrZero(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
