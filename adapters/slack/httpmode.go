package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody is the largest request body read; Slack's are a few kilobytes.
const maxBody = 1 << 20

// busy is what a slash command gets when too many requests wait.
const busy = "paperbot is busy right now; please try again in a moment. / 机器人正忙，请稍后再试。"

// Handler serves EventsPath: slash commands, Events API callbacks (with
// url_verification) and interactivity payloads, each verified with the
// signing secret. It acks at once and does the work in the background.
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+EventsPath, a.serveEvents)
	return mux
}

func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	if err := a.verify(r.Header, body); err != nil {
		a.log.Info("slack: rejected request", "err", err, "remote", r.RemoteAddr)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		a.serveEventsAPI(w, r, body)
	case "application/x-www-form-urlencoded":
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		if r.PostForm.Has("payload") {
			a.serveInteraction(w, r)
		} else {
			a.serveCommand(w, r)
		}
	default:
		http.Error(w, "unsupported content type", http.StatusUnsupportedMediaType)
	}
}

// verify checks the request's signature and that its timestamp is within
// five minutes.
func (a *Adapter) verify(h http.Header, body []byte) error {
	sv, err := slack.NewSecretsVerifier(h, a.secret)
	if err != nil {
		return fmt.Errorf("verify signature: %w", err)
	}
	if _, err := sv.Write(body); err != nil {
		return fmt.Errorf("verify signature: %w", err)
	}
	if err := sv.Ensure(); err != nil {
		return fmt.Errorf("verify signature: %w", err)
	}
	return nil
}

func (a *Adapter) serveEventsAPI(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// Signed, so from Slack: an event type this version does not know,
		// or one it cannot read. A retry would not read better.
		a.log.Info("slack: event not handled", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if !ok {
			http.Error(w, "bad url_verification", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, v.Challenge)
	case slackevents.CallbackEvent:
		cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
		if cb == nil {
			http.Error(w, "bad event", http.StatusBadRequest)
			return
		}
		switch a.takeEvent(cb.EventID, ev) {
		case taken, duplicate:
			w.WriteHeader(http.StatusOK)
		case refused:
			http.Error(w, "busy", http.StatusServiceUnavailable) // Slack retries later
		}
		if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
			a.log.Debug("slack: event retried", "event", cb.EventID, "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
		}
	case slackevents.AppRateLimited:
		a.log.Warn("slack: Slack is dropping events: more than 30,000 an hour for this workspace")
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// outcome is what became of an Events API callback.
type outcome int

const (
	taken     outcome = iota // queued for handling
	duplicate                // handled already: a retry
	refused                  // too busy; a retry will be handled
)

// takeEvent queues an event unless its id was taken already.
func (a *Adapter) takeEvent(id string, ev slackevents.EventsAPIEvent) outcome {
	if id != "" && !a.seen.add(id) {
		return duplicate
	}
	if !a.jobs.try(func(ctx context.Context) { a.safeEvent(ctx, id, ev) }) {
		a.seen.remove(id)
		return refused
	}
	return taken
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	cmd, err := slack.SlashCommandParse(r)
	if err != nil || cmd.TeamID == "" || cmd.UserID == "" || cmd.ResponseURL == "" {
		http.Error(w, "not a slash command", http.StatusBadRequest)
		return
	}
	if !a.jobs.try(func(ctx context.Context) { a.safeCommand(ctx, cmd) }) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"response_type": "ephemeral", "text": busy})
		return
	}
	w.WriteHeader(http.StatusOK) // an empty 200: the answer follows through response_url
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	ic, err := slack.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "unreadable payload", http.StatusBadRequest)
		return
	}
	if !a.jobs.try(func(ctx context.Context) { a.safeInteraction(ctx, ic) }) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// runHTTP serves Handler on the configured address until ctx is done.
func (a *Adapter) runHTTP(ctx context.Context) error {
	if a.listen == "" {
		return errors.New("slack: http mode needs an address to listen on (slack.listen, e.g. 127.0.0.1:3000)")
	}
	ln, err := net.Listen("tcp", a.listen)
	if err != nil {
		return fmt.Errorf("slack: listen on %s: %w", a.listen, err)
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.ready.Store(true)
	a.log.Info("slack: serving", "addr", ln.Addr().String(), "path", EventsPath)
	select {
	case err := <-errc:
		return fmt.Errorf("slack: serve %s: %w", a.listen, err)
	case <-ctx.Done():
	}
	a.ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		a.log.Warn("slack: shut down http server", "err", err)
	}
	return nil
}
