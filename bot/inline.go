package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/paperbot/paperbot/data"
)

// InlineResults is the most papers an inline answer holds.
const InlineResults = 10

// Inline answers an inline query (Telegram's "@Bot query" typed in any
// chat): the papers the query finds, ranked for the reader as /paper ranks
// them, or the paper of the day for an empty query. The items are meant to
// be posted to others, so they carry no reader marks, reasons or buttons,
// only links. It reads the reader's record for their language and history
// and changes nothing.
func (b *Bot) Inline(ctx context.Context, req Request) (Reply, error) {
	r, err := b.store.Get(ctx, req.Reader)
	if err != nil {
		return Reply{}, fmt.Errorf("inline query of %s: %w", req.Reader, err)
	}
	req.Text = Clean(req.Text)
	c := b.newCall(ctx, req, Command{}, &r)
	out := Reply{Lang: c.lang, Papers: []Item{}}
	if req.Text == "" {
		if p := c.eng.PaperOfDay(b.now()); p != nil {
			out.Papers = append(out.Papers, shareable(c.item(p, ""), p))
		}
		return out, nil
	}
	for _, h := range c.eng.Answer(req.Text, c.history(), 0, InlineResults).Hits {
		out.Papers = append(out.Papers, shareable(c.item(h.Paper, ""), h.Paper))
	}
	return out, nil
}

// shareable is an item without what belongs to one reader, with the
// paper's authors (at most maxInlineAuthors).
func shareable(it Item, p *data.Paper) Item {
	it.Read, it.Saved, it.Why, it.Buttons = false, false, "", nil
	authors, more := p.Authors, ""
	if len(authors) > maxInlineAuthors {
		authors, more = authors[:maxInlineAuthors], " et al."
	}
	it.Authors = strings.Join(authors, ", ") + more
	return it
}

// maxInlineAuthors is the most authors an inline card names.
const maxInlineAuthors = 6
