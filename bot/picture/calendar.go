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

// shade is the calendar colour of a day on which n papers were marked
// read.
func shade(n int) color.Color {
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
func (c chart) drawCalendar(dc *gg.Context, cal *Calendar, y float64) error {
	if err := setFace(dc, c.px(12)); err != nil {
		return err
	}
	dc.SetColor(colText)
	dc.DrawStringAnchored(cal.Title, float64(c.width())/2, y+c.px(9), 0.5, 0.5)
	if err := setFace(dc, c.px(9)); err != nil {
		return err
	}
	weeks := len(cal.Counts) / 7
	left, top := c.cellAt(weeks, y, 0)
	cell := c.px(calCellPt)
	dc.SetColor(colMuted)
	for d, name := range cal.Weekdays {
		if name != "" {
			_, cy := c.cellAt(weeks, y, d)
			dc.DrawStringAnchored(name, left-c.px(5), cy+cell/2, 1, 0.38)
		}
	}
	for w := 0; w < weeks; w += 2 {
		if cal.DateLayout != "" {
			x, _ := c.cellAt(weeks, y, 7*w)
			label := cal.Start.AddDate(0, 0, 7*w).Format(cal.DateLayout)
			dc.DrawStringAnchored(label, x, top-c.px(6), 0, 0)
		}
	}
	for i := 0; i < len(cal.Counts) && i < cal.Days; i++ {
		x, cy := c.cellAt(weeks, y, i)
		dc.DrawRoundedRectangle(x, cy, cell, cell, c.px(1.5))
		dc.SetColor(shade(cal.Counts[i]))
		dc.Fill()
	}
	_, sunday := c.cellAt(weeks, y, 6)
	return c.drawScale(dc, cal, left, sunday+cell+c.px(9))
}

// cellAt is the top left corner of day i's square in a strip of weeks
// columns whose top is at y: columns are weeks, rows weekdays.
func (c chart) cellAt(weeks int, y float64, i int) (float64, float64) {
	step := c.px(calCellPt + calGapPt)
	left := (float64(c.width()) - float64(weeks)*step) / 2
	return left + float64(i/7)*step, y + c.px(calTopPt) + float64(i%7)*step
}

// drawScale draws "fewer □□□□□ more" under the strip.
func (c chart) drawScale(dc *gg.Context, cal *Calendar, x, y float64) error {
	cell := c.px(calCellPt)
	dc.SetColor(colMuted)
	dc.DrawStringAnchored(cal.Fewer, x, y+cell/2, 0, 0.38)
	w, _ := dc.MeasureString(cal.Fewer)
	x += w + c.px(5)
	for _, col := range calShades {
		dc.DrawRoundedRectangle(x, y, cell, cell, c.px(1.5))
		dc.SetColor(col)
		dc.Fill()
		x += cell + c.px(calGapPt)
	}
	dc.SetColor(colMuted)
	dc.DrawStringAnchored(cal.More, x+c.px(3), y+cell/2, 0, 0.38)
	return nil
}
