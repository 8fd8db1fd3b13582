package bot

import (
	"context"
	"errors"
	"fmt"
)

// handleAction answers a button press. It acts for the person who pressed,
// answers with a toast and, for state changes, the pressed paper's item with
// its new buttons (Edit) so the adapter can update the message in place. A
// forged or stale action changes nothing and gets a polite toast.
func (b *Bot) handleAction(ctx context.Context, req Request) (Reply, error) {
	a := *req.Action
	if a.Verb == VerbAccept || a.Verb == VerbReject {
		return b.handleReviewAction(ctx, req)
	}
	var out Reply
	_, err := b.store.Update(ctx, req.Reader, func(r *Reader) error {
		c := b.newCall(ctx, req, Command{}, r)
		out = Reply{Lang: c.lang}
		if a.Verb == VerbMore {
			c.cmd = Command{Name: "more"}
			if a.Query == "" {
				return &userError{c.t("toast.stale")}
			}
			return c.searchPage(&out, a.Query, a.Offset)
		}
		p := c.set.Paper(a.Paper)
		if p == nil {
			return &userError{c.t("toast.stale")}
		}
		if a.Verb == VerbSimilar {
			c.cmd = Command{Name: "similar", Rest: p.ID}
			return cmdSimilar(c, &out)
		}
		key := c.apply(a.Verb, p.ID)
		if key == "" {
			return &userError{c.t("toast.stale")}
		}
		out.Toast = c.t("toast." + a.Verb)
		out.Edit = true
		out.Papers = []Item{c.item(p, "")}
		return nil
	})
	var ue *userError
	if errors.As(err, &ue) {
		return Reply{Toast: ue.text, Text: ue.text, Papers: []Item{}, Lang: out.Lang}, nil
	}
	if errors.Is(err, ErrApplied) {
		return b.appliedReply(ctx, req, req.Reader), nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("handle button %s: %w", a.Verb, err)
	}
	out.finish()
	if out.Toast != "" && out.Intro == "" {
		out.Text = out.Toast
	}
	return out, nil
}
