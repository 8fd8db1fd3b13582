package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The offsets a reader may type. UTC or GMT comes with a sign, one or two
// digits of hours and optional minutes: UTC+8, GMT-03:30, utc+0530 (minutes
// without a colon need two-digit hours). A bare offset needs its sign and
// two-digit hours: +08, +05:45, -0300. "-1:00", "+8" or "8:00" are not
// zones; "8:00" is a time.
var (
	namedOffsetRe = regexp.MustCompile(`^(?i:utc|gmt)([+-])(\d{1,2}(?::\d{2})?|\d{4})$`)
	bareOffsetRe  = regexp.MustCompile(`^([+-])(\d{2}(?::?\d{2})?)$`)
)

// ParseZone reads a time zone as typed by a reader: an IANA name in any case
// ("Asia/Shanghai", "asia/shanghai"), "UTC", or an offset of at most 14
// hours in one of the forms above. It returns the canonical spelling to
// store ("UTC+08:00"), which LoadZone turns back into a location.
func ParseZone(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch strings.ToUpper(s) {
	case "UTC", "GMT", "Z":
		return "UTC", nil
	case "", "LOCAL":
		return "", fmt.Errorf("unknown time zone %q", s)
	}
	if sign, body, ok := offsetParts(s); ok {
		secs, ok := offsetSeconds(body)
		if !ok {
			return "", fmt.Errorf("offset %q out of range", s)
		}
		if secs == 0 {
			return "UTC", nil
		}
		return fmt.Sprintf("UTC%s%02d:%02d", sign, secs/3600, secs%3600/60), nil
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

// offsetParts splits an offset into its sign and its digits ("8", "05:45",
// "0530"); ok is false when s is not written as an offset.
func offsetParts(s string) (sign, body string, ok bool) {
	m := namedOffsetRe.FindStringSubmatch(s)
	if m == nil {
		m = bareOffsetRe.FindStringSubmatch(s)
	}
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// offsetSeconds reads the digits of an offset ("8", "05:45", "0530") as a
// number of seconds; ok is false past 14 hours or 59 minutes.
func offsetSeconds(body string) (secs int, ok bool) {
	h, m, colon := strings.Cut(body, ":")
	if !colon && len(body) == 4 {
		h, m = body[:2], body[2:]
	}
	hours, _ := strconv.Atoi(h)
	mins := 0
	if m != "" {
		mins, _ = strconv.Atoi(m)
	}
	if mins > 59 || hours*60+mins > 14*60 {
		return 0, false
	}
	return hours*3600 + mins*60, true
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
	if sign, body, ok := offsetParts(name); ok && strings.HasPrefix(name, "UTC") {
		off, ok := offsetSeconds(body)
		if !ok {
			return nil, fmt.Errorf("load time zone %q: offset out of range", name)
		}
		if sign == "-" {
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
