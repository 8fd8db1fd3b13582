package bot

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/paperbot/paperbot/bot/picture"
	"github.com/paperbot/paperbot/data"
)

var pictureRunes = flag.String("picture-runes", "", "write the characters the pictures draw to this file, for scripts/fonts.sh")

// pictureTexts is every string the pictures draw that does not come from
// a paper: the "pic." messages, weekday names, topic names and the dates
// of the calendar, in both languages.
func pictureTexts(tb testing.TB) []string {
	tb.Helper()
	set, err := data.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	var texts []string
	for key, m := range messages {
		if strings.HasPrefix(key, "pic.") {
			texts = append(texts, m.en, m.zh)
		}
	}
	for _, tp := range set.Topics {
		texts = append(texts, tp.Name.EN, tp.Name.ZH)
	}
	for _, lang := range []string{English, Chinese} {
		for m := time.January; m <= time.December; m++ {
			texts = append(texts, time.Date(2026, m, 28, 0, 0, 0, 0, time.UTC).Format(t(lang, "pic.date")))
		}
	}
	return texts
}

// TestPictureGlyphs checks that the pictures' font has every character
// they draw. With -picture-runes FILE it writes those characters instead,
// which is how scripts/fonts.sh learns what to put in the font.
func TestPictureGlyphs(t *testing.T) {
	texts := pictureTexts(t)
	if *pictureRunes != "" {
		var rs []rune
		for _, s := range texts {
			for _, r := range s {
				if r > utf8.RuneSelf {
					rs = append(rs, r)
				}
			}
		}
		slices.Sort(rs)
		if err := os.WriteFile(*pictureRunes, []byte(string(slices.Compact(rs))+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, s := range texts {
		if m := picture.Missing(s); len(m) > 0 {
			t.Errorf("the pictures' font has no glyph for %q in %q: run scripts/fonts.sh", string(m), s)
		}
	}
}

// TestMapLabels checks every paper's box label: short, and in characters
// the font has.
func TestMapLabels(t *testing.T) {
	set, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for i := range set.Papers {
		p := &set.Papers[i]
		l := mapLabel(p)
		if n := utf8.RuneCountInString(l); n == 0 || n > maxLabel || len(picture.Missing(l)) > 0 {
			t.Errorf("mapLabel(%s) = %q: want 1 to %d characters the font has", p.ID, l, maxLabel)
		}
	}
	long := &data.Paper{ID: "x", Aliases: []string{"Scaling and Benchmarking Self-Supervised Visual Representation Learning", "Scaling and Benchmarking SSL", "FAIR SSL benchmark"}}
	if got, want := mapLabel(long), "FAIR SSL benchmark"; got != want {
		t.Errorf("mapLabel(long name) = %q, want the shortest fitting alias %q", got, want)
	}
	han := &data.Paper{ID: "zh-only", Aliases: []string{"仅中文名称"}}
	if got := mapLabel(han); got != "zh-only" {
		t.Errorf("mapLabel(a name the font lacks) = %q, want the id", got)
	}
}
