package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket serves conversations over Socket Mode until ctx is done. The
// socketmode client reconnects by itself; it gives up only on a bad
// app-level token, which ends Run with an error.
func (a *Adapter) runSocket(ctx context.Context) error {
	sm := socketmode.New(a.api)
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case evt := <-sm.Events:
			a.socketEvent(ctx, sm, evt)
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack: socket mode (check slack.app_token): %w", err)
		}
	}
}

// socketEvent acks one envelope and queues its work.
func (a *Adapter) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.ready.Store(false)
		a.log.Debug("slack: connecting to socket mode")
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		if !a.ready.Swap(true) {
			a.log.Info("slack: socket mode connected")
		}
	case socketmode.EventTypeConnectionError, socketmode.EventTypeDisconnect:
		a.ready.Store(false)
		a.log.Warn("slack: socket mode connection lost; reconnecting", "err", connectionErr(evt))
	case socketmode.EventTypeInvalidAuth:
		a.ready.Store(false)
		a.log.Error("slack: socket mode refused the app-level token")
	case socketmode.EventTypeEventsAPI:
		a.socketCallback(ctx, sm, evt)
	case socketmode.EventTypeSlashCommand:
		a.socketCommand(ctx, sm, evt)
	case socketmode.EventTypeInteractive:
		a.socketPress(ctx, sm, evt)
	case socketmode.EventTypeErrorBadMessage:
		// Ack what could not be read, or Slack sends it again and again.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				a.ack(ctx, sm, &socketmode.Request{EnvelopeID: env.EnvelopeID}, nil)
			}
			a.log.Info("slack: unreadable socket mode message", "err", bad.Cause)
		}
	}
}

// socketCallback takes an Events API envelope and acks it; one the
// adapter cannot take now is not acked, so Slack sends it again.
func (a *Adapter) socketCallback(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	ev, ok := evt.Data.(slackevents.EventsAPIEvent)
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || ev.Type != slackevents.CallbackEvent || cb == nil || evt.Request == nil {
		a.ack(ctx, sm, evt.Request, nil)
		return
	}
	switch a.takeEvent(ctx, cb.EventID, evt.Request.Payload) {
	case taken, duplicate:
		a.ack(ctx, sm, evt.Request, nil)
	default:
		a.log.Warn("slack: cannot take an event now; Slack will send it again", "event", cb.EventID)
	}
}

// socketCommand takes a slash command envelope and acks it, with the
// busy note when there is no room for it.
func (a *Adapter) socketCommand(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok || evt.Request == nil {
		a.ack(ctx, sm, evt.Request, nil)
		return
	}
	req, err := commandRequest(fingerprint(evt.Request.Payload), cmd)
	if err != nil {
		a.ack(ctx, sm, evt.Request, nil)
		return
	}
	switch a.take(ctx, req) {
	case refused:
		a.ack(ctx, sm, evt.Request, map[string]string{"response_type": "ephemeral", "text": busy})
	case failed:
		text := a.guard.Apology(ctx, readerKey(cmd.TeamID, cmd.UserID), "").Text
		a.ack(ctx, sm, evt.Request, map[string]string{"response_type": "ephemeral", "text": text})
	default:
		a.ack(ctx, sm, evt.Request, nil)
	}
}

// socketPress takes an interaction envelope and acks it; one the adapter
// cannot take is not acked, and Slack tells the presser it failed.
func (a *Adapter) socketPress(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	if _, ok := evt.Data.(slack.InteractionCallback); !ok || evt.Request == nil {
		a.ack(ctx, sm, evt.Request, nil)
		return
	}
	switch a.take(ctx, pressRequest(fingerprint(evt.Request.Payload), evt.Request.Payload)) {
	case taken, duplicate:
		a.ack(ctx, sm, evt.Request, nil)
	default:
		a.log.Warn("slack: cannot take a button press now; not acknowledged")
	}
}

func (a *Adapter) ack(ctx context.Context, sm *socketmode.Client, req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	if err := sm.AckCtx(ctx, req.EnvelopeID, payload); err != nil && !errors.Is(err, context.Canceled) {
		a.log.Warn("slack: ack envelope", "err", err)
	}
}

func connectionErr(evt socketmode.Event) error {
	if e, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
		return e.ErrorObj
	}
	return nil
}
