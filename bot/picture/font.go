package picture

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
)

//go:embed fonts/paperbot-sans.ttf
var sansTTF []byte

// fonts holds the embedded font, parsed once.
var fonts struct {
	once sync.Once
	tt   *truetype.Font // for gg
	otf  *opentype.Font // for gonum plot
	err  error
}

func loadFonts() error {
	fonts.once.Do(func() {
		fonts.tt, fonts.err = truetype.Parse(sansTTF)
		if fonts.err != nil {
			fonts.err = fmt.Errorf("parse embedded font: %w", fonts.err)
			return
		}
		fonts.otf, fonts.err = opentype.Parse(sansTTF)
		if fonts.err != nil {
			fonts.err = fmt.Errorf("parse embedded font: %w", fonts.err)
		}
	})
	return fonts.err
}

// newFace returns the embedded font at size pixels. A face caches glyphs
// and is not safe for concurrent use: each drawing makes its own.
func newFace(size float64) (font.Face, error) {
	if err := loadFonts(); err != nil {
		return nil, err
	}
	return truetype.NewFace(fonts.tt, &truetype.Options{Size: size, Hinting: font.HintingFull}), nil
}

// Missing returns the characters of s that the embedded font has no glyph
// for, each once, in order. Spaces and control characters are not counted.
func Missing(s string) []rune {
	if err := loadFonts(); err != nil {
		return []rune(s)
	}
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if r <= ' ' || seen[r] {
			continue
		}
		seen[r] = true
		if fonts.tt.Index(r) == 0 {
			out = append(out, r)
		}
	}
	return out
}
