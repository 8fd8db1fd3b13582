package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuote(t *testing.T) {
	words := strings.Repeat("alpha ", 20) + "omega" // 125 characters
	cjk := strings.Repeat("对比学习", 30)               // 120 characters, no spaces
	accents := strings.Repeat("e\u0301", 90)        // é as e + combining acute
	thumbs := strings.Repeat("👍🏽", 60)              // emoji + skin tone
	flags := strings.Repeat("🇨🇳", 60)               // regional-indicator pairs
	oneWord := strings.Repeat("x", 200)
	tests := []struct {
		name, in string
		want     string // "" means: check only the properties below
	}{
		{"short", "contrastive learning", "contrastive learning"},
		{"exactly the limit", strings.Repeat("a", MaxQuote), strings.Repeat("a", MaxQuote)},
		{"words", words, strings.TrimSpace(strings.Repeat("alpha ", 13)) + "…"},
		{"one long word", oneWord, strings.Repeat("x", MaxQuote-1) + "…"},
		{"chinese", cjk, string([]rune(cjk)[:MaxQuote-1]) + "…"},
		{"combining accents", accents, strings.Repeat("e\u0301", (MaxQuote-1)/2) + "…"},
		{"skin tones", thumbs, strings.Repeat("👍🏽", (MaxQuote-1)/2) + "…"},
		{"flags", flags, strings.Repeat("🇨🇳", (MaxQuote-1)/2) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quote(tt.in)
			if got != tt.want {
				t.Errorf("quote(%.20q…) = %q, want %q", tt.in, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > MaxQuote {
				t.Errorf("quote(%.20q…) has %d characters, want at most %d", tt.in, n, MaxQuote)
			}
		})
	}
}

func TestParseBlank(t *testing.T) {
	tests := []struct {
		name, in string
		blank    bool
	}{
		{"zero-width space", "\u200b", true},
		{"joiners", "\u200c\u200d", true},
		{"word joiner", "\u2060", true},
		{"direction embeddings", "\u202a\u202b\u202c\u202d\u202e", true},
		{"direction isolates", "\u2066\u2067\u2068\u2069", true},
		{"byte order mark", "\ufeff", true},
		{"NULs", "\x00\x00\x00", true},
		{"other format and control", "\u00ad\x07\x1b", true},
		{"white space", " \t\n\u3000 ", true},
		{"a mix", " \u200b\x00\u202e\ufeff ", true},
		{"search of nothing visible", "/paper \u200b\u202e", true},
		{"addressed search of nothing visible", "/paper@Bot \ufeff", true},
		{"empty", "", false},
		{"bare /paper", "/paper", false},
		{"text", "\u200bmocov2", false},
		{"other command", "/read \u200b", false},
		{"slack subcommand", "/paper read \u200b", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseCommand(tt.in, "Bot"); got.Blank != tt.blank {
				t.Errorf("ParseCommand(%q).Blank = %v, want %v", tt.in, got.Blank, tt.blank)
			}
		})
	}
}
