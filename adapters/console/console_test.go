package console_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/adapters/console"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

func newBot(t *testing.T) *bot.Bot {
	t.Helper()
	set, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "paperbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return bot.New(bot.Options{Engine: recommend.New(set), Store: db})
}

func TestChatIsAConversation(t *testing.T) {
	b := newBot(t)
	in := strings.NewReader("/paper jigsaw\n\n/more 3 jigsaw\n/read jigsaw\n/progress\n")
	var out strings.Builder
	if err := console.Chat(context.Background(), b, in, &out, console.Options{User: "ann", Prompt: true}); err != nil {
		t.Fatalf("Chat = %v", err)
	}
	got := out.String()
	for _, want := range []string{"> ", "Solving Jigsaw Puzzles", "More ▸ /more 3 jigsaw", "Marked as read ✓", "You have read 1 of"} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
}

func TestChatStopsOnCancel(t *testing.T) {
	b := newBot(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out strings.Builder
	// A reader that never ends: Chat must still return.
	if err := console.Chat(ctx, b, blockingReader{}, &out, console.Options{User: "ann"}); err != nil {
		t.Fatalf("Chat = %v", err)
	}
}

type blockingReader struct{}

func (blockingReader) Read([]byte) (int, error) { select {} }

func TestChatRefusesAnOverlongLineAndGoesOn(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		refused bool
	}{
		{"2 MiB", strings.Repeat("contrastive ", 2<<20/12), true},
		{"one byte over", strings.Repeat("x", console.MaxLine+1), true},
		{"over, with a CRLF", strings.Repeat("x", console.MaxLine+1) + "\r", true},
		{"exactly the limit", strings.Repeat("x", console.MaxLine), false},
		{"the limit with a CRLF", strings.Repeat("x", console.MaxLine) + "\r", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBot(t)
			in := strings.NewReader(tt.line + "\n/paper jigsaw\n/progress")
			var out strings.Builder
			if err := console.Chat(context.Background(), b, in, &out, console.Options{User: "ann"}); err != nil {
				t.Fatalf("Chat = %v", err)
			}
			got := out.String()
			if refused := strings.Contains(got, "too long"); refused != tt.refused {
				t.Errorf("a %d-byte line: refused %v, want %v; transcript:\n%.300s", len(tt.line), refused, tt.refused, got)
			}
			for _, want := range []string{"Solving Jigsaw Puzzles", "You have read 0 of"} {
				if !strings.Contains(got, want) {
					t.Errorf("after a %d-byte line the transcript lacks %q:\n%.300s", len(tt.line), want, got)
				}
			}
			if len(got) > 10000 {
				t.Errorf("a %d-byte line made a %d-byte transcript", len(tt.line), len(got))
			}
		})
	}
}

// TestChatSurvivesAPanic: a command that panics (here /random, whose
// randomness panics) gets an apology and is counted, and the chat goes on.
func TestChatSurvivesAPanic(t *testing.T) {
	set, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "paperbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var panics []string
	b := bot.New(bot.Options{Engine: recommend.New(set), Store: db,
		Logger:   slog.New(slog.DiscardHandler),
		Intn:     func(int) int { panic("test: /random panics") },
		Panicked: func(p string) { panics = append(panics, p) }})
	var out strings.Builder
	if err := console.Chat(context.Background(), b, strings.NewReader("/random\n/progress\n"), &out, console.Options{User: "ann"}); err != nil {
		t.Fatalf("Chat = %v", err)
	}
	got := out.String()
	for _, want := range []string{"Sorry, something went wrong", "You have read 0 of"} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
	if len(panics) != 1 || panics[0] != "console" {
		t.Errorf("panics counted: %v, want [console]", panics)
	}
}
