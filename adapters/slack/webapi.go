package slack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/bot"
)

// maxAttempts is how often a Web API call is tried when Slack rate-limits
// it or fails with a server error.
const maxAttempts = 4

// retryBase is the first backoff after a server error; it doubles.
const retryBase = 500 * time.Millisecond

// unreachable are the Slack errors that mean a recipient is gone for good.
var unreachable = map[string]bool{
	"channel_not_found": true, "account_inactive": true, "not_in_channel": true,
	"is_archived": true, "user_not_found": true, "user_disabled": true,
	"cannot_dm_bot": true, "messages_tab_disabled": true, "team_access_not_granted": true,
	"restricted_action": true, "no_permission": true,
}

// retry runs call until it succeeds, waiting out rate limits
// (RateLimitedError.RetryAfter) and backing off after server errors and
// network timeouts, at most maxAttempts times. Errors that mean the
// recipient is gone are wrapped in bot.ErrUnreachable.
func (a *Adapter) retry(ctx context.Context, what string, call func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil {
			return nil
		}
		wait, again := retryAfter(err, attempt)
		if !again || attempt >= maxAttempts || ctx.Err() != nil {
			if sendCalls[what] && ctx.Err() == nil {
				a.metrics.Error("send")
			}
			return classify(what, err)
		}
		a.log.Debug("slack: retrying", "call", what, "attempt", attempt, "wait", wait, "err", err)
		if rateLimited(err) {
			a.metrics.RateLimitWait(platformName, wait)
		}
		if err := a.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
}

// retryAfter says whether err is worth another try and after how long.
func retryAfter(err error, attempt int) (time.Duration, bool) {
	backoff := retryBase << (attempt - 1)
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return max(rl.RetryAfter, time.Second), true
	}
	if rateLimited(err) { // no Retry-After given
		return max(backoff, time.Second), true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return backoff, sc.Code >= 500
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "internal_error", "fatal_error", "service_unavailable", "request_timeout":
			return backoff, true
		}
		return 0, false
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return backoff, true
	}
	return 0, false
}

// rateLimited reports whether err is Slack limiting the rate: a 429, with
// or without Retry-After, or a "ratelimited" error.
func rateLimited(err error) bool {
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &rl):
		return true
	case errors.As(err, &sc):
		return sc.Code == http.StatusTooManyRequests
	case errors.As(err, &se):
		return se.Err == "ratelimited" || se.Err == "rate_limited"
	}
	return false
}

// classify wraps err with the call it came from, and with
// bot.ErrUnreachable when it says the recipient is gone.
func classify(what string, err error) error {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && unreachable[se.Err] {
		return fmt.Errorf("%s: %w: %s", what, bot.ErrUnreachable, se.Err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// post sends m to a channel (in a thread when threadTS is set), paced per
// channel and per workspace.
func (a *Adapter) post(ctx context.Context, team, channel, threadTS string, m message) error {
	opts := m.options()
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	return a.retry(ctx, "chat.postMessage", func(ctx context.Context) error {
		if err := a.pace.wait(ctx, team, channel); err != nil {
			return err
		}
		_, _, err := a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
}

// respond answers through a response_url: responseType is
// slack.ResponseTypeEphemeral or slack.ResponseTypeInChannel.
func (a *Adapter) respond(ctx context.Context, url, responseType string, m message) error {
	opts := append(m.options(), slack.MsgOptionResponseURL(url, responseType))
	return a.respondWith(ctx, opts...)
}

// replace replaces the message a response_url belongs to.
func (a *Adapter) replace(ctx context.Context, url string, m message) error {
	return a.respondWith(ctx, append(m.options(), slack.MsgOptionReplaceOriginal(url))...)
}

func (a *Adapter) respondWith(ctx context.Context, opts ...slack.MsgOption) error {
	return a.retry(ctx, "response_url", func(ctx context.Context) error {
		_, _, err := a.api.PostMessageContext(ctx, "", opts...)
		return err
	})
}

// update replaces a posted message with chat.update.
func (a *Adapter) update(ctx context.Context, channel, ts string, m message) error {
	return a.retry(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts, m.options()...)
		return err
	})
}

// ephemeral shows m to one user in a channel (chat.postEphemeral).
func (a *Adapter) ephemeral(ctx context.Context, channel, user string, m message) error {
	return a.retry(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, channel, user, m.options()...)
		return err
	})
}

// openDM returns the direct-message channel with a user
// (conversations.open), remembered for a day.
func (a *Adapter) openDM(ctx context.Context, team, user string) (string, error) {
	key := team + ":" + user
	if ch, ok := a.dms.get(key); ok {
		return ch, nil
	}
	var ch *slack.Channel
	err := a.retry(ctx, "conversations.open", func(ctx context.Context) error {
		var err error
		ch, _, _, err = a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
		return err
	})
	if err != nil {
		return "", err
	}
	a.dms.put(key, ch.ID)
	return ch.ID, nil
}

// isAdmin tells whether a user administers the workspace (users.info),
// remembered for ten minutes; false when Slack cannot say.
func (a *Adapter) isAdmin(ctx context.Context, team, user string) bool {
	key := team + ":" + user
	if v, ok := a.admins.get(key); ok {
		return v
	}
	var u *slack.User
	err := a.retry(ctx, "users.info", func(ctx context.Context) error {
		var err error
		u, err = a.api.GetUserInfoContext(ctx, user)
		return err
	})
	if err != nil {
		a.log.Warn("slack: cannot tell whether a user is an admin", "team", team, "err", err)
		return false
	}
	v := u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
	a.admins.put(key, v)
	return v
}

// publishHome publishes a user's App Home (views.publish).
func (a *Adapter) publishHome(ctx context.Context, user string, blocks []slack.Block) error {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	return a.retry(ctx, "views.publish", func(ctx context.Context) error {
		_, err := a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
		return err
	})
}
