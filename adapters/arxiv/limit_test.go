package arxiv

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// spaces is an endless stream of white space.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestParseTooLarge(t *testing.T) {
	defer func(n int64) { maxFeedBytes = n }(maxFeedBytes)
	maxFeedBytes = 1 << 20 // reading 32 MiB takes seconds under -race
	r := io.MultiReader(strings.NewReader(`<feed xmlns="http://www.w3.org/2005/Atom"><title>`), spaces{})
	if _, err := ParseFeed(r); !errors.Is(err, errTooLarge) {
		t.Errorf("err %v, want errTooLarge", err)
	}
	// A document of exactly the limit is read whole.
	doc := `<feed xmlns="http://www.w3.org/2005/Atom">`
	doc += strings.Repeat(" ", int(maxFeedBytes)-len(doc)-len("</feed>")) + "</feed>"
	if _, err := ParseFeed(strings.NewReader(doc)); err != nil {
		t.Errorf("a document of exactly the limit: %v", err)
	}
}
