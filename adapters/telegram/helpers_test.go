package telegram_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/internal/testkit"
	"github.com/paperbot/paperbot/store"
)

// harness is a real bot over a real store, served by the adapter against
// the fake Bot API.
type harness struct {
	t       *testing.T
	fake    *telegramtest.Server
	eng     *recommend.Engine
	path    string
	db      *store.DB
	bot     *bot.Bot
	a       *telegram.Adapter
	opts    []func(*telegram.Options)
	botOpts func(*harness, *bot.Options) // if set, changes the bot's options in open
	logs    *testkit.LogBuffer
	handled atomic.Int64  // requests the bot handled
	handles chan struct{} // a token for each, if there is room
	cancel  context.CancelFunc
	done    chan error
}

// fastTiming keeps every wait short.
var fastTiming = telegram.Timing{
	PollTimeout: time.Second, SendTimeout: 2 * time.Second,
	Backoff: 5 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Drain: 5 * time.Second,
}

// newHarness opens the store and builds bot and adapter; opts change the
// adapter's options. Call start to run it.
func newHarness(t *testing.T, opts ...func(*telegram.Options)) *harness {
	t.Helper()
	return newHarnessEngine(t, testkit.Engine(t), opts...)
}

// newHarnessEngine is newHarness over another paper set.
func newHarnessEngine(t *testing.T, eng *recommend.Engine, opts ...func(*telegram.Options)) *harness {
	t.Helper()
	return newHarnessBot(t, eng, nil, opts...)
}

// newHarnessBot is newHarnessEngine with botOpts changing the bot's
// options each time the harness opens (after the store is open, before the
// bot is built).
func newHarnessBot(t *testing.T, eng *recommend.Engine, botOpts func(*harness, *bot.Options), opts ...func(*telegram.Options)) *harness {
	t.Helper()
	h := &harness{
		t: t, fake: telegramtest.NewServer(t), eng: eng,
		path: filepath.Join(t.TempDir(), "paperbot.db"), opts: opts, botOpts: botOpts, logs: &testkit.LogBuffer{},
		handles: make(chan struct{}, 1000),
	}
	h.open()
	t.Cleanup(func() {
		h.stop()
		h.db.Close()
		if strings.Contains(h.logs.String(), telegramtest.Token) {
			t.Errorf("the logs show the bot token")
		}
	})
	return h
}

func (h *harness) open() {
	h.t.Helper()
	db, err := store.Open(h.path, store.Options{Timeout: time.Second})
	if err != nil {
		h.t.Fatal(err)
	}
	h.db = db
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	bopts := bot.Options{Engine: h.eng, Store: db, Logger: log,
		Observe: func(bot.Request, string, time.Duration, error) {
			h.handled.Add(1)
			select {
			case h.handles <- struct{}{}:
			default:
			}
		}}
	if h.botOpts != nil {
		h.botOpts(h, &bopts)
	}
	h.bot = bot.New(bopts)
	o := telegram.Options{
		Token: telegramtest.Token, Endpoint: h.fake.Endpoint(), Handler: h.bot, Logger: log, Inbox: db.Inbox(),
		RatePerChat: rate.Inf, RateGlobal: rate.Inf, Timing: fastTiming,
	}
	for _, f := range h.opts {
		f(&o)
	}
	a, err := telegram.New(o)
	if err != nil {
		h.t.Fatal(err)
	}
	h.a = a
}

// reportTo makes h report its failures to t, a subtest of the test that
// made h, until t ends.
func (h *harness) reportTo(t *testing.T) {
	parent := h.t
	h.t = t
	t.Cleanup(func() { h.t = parent })
}

// start runs the adapter until stop.
func (h *harness) start() *harness {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- h.a.Run(ctx) }()
	return h
}

// stop shuts the adapter down and checks that Run returned nil.
func (h *harness) stop() {
	h.t.Helper()
	if h.cancel == nil {
		return
	}
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run = %v, want nil after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		h.t.Fatal("Run did not return 10s after shutdown")
	}
	h.cancel = nil
}

// restart stops the adapter, closes and reopens the store, and starts a new
// bot and adapter against the same fake.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	if err := h.db.Close(); err != nil {
		h.t.Fatal(err)
	}
	h.open()
	h.start()
}

// waitHandled waits until the bot has handled a request (its reply may
// still be on the way).
func (h *harness) waitHandled() {
	h.t.Helper()
	select {
	case <-h.handles:
	case <-time.After(10 * time.Second):
		h.t.Fatal("the bot handled nothing in 10s")
	}
}

// say pushes a text message and waits for the n-th sendMessage overall.
func (h *harness) say(chat telegramtest.Chat, from telegramtest.User, text string) *telegramtest.Sent {
	h.t.Helper()
	before := len(h.fake.SentTo(chat.ID))
	n := len(h.fake.Calls("sendMessage"))
	h.fake.Push(telegramtest.Text(chat, from, text))
	h.fake.Wait(h.t, "sendMessage", n+1)
	sent := h.fake.SentTo(chat.ID)
	if len(sent) <= before {
		h.t.Fatalf("no reply in chat %d to %q", chat.ID, text)
	}
	return sent[before]
}

// keyboard decodes a sent reply markup.
func keyboard(tb testing.TB, raw []byte) tgbotapi.InlineKeyboardMarkup {
	tb.Helper()
	var kb tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal(raw, &kb); err != nil {
		tb.Fatalf("reply_markup %s: %v", raw, err)
	}
	return kb
}

// findButton returns the callback data of the first button whose data
// starts with prefix.
func findButton(tb testing.TB, kb tgbotapi.InlineKeyboardMarkup, prefix string) string {
	tb.Helper()
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && strings.HasPrefix(*b.CallbackData, prefix) {
				return *b.CallbackData
			}
		}
	}
	tb.Fatalf("no button with data %q… in %+v", prefix, kb)
	return ""
}

var (
	tagRe    = regexp.MustCompile(`<(/?)([a-z]+)([^>]*)>`)
	entityRe = regexp.MustCompile(`&(lt|gt|amp|quot);`)
	allowed  = map[string]bool{"b": true, "i": true, "code": true, "pre": true, "a": true}
	hrefRe   = regexp.MustCompile(`^ href="[^"<>]*"$`)
)

// checkHTML fails unless s is Telegram HTML as the adapter should write
// it: only b, i, code, pre and a href tags, properly nested, and no bare
// <, > or & in the text. It returns the visible text.
func checkHTML(tb testing.TB, s string) string {
	tb.Helper()
	var stack []string
	var text strings.Builder
	rest := s
	for rest != "" {
		loc := tagRe.FindStringSubmatchIndex(rest)
		chunk := rest
		if loc != nil {
			chunk = rest[:loc[0]]
		}
		if strings.ContainsAny(entityRe.ReplaceAllString(chunk, ""), "<>&") {
			tb.Fatalf("unescaped text %q in message:\n%s", chunk, s)
		}
		text.WriteString(chunk)
		if loc == nil {
			break
		}
		closing, name, attrs := rest[loc[2]:loc[3]] == "/", rest[loc[4]:loc[5]], rest[loc[6]:loc[7]]
		switch {
		case !allowed[name]:
			tb.Fatalf("tag <%s> in message:\n%s", name, s)
		case closing && (len(stack) == 0 || stack[len(stack)-1] != name):
			tb.Fatalf("</%s> closes nothing in message:\n%s", name, s)
		case closing:
			stack = stack[:len(stack)-1]
		case name == "a" && !hrefRe.MatchString(attrs), name != "a" && attrs != "":
			tb.Fatalf("tag <%s%s> in message:\n%s", name, attrs, s)
		default:
			stack = append(stack, name)
		}
		rest = rest[loc[1]:]
	}
	if len(stack) > 0 {
		tb.Fatalf("unclosed %v in message:\n%s", stack, s)
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&amp;", "&").Replace(text.String())
}

var (
	ann  = telegramtest.User{ID: 1001, FirstName: "Ann", LanguageCode: "en"}
	bo   = telegramtest.User{ID: 1002, FirstName: "Bo", LanguageCode: "en-GB"}
	chen = telegramtest.User{ID: 1003, FirstName: "Chen", LanguageCode: "zh-hans"}
)
