package bot

import (
	"fmt"
	"time"

	"github.com/paperbot/paperbot/bot/recommend"
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

// digestMessages are the daily paper's own messages, in both languages.
var digestMessages = map[string]msg{
	"digest.today":          {"Your paper of the day, %s:", "今日论文（%s）："},
	"digest.pick":           {"Your paper for %s, picked for you:", "为你挑选的论文（%s）："},
	"digest.progress":       {"%d of %d read", "已读 %d / %d 篇"},
	"digest.progress.topic": {"%d of %d read in %s", "已读 %d / %d 篇（%s）"},
	"digest.streak":         {"🔥 %d-day streak", "🔥 连续阅读 %d 天"},
	"digest.allread":        {"🎉 You have read all %d papers. Congratulations!", "🎉 %d 篇论文你全部读完了，恭喜！"},
	"digest.allread.topic":  {"🎉 You have read all %d papers in %s. Congratulations!", "🎉 %d 篇“%s”论文你全部读完了，恭喜！"},
	"digest.allsent":        {"You have been sent every paper: %d of %d read. /random finds one you have not read.", "所有论文都已推送给你：已读 %d / %d 篇。/random 找一篇还没读的。"},
	"digest.allsent.topic":  {"You have been sent every paper in %s: %d of %d read. /random finds one you have not read.", "“%s”的论文都已推送给你：已读 %d / %d 篇。/random 找一篇还没读的。"},
	"digest.restart.hint":   {"Send /subscribe restart to start a new round from the beginning, or /subscribe topic T for another topic.", "发送 /subscribe restart（或 /subscribe 重新开始）从头开始新一轮，或用 /subscribe topic 主题 换一个主题。"},
	"digest.restarted":      {"New round: the daily paper starts over, papers you read before included.", "新一轮开始：每日论文从头推送，包括以前读过的。"},
}

// dt formats one of the digest's messages in lang.
func dt(lang, key string, args ...any) string {
	m, ok := digestMessages[key]
	if !ok {
		return key
	}
	f := m.en
	if lang == Chinese {
		f = m.zh
	}
	return fmt.Sprintf(f, args...)
}

// restartWords are what /subscribe understands as "start a new round".
var restartWords = map[string]bool{"restart": true, "重新开始": true, "重来": true}

// DigestReply is r's daily paper for the local date day ("2006-01-02"): the
// paper of that date unless r read, dismissed or was sent it in this round,
// else their personal pick, within their subscription's topic; as a card
// with the usual buttons and a progress line. When every paper is used it
// is a congratulation with the way to start a new round, and the paper id
// is "". now dates the reading streak. r is only read.
func (b *Bot) DigestReply(r Reader, day string, now time.Time) (Reply, string, error) {
	date, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return Reply{}, "", fmt.Errorf("digest for %s: bad day: %w", r.Key, err)
	}
	eng := b.Engine()
	c := &call{bot: b, eng: eng, set: eng.Set(), r: &r, lang: readerLang(&r, Request{})}
	topic := r.Sub.Topic
	if topic != "" && c.set.Topic(topic) == nil {
		topic = "" // the topic left the paper set in a reload
	}
	out := Reply{Lang: c.lang}
	p := eng.PersonalPick(digestHistory(&r, day), date, topic)
	if p == nil {
		out.Intro = c.congratulation(topic)
		out.finish()
		return out, "", nil
	}
	if pod := eng.PaperOfDay(date); pod != nil && pod.ID == p.ID {
		out.Intro = dt(c.lang, "digest.today", day)
	} else {
		out.Intro = dt(c.lang, "digest.pick", day)
	}
	out.Papers = []Item{c.item(p, "")}
	out.Outro = c.progressLine(topic, now)
	out.finish()
	return out, p.ID, nil
}

// progressLine is "12 of 64 read · 🔥 5-day streak".
func (c *call) progressLine(topic string, now time.Time) string {
	read, total := c.readIn(topic)
	line := dt(c.lang, "digest.progress", read, total)
	if topic != "" {
		line = dt(c.lang, "digest.progress.topic", read, total, c.topicName(topic))
	}
	if s := streak(c.r.Read, now); s > 1 {
		line += " · " + dt(c.lang, "digest.streak", s)
	}
	return line
}

// congratulation is the digest when every paper of the round is used up.
func (c *call) congratulation(topic string) string {
	read, total := c.readIn(topic)
	var s string
	switch {
	case read == total && topic == "":
		s = dt(c.lang, "digest.allread", total)
	case read == total:
		s = dt(c.lang, "digest.allread.topic", total, c.topicName(topic))
	case topic == "":
		s = dt(c.lang, "digest.allsent", read, total)
	default:
		s = dt(c.lang, "digest.allsent.topic", c.topicName(topic), read, total)
	}
	return s + "\n" + dt(c.lang, "digest.restart.hint")
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
