package digest

import (
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// Expected instants are worked out by hand from the zone rules; Go's own
// time.Date gets three of these wrong for a digest: Havana's skipped
// midnight lands on the day before, and in Berlin and on Lord Howe Island
// a repeated time resolves to its second occurrence.
func TestLocalInstant(t *testing.T) {
	cases := []struct {
		name, zone, day, hm string
		want                string
	}{
		{"Kathmandu +05:45", "Asia/Kathmandu", "2026-03-14", "08:00", "2026-03-14T02:15:00Z"},
		{"Chatham +13:45, the day before in UTC", "Pacific/Chatham", "2026-03-14", "08:00", "2026-03-13T18:15:00Z"},
		{"fixed offset", "UTC+05:45", "2026-03-14", "21:05", "2026-03-14T15:20:00Z"},
		{"New York, ordinary day", "America/New_York", "2025-03-08", "02:30", "2025-03-08T07:30:00Z"},
		{"New York spring forward: 02:30 skipped, due at the jump (03:00 EDT)", "America/New_York", "2025-03-09", "02:30", "2025-03-09T07:00:00Z"},
		{"New York spring forward: 02:00 skipped too", "America/New_York", "2025-03-09", "02:00", "2025-03-09T07:00:00Z"},
		{"New York spring forward: 01:59 still EST", "America/New_York", "2025-03-09", "01:59", "2025-03-09T06:59:00Z"},
		{"New York spring forward: 03:00 is the jump", "America/New_York", "2025-03-09", "03:00", "2025-03-09T07:00:00Z"},
		{"New York fall back: 01:30 twice, the first (EDT)", "America/New_York", "2025-11-02", "01:30", "2025-11-02T05:30:00Z"},
		{"New York fall back: 01:00 twice, the first", "America/New_York", "2025-11-02", "01:00", "2025-11-02T05:00:00Z"},
		{"New York fall back: 02:00 once (EST)", "America/New_York", "2025-11-02", "02:00", "2025-11-02T07:00:00Z"},
		{"Berlin spring forward", "Europe/Berlin", "2025-03-30", "02:30", "2025-03-30T01:00:00Z"},
		{"Berlin fall back, first (CEST)", "Europe/Berlin", "2025-10-26", "02:30", "2025-10-26T00:30:00Z"},
		{"Havana: midnight skipped, due at 01:00 CDT the same day", "America/Havana", "2025-03-09", "00:30", "2025-03-09T05:00:00Z"},
		{"Lord Howe: half-hour jump", "Australia/Lord_Howe", "2025-10-05", "02:15", "2025-10-04T15:30:00Z"},
		{"Lord Howe: half-hour repeat, first", "Australia/Lord_Howe", "2025-04-06", "01:45", "2025-04-05T14:45:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc, err := bot.LoadZone(c.zone)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := time.Parse(time.DateOnly, c.day)
			hh, mm, _ := clockOf(c.hm)
			got := localInstant(d.Year(), d.Month(), d.Day(), hh, mm, loc)
			if want := utc(c.want); !got.Equal(want) {
				t.Errorf("%s: localInstant(%s %s %s) = %v (%v), want %v", c.name, c.day, c.hm, c.zone, got.UTC(), got.In(loc), want)
			}
			if lt := got.In(loc).Format(time.DateOnly); lt != c.day {
				t.Errorf("%s: due on local date %s, want %s", c.name, lt, c.day)
			}
		})
	}
}

func TestSlotForFrequencyAndDefaults(t *testing.T) {
	s, err := New(Options{Store: nilStore{}, Composer: nilComposer{}, DefaultTime: "7:30", DefaultZone: "asia/kathmandu"})
	if err != nil {
		t.Fatal(err)
	}
	sat := utc("2026-03-14T12:00:00Z") // a Saturday in Kathmandu and UTC
	cases := []struct {
		name    string
		sub     bot.Subscription
		now     time.Time
		ok      bool
		day, at string
	}{
		{"defaults", bot.Subscription{}, sat, true, "2026-03-14", "2026-03-14T01:45:00Z"},
		{"daily", bot.Subscription{Time: "09:00", Zone: "UTC", Frequency: "daily"}, sat, true, "2026-03-14", "2026-03-14T09:00:00Z"},
		{"weekdays on a Saturday", bot.Subscription{Time: "09:00", Zone: "UTC", Frequency: "weekdays"}, sat, false, "", ""},
		{"weekdays on a Monday", bot.Subscription{Time: "09:00", Zone: "UTC", Frequency: "weekdays"}, sat.AddDate(0, 0, 2), true, "2026-03-16", "2026-03-16T09:00:00Z"},
		{"Saturdays on a Saturday", bot.Subscription{Time: "09:00", Zone: "UTC", Frequency: "sat"}, sat, true, "2026-03-14", "2026-03-14T09:00:00Z"},
		{"Mondays on a Saturday", bot.Subscription{Time: "09:00", Zone: "UTC", Frequency: "mon"}, sat, false, "", ""},
		// 23:00 Saturday in UTC is already Sunday in Kathmandu.
		{"Sundays, Sunday in Kathmandu", bot.Subscription{Time: "06:00", Frequency: "sun"}, utc("2026-03-14T23:00:00Z"), true, "2026-03-15", "2026-03-15T00:15:00Z"},
		{"unknown frequency is daily", bot.Subscription{Time: "06:00", Frequency: "fortnightly"}, sat, true, "2026-03-14", "2026-03-14T00:15:00Z"},
		// Zones as a config file may spell them.
		{"zone in lower case", bot.Subscription{Time: "08:00", Zone: "asia/shanghai"}, sat, true, "2026-03-14", "2026-03-14T00:00:00Z"},
		{"offset zone", bot.Subscription{Time: "08:00", Zone: "UTC+8"}, sat, true, "2026-03-14", "2026-03-14T00:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sl, ok, err := s.slotFor(c.sub, c.now)
			if err != nil || ok != c.ok || (ok && (sl.day != c.day || !sl.at.Equal(utc(c.at)))) {
				t.Errorf("slotFor(%+v, %v) = %s %v, %v, %v; want %s %s, %v", c.sub, c.now, sl.day, sl.at, ok, err, c.day, c.at, c.ok)
			}
		})
	}
	if _, _, err := s.slotFor(bot.Subscription{Zone: "Mars/Olympus_Mons"}, sat); err == nil {
		t.Error("slotFor with an unknown zone gave no error")
	}
	if _, err := New(Options{Store: nilStore{}, Composer: nilComposer{}, DefaultZone: "Mars/Olympus_Mons"}); err == nil {
		t.Error("New with an unknown default zone gave no error")
	}
}
