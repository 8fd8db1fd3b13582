package bot

import "testing"

func TestParseZoneOffsets(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" means an error
	}{
		{"UTC with one-digit hours", "UTC+8", "UTC+08:00"},
		{"UTC with two-digit hours", "UTC+08", "UTC+08:00"},
		{"UTC with minutes", "UTC-05:30", "UTC-05:30"},
		{"UTC with one-digit hours and minutes", "UTC+5:45", "UTC+05:45"},
		{"UTC with minutes, no colon", "utc+0530", "UTC+05:30"},
		{"GMT", "GMT-3", "UTC-03:00"},
		{"UTC plus zero", "UTC+0", "UTC"},
		{"bare with minutes", "+08:00", "UTC+08:00"},
		{"bare west", "-05:30", "UTC-05:30"},
		{"bare without colon", "-0300", "UTC-03:00"},
		{"bare hours", "+09", "UTC+09:00"},
		{"the edge", "UTC+14", "UTC+14:00"},
		{"the west edge", "-14:00", "UTC-14:00"},
		{"bare one-digit hours", "-1:00", ""},
		{"bare one-digit hours, no minutes", "+8", ""},
		{"no sign", "08:00", ""},
		{"UTC without sign", "UTC8", ""},
		{"past 14 hours", "+25:00", ""},
		{"past 14 hours with UTC", "UTC+15", ""},
		{"just past the edge", "+14:01", ""},
		{"minutes past 59", "+05:99", ""},
		{"one-digit minutes", "UTC+5:4", ""},
		{"three digits", "UTC+530", ""},
		{"two signs", "++08:00", ""},
		{"seconds", "+08:00:00", ""},
		{"a sign alone", "+", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseZone(tt.in)
			switch {
			case tt.want == "" && err == nil:
				t.Errorf("ParseZone(%q) = %q, want an error", tt.in, got)
			case tt.want != "" && (err != nil || got != tt.want):
				t.Errorf("ParseZone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			case tt.want != "":
				if _, err := LoadZone(got); err != nil {
					t.Errorf("LoadZone(%q) = %v", got, err)
				}
			}
		})
	}
}
