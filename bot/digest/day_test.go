package digest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// subscriber is one reader of a simulated day and what they should get.
type subscriber struct {
	key, hm, zone, freq string
	// want maps each local date in the window that should have a digest to
	// the instant of its delivery (the first pass at or after it is due).
	want map[string]time.Time
}

// TestSimulatedDays drives two days, a pass every 5 minutes, over readers
// in many zones: Kathmandu (+05:45), Chatham (+13:45), Kiritimati (+14),
// Pago Pago (-11), and New York and Havana on the days their clocks spring
// forward or fall back. Everyone gets exactly one digest per local date
// whose time falls in the window, at the first pass at or after it
// (digests due before the window are caught up at its first pass), never
// a paper they read or dismissed.
func TestSimulatedDays(t *testing.T) {
	for _, c := range []struct {
		name       string
		start, end time.Time
		dst        map[string]time.Time // hand-worked due instants on the DST date
	}{
		{"spring forward", utc("2025-03-08T12:00:00Z"), utc("2025-03-10T12:00:00Z"), map[string]time.Time{
			"America/New_York 02:30":    utc("2025-03-09T07:00:00Z"), // skipped: at the jump
			"America/New_York 01:30":    utc("2025-03-09T06:30:00Z"),
			"America/Havana 00:30":      utc("2025-03-09T05:00:00Z"), // midnight skipped
			"America/Los_Angeles 02:30": utc("2025-03-09T10:00:00Z"),
		}},
		{"fall back", utc("2025-11-01T12:00:00Z"), utc("2025-11-03T12:00:00Z"), map[string]time.Time{
			"America/New_York 01:30":    utc("2025-11-02T05:30:00Z"), // twice: the first
			"America/New_York 02:30":    utc("2025-11-02T07:30:00Z"),
			"America/Havana 00:30":      utc("2025-11-02T04:30:00Z"),
			"America/Los_Angeles 01:30": utc("2025-11-02T08:30:00Z"),
		}},
	} {
		t.Run(c.name, func(t *testing.T) { simulate(t, c.start, c.end, c.dst) })
	}
}

func simulate(t *testing.T, start, end time.Time, dst map[string]time.Time) {
	const step = 5 * time.Minute
	platforms := map[string]*fakeSender{}
	senders := map[string]bot.Sender{}
	for _, p := range []string{"telegram", "slack", "console"} {
		platforms[p] = &fakeSender{}
		senders[p] = platforms[p]
	}
	w := newWorld(t, start, senders)
	for _, p := range platforms {
		p.clock = w.clock
	}
	zones := []string{"UTC", "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Kiritimati", "Pacific/Pago_Pago",
		"America/New_York", "America/Havana", "Europe/Berlin", "Asia/Shanghai", "UTC+05:45", "America/Los_Angeles"}
	times := []string{"00:30", "01:30", "02:30", "08:00", "12:45", "23:55"}
	freqs := []string{"daily", "daily", "weekdays", "sun"}
	pod := map[string]string{} // the paper of the day of each date, read by some readers
	for d := start.AddDate(0, 0, -1); d.Before(end.AddDate(0, 0, 2)); d = d.AddDate(0, 0, 1) {
		pod[d.Format(time.DateOnly)] = w.eng.PaperOfDay(d).ID
	}
	var subs []*subscriber
	n := 0
	for _, z := range zones {
		for _, hm := range times {
			n++
			freq := freqs[n%len(freqs)]
			plat := []string{"telegram", "slack", "console"}[n%3]
			key := fmt.Sprintf("%s:%d", plat, n)
			if plat == "slack" {
				key = fmt.Sprintf("slack:T1:U%d", n)
			}
			sub := &subscriber{key: key, hm: hm, zone: z, freq: freq, want: map[string]time.Time{}}
			subs = append(subs, sub)
			w.subscribe(key, hm, z, freq, func(r *bot.Reader) {
				if n%2 == 0 { // has read or dismissed every paper of the day
					r.Read, r.Dismissed = map[string]time.Time{}, map[string]time.Time{}
					for _, id := range pod {
						if n%4 == 0 {
							r.Read[id] = start.Add(-time.Hour)
						} else {
							r.Dismissed[id] = start.Add(-time.Hour)
						}
					}
				}
			})
			loc, _ := bot.LoadZone(z)
			for d := start.In(loc).AddDate(0, 0, -1); d.Before(end.In(loc).AddDate(0, 0, 1)); d = d.AddDate(0, 0, 1) {
				y, mo, dd := d.Date()
				var h, m int
				fmt.Sscanf(hm, "%d:%d", &h, &m)
				due := time.Date(y, mo, dd, h, m, 0, 0, loc) // right on ordinary days
				day := due.In(loc).Format(time.DateOnly)
				if x, ok := dst[z+" "+hm]; ok && x.In(loc).Format(time.DateOnly) == fmt.Sprintf("%04d-%02d-%02d", y, mo, dd) {
					due, day = x, x.In(loc).Format(time.DateOnly)
				}
				if !onDay(freq, time.Date(y, mo, dd, 12, 0, 0, 0, time.UTC).Weekday()) {
					continue
				}
				at := due
				if at.Before(start) {
					if start.In(loc).Format(time.DateOnly) != day {
						continue // that local date ended before the window
					}
					at = start // caught up at the first pass
				}
				if at.After(end) {
					continue
				}
				sub.want[day] = at
			}
		}
	}
	for now := start; !now.After(end); now = now.Add(step) {
		w.clock.Set(now)
		w.pass()
	}
	var all []delivery
	for _, p := range platforms {
		all = append(all, p.deliveries()...)
	}
	got := map[string][]delivery{}
	for _, d := range all {
		got[d.key] = append(got[d.key], d)
	}
	total := 0
	for _, s := range subs {
		r := w.reader(s.key)
		ds := got[s.key]
		var days []string
		for _, d := range ds {
			loc, _ := bot.LoadZone(s.zone)
			day := d.at.In(loc).Format(time.DateOnly)
			days = append(days, day)
			if want, ok := s.want[day]; !ok || !d.at.Equal(want) {
				t.Errorf("%s (%s %s %s): digest at %v (local %v), want %v", s.key, s.hm, s.zone, s.freq, d.at, d.at.In(loc), want)
			}
			if _, ok := r.Read[d.paper]; ok {
				t.Errorf("%s got %s, which they read", s.key, d.paper)
			}
			if _, ok := r.Dismissed[d.paper]; ok {
				t.Errorf("%s got %s, which they dismissed", s.key, d.paper)
			}
		}
		slices.Sort(days)
		if len(slices.Compact(slices.Clone(days))) != len(days) {
			t.Errorf("%s (%s %s): two digests on one local date: %v", s.key, s.hm, s.zone, days)
		}
		if len(ds) != len(s.want) {
			t.Errorf("%s (%s %s %s): %d digests on %v, want %d: %v", s.key, s.hm, s.zone, s.freq, len(ds), days, len(s.want), s.want)
		}
		if !r.LastSeen.Equal(start) {
			t.Errorf("%s: LastSeen %v, want %v: a digest is not the reader being seen", s.key, r.LastSeen, start)
		}
		for _, e := range r.Digests {
			if e.State != bot.DigestSent {
				t.Errorf("%s: digest entry %+v, want every one sent", s.key, e)
			}
		}
		total += len(ds)
	}
	if total < len(subs) {
		t.Errorf("only %d digests for %d subscribers over two days", total, len(subs))
	}
	t.Logf("%d subscribers, %d digests, %d passes", len(subs), total, int(end.Sub(start)/step)+1)
}
