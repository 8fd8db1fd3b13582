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
	if err := console.Chat(context.Background(), b, in, &out, "ann", true); err != nil {
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
	if err := console.Chat(ctx, b, blockingReader{}, &out, "ann", false); err != nil {
		t.Fatalf("Chat = %v", err)
	}
}

type blockingReader struct{}

func (blockingReader) Read([]byte) (int, error) { select {} }

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
	if err := console.Chat(context.Background(), b, strings.NewReader("/random\n/progress\n"), &out, "ann", false); err != nil {
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
