// Package textlen measures text as chat platforms count it.
package textlen

// UTF16 is the length of s in UTF-16 code units, which is how Telegram
// counts a message's characters: a rune outside the Basic Multilingual
// Plane (most emoji) counts two.
func UTF16(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}
