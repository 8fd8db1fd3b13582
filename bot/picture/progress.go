package picture

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"
	"time"

	"github.com/fogleman/gg"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Progress is a reader's progress chart: read and total papers per topic
// as bars, and the last weeks of reading as a calendar strip. Every word
// in it is already in the reader's language.
type Progress struct {
	Title    string // "12 of 130 papers read (9%)"
	Topics   []Bar  // top to bottom
	Calendar Calendar
}

// Bar is one topic's bar.
type Bar struct {
	Name        string
	Read, Total int
}

// Calendar is the strip of the last weeks: one column a week, one row a
// weekday, each day's square darker the more papers were marked read.
type Calendar struct {
	Title      string    // "Papers marked read, last 12 weeks"
	Start      time.Time // the first day of the first column (a Monday)
	Counts     []int     // papers marked read each day from Start; a multiple of 7 long
	Days       int       // how many days of Counts are past (today is Days-1); the rest are not drawn
	DateLayout string    // how a column's first day is written: "Jan 2", "1月2日"
	Weekdays   [7]string // row labels, Monday first; "" for none
	Fewer      string    // the colour scale's ends
	More       string
}

// Chart sizes, points; at the default scale a point is two pixels.
const (
	chartWPt    = 500
	barRowPt    = 17
	barFramePt  = 75 // the plot's title and axis
	calCellPt   = 16
	calGapPt    = 3
	calTopPt    = 40 // the strip's title and week labels
	calBottomPt = 40 // the colour scale
)

// chart is the chart's geometry at a scale: pixels per point.
type chart struct{ s float64 }

func (c chart) px(pt float64) float64 { return pt * c.s }
func (c chart) width() int            { return int(math.Round(chartWPt * c.s)) }

// heights are the pixel heights of the bars' part and the calendar's.
func (c chart) heights(topics, weeks int) (bars, cal int) {
	bars = int(math.Round(c.px(barFramePt + barRowPt*float64(max(topics, 1)))))
	if weeks > 0 {
		cal = int(math.Round(c.px(calTopPt + 7*(calCellPt+calGapPt) + calBottomPt)))
	}
	return bars, cal
}

// Progress draws the chart. Charts drawn before for an equal Progress
// come from the cache; the PNG is shared and must not be changed.
func (p *Painter) Progress(pr Progress) ([]byte, error) {
	key, err := cacheKey("progress", pr)
	if err != nil {
		return nil, err
	}
	if v, ok := p.cache.get(key); ok {
		return v.([]byte), nil
	}
	png, err := drawProgress(&pr, chart{p.scale})
	if err != nil {
		return nil, err
	}
	p.cache.put(key, png, len(png))
	return png, nil
}

func drawProgress(pr *Progress, c chart) ([]byte, error) {
	if len(pr.Calendar.Counts)%7 != 0 {
		return nil, fmt.Errorf("draw progress: %d calendar days, not whole weeks", len(pr.Calendar.Counts))
	}
	if err := loadFonts(); err != nil {
		return nil, err
	}
	weeks := len(pr.Calendar.Counts) / 7
	barsH, calH := c.heights(len(pr.Topics), weeks)
	bars, err := barChart(pr, c, barsH)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, c.width(), barsH+calH))
	draw.Draw(img, img.Bounds(), image.NewUniform(colBackground), image.Point{}, draw.Src)
	draw.Draw(img, bars.Bounds(), bars, bars.Bounds().Min, draw.Src) // gg's DrawImage would resample
	dc := gg.NewContextForRGBA(img)
	if weeks > 0 {
		if err := c.drawCalendar(dc, &pr.Calendar, float64(barsH)); err != nil {
			return nil, err
		}
	}
	b, err := encodePNG(dc.Image())
	if err != nil {
		return nil, fmt.Errorf("encode progress: %w", err)
	}
	return b, nil
}

// plotFonts is the embedded font as gonum plot knows fonts.
func plotFonts() (text.Handler, font.Font) {
	f := font.Font{Typeface: "Paperbot Sans"}
	cache := font.NewCache(font.Collection{{Font: f, Face: fonts.otf}})
	return text.Plain{Fonts: cache}, f
}

// barChart draws the bars: each topic's total in grey, what the reader
// read of it in green over it, and "read/total" at the end.
func barChart(pr *Progress, c chart, heightPx int) (image.Image, error) {
	handler, f := plotFonts()
	style := func(size float64) text.Style {
		return text.Style{Color: colText, Font: font.From(f, vg.Length(size)), Handler: handler, XAlign: text.XLeft, YAlign: text.YCenter}
	}
	p := plot.New()
	p.TextHandler = handler
	p.Title.Text = pr.Title
	p.Title.TextStyle = style(13)
	p.Title.TextStyle.XAlign = text.XCenter
	p.Title.TextStyle.YAlign = text.YTop
	p.Title.Padding = vg.Points(10)
	n := len(pr.Topics)
	names := make([]string, n)
	total, read := make(plotter.Values, n), make(plotter.Values, n)
	labels := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	most := 1.0
	for i, b := range pr.Topics {
		j := n - 1 - i // plot counts rows from the bottom
		names[j] = b.Name
		total[j], read[j] = float64(b.Total), float64(b.Read)
		labels.XYs[j] = plotter.XY{X: float64(b.Total), Y: float64(j)}
		labels.Labels[j] = fmt.Sprintf("%d/%d", b.Read, b.Total)
		most = max(most, float64(b.Total))
	}
	grid := plotter.NewGrid()
	grid.Horizontal.Width = 0
	grid.Vertical.Color = colUnread
	p.Add(grid)
	for _, v := range []struct {
		vals plotter.Values
		col  color.Color
	}{{total, colUnread}, {read, colRead}} {
		bc, err := plotter.NewBarChart(v.vals, vg.Points(11))
		if err != nil {
			return nil, fmt.Errorf("draw progress bars: %w", err)
		}
		bc.Horizontal = true
		bc.Color = v.col
		bc.LineStyle.Width = 0
		p.Add(bc)
	}
	if n > 0 {
		l, err := plotter.NewLabels(labels)
		if err != nil {
			return nil, fmt.Errorf("draw progress labels: %w", err)
		}
		for i := range l.TextStyle {
			l.TextStyle[i] = style(8)
		}
		l.Offset = vg.Point{X: vg.Points(4)}
		p.Add(l)
	}
	p.NominalY(names...)
	p.Y.Tick.Label = style(9)
	p.Y.Tick.Label.XAlign = text.XRight
	p.Y.LineStyle.Width = 0
	p.Y.Tick.LineStyle.Width = 0
	p.X.Min, p.X.Max = 0, most*1.15
	p.X.Tick.Label = style(8)
	p.X.Tick.Label.XAlign = text.XCenter
	p.X.Tick.Label.YAlign = text.YTop
	p.X.Tick.Marker = plot.TickerFunc(wholeTicks)
	p.X.LineStyle.Color = colBorder
	dpi := 72 * c.s
	canvas := vgimg.NewWith(vgimg.UseWH(vg.Length(float64(c.width())*72/dpi), vg.Length(float64(heightPx)*72/dpi)), vgimg.UseDPI(int(math.Round(dpi))))
	pad := vg.Points(12)
	p.Draw(vgdraw.Crop(vgdraw.New(canvas), pad, -pad, pad/2, -pad))
	return canvas.Image(), nil
}

// wholeTicks marks whole numbers of papers: plot's default places, each
// written without decimals, and no place that is not whole.
func wholeTicks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Value != float64(int(t.Value)) {
			continue
		}
		if t.Label != "" {
			t.Label = strconv.Itoa(int(t.Value))
		}
		out = append(out, t)
	}
	return out
}
