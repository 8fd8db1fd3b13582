package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/paperbot/paperbot/bot"
)

// maxBody is the largest request body read; Slack's are a few kilobytes.
const maxBody = 1 << 20

// busy is what a slash command gets when too many requests wait: in both
// languages, since the reader's record is not read for it.
var busy = bot.Text(bot.English, "busy") + " / " + bot.Text(bot.Chinese, "busy")

// Handler serves EventsPath: slash commands, Events API callbacks (with
// url_verification) and interactivity payloads, each verified with the
// signing secret. A request is acknowledged once the inbox has it (when
// the adapter has one) and handled in the background. A signed request
// seen before is a replay: it is acknowledged (200) and not run again.
// The inbox knows slash commands and presses by a digest of what Slack
// signed, and events by their id, for an hour (store.RememberFor), which
// covers the five minutes in which a signature is accepted; the adapter
// itself remembers the last maxReplays signed requests of any kind, with
// or without an inbox.
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
	signed := fingerprint([]byte(r.Header.Get("X-Slack-Request-Timestamp")), body)
	if !a.replays.add(signed) {
		a.log.Warn("slack: a signed request came again; acknowledged, not run again", "remote", r.RemoteAddr)
		w.WriteHeader(http.StatusOK)
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
			a.serveInteraction(w, r, signed)
		} else {
			a.serveCommand(w, r, signed)
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
		switch a.takeEvent(r.Context(), cb.EventID, body) {
		case taken, duplicate:
			w.WriteHeader(http.StatusOK)
		case refused, failed:
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

// takeEvent takes an Events API callback (its JSON as Slack sent it)
// unless its id was taken already. One the adapter cannot take is
// forgotten, so Slack's retry of it is handled.
func (a *Adapter) takeEvent(ctx context.Context, id string, payload []byte) taking {
	if id == "" {
		id = fingerprint(payload)
	}
	if !a.seen.add(id) {
		return duplicate
	}
	t := a.take(ctx, eventRequest(id, payload))
	if t == refused || t == failed {
		a.seen.remove(id)
	}
	return t
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, signed string) {
	cmd, err := slack.SlashCommandParse(r)
	if err != nil || cmd.TeamID == "" || cmd.UserID == "" || cmd.ResponseURL == "" {
		http.Error(w, "not a slash command", http.StatusBadRequest)
		return
	}
	req, err := commandRequest(signed, cmd)
	if err != nil {
		http.Error(w, "bad slash command", http.StatusBadRequest)
		return
	}
	switch a.take(r.Context(), req) {
	case refused:
		writeEphemeral(w, busy)
	case failed:
		writeEphemeral(w, a.guard.Apology(r.Context(), readerKey(cmd.TeamID, cmd.UserID), "").Text)
	default:
		w.WriteHeader(http.StatusOK) // an empty 200: the answer follows through response_url
	}
}

// writeEphemeral answers a slash command at once, for its sender only.
func writeEphemeral(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"response_type": "ephemeral", "text": text})
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, signed string) {
	if _, err := slack.InteractionCallbackParse(r); err != nil {
		http.Error(w, "unreadable payload", http.StatusBadRequest)
		return
	}
	switch a.take(r.Context(), pressRequest(signed, []byte(r.PostForm.Get("payload")))) {
	case refused, failed:
		http.Error(w, "busy", http.StatusServiceUnavailable)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// runHTTP serves Handler on the configured address until ctx is done.
func (a *Adapter) runHTTP(ctx context.Context) error {
	if err := needListen(a.listen); err != nil {
		return fmt.Errorf("slack: %w", err)
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
