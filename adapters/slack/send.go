package slack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/ratewait"
)

// Send delivers a reply outside a conversation (the daily paper): to a
// reader "slack:TEAM:USER" in their direct messages with the bot, or to a
// channel "slack:TEAM:CHANNEL", its files first (their text if they cannot
// be uploaded). It waits out rate limits; an error wrapping
// bot.ErrUnreachable means the recipient is gone.
func (a *Adapter) Send(ctx context.Context, to string, r bot.Reply) error {
	team, id, err := splitKey(to)
	if err != nil {
		return err
	}
	channel := id
	if isUserID(id) {
		if channel, err = a.openDM(ctx, team, id); err != nil {
			return fmt.Errorf("slack: send to %s: %w", to, err)
		}
	}
	r, _ = a.deliverFiles(ctx, channel, "", "", r)
	m := a.render(r, renderOpts{id: newMessageID()})
	if err := a.post(ctx, team, channel, "", m); err != nil {
		return fmt.Errorf("slack: send to %s: %w", to, err)
	}
	return nil
}

// splitKey reads "slack:TEAM:ID".
func splitKey(key string) (team, id string, err error) {
	parts := strings.Split(key, ":")
	if len(parts) != 3 || parts[0] != "slack" || parts[1] == "" || parts[2] == "" {
		return "", "", fmt.Errorf("slack: %q is not a Slack reader or channel key: %w", key, bot.ErrBadKey)
	}
	return parts[1], parts[2], nil
}

// readerKey is the reader key of a user in a workspace.
func readerKey(team, user string) string { return "slack:" + team + ":" + user }

// isUserID tells user ids (U…, W… in Enterprise Grid) from channel ids.
func isUserID(id string) bool { return strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") }

// isDM tells whether a channel id is a direct-message channel.
func isDM(channel string) bool { return strings.HasPrefix(channel, "D") }

// newMessageID is a random id for a rendered message, unguessable so a
// Share value cannot be made up.
func newMessageID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// pacer spaces chat.postMessage calls: Slack allows about one message a
// second in a channel, with short bursts, and a workspace-wide rate.
type pacer struct {
	perChannel, perTeam rate.Limit
	waited              func(time.Duration) // each time a message had to wait, and how long
	mu                  sync.Mutex
	channels            map[string]*paced
	teams               map[string]*rate.Limiter
}

type paced struct {
	lim  *rate.Limiter
	last time.Time
}

// maxPaced is how many channel limiters are kept before idle ones go.
const maxPaced = 4096

func newPacer(perChannel, perTeam float64, waited func(time.Duration)) *pacer {
	return &pacer{perChannel: rate.Limit(perChannel), perTeam: rate.Limit(perTeam), waited: waited,
		channels: map[string]*paced{}, teams: map[string]*rate.Limiter{}}
}

// wait blocks until a message may go to channel in team, and reports a
// wait.
func (p *pacer) wait(ctx context.Context, team, channel string) error {
	ch, tm := p.limiters(team, channel)
	d1, err := ratewait.Take(ctx, ch)
	if err != nil {
		return fmt.Errorf("pace channel: %w", err)
	}
	d2, err := ratewait.Take(ctx, tm)
	if err != nil {
		return fmt.Errorf("pace workspace: %w", err)
	}
	if d := d1 + d2; d > 0 && p.waited != nil {
		p.waited(d)
	}
	return nil
}

func (p *pacer) limiters(team, channel string) (*rate.Limiter, *rate.Limiter) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	key := team + ":" + channel
	c, ok := p.channels[key]
	if !ok {
		if len(p.channels) >= maxPaced {
			for k, v := range p.channels {
				if now.Sub(v.last) > time.Minute {
					delete(p.channels, k)
				}
			}
		}
		c = &paced{lim: rate.NewLimiter(p.perChannel, burst(p.perChannel))}
		p.channels[key] = c
	}
	c.last = now
	t, ok := p.teams[team]
	if !ok {
		t = rate.NewLimiter(p.perTeam, burst(p.perTeam))
		p.teams[team] = t
	}
	return c.lim, t
}

// burst allows a short burst of about one second's worth, at least one.
func burst(l rate.Limit) int { return max(1, int(l)) }
