package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/paperbot/paperbot/bot/picture"
)

// drawFunc draws one of a reply's pictures. Commands do not draw inside
// their store transaction, which holds every other reader's writes: they
// leave a drawFunc in Reply.draw, and Handle runs it after the commit.
type drawFunc func(ctx context.Context, b *Bot) (File, error)

// Painter returns the bot's painter, for warming it at start.
func (b *Bot) Painter() *picture.Painter { return b.painter }

// drawPictures draws the pictures a command asked for and attaches them,
// unless the request wants none. A picture that fails is logged and
// replaced by a note: the reply's text says the same.
func (b *Bot) drawPictures(ctx context.Context, req Request, out *Reply) {
	draws := out.draw
	out.draw = nil
	if req.NoPictures {
		return
	}
	failed := false
	for _, d := range draws {
		f, err := d(ctx, b)
		if err != nil {
			b.log.Warn("draw picture", "err", err)
			failed = true
			continue
		}
		out.Files = append(out.Files, f)
	}
	if failed {
		out.Outro += "\n" + t(out.Lang, "pic.failed")
		out.finish()
	}
}

// calendarWeeks is how many weeks the progress chart's calendar shows.
const calendarWeeks = 12

// progressChart is the reader's progress picture: per-topic bars and the
// calendar of the last weeks, drawn now (for the digest, which holds no
// transaction) or later (for /progress).
func (c *call) progressChart(now time.Time) picture.Progress {
	read, total := c.readIn("")
	pct := 0
	if total > 0 {
		pct = read * 100 / total
	}
	pr := picture.Progress{Title: c.t("pic.progress", read, total, pct)}
	for _, tp := range c.set.Topics {
		if tp.Parent != "" {
			continue
		}
		if n, m := c.readIn(tp.ID); m > 0 {
			pr.Topics = append(pr.Topics, picture.Bar{Name: tp.Name.In(c.lang), Read: n, Total: m})
		}
	}
	pr.Calendar = c.calendar(now)
	return pr
}

// calendar counts the papers marked read on each day of the last
// calendarWeeks weeks, Monday first, in the reader's digest time zone
// (UTC without one).
func (c *call) calendar(now time.Time) picture.Calendar {
	loc := time.UTC
	if c.r.Sub.Zone != "" {
		if l, err := LoadZone(c.r.Sub.Zone); err == nil {
			loc = l
		}
	}
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC) // dates only from here on
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	start := monday.AddDate(0, 0, -7*(calendarWeeks-1))
	cal := picture.Calendar{
		Title: c.t("pic.weeks", calendarWeeks), Start: start,
		Counts: make([]int, 7*calendarWeeks), Days: int(today.Sub(start).Hours()/24) + 1,
		DateLayout: c.t("pic.date"), Fewer: c.t("pic.fewer"), More: c.t("pic.more"),
		Weekdays: [7]string{c.t("pic.mon"), "", c.t("pic.wed"), "", c.t("pic.fri"), "", ""},
	}
	for _, at := range c.r.Read {
		y, m, d := at.In(loc).Date()
		i := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
		if i >= 0 && i < cal.Days {
			cal.Counts[i]++
		}
	}
	return cal
}

// addProgressChart asks for the progress chart under /progress's text.
func (c *call) addProgressChart(out *Reply) {
	pr, alt := c.progressChart(c.bot.now()), out.Intro
	out.draw = append(out.draw, func(_ context.Context, b *Bot) (File, error) {
		return progressFile(b, pr, alt)
	})
}

func progressFile(b *Bot, pr picture.Progress, alt string) (File, error) {
	png, err := b.painter.Progress(pr)
	if err != nil {
		return File{}, fmt.Errorf("draw progress chart: %w", err)
	}
	return File{Name: "paperbot-progress.png", MIME: "image/png", Data: png, Photo: true, Alt: alt}, nil
}

// weekly reports whether a subscription sends one digest a week.
func weekly(s Subscription) bool {
	_, ok := weekdayNames[s.Frequency]
	return s.On && ok
}

// addWeeklyChart attaches the progress chart to a weekly subscriber's
// digest. A chart that fails is logged and left out.
func (c *call) addWeeklyChart(out *Reply, now time.Time) {
	if !weekly(c.r.Sub) {
		return
	}
	f, err := progressFile(c.bot, c.progressChart(now), c.progressLine(c.r.Sub.Topic, now))
	if err != nil {
		c.bot.log.Warn("weekly digest chart", "reader", c.r.Key, "err", err)
		return
	}
	out.Files = append(out.Files, f)
}
