package picture

import (
	"image/color"

	"github.com/fogleman/gg"
)

// calShades are the calendar's colours for 0, 1, 2, 3–4 and 5 or more
// papers a day.
var calShades = []color.RGBA{
	{0xeb, 0xed, 0xf0, 0xff},
	{0xb2, 0xf2, 0xbb, 0xff},
	{0x69, 0xdb, 0x7c, 0xff},
	{0x37, 0xb2, 0x4d, 0xff},
	{0x2b, 0x8a, 0x3e, 0xff},
}

// Shade is the calendar colour of a day on which n papers were marked
// read.
func Shade(n int) color.Color {
	switch {
	case n <= 0:
		return calShades[0]
	case n <= 2:
		return calShades[n]
	case n <= 4:
		return calShades[3]
	}
	return calShades[4]
}

// drawCalendar draws the strip with its top at y.
func drawCalendar(dc *gg.Context, cal *Calendar, y float64) error {
	if err := setFace(dc, 24); err != nil {
		return err
	}
	dc.SetColor(colText)
	dc.DrawStringAnchored(cal.Title, chartW/2, y+18, 0.5, 0.5)
	if err := setFace(dc, 18); err != nil {
		return err
	}
	weeks := len(cal.Counts) / 7
	left, top := cellAt(weeks, y, 0)
	dc.SetColor(colMuted)
	for d, name := range cal.Weekdays {
		if name != "" {
			_, cy := cellAt(weeks, y, d)
			dc.DrawStringAnchored(name, left-10, cy+calCellPx/2, 1, 0.38)
		}
	}
	for w := 0; w < weeks; w += 2 {
		if cal.DateLayout != "" {
			x, _ := cellAt(weeks, y, 7*w)
			label := cal.Start.AddDate(0, 0, 7*w).Format(cal.DateLayout)
			dc.DrawStringAnchored(label, x, top-12, 0, 0)
		}
	}
	for i := 0; i < len(cal.Counts) && i < cal.Days; i++ {
		x, cy := cellAt(weeks, y, i)
		dc.DrawRoundedRectangle(x, cy, calCellPx, calCellPx, 3)
		dc.SetColor(Shade(cal.Counts[i]))
		dc.Fill()
	}
	_, bottom := cellAt(weeks, y, 7)
	return drawScale(dc, cal, left, bottom+18)
}

// cellAt is the top left corner of day i's square in a strip of weeks
// columns whose top is at y: columns are weeks, rows weekdays.
func cellAt(weeks int, y float64, i int) (float64, float64) {
	step := float64(calCellPx + calGapPx)
	left := (chartW - float64(weeks)*step) / 2
	return left + float64(i/7)*step, y + calTopPx + float64(i%7)*step
}

// drawScale draws "fewer □□□□□ more" under the strip.
func drawScale(dc *gg.Context, cal *Calendar, x, y float64) error {
	dc.SetColor(colMuted)
	dc.DrawStringAnchored(cal.Fewer, x, y+calCellPx/2, 0, 0.38)
	w, _ := dc.MeasureString(cal.Fewer)
	x += w + 10
	for _, c := range calShades {
		dc.DrawRoundedRectangle(x, y, calCellPx, calCellPx, 3)
		dc.SetColor(c)
		dc.Fill()
		x += calCellPx + calGapPx
	}
	dc.SetColor(colMuted)
	dc.DrawStringAnchored(cal.More, x+6, y+calCellPx/2, 0, 0.38)
	return nil
}
