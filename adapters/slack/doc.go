// Package slack is the Slack adapter: it turns slash commands, Events API
// callbacks and Block Kit button presses into bot.Requests and renders each
// bot.Reply as Block Kit.
//
// # Surfaces
//
// Slack gives an app one slash command, /paper; the text after it is handed
// to the bot as "/paper TEXT", so "/paper read mocov2" and "/paper progress"
// reach the commands they name and anything else is a search. Slash replies
// are ephemeral, sent through the command's response_url, and carry a Share
// button that posts the card to the channel. A mention ("@paperbot
// rotation") is answered in a thread; a direct message to the bot is a chat
// in which plain text is a search. App Home shows the reader's progress,
// the paper of the day and their subscription.
//
// # Readers and chats
//
// A reader is "slack:TEAM:USER" and a channel "slack:TEAM:CHANNEL", so the
// same person in two workspaces is two readers.
//
// # Buttons
//
// Each paper gets Read, Save, Similar and Not interested buttons whose
// value is the encoded bot.Action, plus link buttons. A press acts for the
// person who pressed. On a message only they can see (an ephemeral reply,
// their direct messages) the pressed paper's buttons are replaced to show
// the new state; on a message others see, the answer is ephemeral. A value
// that does not decode, or names a paper that is gone, changes nothing and
// gets the bot's polite note.
//
// # Transport
//
// In Socket Mode (an app-level token) the adapter dials out and acks every
// envelope; in HTTP mode it serves POST /slack/events and verifies each
// request's signature, refusing a bad one or one older than five minutes
// with 401. Either way it acks at once and does the work in the background,
// a bounded number of requests at a time, answering through response_url
// or the Web API. Events API callbacks are handled once per event_id.
//
// # Sending
//
// Send (bot.Sender) delivers digests: to a reader's direct-message channel
// (conversations.open) or to a channel. chat.postMessage is paced per
// channel and per workspace; a rate-limited call waits the Retry-After
// Slack gives and a 5xx is retried with backoff. A channel or account that
// is gone is reported as bot.ErrUnreachable.
package slack
