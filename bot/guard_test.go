package bot_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/testkit"
)

// TestGuardRecoversAndApologizes: a command that panics (here /random,
// whose randomness panics inside the store transaction) is logged with
// the update's id, counted, and answered with an apology in the language
// the reader chose; the store stays usable and the next command is served.
func TestGuardRecoversAndApologizes(t *testing.T) {
	db := testkit.Store(t, nil)
	var logs testkit.LogBuffer
	var panics []string
	b := bot.New(bot.Options{Engine: testkit.Engine(t), Store: db,
		Logger:   slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Intn:     func(int) int { panic("test: /random panics") },
		Panicked: func(p string) { panics = append(panics, p) }})
	ctx := context.Background()
	ask := func(text string) (bot.Reply, bool) {
		req := bot.Request{Reader: "telegram:5", Text: text, Lang: "en"}
		var got bot.Reply
		ok := b.Guard().Run(ctx, bot.Update{Platform: "telegram", ID: "update-77", Command: "/random", Reader: req.Reader, Lang: req.Lang},
			func(ctx context.Context) {
				r, err := b.Handle(ctx, req)
				if err != nil {
					t.Errorf("Handle(%q) = %v", text, err)
				}
				got = r
			},
			func(_ context.Context, r bot.Reply) { got = r })
		return got, ok
	}
	if _, ok := ask("/lang zh"); !ok {
		t.Fatal("/lang zh panicked")
	}
	got, ok := ask("/random")
	if ok {
		t.Fatal("Run of a panicking /random reported no panic")
	}
	if want := "抱歉"; !strings.Contains(got.Text, want) || got.Lang != bot.Chinese {
		t.Errorf("apology = %q (lang %q), want the Chinese one with %q", got.Text, got.Lang, want)
	}
	if len(panics) != 1 || panics[0] != "telegram" {
		t.Errorf("Panicked calls = %v, want [telegram]", panics)
	}
	for _, want := range []string{"level=ERROR", "update=update-77", "platform=telegram", "command=/random",
		"test: /random panics", "level=DEBUG", "guard.go"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	if got, ok := ask("/progress"); !ok || got.Text == "" || strings.Contains(got.Text, "抱歉") {
		t.Errorf("after the panic, /progress = %q (ok %v), want its answer", got.Text, ok)
	}
}

// TestGuardApologyPanics: a panic while apologizing is logged, not
// raised, and a Guard without a store answers in the platform's language.
func TestGuardApologyPanics(t *testing.T) {
	var logs testkit.LogBuffer
	g := bot.NewGuard(slog.New(slog.NewTextHandler(&logs, nil)))
	var apology bot.Reply
	ok := g.Run(context.Background(), bot.Update{Platform: "slack", ID: "Ev1", Lang: "zh-hans"},
		func(context.Context) { panic("first") },
		func(_ context.Context, r bot.Reply) { apology = r; panic("second") })
	if ok || apology.Lang != bot.Chinese {
		t.Errorf("Run = %v, apology %+v; want false and a Chinese apology", ok, apology)
	}
	if !strings.Contains(logs.String(), "first") || !strings.Contains(logs.String(), "second") {
		t.Errorf("log lacks both panics:\n%s", logs.String())
	}
	if g.Run(context.Background(), bot.Update{}, func(context.Context) {}, nil) != true {
		t.Error("Run of a function that returns = false")
	}
}

// TestGuardOf: a Bot shares its Guard; anything else gets one of its own.
func TestGuardOf(t *testing.T) {
	f := newFixture(t)
	if bot.GuardOf(f.bot, nil) != f.bot.Guard() {
		t.Error("GuardOf(bot) is not the bot's Guard")
	}
	if bot.GuardOf(struct{}{}, nil) == nil {
		t.Error("GuardOf(other) = nil")
	}
}
