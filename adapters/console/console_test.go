package console_test

import (
	"context"
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
