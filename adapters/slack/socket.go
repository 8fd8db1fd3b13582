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
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		a.ack(ctx, sm, evt.Request, nil)
		if !ok {
			return
		}
		id := ""
		if cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent); cb != nil {
			id = cb.EventID
		}
		if ev.Type == slackevents.CallbackEvent && a.takeEvent(id, ev) == refused {
			a.log.Warn("slack: too busy; event dropped", "event", id)
		}
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			a.ack(ctx, sm, evt.Request, nil)
			return
		}
		if !a.jobs.try(func(ctx context.Context) { a.safeCommand(ctx, cmd) }) {
			a.ack(ctx, sm, evt.Request, map[string]string{"response_type": "ephemeral", "text": busy})
			return
		}
		a.ack(ctx, sm, evt.Request, nil)
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slack.InteractionCallback)
		a.ack(ctx, sm, evt.Request, nil)
		if ok && !a.jobs.try(func(ctx context.Context) { a.safeInteraction(ctx, ic) }) {
			a.log.Warn("slack: too busy; button press dropped")
		}
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
