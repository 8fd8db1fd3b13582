package bot

import (
	"strings"

	"github.com/paperbot/paperbot/bot/cite"
	"github.com/paperbot/paperbot/data"
)

// setKeys are the citation keys of one paper set. Keys depend on the whole
// set (collisions), so they are made once a set, when the bot takes it
// (SetEngine: start, reload, intake), and kept until the set changes; at
// 100,000 papers that takes about 0.2 s.
type setKeys struct {
	set  *data.Set
	keys cite.Keys
}

// citeKeys returns the keys of set. For a set other than the one the bot
// took last (a request that began before a reload) they are made anew and
// not kept, so the current set's keys stay.
func (b *Bot) citeKeys(set *data.Set) cite.Keys {
	if k := b.keys.Load(); k != nil && k.set == set {
		return k.keys
	}
	return cite.NewKeys(set.Papers)
}

// bibtex is the BibTeX entry of p, with its key in the current set.
func (c *call) bibtex(p *data.Paper) string {
	return cite.Entry(p, c.bot.citeKeys(c.set)[p.ID])
}

// Limits of an export pasted as text where its files cannot be sent: a
// reading list of hundreds of papers must not become dozens of messages.
const (
	maxPastedEntries = 10
	maxPastedBytes   = 6000
)

// pasted is the start of a BibTeX export that fits the limits (at least
// one entry), and how many entries it holds.
func pasted(entries []string) (string, int) {
	n, size := 0, 0
	for _, e := range entries {
		if n == maxPastedEntries || n > 0 && size+len(e) > maxPastedBytes {
			break
		}
		n++
		size += len(e) + 2
	}
	return strings.Join(entries[:n], "\n\n"), n
}
