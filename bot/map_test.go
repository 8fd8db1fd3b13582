package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/picture"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/bot/recommend/synthetic"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

// testPainter is one painter for the package's tests, drawing maps at
// half a pixel a point: Graphviz's context is made once, and pictures
// stay small (bot/picture's tests look at them closely).
var testPainter = sync.OnceValue(func() *picture.Painter {
	return picture.New(picture.Options{Scale: 0.5})
})

// onePNG checks that r carries exactly one picture, a PNG shown as a
// photo, and returns its size.
func onePNG(t *testing.T, r bot.Reply) (w, h int) {
	t.Helper()
	if len(r.Files) != 1 {
		t.Fatalf("reply has %d files, want one picture:\n%s", len(r.Files), r.Text)
	}
	f := r.Files[0]
	if f.MIME != "image/png" || !f.Photo || !strings.HasSuffix(f.Name, ".png") || f.Alt == "" {
		t.Errorf("file %q %s photo=%v alt=%q: want a PNG photo with alt text", f.Name, f.MIME, f.Photo, f.Alt)
	}
	img, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("decode %s: %v", f.Name, err)
	}
	return img.Bounds().Dx(), img.Bounds().Dy()
}

// lineageLines is the "A (year) → B, C" lines the map's text must have
// for papers: every builds-on link among them, marks left out.
func lineageLines(set *data.Set, papers []*data.Paper) []string {
	in := map[string]bool{}
	for _, p := range papers {
		in[p.ID] = true
	}
	next := map[string][]string{}
	for _, p := range papers {
		for _, b := range p.BuildsOn {
			if in[b] && b != p.ID && !slices.Contains(next[b], p.ShortName()) {
				next[b] = append(next[b], p.ShortName())
			}
		}
	}
	var lines []string
	for _, p := range papers {
		if len(next[p.ID]) > 0 {
			lines = append(lines, fmt.Sprintf("%s (%d) → %s", p.ShortName(), p.Year, strings.Join(next[p.ID], ", ")))
		}
	}
	return lines
}

// unmarked is the map's text without the reader's marks.
func unmarked(s string) string {
	return strings.NewReplacer("✓★ ", "", "✓ ", "", "★ ", "").Replace(s)
}

func TestMapOfATopic(t *testing.T) {
	f := newFixture(t)
	f.say("telegram:1", "/read mocov2")
	f.say("telegram:1", "/save simclr")
	r := f.say("telegram:1", "/map contrastive")
	if w, h := onePNG(t, r); w < 200 || h < 200 {
		t.Errorf("map of a 47-paper topic is %dx%d", w, h)
	}
	set := f.bot.Engine().Set()
	var papers []*data.Paper
	for i := range set.Papers {
		if set.HasTopic(&set.Papers[i], "contrastive") {
			papers = append(papers, &set.Papers[i])
		}
	}
	slices.SortStableFunc(papers, func(a, b *data.Paper) int {
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		return strings.Compare(a.ID, b.ID)
	})
	contains(t, r, fmt.Sprintf("%d papers", len(papers)), "1 of them read", "✓ MoCo v2", "★ SimCLR")
	got := strings.Split(unmarked(r.Pre), "\n")[1:] // after the heading
	want := lineageLines(set, papers)
	if !slices.Equal(got[:len(want)], want) {
		t.Errorf("/map contrastive as text:\n%s\nwant the lines\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Files[0].Alt != r.Intro {
		t.Errorf("alt text %q, want the caption %q", r.Files[0].Alt, r.Intro)
	}
}

func TestMapOfAPaper(t *testing.T) {
	f := newFixture(t)
	r := f.say("slack:T1:U1", "/map mocov2")
	onePNG(t, r)
	if r.Files[0].Name != "paperbot-map-mocov2.png" {
		t.Errorf("file name %q, want paperbot-map-mocov2.png", r.Files[0].Name)
	}
	set := f.bot.Engine().Set()
	p := set.Paper("mocov2")
	// what it builds on and what builds on it are on the map
	for _, id := range append(slices.Clone(p.BuildsOn), set.BuiltUponBy("mocov2")...) {
		if q := set.Paper(id); !strings.Contains(r.Pre, q.ShortName()) {
			t.Errorf("/map mocov2 leaves out its neighbour %s:\n%s", q.ShortName(), r.Pre)
		}
	}
	contains(t, r, "Lineage of MoCo v2", "two steps each way")
}

func TestMapInChineseAndWithoutArgument(t *testing.T) {
	f := newFixture(t)
	r := f.say("telegram:2", "/地图 对比学习")
	onePNG(t, r)
	contains(t, r, "传承图", "箭头")
	// no argument: the whole set, until the reader follows a path
	r = f.say("telegram:3", "/map")
	onePNG(t, r)
	contains(t, r, fmt.Sprintf("whole set: %d papers", len(f.bot.Engine().Set().Papers)))
	f.say("telegram:3", "/path masked image modeling")
	r = f.say("telegram:3", "/map")
	contains(t, r, "Lineage of Masked image modeling")
}

// TestMapBadInput checks that a map of nothing gets a short answer that
// says what works, and no picture.
func TestMapBadInput(t *testing.T) {
	f := newFixture(t)
	for _, in := range []string{"/map nonsense", "/map zzzzqqq xx", "/map " + strings.Repeat("x", 300)} {
		r := f.say("telegram:4", in)
		if len(r.Files) != 0 || !strings.Contains(r.Text, "No topic or paper") || !strings.Contains(r.Text, "/map contrastive") {
			t.Errorf("%.30q: %d files, reply %q; want no picture and a hint", in, len(r.Files), r.Text)
		}
		if len(r.Text) > 400 {
			t.Errorf("%.30q: answer of %d bytes, want a short one", in, len(r.Text))
		}
	}
}

// TestMapOfAnEmptyTopic checks that a topic without papers (a lab's own
// set may leave some empty) gets an answer, not a picture.
func TestMapOfAnEmptyTopic(t *testing.T) {
	set, err := synthetic.Set(3)
	if err != nil {
		t.Fatal(err)
	}
	empty := ""
	for _, tp := range set.Topics {
		has := false
		for i := range set.Papers {
			has = has || set.HasTopic(&set.Papers[i], tp.ID)
		}
		if !has {
			empty = tp.ID
			break
		}
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := bot.New(bot.Options{Engine: recommend.New(set), Store: db, Painter: testPainter()})
	r, err := b.Handle(context.Background(), bot.Request{Reader: "console:x", Text: "/map " + empty})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Files) != 0 || !strings.Contains(r.Text, "No papers are filed under") {
		t.Errorf("/map %s (no papers): %d files, %q", empty, len(r.Files), r.Text)
	}
}

// TestMapOfSixtyPapers draws a topic of a synthetic set with at least
// sixty papers.
func TestMapOfSixtyPapers(t *testing.T) {
	set, err := synthetic.Set(200)
	if err != nil {
		t.Fatal(err)
	}
	topic, n := "", 0
	for _, tp := range set.Topics {
		m := 0
		for i := range set.Papers {
			if set.HasTopic(&set.Papers[i], tp.ID) {
				m++
			}
		}
		if m >= 60 && (n == 0 || m < n) {
			topic, n = tp.ID, m
		}
	}
	if topic == "" {
		t.Fatal("no synthetic topic has 60 papers")
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := bot.New(bot.Options{Engine: recommend.New(set), Store: db, Painter: testPainter()})
	r, err := b.Handle(context.Background(), bot.Request{Reader: "console:x", Text: "/map " + topic})
	if err != nil {
		t.Fatal(err)
	}
	onePNG(t, r)
	if !strings.Contains(r.Text, fmt.Sprintf("%d papers", n)) {
		t.Errorf("/map %s (%d papers): %s", topic, n, r.Intro)
	}
}

func TestProgressCarriesAChart(t *testing.T) {
	f := newFixture(t)
	before := f.say("telegram:5", "/progress")
	f.say("telegram:5", "/read mocov2")
	r := f.say("telegram:5", "/progress")
	onePNG(t, r)
	if !strings.Contains(r.Text, "You have read 1 of") || !strings.Contains(r.Pre, "By topic:") {
		t.Errorf("/progress text changed:\n%s", r.Text)
	}
	if bytes.Equal(before.Files[0].Data, r.Files[0].Data) {
		t.Error("the chart after reading a paper is the chart before")
	}
}

// TestNoPictures checks that a caller that shows only text gets the same
// text and no picture.
func TestNoPictures(t *testing.T) {
	f := newFixture(t)
	with := f.say("slack:T1:U2", "/progress")
	without, err := f.bot.Handle(context.Background(), bot.Request{Reader: "slack:T1:U2", Text: "/progress", NoPictures: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(without.Files) != 0 || without.Text != with.Text {
		t.Errorf("/progress without pictures: %d files, text %q; want none and %q", len(without.Files), without.Text, with.Text)
	}
}

// TestWeeklyDigestCarriesTheChart checks that a weekly subscriber's digest
// has the progress chart and a daily one's has none.
func TestWeeklyDigestCarriesTheChart(t *testing.T) {
	b, _, _ := digestBot(t)
	for _, freq := range []string{"sat", "daily", "weekdays"} {
		r := bot.Reader{Key: "telegram:9", Sub: bot.Subscription{On: true, Time: "08:00", Zone: "UTC", Frequency: freq},
			Read: map[string]time.Time{"moco": digestNow.Add(-48 * time.Hour)}}
		reply, _ := compose(t, b, r, digestDay)
		if freq == "sat" {
			onePNG(t, reply)
		} else if len(reply.Files) != 0 {
			t.Errorf("%s digest has %d files, want none", freq, len(reply.Files))
		}
	}
}
