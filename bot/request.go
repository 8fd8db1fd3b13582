package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Request is one message or button press, already taken out of its
// platform's wire format.
type Request struct {
	Reader  string  // reader key of who sent it: "telegram:123", "slack:T1:U2"
	Chat    string  // key of where it was sent, for group subscriptions; "" in a private chat
	Group   bool    // sent in a group or channel: plain text there is not a search
	Text    string  // the message text, for a message
	Action  *Action // the button pressed, for a button press
	Lang    string  // the platform's language hint ("zh-hans", "en"), used until the reader chooses
	BotName string  // the bot's user name, so "/paper@BotName" is understood
	// ChatAdmin tells whether the sender administers Chat. It is asked only
	// when a group member changes a group subscription someone else made;
	// nil means no.
	ChatAdmin func(ctx context.Context) bool
	// TooLong is set, with no Text, for a message longer than the adapter
	// reads (a terminal line over its limit): the bot answers that it is
	// too long.
	TooLong bool
	// NoPictures skips drawing the reply's pictures, for callers that show
	// only its text, such as Slack's App Home asking /progress.
	NoPictures bool
}

// Reply is what the bot answers. Text is the whole answer as plain text (what
// a terminal prints); adapters that can do better render Intro, Papers, Pre
// and Outro themselves, with Buttons under each paper and under the reply.
type Reply struct {
	Text    string   `json:"text"`
	Papers  []Item   `json:"papers"`
	Intro   string   `json:"-"`
	Pre     string   `json:"-"` // a monospaced block: tables and progress bars
	Outro   string   `json:"-"`
	Buttons []Button `json:"-"` // under the whole reply ("More")
	Files   []File   `json:"-"` // attachments, where the platform allows them
	// Fallback, set with Files, is the reply to show instead where the
	// files cannot be delivered (the platform takes none, or refused
	// them): their content as text, cut to a few messages. Where the files
	// arrive, the reply itself is shown and Fallback is not.
	Fallback *Reply   `json:"-"`
	New      []string `json:"-"` // ids of the papers of a digest's "New for you" section
	First    int      `json:"-"` // the number of the first paper when Papers continue a list (/more); 0 means 1
	Compact  bool     `json:"-"` // a long list: one line a paper
	Listed   bool     `json:"-"` // Pre already lists the papers (a table)
	Toast    string   `json:"-"` // the short answer to a button press
	Edit     bool     `json:"-"` // a button press: update the pressed message's item in place
	Lang     string   `json:"-"`

	draw []drawFunc // pictures to draw after the store transaction (pictures.go)
}

// Item is one paper in a reply.
type Item struct {
	ID      string   `json:"id"`
	ArXiv   string   `json:"arxiv"`
	Title   string   `json:"title"`
	Year    int      `json:"year"`
	Venue   string   `json:"venue,omitempty"`
	Authors string   `json:"authors,omitempty"` // set where the card is posted for others (inline mode)
	Summary string   `json:"summary,omitempty"`
	Why     string   `json:"why,omitempty"`
	Read    bool     `json:"read"`
	Saved   bool     `json:"saved"`
	New     bool     `json:"new,omitempty"`     // came in from arXiv in the last days
	Details []Field  `json:"details,omitempty"` // the full card of /show and /compare
	Links   []Link   `json:"links,omitempty"`
	Buttons []Button `json:"-"`
}

// Field is one labelled line of a full card.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Link is a URL button: arXiv, PDF, Code.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Button is a callback button that carries an Action.
type Button struct {
	Label  string
	Action Action
}

// File is an attachment, such as an export or a picture.
//
// Photo marks a picture to be shown in the conversation rather than
// offered as a download: Telegram's sendPhoto with the reply's Intro as
// caption, Slack's file upload (the image shows inline); a terminal
// writes it to a file and prints the path. Photo files are PNG (MIME
// "image/png") of at most 2560 pixels a side and a ratio of at most 20,
// within what Telegram's sendPhoto takes. Alt describes a picture in words, for screen readers
// (Slack's alt text); the reply's text carries the same information.
type File struct {
	Name  string
	MIME  string
	Data  []byte
	Photo bool
	Alt   string
}

// Action is what a button does. Encoded, it fits Telegram's 64-byte limit
// for callback data.
type Action struct {
	Verb   string // one of the Verb constants
	Paper  string // paper id, for paper verbs
	Offset int    // next page, for VerbMore
	Query  string // the query, for VerbMore
}

// Button verbs.
const (
	VerbRead    = "read"
	VerbUnread  = "unread"
	VerbSave    = "save"
	VerbUnsave  = "unsave"
	VerbSimilar = "similar"
	VerbDismiss = "dismiss"
	VerbMore    = "more"
	VerbAccept  = "accept" // an admin accepts an arXiv candidate
	VerbReject  = "reject" // an admin rejects one
)

// MaxActionBytes is the longest encoded action (Telegram's callback limit).
const MaxActionBytes = 64

var verbCodes = map[string]string{
	VerbRead: "r", VerbUnread: "u", VerbSave: "s", VerbUnsave: "x",
	VerbSimilar: "m", VerbDismiss: "d", VerbMore: "n",
	VerbAccept: "a", VerbReject: "j",
}

// Encode packs the action into at most MaxActionBytes bytes: "r:mocov2",
// "n:3:contrastive". A long query is cut at a word boundary to fit.
func (a Action) Encode() string {
	code := verbCodes[a.Verb]
	if a.Verb != VerbMore {
		return code + ":" + a.Paper
	}
	head := code + ":" + strconv.Itoa(a.Offset) + ":"
	q := a.Query
	for len(head)+len(q) > MaxActionBytes {
		i := strings.LastIndexByte(q, ' ')
		if i <= 0 {
			q = truncateBytes(q, MaxActionBytes-len(head))
			break
		}
		q = q[:i]
	}
	return head + q
}

// DecodeAction parses an encoded action. It checks the form only; whether
// the paper exists is for the bot to check.
func DecodeAction(s string) (Action, error) {
	if s == "" || len(s) > MaxActionBytes || !utf8.ValidString(s) {
		return Action{}, fmt.Errorf("action %q: bad length or encoding", s)
	}
	code, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Action{}, fmt.Errorf("action %q: no verb", s)
	}
	for verb, c := range verbCodes {
		if c != code {
			continue
		}
		if verb != VerbMore {
			if !validPaperID(rest) {
				return Action{}, fmt.Errorf("action %q: bad paper id", s)
			}
			return Action{Verb: verb, Paper: rest}, nil
		}
		off, q, _ := strings.Cut(rest, ":")
		n, err := strconv.Atoi(off)
		if err != nil || n < 0 || n > 1000 {
			return Action{}, fmt.Errorf("action %q: bad offset", s)
		}
		return Action{Verb: VerbMore, Offset: n, Query: q}, nil
	}
	return Action{}, fmt.Errorf("action %q: unknown verb", s)
}

func validPaperID(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// truncateBytes cuts s to at most n bytes without splitting a rune.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
