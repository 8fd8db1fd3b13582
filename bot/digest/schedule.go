package digest

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// slot is one digest of one subscriber: the local date it is for and the
// instant it falls due.
type slot struct {
	day string    // local date, "2006-01-02"
	at  time.Time // when it falls due
}

// weekdays maps the weekday words of bot.Subscription.Frequency.
var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// onDay reports whether a subscription of frequency freq gets a digest on
// a local weekday wd. An unknown frequency counts as daily.
func onDay(freq string, wd time.Weekday) bool {
	if freq == "weekdays" {
		return wd >= time.Monday && wd <= time.Friday
	}
	if d, ok := weekdays[freq]; ok {
		return wd == d
	}
	return true
}

// clockOf reads "HH:MM" as bot.ParseClock writes it.
func clockOf(s string) (h, m int, err error) {
	hm, ok := bot.ParseClock(s)
	if !ok {
		return 0, 0, fmt.Errorf("digest time %q is not HH:MM", s)
	}
	h, _ = strconv.Atoi(hm[:2])
	m, _ = strconv.Atoi(hm[3:])
	return h, m, nil
}

// localInstant is the instant a local clock in loc first shows the wall
// time y-m-d hh:mm. When the clocks go back and the time happens twice, it
// is the first occurrence. When the clocks jump over it (spring forward),
// it is the instant of the jump: the first instant at which the local
// clock reads later than the wall time, so 02:30 on a day New York skips
// from 02:00 to 03:00 is 03:00 EDT.
func localInstant(y int, mo time.Month, d, hh, mm int, loc *time.Location) time.Time {
	wall := time.Date(y, mo, d, hh, mm, 0, 0, time.UTC) // the wall clock, read as UTC
	// Offsets lie between -12h and +14h, so every instant showing wall, and
	// any jump over it, lies within 15 hours of it; walk the zone's periods
	// there in time order. The first period in which wall exists holds
	// the earliest occurrence.
	limit := wall.Add(15 * time.Hour)
	var jump time.Time
	for t := wall.Add(-15 * time.Hour); ; {
		lt := t.In(loc)
		_, off := lt.Zone()
		start, end := lt.ZoneBounds()
		at := wall.Add(-time.Duration(off) * time.Second)
		if (start.IsZero() || !at.Before(start)) && (end.IsZero() || at.Before(end)) {
			return at
		}
		if end.IsZero() || end.After(limit) {
			break
		}
		if jump.IsZero() && !wallClock(end, loc).Before(wall) {
			jump = end
		}
		t = end
	}
	if jump.IsZero() { // cannot happen with real zone data; keep Go's choice
		return time.Date(y, mo, d, hh, mm, 0, 0, loc)
	}
	return jump
}

// wallClock is the local clock reading of t in loc, as a UTC time.
func wallClock(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	y, mo, d := lt.Date()
	h, m, s := lt.Clock()
	return time.Date(y, mo, d, h, m, s, 0, time.UTC)
}

// zones loads time zones once and remembers digest times per zone and day,
// so a pass over many subscribers does each calendar sum once.
type zones struct {
	mu    sync.Mutex
	locs  map[string]*time.Location
	slots map[slotKey]time.Time
	day   string // the UTC date slots was filled for; it is reset daily
}

type slotKey struct {
	loc    *time.Location
	day    string
	hh, mm int
}

// load returns the location of zone, loading it once.
func (z *zones) load(zone string) (*time.Location, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if loc, ok := z.locs[zone]; ok {
		return loc, nil
	}
	loc, err := bot.LoadZone(zone)
	if err != nil { // spelled as typed ("asia/shanghai", "UTC+8")?
		canon, perr := bot.ParseZone(zone)
		if perr != nil {
			return nil, err
		}
		if loc, err = bot.LoadZone(canon); err != nil {
			return nil, err
		}
	}
	if z.locs == nil {
		z.locs = map[string]*time.Location{}
	}
	z.locs[zone] = loc
	return loc, nil
}

// instant is localInstant, remembered.
func (z *zones) instant(now time.Time, loc *time.Location, lt time.Time, hh, mm int) time.Time {
	day := lt.Format(time.DateOnly)
	k := slotKey{loc, day, hh, mm}
	z.mu.Lock()
	defer z.mu.Unlock()
	if d := now.UTC().Format(time.DateOnly); d != z.day || z.slots == nil {
		z.slots, z.day = map[slotKey]time.Time{}, d
	}
	if at, ok := z.slots[k]; ok {
		return at
	}
	y, mo, d := lt.Date()
	at := localInstant(y, mo, d, hh, mm, loc)
	z.slots[k] = at
	return at
}

// slotFor is the digest of sub for the local date of now in its zone; ok
// is false when that date is not one of its days. An empty time or zone
// takes the defaults.
func (s *Scheduler) slotFor(sub bot.Subscription, now time.Time) (sl slot, ok bool, err error) {
	zone, hm := sub.Zone, sub.Time
	if zone == "" {
		zone = s.opts.DefaultZone
	}
	if hm == "" {
		hm = s.opts.DefaultTime
	}
	loc, err := s.zones.load(zone)
	if err != nil {
		return slot{}, false, err
	}
	hh, mm, err := clockOf(hm)
	if err != nil {
		return slot{}, false, err
	}
	lt := now.In(loc)
	if !onDay(sub.Frequency, lt.Weekday()) {
		return slot{}, false, nil
	}
	return slot{day: lt.Format(time.DateOnly), at: s.zones.instant(now, loc, lt, hh, mm)}, true, nil
}
