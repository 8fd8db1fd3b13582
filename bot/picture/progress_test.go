package picture

import (
	"image"
	"image/color"
	"math"
	"testing"
	"time"
)

func sampleProgress() Progress {
	counts := make([]int, 84)
	counts[0], counts[8], counts[20], counts[79] = 1, 2, 5, 3
	return Progress{
		Title: "已读 12 / 130 篇（9%）",
		Topics: []Bar{
			{"对比学习", 12, 47}, {"Non-contrastive", 0, 23}, {"Masked image modeling", 5, 25}, {"Pretext tasks", 19, 19},
		},
		Calendar: Calendar{
			Title: "Papers marked read, last 12 weeks", Start: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
			Counts: counts, Days: 80, DateLayout: "1月2日",
			Weekdays: [7]string{"周一", "", "周三", "", "周五", "", ""}, Fewer: "少", More: "多",
		},
	}
}

// TestProgressChart checks the chart's size, each bar's read share, and
// the calendar's squares.
func TestProgressChart(t *testing.T) {
	pr := sampleProgress()
	b, err := painter(t).Progress(pr)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b)
	c := chart{painter(t).scale}
	barsH, calH := c.heights(len(pr.Topics), 12)
	if got := img.Bounds(); got.Dx() != c.width() || got.Dy() != barsH+calH {
		t.Errorf("chart is %dx%d, want %dx%d", got.Dx(), got.Dy(), c.width(), barsH+calH)
	}
	bars := barRuns(img, barsH)
	if len(bars) != len(pr.Topics) {
		t.Fatalf("found %d bars, want one per topic (%d)", len(bars), len(pr.Topics))
	}
	for i, tp := range pr.Topics {
		got := float64(bars[i][0]) / float64(bars[i][0]+bars[i][1])
		want := float64(tp.Read) / float64(tp.Total)
		if math.Abs(got-want) > 0.02 {
			t.Errorf("bar %q: read part %.3f of its length (%d green, %d grey px), want %d/%d = %.3f", tp.Name, got, bars[i][0], bars[i][1], tp.Read, tp.Total, want)
		}
	}
	weeks := len(pr.Calendar.Counts) / 7
	for day := range pr.Calendar.Counts {
		x, y := c.cellAt(weeks, float64(barsH), day)
		got := rgba(img.At(int(x+c.px(calCellPt)/2), int(y+c.px(calCellPt)/2)))
		want := rgba(shade(pr.Calendar.Counts[day]))
		if day >= pr.Calendar.Days {
			want = colBackground // a day still to come
		}
		if got != want {
			t.Errorf("calendar day %d (%d read): colour %v, want %v", day, pr.Calendar.Counts[day], got, want)
		}
	}
	// the colour scale is under the grid, every shade in it
	_, sunday := c.cellAt(weeks, float64(barsH), 6)
	below := map[color.RGBA]bool{}
	for y := int(sunday + c.px(calCellPt) + 1); y < img.Bounds().Dy(); y++ {
		for x := range img.Bounds().Dx() {
			below[rgba(img.At(x, y))] = true
		}
	}
	for i, s := range calShades {
		if !below[s] {
			t.Errorf("shade %d of the colour scale is not under the calendar", i)
		}
	}
}

// barRuns finds the bars above y: for each, top to bottom, the length of
// its green (read) and grey (not read) parts along its longest row.
func barRuns(img image.Image, bottom int) [][2]int {
	var out [][2]int
	inBar := false
	for y := 0; y < bottom; y++ {
		green, grey := runs(img, y)
		switch {
		case green+grey > 10 && !inBar:
			inBar = true
			out = append(out, [2]int{})
		case green+grey <= 10:
			inBar = false
		}
		if inBar { // keep the longest row of the bar
			if last := &out[len(out)-1]; green+grey > last[0]+last[1] {
				*last = [2]int{green, grey}
			}
		}
	}
	return out
}

// runs counts a row's pixels of the read colour and of the total's.
func runs(img image.Image, y int) (green, grey int) {
	for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
		switch rgba(img.At(x, y)) {
		case colRead:
			green++
		case colUnread:
			grey++
		}
	}
	return green, grey
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func TestProgressRefusesPartWeeks(t *testing.T) {
	pr := sampleProgress()
	pr.Calendar.Counts = pr.Calendar.Counts[:10]
	if _, err := painter(t).Progress(pr); err == nil {
		t.Error("Progress with 10 calendar days: no error, want one")
	}
}
