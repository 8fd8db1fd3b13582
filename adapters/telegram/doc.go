// Package telegram is the Telegram adapter: it turns Bot API updates into
// bot.Requests and renders bot.Replies as Telegram HTML with inline
// keyboards.
//
// It receives updates by long polling (its own loop, which a shutdown
// cancels mid-poll) or by webhook (its own handler, which checks the
// secret token). Updates from one chat are handled in order, different
// chats in parallel up to Options.Workers. Sending is rate limited per chat
// and in all; a 429 waits retry_after and retries, network errors, timeouts
// and 5xx back off and retry, and a 403 is final: the error wraps
// bot.ErrUnreachable so the digest stops for that chat.
//
// The library, github.com/go-telegram-bot-api/telegram-bot-api/v5, takes no
// context; every call here runs on a shallow copy of the client whose HTTP
// client attaches the call's context, so cancelling it aborts the request.
//
// Updates are confirmed to Telegram when they are taken in, as the Bot API
// does for every client: a crash loses those still queued, a shutdown
// finishes them first (within Options.Timing.Drain).
package telegram
