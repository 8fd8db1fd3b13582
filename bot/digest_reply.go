package bot

import (
	"errors"
	"fmt"
	"time"

	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// States of a DigestEntry. A digest is recorded as DigestSending before it
// goes out and flipped to DigestSent or DigestFailed after; an entry still
// DigestSending when the scheduler next looks means the process stopped in
// between, and it becomes DigestUnconfirmed (never resent). DigestRestart
// is not a digest: /subscribe restart records it to start a new round.
const (
	DigestSending     = "sending"
	DigestSent        = "sent"
	DigestFailed      = "failed"
	DigestUnconfirmed = "unconfirmed"
	DigestRestart     = "restart"
)

// restartWords are what /subscribe understands as "start a new round".
var restartWords = map[string]bool{"restart": true, "重新开始": true, "重来": true}

// ErrNoDigest is returned by DigestReply when there is nothing to send: a
// reader who only follows searches or authors, and nothing new matched.
var ErrNoDigest = errors.New("nothing to send today")

// maxNewInDigest bounds the "New for you" section; the rest come the next
// day, and /new lists them all.
const maxNewInDigest = 5

// DigestReply is r's daily paper for the local date day ("2006-01-02"): the
// paper of that date unless r read, dismissed or was sent it in this round,
// else their personal pick, within their subscription's topic; as a card
// with the usual buttons and a progress line. Every other day, a paper new
// from arXiv in the reader's topics takes the pick's place. When every
// paper is used it is a congratulation with the way to start a new round,
// and the paper id is "". Then come the new papers that match the reader's
// follows and have not reached them yet ("New for you", listed in
// Reply.New). A reader who only follows gets that section alone, or
// ErrNoDigest when nothing matched. now dates the reading streak. r is
// only read.
func (b *Bot) DigestReply(r Reader, day string, now time.Time) (Reply, string, error) {
	date, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return Reply{}, "", fmt.Errorf("digest for %s: bad day: %w", r.Key, err)
	}
	eng := b.Engine()
	c := &call{bot: b, eng: eng, set: eng.Set(), r: &r, lang: readerLang(&r, Request{})}
	out := Reply{Lang: c.lang}
	fresh, why := newForReader(eng, &r, day)
	if !r.Sub.On && len(r.Follows) > 0 { // follows only: news or nothing
		if len(fresh) == 0 {
			return Reply{}, "", ErrNoDigest
		}
		if len(fresh) == 1 {
			out.Intro = c.t("digest.new1", day)
		} else {
			out.Intro = c.t("digest.new", day, len(fresh))
		}
		c.addNew(&out, fresh, why)
		out.finish()
		return out, "", nil
	}
	topic := r.Sub.Topic
	if topic != "" && c.set.Topic(topic) == nil {
		topic = "" // the topic left the paper set in a reload
	}
	h := digestHistory(&r, day)
	p, isFresh := c.freshPick(h, day, topic), true
	pickWhy := ""
	if p != nil {
		pickWhy = reasonText(c, p)
	} else {
		p, pickWhy = c.dailyPick(h, date, topic)
		isFresh = false
	}
	if p == nil {
		out.Intro = c.congratulation(topic)
		c.addNew(&out, fresh, why)
		c.addWeeklyChart(&out, now)
		out.finish()
		return out, "", nil
	}
	switch pod := eng.PaperOfDay(date); {
	case isFresh:
		out.Intro = c.t("digest.freshpick", day)
	case pod != nil && pod.ID == p.ID:
		out.Intro = t(c.lang, "digest.today", day)
	default:
		out.Intro = t(c.lang, "digest.pick", day)
	}
	out.Papers = []Item{c.item(p, pickWhy)}
	for i := 0; i < len(fresh); i++ { // the pick is not news twice
		if fresh[i].ID == p.ID {
			fresh, why = append(fresh[:i:i], fresh[i+1:]...), append(why[:i:i], why[i+1:]...)
			break
		}
	}
	c.addNew(&out, fresh, why)
	out.Outro = c.progressLine(topic, now)
	if n := len(fresh) - maxNewInDigest; n > 0 {
		out.Outro += "\n" + c.t("digest.newmore", n)
	}
	c.addWeeklyChart(&out, now)
	out.finish()
	return out, p.ID, nil
}

// dailyPick is the digest's paper when no new one takes its place: the
// paper of the day unless the reader read, dismissed or was sent it or it
// is outside topic, else their own next paper (recommend.Engine.WhatNext,
// as /next and /paper pick it) with why it was picked.
func (c *call) dailyPick(h recommend.History, date time.Time, topic string) (*data.Paper, string) {
	if p := c.eng.PaperOfDay(date); p != nil && (topic == "" || c.set.HasTopic(p, topic)) {
		if _, read := h.Read[p.ID]; !read && !h.Dismissed[p.ID] && !h.Sent[p.ID] {
			return p, ""
		}
	}
	picks := c.eng.WhatNext(h, recommend.Want{Topic: topic, Path: c.r.Path, SkipSent: true}, 1)
	if len(picks) == 0 {
		return nil, ""
	}
	return picks[0].Paper, c.pickWhy(picks[0])
}

// addNew appends the "New for you" section: at most maxNewInDigest of
// papers, each saying which follow it matched.
func (c *call) addNew(out *Reply, papers []*data.Paper, why []Follow) {
	for i, p := range papers {
		if i == maxNewInDigest {
			break
		}
		out.Papers = append(out.Papers, c.item(p, c.t("digest.newfor", c.followText(why[i]))))
		out.New = append(out.New, p.ID)
	}
}

// freshPick is a paper new from arXiv in the reader's topics for the daily
// paper, or nil: only when the last digest was not one already (so the
// curated calendar keeps every other day), and only for a reader with
// topics (their subscription's, or those of what they read).
func (c *call) freshPick(h recommend.History, day, topic string) *data.Paper {
	for i := len(c.r.Digests) - 1; i >= 0; i-- {
		d := c.r.Digests[i]
		if d.Day == day || d.Paper == "" {
			continue
		}
		if p := c.set.Paper(d.Paper); p != nil && p.Source != "" {
			return nil
		}
		break
	}
	topics := map[string]bool{}
	if topic != "" {
		topics[topic] = true
	} else {
		for id := range c.r.Read {
			if p := c.set.Paper(id); p != nil && len(p.Topics) > 0 {
				topics[p.Topics[0]] = true
			}
		}
	}
	if len(topics) == 0 {
		return nil
	}
	var cands []*data.Paper
	for _, p := range c.eng.Fresh(dayBefore(day, recommend.FreshDays-1)) {
		if p.Added > day || readIn(h, p.ID) || h.Dismissed[p.ID] || h.Sent[p.ID] {
			continue
		}
		for t := range topics {
			if c.set.HasTopic(p, t) {
				cands = append(cands, p)
				break
			}
		}
	}
	if hits := c.eng.RankFor(h, cands); len(hits) > 0 {
		return hits[0].Paper
	}
	return nil
}

// progressLine is "12 of 64 read · 🔥 5-day streak".
func (c *call) progressLine(topic string, now time.Time) string {
	read, total := c.readIn(topic)
	line := t(c.lang, "digest.progress", read, total)
	if topic != "" {
		line = t(c.lang, "digest.progress.topic", read, total, c.topicName(topic))
	}
	if s := streak(c.r.Read, now); s > 1 {
		line += " · " + t(c.lang, "digest.streak", s)
	}
	return line
}

// congratulation is the digest when every paper of the round is used up.
func (c *call) congratulation(topic string) string {
	read, total := c.readIn(topic)
	var s string
	switch {
	case read == total && topic == "":
		s = t(c.lang, "digest.allread", total)
	case read == total:
		s = t(c.lang, "digest.allread.topic", total, c.topicName(topic))
	case topic == "":
		s = t(c.lang, "digest.allsent", read, total)
	default:
		s = t(c.lang, "digest.allsent.topic", c.topicName(topic), read, total)
	}
	return s + "\n" + t(c.lang, "digest.restart.hint")
}

// digestHistory is what the daily pick must avoid in the current round:
// papers read or sent since the last restart (and all dismissed ones).
// Entries of day itself are left out, so a retry picks the same paper;
// failed digests never reached the reader and do not count.
func digestHistory(r *Reader, day string) recommend.History {
	h := historyOf(r)
	var start time.Time
	from := 0
	for i, d := range r.Digests {
		if d.State == DigestRestart {
			start, from = d.At, i+1
		}
	}
	h.Sent = map[string]bool{}
	for _, d := range r.Digests[from:] {
		switch d.State {
		case DigestSending, DigestSent, DigestUnconfirmed:
			if d.Day != day && d.Paper != "" {
				h.Sent[d.Paper] = true
			}
		}
	}
	if !start.IsZero() {
		h.Read = map[string]time.Time{}
		for id, at := range r.Read {
			if !at.Before(start) {
				h.Read[id] = at
			}
		}
	}
	return h
}

// DigestDay is the local date of t in zone (spelled as ParseZone returns
// it, or as a reader types it), UTC when the zone does not load.
func DigestDay(t time.Time, zone string) string {
	loc, err := LoadZone(zone)
	if err != nil {
		loc = time.UTC
		if canon, perr := ParseZone(zone); perr == nil {
			if l, lerr := LoadZone(canon); lerr == nil {
				loc = l
			}
		}
	}
	return t.In(loc).Format(time.DateOnly)
}

// restartRound starts a new round of daily papers for the reader of c.
func (c *call) restartRound(zone string) {
	now := c.bot.now()
	c.r.Digests = append(c.r.Digests, DigestEntry{Day: DigestDay(now, zone), State: DigestRestart, At: now})
}

func readIn(h recommend.History, id string) bool {
	_, ok := h.Read[id]
	return ok
}
