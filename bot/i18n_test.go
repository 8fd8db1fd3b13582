package bot

import (
	"regexp"
	"slices"
	"testing"
	"time"
)

var verbRe = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// Every message must exist in both languages with the same fmt verbs in the
// same order, or one language would print %!d(MISSING).
func TestMessagesExistInBothLanguages(t *testing.T) {
	for key, m := range messages {
		if m.en == "" || m.zh == "" {
			t.Errorf("message %q is missing a language", key)
			continue
		}
		if en, zh := verbRe.FindAllString(m.en, -1), verbRe.FindAllString(m.zh, -1); !slices.Equal(en, zh) {
			t.Errorf("message %q: verbs %v in English, %v in Chinese", key, en, zh)
		}
	}
	cmds, order := commandTable()
	for _, n := range order {
		if c := cmds[n]; c.help.en == "" || c.help.zh == "" {
			t.Errorf("command %s lacks help in a language", n)
		}
		if lookupCommand(n) != n {
			t.Errorf("command %s is not in commandNames", n)
		}
	}
	for _, n := range commandNames {
		if cmds[n] == nil {
			t.Errorf("commandNames has %s, which has no handler", n)
		}
	}
}

func TestParseZone(t *testing.T) {
	good := map[string]string{
		"UTC": "UTC", "gmt": "UTC", "Asia/Shanghai": "Asia/Shanghai", "asia/shanghai": "Asia/Shanghai",
		"america/new_york": "America/New_York", "UTC+8": "UTC+08:00", "+05:45": "UTC+05:45",
		"GMT-3": "UTC-03:00", "utc+0530": "UTC+05:30", "UTC+0": "UTC", "Asia/Kathmandu": "Asia/Kathmandu",
	}
	for in, want := range good {
		t.Run(in, func(t *testing.T) {
			got, err := ParseZone(in)
			if err != nil || got != want {
				t.Errorf("ParseZone(%q) = %q, %v; want %q", in, got, err, want)
				return
			}
			if _, err := LoadZone(got); err != nil {
				t.Errorf("LoadZone(%q) = %v", got, err)
			}
		})
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus", "UTC+15", "+05:99", "../../etc/passwd", "Asia/Shanghai extra"} {
		t.Run(bad, func(t *testing.T) {
			if got, err := ParseZone(bad); err == nil {
				t.Errorf("ParseZone(%q) = %q, want an error", bad, got)
			}
		})
	}
	loc, _ := LoadZone("UTC+05:45")
	if _, off := time.Now().In(loc).Zone(); off != 5*3600+45*60 {
		t.Errorf("UTC+05:45 has offset %d", off)
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]string{"8:30": "08:30", "08:30": "08:30", "23:59": "23:59", "0:00": "00:00", "07：15": "07:15"} {
		t.Run(in, func(t *testing.T) {
			if got, ok := ParseClock(in); !ok || got != want {
				t.Errorf("ParseClock(%q) = %q, %v; want %q", in, got, ok, want)
			}
		})
	}
	for _, bad := range []string{"25:99", "24:00", "12:60", "1230", "12:3", "ab:cd"} {
		t.Run(bad, func(t *testing.T) {
			if got, ok := ParseClock(bad); ok {
				t.Errorf("ParseClock(%q) = %q, want a failure", bad, got)
			}
		})
	}
}
