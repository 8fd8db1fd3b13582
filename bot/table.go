package bot

import (
	"strings"
	"unicode"
)

// table lays rows out in columns for a monospaced block. Cells are cut at
// 40 columns so that a long title does not push the table apart.
func table(rows [][]string) string {
	var widths []int
	cells := make([][]string, len(rows))
	for i, r := range rows {
		for j, cell := range r {
			cell = cutWidth(strings.ReplaceAll(cell, "\n", " "), 40)
			cells[i] = append(cells[i], cell)
			if j >= len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], width(cell))
		}
	}
	var b strings.Builder
	for _, r := range cells {
		var line strings.Builder
		for j, cell := range r {
			line.WriteString(cell)
			if j < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[j]-width(cell)+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// width is the number of terminal columns s takes: East Asian wide
// characters take two.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || (r >= 0xFF00 && r <= 0xFF60) || (r >= 0x3000 && r <= 0x303F) {
		return 2
	}
	return 1
}

// cutWidth shortens s to at most w columns, ending in "…" when cut.
func cutWidth(s string, w int) string {
	if width(s) <= w {
		return s
	}
	n := 0
	for i, r := range s {
		if n+runeWidth(r) > w-1 {
			return s[:i] + "…"
		}
		n += runeWidth(r)
	}
	return s
}

// bar is a text progress bar of n of total in ten cells.
func bar(n, total int) string {
	const cells = 10
	full := 0
	if total > 0 {
		full = (n*cells + total/2) / total
		if n > 0 && full == 0 {
			full = 1
		}
	}
	return strings.Repeat("█", full) + strings.Repeat("░", cells-full)
}
