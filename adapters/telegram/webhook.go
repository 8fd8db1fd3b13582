package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// secretHeader carries the secret_token on every webhook delivery.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateBytes bounds a webhook body; real updates are a few kilobytes.
const maxUpdateBytes = 1 << 20

// serveWebhook listens for deliveries, registers the webhook URL with its
// secret token (the library's WebhookConfig has no secret_token, so this
// goes through MakeRequest) and serves until ctx is done.
func (a *Adapter) serveWebhook(ctx context.Context) error {
	ln := a.o.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", a.o.WebhookListen); err != nil {
			return fmt.Errorf("telegram: webhook: %w", err)
		}
	}
	srv := &http.Server{
		Handler: a.WebhookHandler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut) // waits for deliveries being taken in
	}()
	if err := a.untilDone(ctx, "setWebhook", a.setWebhook); err != nil {
		return err
	}
	a.ready.Store(true)
	a.log.Info("receiving updates by webhook", "addr", ln.Addr().String(), "path", a.hookPath)
	select {
	case <-ctx.Done():
		return nil
	case err := <-served:
		return fmt.Errorf("telegram: webhook listener: %w", err)
	}
}

func (a *Adapter) setWebhook(ctx context.Context) error {
	allowed, _ := json.Marshal(allowedUpdates)
	params := tgbotapi.Params{
		"url": a.o.WebhookURL, "secret_token": a.o.WebhookSecret,
		"allowed_updates": string(allowed), "max_connections": fmt.Sprint(min(100, 2*a.o.Workers)),
	}
	return a.c.once(ctx, "setWebhook", a.c.short, func(api *tgbotapi.BotAPI) error {
		_, err := api.MakeRequest("setWebhook", params)
		return err
	})
}

// WebhookHandler serves Telegram's webhook deliveries at the path of the
// webhook URL. A request without the right secret token gets 401 and
// nothing is done; a redelivered update is acknowledged and dropped. An
// update is acknowledged (200) once the inbox has it, when the adapter
// has one, and handled after the response.
func (a *Adapter) WebhookHandler() http.Handler { return http.HandlerFunc(a.serveHook) }

func (a *Adapter) serveHook(w http.ResponseWriter, r *http.Request) {
	if a.hookPath == "" || r.URL.Path != a.hookPath {
		http.NotFound(w, r)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get(secretHeader)), []byte(a.o.WebhookSecret)) != 1 {
		a.log.Debug("webhook request without the right secret token", "remote", r.RemoteAddr)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
	var u tgbotapi.Update
	if err == nil {
		err = json.Unmarshal(raw, &u)
	}
	if err != nil {
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	if !a.seen.add(u.UpdateID) {
		w.WriteHeader(http.StatusOK) // delivered again after a slow answer
		return
	}
	if !a.takeDelivery(r.Context(), u, raw) {
		a.seen.remove(u.UpdateID) // Telegram will deliver it again
		w.Header().Set("Retry-After", "1")
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// takeDelivery takes a webhook update: into the inbox first when there is
// one. It reports false when the update cannot be taken now and must not
// be acknowledged.
func (a *Adapter) takeDelivery(ctx context.Context, u tgbotapi.Update, raw []byte) bool {
	if a.inbox == nil {
		return a.take(u) != full
	}
	if a.disp.admit(chatOf(u)) == full {
		a.log.Warn("refusing an update: too many waiting in all", "chat", chatOf(u), "update", u.UpdateID)
		return false
	}
	if err := a.keep(ctx, []tgbotapi.Update{u}, [][]byte{raw}); err != nil {
		a.log.Error("refusing an update: the inbox cannot keep it", "update", u.UpdateID, "err", err)
		return false
	}
	return true
}

// untilDone runs call until it works, ctx is done or the token is refused,
// backing off between tries.
func (a *Adapter) untilDone(ctx context.Context, what string, call func(context.Context) error) error {
	wait := a.o.Timing.Backoff
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if kindOf(err) == kindAuth {
			return fmt.Errorf("telegram: the Bot API refused the token: %w", err)
		}
		var ae *apiError
		if errors.As(err, &ae) && ae.kind == kindFlood && ae.retryAfter > wait {
			wait = ae.retryAfter
		}
		if attempt == 1 || attempt%10 == 0 {
			a.log.Warn("Bot API call failed; retrying", "method", what, "attempt", attempt, "in", wait, "err", err)
		}
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
		wait = min(2*wait, a.o.Timing.MaxBackoff)
	}
}

// recentIDs remembers the last n update ids.
type recentIDs struct {
	mu   sync.Mutex
	set  map[int]bool
	ring []int
	next int
}

func newRecentIDs(n int) *recentIDs {
	return &recentIDs{set: make(map[int]bool, n), ring: make([]int, n)}
}

// add records id and reports whether it is new.
func (r *recentIDs) add(id int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set[id] {
		return false
	}
	delete(r.set, r.ring[r.next])
	r.ring[r.next] = id
	r.next = (r.next + 1) % len(r.ring)
	r.set[id] = true
	return true
}

func (r *recentIDs) remove(id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.set, id)
}
