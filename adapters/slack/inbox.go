package slack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/paperbot/paperbot/bot"
)

// responseURLLife is how long Slack takes answers at a response_url.
const responseURLLife = 30 * time.Minute

// maxReplayAge is the oldest request answered after a restart (such as
// one left in a restored backup): a day late, an answer is noise.
const maxReplayAge = 24 * time.Hour

// Kinds of acknowledged request, the second part of their inbox id.
const (
	kindCommand = "cmd"   // a slash command: slack.SlashCommand as JSON
	kindPress   = "press" // an interaction: its payload as Slack sent it
	kindEvent   = "event" // an Events API callback as Slack sent it
)

// request is a request the adapter acknowledges to Slack and then
// handles: it is what the inbox keeps.
type request struct {
	id       string // "slack:KIND:ID"; ID is the event id or a digest
	kind     string
	payload  []byte // JSON, per kind
	received time.Time
}

// fingerprint identifies a request by what Slack signed (or, in Socket
// Mode, by its payload): the same request sent again has the same
// fingerprint.
func fingerprint(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// commandRequest is a slash command as the inbox keeps it, without its
// legacy verification token.
func commandRequest(id string, c slack.SlashCommand) (request, error) {
	c.Token = ""
	js, err := json.Marshal(c)
	if err != nil {
		return request{}, fmt.Errorf("encode slash command: %w", err)
	}
	return request{id: "slack:" + kindCommand + ":" + id, kind: kindCommand, payload: js, received: time.Now()}, nil
}

// pressRequest is an interaction as the inbox keeps it, without its
// legacy verification token.
func pressRequest(id string, payload []byte) request {
	return request{id: "slack:" + kindPress + ":" + id, kind: kindPress, payload: withoutToken(payload), received: time.Now()}
}

// eventRequest is an Events API callback as the inbox keeps it, without
// its legacy verification token.
func eventRequest(eventID string, payload []byte) request {
	return request{id: "slack:" + kindEvent + ":" + eventID, kind: kindEvent, payload: withoutToken(payload), received: time.Now()}
}

// withoutToken is a Slack JSON payload without its top-level "token" (the
// app's legacy verification token, a secret the inbox need not keep on
// disk); a payload that is not a JSON object is kept as it is, for its
// handler to refuse.
func withoutToken(payload []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(payload, &m) != nil {
		return payload
	}
	if _, ok := m["token"]; !ok {
		return payload
	}
	delete(m, "token")
	js, err := json.Marshal(m)
	if err != nil {
		return payload
	}
	return js
}

// taking is what became of a request handed to take.
type taking int

const (
	taken     taking = iota // stored (with an inbox) and queued
	duplicate               // seen before: a redelivery or a replay
	refused                 // too busy; nothing stored
	failed                  // the inbox could not store it
)

// take stores r in the inbox and queues its handling. The caller
// acknowledges r to Slack only when it is taken (or a duplicate): then a
// crash loses nothing, for the inbox has it.
func (a *Adapter) take(ctx context.Context, r request) taking {
	if !a.jobs.reserve() {
		return refused
	}
	if a.inbox != nil {
		fresh, err := a.inbox.Put(ctx, bot.Inbound{ID: r.id, Received: r.received, Payload: r.payload})
		if err != nil {
			a.jobs.release()
			a.log.Error("slack: keep a request in the inbox", "update", r.id, "err", err)
			return failed
		}
		if !fresh[0] {
			a.jobs.release()
			a.log.Info("slack: request seen before; not handled again", "update", r.id)
			return duplicate
		}
	}
	a.jobs.start(func(ctx context.Context) { a.handle(ctx, r) })
	return taken
}

// handle answers a request taken in, then marks it done in the inbox,
// unless shutdown cut it short: then it is handled at the next start. A
// request run again after a crash does not change a reader twice
// (bot.WithUpdate).
func (a *Adapter) handle(ctx context.Context, r request) {
	if a.inbox != nil {
		ctx = bot.WithUpdate(ctx, r.id) // its change is stored once, even if run again
	}
	switch r.kind {
	case kindCommand:
		var c slack.SlashCommand
		if err := json.Unmarshal(r.payload, &c); err != nil {
			a.log.Error("slack: unreadable slash command in the inbox", "update", r.id, "err", err)
			break
		}
		a.safeCommand(ctx, r.id, c)
	case kindPress:
		var ic slack.InteractionCallback
		if err := json.Unmarshal(r.payload, &ic); err != nil {
			a.log.Error("slack: unreadable interaction in the inbox", "update", r.id, "err", err)
			break
		}
		if time.Since(r.received) > responseURLLife {
			ic.ResponseURL = "" // expired: answer through the Web API
		}
		a.safeInteraction(ctx, r.id, ic)
	case kindEvent:
		ev, err := slackevents.ParseEvent(r.payload, slackevents.OptionNoVerifyToken())
		if err != nil {
			a.log.Error("slack: unreadable event in the inbox", "update", r.id, "err", err)
			break
		}
		a.safeEvent(ctx, r.id, ev)
	}
	a.done(r.id)
}

// done marks a request handled in the inbox.
func (a *Adapter) done(id string) {
	if a.inbox == nil || a.jobs.stopped() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.inbox.Done(ctx, id); err != nil {
		a.log.Warn("slack: mark a request done; it may be answered again after a restart", "update", id, "err", err)
	}
}

// replay queues the requests a previous run acknowledged and did not
// finish, oldest first, before any new one is taken. A slash command
// whose response_url has expired has no other way to be answered: it is
// dropped, logged and counted.
func (a *Adapter) replay(ctx context.Context) error {
	if a.inbox == nil {
		return nil
	}
	pending, err := a.inbox.Pending(ctx, "slack")
	if err != nil {
		return fmt.Errorf("slack: read the inbox: %w", err)
	}
	for _, in := range pending {
		r, ok := fromInbox(in)
		age := time.Since(r.received)
		switch {
		case !ok:
			a.guard.Dropped(ctx, bot.Update{Platform: "slack", ID: in.ID}, "not a request this paperbot knows")
		case age > maxReplayAge:
			a.guard.Dropped(ctx, bot.Update{Platform: "slack", ID: in.ID}, "more than a day old")
		case r.kind == kindCommand && age > responseURLLife:
			a.guard.Dropped(ctx, bot.Update{Platform: "slack", ID: in.ID, Command: "/paper"},
				"its response_url expired while paperbot was down")
		default:
			a.jobs.force(func(ctx context.Context) { a.handle(ctx, r) })
			continue
		}
		a.done(in.ID)
	}
	if len(pending) > 0 {
		a.log.Info("slack: answering requests taken in before a restart", "pending", len(pending))
	}
	return nil
}

// fromInbox reads an inbox entry back into a request.
func fromInbox(in bot.Inbound) (request, bool) {
	parts := strings.SplitN(in.ID, ":", 3)
	if len(parts) != 3 || parts[0] != "slack" {
		return request{}, false
	}
	switch parts[1] {
	case kindCommand, kindPress, kindEvent:
		return request{id: in.ID, kind: parts[1], payload: in.Payload, received: in.Received}, true
	}
	return request{}, false
}
