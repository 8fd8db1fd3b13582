package textlen

import (
	"testing"
	"unicode/utf16"
)

func TestUTF16(t *testing.T) {
	for _, s := range []string{"", "abc", "对比学习", "🙂", "a🙂b\U0001F1E8\U0001F1F3", "\xff\xfe"} {
		t.Run(s, func(t *testing.T) {
			if got, want := UTF16(s), len(utf16.Encode([]rune(s))); got != want {
				t.Errorf("UTF16(%q) = %d, want %d", s, got, want)
			}
		})
	}
}
