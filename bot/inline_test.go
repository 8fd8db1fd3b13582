package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/bot"
)

// Inline answers come from the core: ranked as /paper ranks, in the
// reader's language, without their marks, and they store nothing.
func TestInline(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.say("telegram:5", "/lang zh")
	f.say("telegram:5", "/read mocov2")
	r, err := f.bot.Inline(ctx, bot.Request{Reader: "telegram:5", Text: "momentum contrast"})
	if err != nil || len(r.Papers) == 0 || len(r.Papers) > bot.InlineResults {
		t.Fatalf("Inline = %d papers, %v", len(r.Papers), err)
	}
	sawMoCo := false
	for _, it := range r.Papers {
		sawMoCo = sawMoCo || it.ID == "moco"
		if it.Read || it.Saved || it.Why != "" || it.Buttons != nil || it.Authors == "" || len(it.Links) == 0 {
			t.Errorf("inline item %s = %+v; want authors and links, no marks, reasons or buttons", it.ID, it)
		}
		if !strings.ContainsAny(it.Summary, "的了是在") {
			t.Errorf("inline item %s for a zh reader: %q", it.ID, it.Summary)
		}
	}
	if !sawMoCo {
		t.Error("Inline(momentum contrast) lacks MoCo")
	}
	pod := f.say("telegram:6", "/today").Papers
	r, err = f.bot.Inline(ctx, bot.Request{Reader: "telegram:7", Text: "  ", Lang: "en"})
	if err != nil || len(r.Papers) != 1 || len(pod) != 1 || r.Papers[0].ID != pod[0].ID {
		t.Fatalf("Inline(\"\") = %+v, %v; want the paper of the day", r.Papers, err)
	}
	before, _, err := f.db.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.bot.Inline(ctx, bot.Request{Reader: "telegram:8", Text: "mae"}); err != nil {
		t.Fatal(err)
	}
	if after, _, _ := f.db.Count(ctx); after != before {
		t.Errorf("an inline query stored a record: %d readers, %d before", after, before)
	}
}
