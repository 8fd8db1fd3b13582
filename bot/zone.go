package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var offsetRe = regexp.MustCompile(`^(?i:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$`)

// ParseZone reads a time zone as typed by a reader: an IANA name in any case
// ("Asia/Shanghai", "asia/shanghai"), "UTC", or an offset ("UTC+8",
// "+05:45", "GMT-03:30"). It returns the canonical spelling to store, which
// LoadZone turns back into a location.
func ParseZone(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch strings.ToUpper(s) {
	case "UTC", "GMT", "Z", "UTC+0", "UTC+00:00":
		return "UTC", nil
	case "", "LOCAL":
		return "", fmt.Errorf("unknown time zone %q", s)
	}
	if m := offsetRe.FindStringSubmatch(s); m != nil {
		h, _ := strconv.Atoi(m[2])
		mins := 0
		if m[3] != "" {
			mins, _ = strconv.Atoi(m[3])
		}
		if h > 14 || mins > 59 || (h == 14 && mins > 0) {
			return "", fmt.Errorf("offset %q out of range", s)
		}
		if h == 0 && mins == 0 {
			return "UTC", nil
		}
		return fmt.Sprintf("UTC%s%02d:%02d", m[1], h, mins), nil
	}
	if len(s) > 64 || strings.ContainsAny(s, " .\\") {
		return "", fmt.Errorf("unknown time zone %q", s)
	}
	for _, name := range []string{s, titleZone(s)} {
		if _, err := time.LoadLocation(name); err == nil {
			return name, nil
		}
	}
	return "", fmt.Errorf("unknown time zone %q", s)
}

// titleZone capitalises an IANA name typed in lower case:
// "america/new_york" → "America/New_York".
func titleZone(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	return string(b)
}

// LoadZone returns the location for a zone spelled as ParseZone returns it.
func LoadZone(name string) (*time.Location, error) {
	if m := offsetRe.FindStringSubmatch(name); m != nil && strings.HasPrefix(name, "UTC") {
		h, _ := strconv.Atoi(m[2])
		mins, _ := strconv.Atoi(m[3])
		off := h*3600 + mins*60
		if m[1] == "-" {
			off = -off
		}
		return time.FixedZone(name, off), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("load time zone %q: %w", name, err)
	}
	return loc, nil
}

var clockRe = regexp.MustCompile(`^(\d{1,2})[:：](\d{2})$`)

// ParseClock reads "8:30" or "08:30" (24-hour) and returns "08:30".
func ParseClock(s string) (string, bool) {
	m := clockRe.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	if h > 23 || mi > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, mi), true
}

var clockishRe = regexp.MustCompile(`^\d+[:：]\d*$`)

// looksLikeClock is true for words meant as a time, valid or not ("25:99").
func looksLikeClock(s string) bool { return clockishRe.MatchString(s) }
