package bot

import (
	"context"
	"errors"
	"time"
)

// Inbound is an update as a platform delivered it, kept in the inbox from
// before the platform is told it arrived until it has been handled.
type Inbound struct {
	// ID is unique per update and the same for a redelivery or a replay of
	// it: the platform's name, then its own id ("telegram:1234",
	// "slack:event:Ev1", "slack:cmd:<digest of the signed body>").
	ID       string
	Received time.Time // when it was taken in
	Payload  []byte    // the update, in a form its adapter can handle again
}

// Inbox keeps acknowledged updates until they are handled, so a crash
// between the acknowledgement and the answer loses nothing. An adapter
// puts an update before it acknowledges it, handles it, then marks it
// done; at start it handles what is still pending. *store.Inbox is one.
type Inbox interface {
	// Put stores updates not seen before and reports, for each, whether it
	// is new; a false is a redelivery or a replay, not to be handled again.
	// Concurrent calls share a commit. When Put returns, the new ones are
	// on disk.
	Put(ctx context.Context, in ...Inbound) (fresh []bool, err error)
	// Pending returns the updates of platform not yet done, oldest first.
	Pending(ctx context.Context, platform string) ([]Inbound, error)
	// Done marks an update handled. Its id is still remembered for a
	// while, so a late redelivery is known for what it is.
	Done(ctx context.Context, id string) error
}

// updateKey is the context key of the update being handled.
type updateKey struct{}

// WithUpdate returns ctx carrying the inbox id of the update being
// handled. A Store that keeps an inbox then stores the change the update
// makes to a reader at most once: run again after a restart, the command
// finds its change already made and Store.Update returns ErrApplied. An
// adapter sets it on the one request it makes of the bot per update.
func WithUpdate(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, updateKey{}, id)
}

// UpdateOf is the inbox id ctx carries (WithUpdate), "" for none.
func UpdateOf(ctx context.Context) string {
	id, _ := ctx.Value(updateKey{}).(string)
	return id
}

// ErrApplied is returned by Store.Update, without running its function,
// when the update ctx carries (WithUpdate) already changed the store in a
// run that stopped before it was answered.
var ErrApplied = errors.New("the update was applied before a restart")

// appliedReply answers a command that a run stopped by a crash had
// carried out but not answered (ErrApplied): its change is not made
// twice, and the reader is told it went through. key is the record it
// changed, for the reader's language.
func (b *Bot) appliedReply(ctx context.Context, req Request, key string) Reply {
	r, err := b.store.Get(ctx, key)
	if err != nil {
		r = Reader{}
	}
	lang := readerLang(&r, req)
	text := t(lang, "applied")
	return Reply{Text: text, Intro: text, Toast: text, Papers: []Item{}, Lang: lang}
}
