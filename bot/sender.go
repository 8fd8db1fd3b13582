package bot

import (
	"context"
	"errors"
)

// Sender delivers a reply outside a conversation: the daily paper. Each
// platform adapter is one, for the reader and chat keys of its platform.
// Send deals with the platform's rate limits and retries itself; an error
// it returns is final for this attempt.
type Sender interface {
	Send(ctx context.Context, to string, r Reply) error
}

// ErrUnreachable is returned (wrapped) by a Sender when the recipient can no
// longer be reached: the bot was blocked, kicked or the chat is gone. The
// digest stops for that recipient.
var ErrUnreachable = errors.New("recipient unreachable")
