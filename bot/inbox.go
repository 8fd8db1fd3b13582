package bot

import (
	"context"
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
