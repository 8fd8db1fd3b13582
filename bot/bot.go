package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/paperbot/paperbot/bot/cite"
	"github.com/paperbot/paperbot/bot/picture"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// Bot routes requests to commands over a paper set and a store.
type Bot struct {
	engine  atomic.Pointer[recommend.Engine] // swapped by SetEngine (reload)
	store   Store
	now     func() time.Time
	log     *slog.Logger
	intn    func(n int) int
	cmds    map[string]*command
	observe func(req Request, command string, took time.Duration, err error)
	guard   *Guard
	// defaultTime and defaultZone are the digest settings of /subscribe
	// without arguments.
	defaultTime, defaultZone string
	order                    []string                // commands in /help order
	keys                     atomic.Pointer[setKeys] // citation keys of the set in use (bibtex.go)
	adminOptions                                     // admins, /stats and /reload (admin.go)

	painter *picture.Painter // draws /map and the progress charts
}

// Options configures a Bot. Engine and Store are required.
type Options struct {
	Engine *recommend.Engine
	Store  Store
	Now    func() time.Time // default time.Now
	Logger *slog.Logger     // default slog.Default()
	Intn   func(n int) int  // randomness for /random; default math/rand/v2
	// Observe, if set, is called after every handled message or button
	// press with the command name ("" for none), how long it took and the
	// error, for metrics.
	Observe func(req Request, command string, took time.Duration, err error)
	// DigestTime ("HH:MM") and DigestZone are what /subscribe uses when the
	// reader names no time or zone; defaults "08:00" and "UTC".
	DigestTime, DigestZone string
	// Admins are the reader keys that may use /stats and /reload; for
	// everyone else those words are unknown commands.
	Admins []string
	// Stats answers /stats; Reload builds the engine /reload switches to.
	// Either may be nil: the command then says it is not available.
	Stats  func(ctx context.Context) (Stats, error)
	Reload func() (*recommend.Engine, error)
	// Review is arXiv intake's review queue, for the admins' /review,
	// /accept and /reject and the buttons on candidate cards; nil when
	// intake is off.
	Review Reviewer
	// Panicked, if set, is told of each panic the bot's Guard recovered,
	// with the platform ("digest" for the daily paper), for metrics.
	Panicked func(platform string)
	// Dropped, if set, is told of each acknowledged update an adapter
	// gave up unanswered (Guard.Dropped), for metrics.
	Dropped func(platform string)
	// Painter draws /map and the progress charts; default a new one.
	Painter *picture.Painter
}

// New returns a Bot.
func New(o Options) *Bot {
	b := &Bot{store: o.Store, now: o.Now, log: o.Logger, intn: o.Intn, observe: o.Observe}
	b.SetEngine(o.Engine)
	if b.now == nil {
		b.now = time.Now
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	if b.intn == nil {
		b.intn = rand.IntN
	}
	b.defaultTime, b.defaultZone = o.DigestTime, o.DigestZone
	if b.defaultTime == "" {
		b.defaultTime = "08:00"
	}
	if b.defaultZone == "" {
		b.defaultZone = "UTC"
	}
	b.cmds, b.order = commandTable()
	b.adminOptions = newAdminOptions(o)
	b.guard = newGuard(o, b.log)
	if b.painter = o.Painter; b.painter == nil {
		b.painter = picture.New(picture.Options{})
	}
	return b
}

// Engine returns the recommendation engine the bot uses now.
func (b *Bot) Engine() *recommend.Engine { return b.engine.Load() }

// SetEngine makes the bot use e (a reloaded paper set) from the next request
// on; requests under way finish with the engine they started with. The
// set's citation keys are made here, not in a reader's store transaction.
func (b *Bot) SetEngine(e *recommend.Engine) {
	if e != nil {
		b.keys.Store(&setKeys{set: e.Set(), keys: cite.NewKeys(e.Set().Papers)})
	}
	b.engine.Store(e)
}

// call is one command being run, inside the store transaction for its reader.
type call struct {
	ctx  context.Context
	bot  *Bot
	eng  *recommend.Engine
	set  *data.Set
	req  Request
	cmd  Command
	r    *Reader
	lang string
}

// userError is an answer to bad input: the reply is the message, and nothing
// the command did is stored.
type userError struct{ text string }

func (e *userError) Error() string { return e.text }

func (c *call) fail(key string, args ...any) error {
	return &userError{t(c.lang, key, args...)}
}

func (c *call) t(key string, args ...any) string { return t(c.lang, key, args...) }

// Handle answers one request. Bad input gets a Reply with a short message in
// the reader's language and a nil error; an error means the bot could not do
// its work (the store failed) and is wrapped with what was being done.
func (b *Bot) Handle(ctx context.Context, req Request) (r Reply, err error) {
	var cmd Command
	if req.Action == nil && !req.TooLong {
		cmd = b.parse(req)
		req.Text = Clean(req.Text)
	}
	if b.observe != nil {
		start, name := time.Now(), cmd.Name
		switch {
		case req.Action != nil:
			name = "button:" + req.Action.Verb
		case name == "" && !cmd.Slash && !req.Group && !req.TooLong:
			name = "paper"
		}
		defer func() { b.observe(req, name, time.Since(start), err) }()
	}
	switch {
	case req.Action != nil:
		return b.handleAction(ctx, req)
	case req.TooLong:
		return b.tooLong(ctx, req)
	}
	return b.handle(ctx, req, cmd)
}

// tooLong answers a message the adapter refused to read whole.
func (b *Bot) tooLong(ctx context.Context, req Request) (Reply, error) {
	r, err := b.store.Get(ctx, req.Reader)
	if err != nil {
		return Reply{}, fmt.Errorf("answer an overlong message from %s: %w", req.Reader, err)
	}
	lang := readerLang(&r, req)
	text := t(lang, "toolong")
	return Reply{Text: text, Intro: text, Papers: []Item{}, Lang: lang}, nil
}

// handle answers a message whose command is parsed.
func (b *Bot) handle(ctx context.Context, req Request, cmd Command) (Reply, error) {
	if isAdminCommand(cmd.Name) {
		return b.handleAdmin(ctx, req, cmd)
	}
	if cmd.ForOther || cmd.Blank && req.Group && !cmd.Slash {
		return Reply{}, nil
	}
	if cmd.Name == "" && !cmd.Slash && !cmd.Blank {
		if req.Group || cmd.Rest == "" {
			return Reply{}, nil // plain talk in a group is not for the bot
		}
		cmd.Name = "paper"
	}
	var spec *command
	if cmd.Name != "" {
		spec = b.cmds[cmd.Name]
	}
	key, admin, err := b.subject(ctx, req, cmd)
	if err != nil {
		return Reply{}, err
	}
	var out Reply
	_, err = b.store.Update(ctx, key, func(r *Reader) error {
		c := b.newCall(ctx, req, cmd, r)
		out = Reply{Lang: c.lang}
		switch {
		case cmd.Blank:
			return c.fail("blank")
		case spec == nil:
			return &userError{c.unknownCommand()}
		}
		if key != req.Reader && r.Sub.On && r.Sub.By != "" && r.Sub.By != req.Reader && !admin {
			return c.fail("sub.notyours")
		}
		return spec.run(c, &out)
	})
	var ue *userError
	switch {
	case errors.As(err, &ue):
		return Reply{Text: ue.text, Intro: ue.text, Papers: []Item{}, Lang: out.Lang}, nil
	case errors.Is(err, ErrApplied):
		return b.appliedReply(ctx, req, key), nil
	case errors.Is(err, ErrBadKey):
		return Reply{}, fmt.Errorf("handle %s: %w", cmd.Name, err)
	case err != nil:
		return Reply{}, fmt.Errorf("handle /%s for %s: %w", cmd.Name, key, err)
	}
	out.finish()
	b.drawPictures(ctx, req, &out)
	return out, nil
}

// subject is the key of the record a command works on: the sender's, or
// for /subscribe and /unsubscribe in a group, the group's. admin tells
// whether the sender may change a group subscription someone else made.
func (b *Bot) subject(ctx context.Context, req Request, cmd Command) (key string, admin bool, err error) {
	if !req.Group || req.Chat == "" || (cmd.Name != "subscribe" && cmd.Name != "unsubscribe") {
		return req.Reader, false, nil
	}
	cur, err := b.store.Get(ctx, req.Chat)
	if err != nil {
		return "", false, fmt.Errorf("read group %s: %w", req.Chat, err)
	}
	if !cur.Sub.On || cur.Sub.By == "" || cur.Sub.By == req.Reader {
		return req.Chat, true, nil
	}
	return req.Chat, req.ChatAdmin != nil && req.ChatAdmin(ctx), nil
}

func (b *Bot) newCall(ctx context.Context, req Request, cmd Command, r *Reader) *call {
	eng := b.Engine()
	return &call{ctx: ctx, bot: b, eng: eng, set: eng.Set(), req: req, cmd: cmd, r: r, lang: readerLang(r, req)}
}

// readerLang is the language to answer in: the reader's choice, else the
// platform's hint, else Chinese for a message in Chinese, else English.
func readerLang(r *Reader, req Request) string {
	if r.Lang != "" {
		return r.Lang
	}
	if l := langFromHint(req.Lang); l != "" {
		return l
	}
	if hasHan(req.Text) {
		return Chinese
	}
	return English
}

func (c *call) unknownCommand() string {
	typed := quote(c.cmd.Typed)
	if near := closestCommand(truncateBytes(c.cmd.Typed, 40)); near != "" {
		return c.t("unknown", typed, near)
	}
	return c.t("unknown.none", typed)
}

// history is what the engine needs to know of the reader.
func (c *call) history() recommend.History {
	return historyOf(c.r)
}

func historyOf(r *Reader) recommend.History {
	h := recommend.History{Read: r.Read, Saved: r.Saved, Dismissed: map[string]bool{}, Sent: map[string]bool{}}
	for id := range r.Dismissed {
		h.Dismissed[id] = true
	}
	for _, d := range r.Digests {
		if d.Paper != "" && d.State != DigestFailed && d.State != DigestRestart {
			h.Sent[d.Paper] = true
		}
	}
	return h
}
