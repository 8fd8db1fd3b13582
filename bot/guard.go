package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
)

// Update names one piece of work done for a platform: an update an
// adapter handles, or a digest being sent. It is what the log and the
// counters say when that work goes wrong.
type Update struct {
	Platform string // "telegram", "slack", "console", or "digest" for the daily paper
	ID       string // the platform's id for it (update_id, event_id, …), for the log
	Command  string // the command word, for the log; never the rest of the text
	Reader   string // the key of who sent it, for the apology's language; "" for nobody
	Lang     string // the platform's language hint
}

// Guard is paperbot's one recover. Every adapter runs the whole handling
// of an update (asking the bot, rendering, sending) inside Run, and the
// digest scheduler each digest, so a panic anywhere in that work becomes
// a logged error, a count and an apology, and the process keeps serving.
// A Guard is safe for concurrent use.
type Guard struct {
	log      *slog.Logger
	store    Store // the reader's chosen language; nil: the platform's hint
	panicked func(platform string)
	dropped  func(platform string)
}

// apologyTimeout bounds the reader lookup for an apology's language.
const apologyTimeout = 2 * time.Second

// NewGuard returns a Guard that logs to log (slog.Default() if nil) and
// counts nothing. A Bot has a Guard of its own with its store and counters
// (Bot.Guard); this one is for adapters used without a Bot.
func NewGuard(log *slog.Logger) *Guard {
	if log == nil {
		log = slog.Default()
	}
	return &Guard{log: log}
}

func newGuard(o Options, log *slog.Logger) *Guard {
	return &Guard{log: log, store: o.Store, panicked: o.Panicked, dropped: o.Dropped}
}

// Guard returns the bot's Guard: it logs with the bot's logger, answers
// in the reader's chosen language and counts through Options.Panicked
// and Options.Dropped.
func (b *Bot) Guard() *Guard { return b.guard }

// GuardOf returns the Guard of h when h has one (a *Bot does), else a new
// Guard that logs to log. Adapters and the digest scheduler call it with
// what answers their requests, so they share the bot's Guard without more
// wiring.
func GuardOf(h any, log *slog.Logger) *Guard {
	if g, ok := h.(interface{ Guard() *Guard }); ok && g.Guard() != nil {
		return g.Guard()
	}
	return NewGuard(log)
}

// Run runs fn, the whole handling of u, and reports whether it returned
// normally. If fn panics, Run logs an error naming u (the stack at debug
// level), counts it, and, when apologize is not nil, calls apologize with
// an apology in the reader's language so they are not left waiting; then
// it returns false. A panic in apologize is logged too.
func (g *Guard) Run(ctx context.Context, u Update, fn func(ctx context.Context), apologize func(ctx context.Context, r Reply)) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			g.recovered(ctx, u, v, debug.Stack())
			if apologize != nil {
				g.apologize(ctx, u, apologize)
			}
			ok = false
		}
	}()
	fn(ctx)
	return true
}

// recovered logs and counts one panic.
func (g *Guard) recovered(ctx context.Context, u Update, v any, stack []byte) {
	log := g.log.With("platform", u.Platform, "update", u.ID, "command", u.Command)
	log.ErrorContext(ctx, "panic while handling an update; the bot goes on", "err", fmt.Errorf("panic: %v", v))
	log.DebugContext(ctx, "stack of the recovered panic", "stack", string(stack))
	if g.panicked != nil {
		g.panicked(u.Platform)
	}
}

// apologize sends the apology; a panic in it is logged, not raised.
func (g *Guard) apologize(ctx context.Context, u Update, send func(context.Context, Reply)) {
	defer func() {
		if v := recover(); v != nil {
			g.log.ErrorContext(ctx, "panic while apologizing for a panic", "platform", u.Platform, "update", u.ID,
				"err", fmt.Errorf("panic: %v", v))
		}
	}()
	send(ctx, g.Apology(ctx, u.Reader, u.Lang))
}

// Apology is the reply when the bot could not do its work, in the
// language the reader chose, else the platform's hint, else English.
func (g *Guard) Apology(ctx context.Context, reader, hint string) Reply {
	lang := g.lang(ctx, reader, hint)
	text := t(lang, "sorry")
	return Reply{Text: text, Intro: text, Papers: []Item{}, Lang: lang}
}

// lang is the reader's chosen language. The lookup is best effort: the
// store may be what failed.
func (g *Guard) lang(ctx context.Context, reader, hint string) (lang string) {
	lang = langFromHint(hint)
	if lang == "" {
		lang = English
	}
	if g.store == nil || reader == "" {
		return lang
	}
	defer func() { _ = recover() }() // keep the hint's language
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), apologyTimeout)
	defer cancel()
	if r, err := g.store.Get(ctx, reader); err == nil && r.Lang != "" {
		return r.Lang
	}
	return lang
}

// Dropped logs and counts an update that was acknowledged to its
// platform and is given up unanswered, saying why (such as an answer
// address that expired while the bot was down).
func (g *Guard) Dropped(ctx context.Context, u Update, why string) {
	g.log.WarnContext(ctx, "giving up an acknowledged update unanswered", "platform", u.Platform,
		"update", u.ID, "command", u.Command, "why", why)
	if g.dropped != nil {
		g.dropped(u.Platform)
	}
}
