package bot

import (
	"context"
	"errors"
	"time"
)

// Reader is everything the bot keeps about one reader: a person on one
// platform (and workspace), or a group chat or channel that subscribes to a
// digest. Keys look like "telegram:123", "slack:T1:U2" or "console:alice".
type Reader struct {
	Key       string               `json:"-"`
	Lang      string               `json:"lang,omitempty"` // "en" or "zh"; empty until chosen
	FirstSeen time.Time            `json:"first_seen"`
	LastSeen  time.Time            `json:"last_seen"`
	Read      map[string]time.Time `json:"read,omitempty"`      // paper id → when marked read
	Saved     map[string]time.Time `json:"saved,omitempty"`     // paper id → when saved
	Dismissed map[string]time.Time `json:"dismissed,omitempty"` // paper id → when dismissed
	Sub       Subscription         `json:"sub"`
	Digests   []DigestEntry        `json:"digests,omitempty"` // newest last, bounded
	Path      string               `json:"path,omitempty"`    // topic of the reading path followed
	Follows   []Follow             `json:"follows,omitempty"` // searches and authors whose new papers the reader wants
}

// Follow is a search or an author whose new papers a reader wants to hear
// of (/follow). Each new paper that matches reaches the reader once.
type Follow struct {
	Kind  string    `json:"kind"` // FollowQuery or FollowAuthor
	Text  string    `json:"text"` // the query or the author's name, as typed
	Since time.Time `json:"since"`
}

// Kinds of Follow.
const (
	FollowQuery  = "query"
	FollowAuthor = "author"
)

// MaxFollows is how many follows a reader may keep.
const MaxFollows = 20

// Listens reports whether r gets anything on a schedule: the daily paper,
// or the new papers of their follows.
func (r *Reader) Listens() bool { return r.Sub.On || len(r.Follows) > 0 }

// Subscription is a reader's daily-paper settings.
type Subscription struct {
	On        bool      `json:"on"`
	Time      string    `json:"time,omitempty"`      // "HH:MM" local time
	Zone      string    `json:"zone,omitempty"`      // IANA name or fixed offset ("UTC+05:45")
	Frequency string    `json:"frequency,omitempty"` // "daily", "weekdays" or a weekday ("mon")
	Topic     string    `json:"topic,omitempty"`     // keep picks within this topic
	By        string    `json:"by,omitempty"`        // reader key of who set it (groups)
	Since     time.Time `json:"since,omitempty"`
}

// DigestEntry records one daily paper for a reader.
type DigestEntry struct {
	Day   string    `json:"day"`   // local date, "2006-01-02"
	Paper string    `json:"paper"` // paper id
	State string    `json:"state"` // DigestSending, DigestSent, DigestFailed, DigestUnconfirmed or DigestRestart
	At    time.Time `json:"at"`
	// New lists the new papers (intake) the digest carried in its "New for
	// you" section; each reaches a reader once.
	New []string `json:"new,omitempty"`
}

// MaxDigests is how many digest entries a reader record keeps.
const MaxDigests = 400

// Store keeps readers. Update runs fn on the stored reader (a fresh one for
// a new key) and saves the result in one transaction; fn may run more than
// once and must have no side effects outside the reader. Get returns a
// snapshot (a zero Reader with the key set when it is not stored).
type Store interface {
	Update(ctx context.Context, key string, fn func(*Reader) error) (Reader, error)
	Get(ctx context.Context, key string) (Reader, error)
}

// ErrBadKey is returned for a reader key that is not platform:id[:id].
var ErrBadKey = errors.New("bad reader key")
