package recommend

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// devEntry is a labelled candidate of a feed.
type devEntry struct {
	in   bool
	cand Candidate
}

// readDevFeed parses testdata/intake/devfeed.tsv.
func readDevFeed(tb testing.TB) []devEntry { return readFeed(tb, "testdata/intake/devfeed.tsv") }

// readFeed parses a labelled feed: a header line, then label, primary
// category, categories, title and abstract separated by tabs; lines
// starting with # are comments.
func readFeed(tb testing.TB, path string) []devEntry {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []devEntry
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 0, 64<<10), 1<<20)
	header := true
	for line := 1; s.Scan(); line++ {
		l := s.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 5 || (cols[0] != "0" && cols[0] != "1") {
			tb.Fatalf("%s:%d: want label, primary, categories, title, abstract", path, line)
		}
		out = append(out, devEntry{in: cols[0] == "1", cand: Candidate{
			Primary: cols[1], Categories: strings.Fields(cols[2]), Title: cols[3], Abstract: cols[4],
		}})
	}
	if err := s.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// feedStats are the precision and recall of Classify at threshold 0.5 over
// a feed, with the entries it got wrong.
type feedStats struct {
	tp, fp, fn, tn int
	wrong          []string
}

func (s feedStats) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s feedStats) recall() float64    { return ratio(s.tp, s.tp+s.fn) }

func (s feedStats) String() string {
	return fmt.Sprintf("precision %.3f recall %.3f (tp %d fp %d fn %d tn %d)", s.precision(), s.recall(), s.tp, s.fp, s.fn, s.tn)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func classifyFeed(e *Engine, feed []devEntry) feedStats {
	var s feedStats
	for _, en := range feed {
		v := e.Classify(en.cand)
		in := v.Score >= 0.5
		switch {
		case in && en.in:
			s.tp++
		case in:
			s.fp++
			s.wrong = append(s.wrong, fmt.Sprintf("false positive %.2f: %s", v.Score, en.cand.Title))
		case en.in:
			s.fn++
			s.wrong = append(s.wrong, fmt.Sprintf("false negative %.2f: %s", v.Score, en.cand.Title))
		default:
			s.tn++
		}
	}
	return s
}

// TestClassifyDevFeed is the gate: on the labelled dev feed, Classify at
// 0.5 must reach precision 0.9 and recall 0.85. The first half of the feed
// was used for tuning, the second half for checking; both are reported.
// checkfeed.tsv, written after the first round of tuning, probefeed.tsv,
// written before the classifier learned to read SSL methods described
// without the word "self-supervised" (short abstracts, and hard negatives
// that use contrastive or masking words for supervised training,
// generation or other modalities), and probefeed2.tsv, written after that
// change as a check of it, are held to the same bar.
func TestClassifyDevFeed(t *testing.T) {
	e := testEngine(t)
	feed := readDevFeed(t)
	if len(feed) < 80 {
		t.Fatalf("dev feed has %d entries, want at least 80", len(feed))
	}
	half := len(feed) / 2
	for _, part := range []struct {
		name string
		feed []devEntry
		gate bool
	}{
		{"dev feed, tuning half", feed[:half], false},
		{"dev feed, check half", feed[half:], false},
		{"dev feed, all", feed, true},
		{"check feed", readFeed(t, "testdata/intake/checkfeed.tsv"), true},
		{"probe feed", readFeed(t, "testdata/intake/probefeed.tsv"), true},
		{"probe feed 2", readFeed(t, "testdata/intake/probefeed2.tsv"), true},
	} {
		t.Run(part.name, func(t *testing.T) {
			s := classifyFeed(e, part.feed)
			t.Logf("%s (%d entries): %v", part.name, len(part.feed), s)
			if part.gate && (s.precision() < 0.9 || s.recall() < 0.85) {
				t.Errorf("%s: %v, want precision >= 0.9 and recall >= 0.85; misclassified:\n%s", part.name, s, strings.Join(s.wrong, "\n"))
			}
		})
	}
}

// Abstracts written for these tests.
const (
	mimAbstract = "We study masked image modeling for vision transformers. A large fraction of image " +
		"patches is masked and the encoder, trained without labels on ImageNet-1K, reconstructs the " +
		"normalized pixels of the masked patches with a light decoder. A higher masking ratio and a " +
		"patch-wise loss improve fine-tuning accuracy and linear probing over MAE and I-JEPA, and the " +
		"representations transfer to COCO detection."
	contrastiveAbstract = "We propose a contrastive method for self-supervised visual representation " +
		"learning. Two augmented views of each image form a positive pair and the other images of the " +
		"batch serve as negatives in an InfoNCE loss; a queue of negatives encoded by a momentum encoder " +
		"enlarges the dictionary. With a ResNet-50 on ImageNet our method improves linear evaluation " +
		"accuracy over SimCLR and MoCo v2."
)

func TestClassifyTopics(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		title, abstract, want string
	}{
		{"Higher Masking Ratios for Masked Image Modeling", mimAbstract, "masked-image-modeling"},
		{"Queue-Free Negatives for Contrastive Representation Learning", contrastiveAbstract, "contrastive"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			v := e.Classify(Candidate{Title: tc.title, Abstract: tc.abstract, Primary: "cs.CV", Categories: []string{"cs.CV"}})
			if v.Score < 0.5 {
				t.Errorf("%q: score %.2f, want >= 0.5", tc.title, v.Score)
			}
			if len(v.Topics) == 0 || v.Topics[0] != tc.want {
				t.Errorf("%q: topics %v, want %s first", tc.title, v.Topics, tc.want)
			}
			for _, id := range v.Topics {
				if e.Set().Topic(id) == nil {
					t.Errorf("%q: topic %q is not in the taxonomy", tc.title, id)
				}
			}
		})
	}
}

func TestClassifyBuildsOn(t *testing.T) {
	e := testEngine(t)
	for _, id := range []string{"mae", "ijepa", "simclr", "mocov2"} {
		if e.Set().Paper(id) == nil {
			t.Fatalf("paper %q is not in the set", id)
		}
	}
	v := e.Classify(Candidate{Title: "Higher Masking Ratios for Masked Image Modeling", Abstract: mimAbstract, Primary: "cs.CV"})
	if !slices.Contains(v.BuildsOn, "mae") || !slices.Contains(v.BuildsOn, "ijepa") {
		t.Errorf("BuildsOn = %v, want mae and ijepa", v.BuildsOn)
	}
	v = e.Classify(Candidate{Title: "Queue-Free Negatives", Abstract: contrastiveAbstract, Primary: "cs.CV"})
	if !slices.Contains(v.BuildsOn, "simclr") || !slices.Contains(v.BuildsOn, "mocov2") || slices.Contains(v.BuildsOn, "moco") {
		t.Errorf("BuildsOn = %v, want simclr and mocov2 (and not moco)", v.BuildsOn)
	}
	if len(v.BuildsOn) > maxBuildsOn {
		t.Errorf("BuildsOn has %d ids, want at most %d", len(v.BuildsOn), maxBuildsOn)
	}
	// Names that look like set papers but are not.
	for _, tc := range []struct {
		abstract string
		not      string
	}{
		{"We regress house prices and report the mean absolute error (MAE) of gradient-boosted trees; MAE drops by 8%.", "mae"},
		{"Our detector improves over DINO-DETR on COCO with a ResNet-50 backbone.", "dino"},
		{"Each video clip is split into frames and a short clip of 16 frames is classified.", "clip"},
		{"We propose a self-supervised method. Self-supervised pretraining helps.", "seer"},
		{"Compressing networks with pruning keeps accuracy.", "compress"},
		{"We seed the random generator and align the images before we scan them.", "seed"},
	} {
		t.Run("not "+tc.not, func(t *testing.T) {
			v := e.Classify(Candidate{Title: "A Study", Abstract: tc.abstract, Primary: "cs.CV"})
			if slices.Contains(v.BuildsOn, tc.not) {
				t.Errorf("%q: BuildsOn = %v, must not contain %q", tc.abstract, v.BuildsOn, tc.not)
			}
		})
	}
	// Names that are set papers, written in the usual ways.
	for _, tc := range []struct {
		abstract, want string
	}{
		{"We build on masked autoencoders (MAE) and pretrain ViT-B without labels.", "mae"},
		{"Unlike DINOv2, our method uses no curated data.", "dinov2"},
		{"Compared with Barlow Twins and VICReg, our objective needs no wide projector.", "barlowtwins"},
		{"A BYOL-style predictor is added to the student.", "byol"},
		{"We extend MoCo-v3 to hierarchical transformers.", "mocov3"},
		{"Our ViT matches iBOT and data2vec 2.0 under linear probing.", "data2vec2"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			v := e.Classify(Candidate{Title: "A Study", Abstract: tc.abstract, Primary: "cs.CV"})
			if !slices.Contains(v.BuildsOn, tc.want) {
				t.Errorf("%q: BuildsOn = %v, want %q", tc.abstract, v.BuildsOn, tc.want)
			}
		})
	}
}

func TestClassifyReason(t *testing.T) {
	e := testEngine(t)
	v := e.Classify(Candidate{Title: "Higher Masking Ratios for Masked Image Modeling", Abstract: mimAbstract, Primary: "cs.CV"})
	en, zh := v.Reason.EN, v.Reason.ZH
	if !strings.Contains(en, "masked image modeling") || !strings.Contains(en, "MAE") || !strings.Contains(en, "I-JEPA") {
		t.Errorf("Reason.EN = %q, want the topic and MAE and I-JEPA", en)
	}
	if !strings.Contains(zh, "掩码图像建模") || !strings.Contains(zh, "MAE") || !strings.Contains(zh, "I-JEPA") {
		t.Errorf("Reason.ZH = %q, want the topic and MAE and I-JEPA", zh)
	}
	out := e.Classify(Candidate{
		Title:    "Masked Unit Prediction for Speech Recognition",
		Abstract: "Self-supervised pretraining on untranscribed speech audio lowers the word error rate of automatic speech recognition for low-resource languages; the encoder predicts masked units of the speech waveform.",
		Primary:  "eess.AS", Categories: []string{"eess.AS", "cs.CL"},
	})
	if out.Score >= 0.5 {
		t.Errorf("speech paper: score %.2f, want < 0.5", out.Score)
	}
	if !strings.Contains(out.Reason.EN, "speech") || !strings.Contains(out.Reason.ZH, "语音") {
		t.Errorf("speech paper: reason %+v, want it to name speech", out.Reason)
	}
	for _, r := range []string{en, zh, out.Reason.EN, out.Reason.ZH} {
		if r == "" || len(r) > 300 || !utf8.ValidString(r) {
			t.Errorf("reason %q: want short, non-empty, valid UTF-8", r)
		}
	}
}

// checkVerdict checks what must hold for any candidate.
func checkVerdict(t *testing.T, e *Engine, what string, v Verdict) {
	t.Helper()
	if !(v.Score >= 0 && v.Score <= 1) {
		t.Errorf("%s: score %v, want it in [0,1]", what, v.Score)
	}
	if v.Score >= 0.5 && len(v.Topics) == 0 {
		t.Errorf("%s: score %.2f but no topic", what, v.Score)
	}
	for _, id := range v.Topics {
		if e.Set().Topic(id) == nil {
			t.Errorf("%s: topic %q is not in the taxonomy", what, id)
		}
	}
	if len(v.BuildsOn) > maxBuildsOn {
		t.Errorf("%s: %d BuildsOn ids", what, len(v.BuildsOn))
	}
	for _, id := range v.BuildsOn {
		if e.Set().Paper(id) == nil {
			t.Errorf("%s: BuildsOn %q is not in the set", what, id)
		}
	}
	if v.Reason.EN == "" || v.Reason.ZH == "" || !utf8.ValidString(v.Reason.EN) || !utf8.ValidString(v.Reason.ZH) {
		t.Errorf("%s: reason %+v, want both languages, valid UTF-8", what, v.Reason)
	}
}

func TestClassifyBadInput(t *testing.T) {
	e := testEngine(t)
	huge := strings.Repeat("Self-supervised masked image modeling with MAE (MAE) and DINOv2-DETR. ", 1<<20/70)
	inputs := append(slices.Clone(badInputs),
		huge,
		strings.Repeat("x", 1<<20),
		strings.Repeat("-", 1<<20),
		strings.Repeat("(", 5000)+strings.Repeat(")", 5000),
		"self\x00supervised\x00MAE\x00I-JEPA",
		"MAE\u0301 DINO\u200bv2 ＭＡＥ Ｉ－ＪＥＰＡ ﬁne-tuning",
		"non-non-non-contrastive without without without",
		"\xed\xa0\x80\xed\xbf\xbf invalid surrogates \xf4\x90\x80\x80",
		"ρBYOL ρMoCo ρSimCLR",
	)
	for i, s := range inputs {
		t.Run(fmt.Sprintf("input %d", i), func(t *testing.T) {
			for _, c := range []Candidate{
				{Abstract: s},
				{Title: s},
				{Title: s, Abstract: s, Primary: s, Categories: []string{s, "", "cs.CV"}, Comment: s},
			} {
				start := time.Now()
				v := e.Classify(c)
				checkVerdict(t, e, fmt.Sprintf("input %d", i), v)
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("input %d: Classify took %v", i, d)
				}
			}
		})
	}
	if v := e.Classify(Candidate{}); v.Score >= 0.5 {
		t.Errorf("empty candidate: score %.2f, want < 0.5", v.Score)
	}
}

// TestClassifyConcurrent runs Classify from several goroutines (with -race,
// a check that it shares nothing writable) and compares with a serial run.
func TestClassifyConcurrent(t *testing.T) {
	e := testEngine(t)
	feed := readDevFeed(t)
	want := make([]Verdict, len(feed))
	for i, en := range feed {
		want[i] = e.Classify(en.cand)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range feed {
				i := (k + g*7) % len(feed)
				v := e.Classify(feed[i].cand)
				if v.Score != want[i].Score || !slices.Equal(v.Topics, want[i].Topics) ||
					!slices.Equal(v.BuildsOn, want[i].BuildsOn) || v.Reason != want[i].Reason {
					t.Errorf("entry %d: concurrent verdict %+v differs from %+v", i, v, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// FuzzClassify feeds arbitrary candidates to Classify: it must not panic,
// and the verdict must be well formed.
func FuzzClassify(f *testing.F) {
	e := testEngine(f)
	f.Add("Masked Image Modeling", mimAbstract, "cs.CV")
	f.Add("Contrastive", contrastiveAbstract, "cs.LG")
	f.Add("", "", "")
	for _, s := range badInputs {
		if len(s) < 200 {
			f.Add(s, s, "cs.CV")
		}
	}
	f.Fuzz(func(t *testing.T, title, abstract, primary string) {
		v := e.Classify(Candidate{Title: title, Abstract: abstract, Primary: primary, Categories: strings.Fields(primary)})
		checkVerdict(t, e, fmt.Sprintf("%q / %q", title, abstract), v)
	})
}

// BenchmarkClassify classifies the dev feed's entries in turn and reports
// the throughput.
func BenchmarkClassify(b *testing.B) {
	e := testEngine(b)
	feed := readDevFeed(b)
	e.Classify(feed[0].cand) // build the classifier outside the timing
	b.ReportAllocs()
	n := 0
	start := time.Now()
	for b.Loop() {
		e.Classify(feed[n%len(feed)].cand)
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "entries/s")
}

// BenchmarkNewClassifier builds the classifier of the embedded set, as the
// first Classify of a new engine does.
func BenchmarkNewClassifier(b *testing.B) {
	s := testSet(b)
	for b.Loop() {
		newClassifier(s)
	}
}

// TestClassifyLexicon checks that every phrase of the lexicon compiles: a
// phrase that does not would silently never match.
func TestClassifyLexicon(t *testing.T) {
	m := testEngine(t).classifier()
	for _, l := range lexicon {
		if _, ok := compilePattern(&m.voc, l.pat); !ok {
			t.Errorf("lexicon phrase %q does not compile", l.pat)
		}
	}
	for _, c := range topicCues {
		if _, ok := compilePattern(&m.voc, c.pat); !ok {
			t.Errorf("topic cue %q does not compile", c.pat)
		}
		if m.set.Topic(c.topic) == nil {
			t.Errorf("topic cue %q: no topic %q", c.pat, c.topic)
		}
	}
	for _, cues := range []string{cueCompare, cueBuild, cueFrozen, cueToolBefore, cueToolAfter} {
		for _, w := range strings.Split(cues, "|") {
			if p, ok := compilePattern(&m.voc, w); !ok || len(p.elems) != 1 {
				t.Errorf("cue word %q is not one token", w)
			}
		}
	}
}

// TestCuratedSetIsRecognised is an independent check of how Classify
// generalises: every curated paper of the set is an SSL-for-vision paper,
// and its title and short English summary, written earlier by other people
// for another purpose, are classified as a new cs.CV candidate would be.
// Papers filed under "language-supervised" are in the set only as context
// (image-text supervision is not self-supervised) and are left out of the
// figure. Recall over the others must reach 0.85; the misses are logged.
// Nothing here is special to a paper: the check holds only as long as
// Classify reads the methods the summaries describe (89 of 125 before it
// learned to, 116 after).
func TestCuratedSetIsRecognised(t *testing.T) {
	e := testEngine(t)
	n, in := 0, 0
	var miss []string
	for i := range e.Set().Papers {
		p := &e.Set().Papers[i]
		if p.Source != "" || slices.Contains(p.Topics, "language-supervised") {
			continue
		}
		v := e.Classify(Candidate{Title: p.Title, Abstract: p.Summary.EN, Primary: "cs.CV"})
		n++
		if v.Score >= 0.5 {
			in++
			continue
		}
		miss = append(miss, fmt.Sprintf("%.2f %s (%s)", v.Score, p.ID, v.Reason.EN))
	}
	r := ratio(in, n)
	t.Logf("curated papers recognised: %d of %d, recall %.3f", in, n, r)
	if len(miss) > 0 {
		t.Logf("missed:\n%s", strings.Join(miss, "\n"))
	}
	if r < 0.85 {
		t.Errorf("curated recall %.3f, want >= 0.85", r)
	}
}
