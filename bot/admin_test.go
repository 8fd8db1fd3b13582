package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/internal/testkit"
	"github.com/paperbot/paperbot/store"
)

// adminBots are two bots over one store: one with console:boss as admin
// and the /stats and /reload hooks, one without admins.
func adminBots(t *testing.T, reload func() (*recommend.Engine, error)) (withAdmins, plain *bot.Bot, db *store.DB) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "paperbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	eng := testkit.Engine(t)
	stats := func(ctx context.Context) (bot.Stats, error) {
		today := time.Now().UTC().Truncate(24 * time.Hour)
		return db.Stats(ctx, today, today.AddDate(0, 0, -6), 3)
	}
	withAdmins = bot.New(bot.Options{Engine: eng, Store: db, Admins: []string{"console:boss"}, Stats: stats, Reload: reload,
		Logger: slog.New(slog.DiscardHandler)})
	plain = bot.New(bot.Options{Engine: eng, Store: db})
	return withAdmins, plain, db
}

func handle(t *testing.T, b *bot.Bot, who, text string) bot.Reply {
	t.Helper()
	r, err := b.Handle(context.Background(), bot.Request{Reader: who, Text: text})
	if err != nil {
		t.Fatalf("Handle(%s, %q) = %v", who, text, err)
	}
	return r
}

func TestAdminCommandsAreInvisibleToOthers(t *testing.T) {
	b, plain, _ := adminBots(t, nil)
	handle(t, b, "console:ann", "/read mocov2")
	for _, text := range []string{"/stats", "/reload", "/统计", "/paper stats", "/Stats@PaperBot", "stats"} {
		t.Run(text, func(t *testing.T) {
			got := handle(t, b, "console:ann", text)
			want := handle(t, plain, "console:ann", text)
			if got.Text != want.Text {
				t.Errorf("non-admin %q:\n got %q\nwant %q (what a bot without admins answers)", text, got.Text, want.Text)
			}
		})
	}
	if r := handle(t, b, "console:ann", "/stats"); !strings.HasPrefix(r.Text, "Unknown command /stats.") {
		t.Errorf("non-admin /stats = %q, want the unknown-command hint", r.Text)
	}
	// Nor does the hint for a near miss ever suggest them.
	if r := handle(t, b, "console:ann", "/relaod"); strings.Contains(r.Text, "/reload") {
		t.Errorf("/relaod suggests the admin command: %q", r.Text)
	}
	for _, c := range b.Commands("en") {
		if c[0] == "stats" || c[0] == "reload" {
			t.Errorf("Commands lists %s", c[0])
		}
	}
}

func TestAdminStats(t *testing.T) {
	b, _, _ := adminBots(t, nil)
	handle(t, b, "console:ann", "/read mocov2")
	handle(t, b, "console:bob", "/read mocov2")
	handle(t, b, "console:bob", "/read byol")
	handle(t, b, "console:bob", "/subscribe 08:00 UTC")
	r := handle(t, b, "console:boss", "/stats")
	for _, want := range []string{"Readers: 2 (2 seen today", "Subscribed to the daily paper: 1", "Marked read: 3 today, 3 in the last 7 days",
		"Daily papers in the last 7 days: none", "Most read:", "mocov2) ", "2 readers"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("/stats lacks %q:\n%s", want, r.Text)
		}
	}
	if i, j := strings.Index(r.Text, "mocov2)"), strings.Index(r.Text, "byol)"); i < 0 || j < i {
		t.Errorf("/stats does not list mocov2 before byol:\n%s", r.Text)
	}
	// The admin's own record is not touched: /stats is not a reader's action.
	if r := handle(t, b, "console:boss", "/stats"); !strings.Contains(r.Text, "Readers: 2 ") {
		t.Errorf("/stats counted the admin as a reader:\n%s", r.Text)
	}
	handle(t, b, "console:boss", "/lang zh")
	zh := handle(t, b, "console:boss", "/统计")
	if !strings.Contains(zh.Text, "读者：3") || strings.Contains(zh.Text, "%!") {
		t.Errorf("/统计 = %q", zh.Text)
	}
	// Slack's one slash command: /paper stats.
	if r := handle(t, b, "console:boss", "/paper stats"); !strings.Contains(r.Text, "读者") {
		t.Errorf("/paper stats from an admin = %q", r.Text)
	}
}

func TestAdminReload(t *testing.T) {
	calls := 0
	var fail error
	reload := func() (*recommend.Engine, error) {
		calls++
		if fail != nil {
			return nil, fail
		}
		set, err := data.Embedded()
		if err != nil {
			return nil, err
		}
		set.Papers = set.Papers[:10] // a smaller set, to see the switch
		return recommend.New(set), nil
	}
	b, _, _ := adminBots(t, reload)
	r := handle(t, b, "console:boss", "/reload")
	if calls != 1 || len(b.Engine().Set().Papers) != 10 || !strings.Contains(r.Text, "10 papers") {
		t.Fatalf("/reload: %d calls, %d papers, %q", calls, len(b.Engine().Set().Papers), r.Text)
	}
	before := b.Engine()
	fail = errors.New(`lab.jsonl:3: field "year": want a number`)
	r = handle(t, b, "console:boss", "/reload")
	if b.Engine() != before || !strings.Contains(r.Text, "was not reloaded") || !strings.Contains(r.Text, "lab.jsonl:3") {
		t.Errorf("a failed /reload = %q; engine switched: %v", r.Text, b.Engine() != before)
	}
	handle(t, b, "console:ann", "/reload")
	if calls != 2 {
		t.Errorf("a non-admin's /reload reloaded (%d calls)", calls)
	}
}

func TestAdminCommandsWithoutHooks(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "paperbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := bot.New(bot.Options{Engine: testkit.Engine(t), Store: db, Admins: []string{"console:boss"}})
	if r := handle(t, b, "console:boss", "/stats"); !strings.Contains(r.Text, "not available") {
		t.Errorf("/stats without a Stats hook = %q", r.Text)
	}
}
