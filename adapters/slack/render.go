package slack

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/bot"
)

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
const (
	maxBlocks      = 50   // blocks in a message
	maxHomeBlocks  = 100  // blocks in a view
	maxSectionText = 3000 // characters in a section's text
	maxCards       = 8    // papers shown as cards; longer lists are compact
	maxPre         = 9000 // characters of a monospaced block kept
	maxFallback    = 300  // characters of the notification text
)

// message is a rendered reply: blocks, and the plain text Slack shows in
// notifications.
type message struct {
	text   string
	blocks []slack.Block
}

func (m message) options() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.text, false)}
	if len(m.blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.blocks...))
	}
	return opts
}

// renderOpts says where a reply goes.
type renderOpts struct {
	id    string // message id: the prefix of its block ids and its memo key
	share bool   // add a Share button: an ephemeral slash reply in a channel
}

// Action ids. Paper buttons are "btn.I.J" (paper I, button J), link
// buttons "link.I.J", the buttons under the reply "btn.r.J".
const (
	actionShare = "share"
	prefixBtn   = "btn."
	prefixLink  = "link."
)

// render turns a reply into Block Kit, following the parts of the reply
// the way bot.Reply.Text does: intro, papers (cards, or one line each when
// Compact or many; not at all when Listed), the monospaced block, outro,
// and the buttons under the whole reply. A reply that still has files
// renders as its text fallback.
func (a *Adapter) render(r bot.Reply, o renderOpts) message {
	r = r.WithoutFiles() // files are uploaded before, and taken off the reply when they arrive
	var blocks []slack.Block
	if r.Intro != "" {
		blocks = append(blocks, a.prose(r.Intro)...)
	}
	switch {
	case r.Listed:
	case r.Compact || len(r.Papers) > maxCards:
		if len(r.Papers) > 0 {
			blocks = append(blocks, sections(compactList(r))...)
		}
	default:
		for i, it := range r.Papers {
			blocks = append(blocks, itemBlocks(o.id, i, it)...)
		}
	}
	if r.Pre != "" {
		blocks = append(blocks, codeSections(a.cmdWord.rewrite(r.Pre))...)
	}
	if r.Outro != "" {
		blocks = append(blocks, a.prose(r.Outro)...)
	}
	if len(blocks) == 0 && r.Text != "" {
		blocks = append(blocks, a.prose(r.Text)...)
	}
	if f := footer(o, r.Buttons, len(blocks) > 0); f != nil {
		blocks = append(blocks[:min(len(blocks), maxBlocks-1)], f)
	}
	if len(blocks) > maxBlocks {
		blocks = blocks[:maxBlocks]
	}
	return message{text: fallback(r), blocks: blocks}
}

// itemBlocks are one paper: its title and summary (or full card), a
// context line with year, venue, id and why, and its buttons.
func itemBlocks(id string, i int, it bot.Item) []slack.Block {
	var b strings.Builder
	b.WriteString("*" + esc(it.Marker()+it.Title) + "*")
	if it.Details != nil {
		for _, f := range it.Details {
			b.WriteString("\n*" + esc(f.Label) + ":* " + esc(f.Value))
		}
	} else if it.Summary != "" {
		b.WriteString("\n" + esc(it.Summary))
	}
	title := slack.NewSectionBlock(mrkdwn(clip(b.String(), maxSectionText)), nil, nil,
		slack.SectionBlockOptionBlockID(blockID(id, i, "t")))
	meta := esc(it.Meta()) + " · `" + esc(it.ID) + "`"
	if it.Why != "" {
		meta += " · → " + esc(it.Why)
	}
	ctx := slack.NewContextBlock(blockID(id, i, "c"), mrkdwn(clip(meta, maxSectionText)))
	return []slack.Block{title, ctx, itemActions(id, i, it)}
}

// itemActions are a paper's callback buttons and link buttons.
func itemActions(id string, i int, it bot.Item) *slack.ActionBlock {
	var els []slack.BlockElement
	for j, btn := range it.Buttons {
		e := slack.NewButtonBlockElement(prefixBtn+strconv.Itoa(i)+"."+strconv.Itoa(j), btn.Action.Encode(), plain(btn.Label))
		if btn.Action.Verb == bot.VerbRead {
			e = e.WithStyle(slack.StylePrimary)
		}
		els = append(els, e)
	}
	for j, l := range it.Links {
		els = append(els, slack.NewButtonBlockElement(prefixLink+strconv.Itoa(i)+"."+strconv.Itoa(j), "", plain(l.Label)).WithURL(l.URL))
	}
	return slack.NewActionBlock(blockID(id, i, "a"), els...)
}

// footer holds the buttons under the whole reply (More) and Share.
func footer(o renderOpts, buttons []bot.Button, content bool) *slack.ActionBlock {
	var els []slack.BlockElement
	for j, btn := range buttons {
		els = append(els, slack.NewButtonBlockElement(prefixBtn+"r."+strconv.Itoa(j), btn.Action.Encode(), plain(btn.Label)))
	}
	if o.share && content {
		els = append(els, slack.NewButtonBlockElement(actionShare, o.id, plain("Share ↗")))
	}
	if len(els) == 0 {
		return nil
	}
	return slack.NewActionBlock(o.id+".r", els...)
}

// compactList is a long list, one line a paper.
func compactList(r bot.Reply) string {
	var b strings.Builder
	for i, it := range r.Papers {
		fmt.Fprintf(&b, "%d. %s*%s* (%d) `%s`\n", r.Number(i), esc(it.Marker()), esc(it.Title), it.Year, esc(it.ID))
	}
	return strings.TrimRight(b.String(), "\n")
}

// prose is text the bot wrote, escaped, with its "/command" mentions
// spelled the way Slack users type them ("/paper read").
func (a *Adapter) prose(s string) []slack.Block {
	return sections(a.cmdWord.rewrite(esc(s)))
}

// sections splits escaped mrkdwn into section blocks of at most
// maxSectionText characters, at line ends where it can.
func sections(s string) []slack.Block {
	var out []slack.Block
	for _, chunk := range chunks(s, maxSectionText) {
		out = append(out, slack.NewSectionBlock(mrkdwn(chunk), nil, nil))
	}
	return out
}

// codeSections is a monospaced block: escaped, at most maxPre characters,
// each section fenced with ```.
func codeSections(pre string) []slack.Block {
	s := esc(strings.ReplaceAll(pre, "```", "`\u200b`\u200b`"))
	if utf8.RuneCountInString(s) > maxPre {
		s = clip(s, maxPre)
	}
	var out []slack.Block
	for _, chunk := range chunks(s, maxSectionText-8) {
		out = append(out, slack.NewSectionBlock(mrkdwn("```\n"+chunk+"\n```"), nil, nil))
	}
	return out
}

// chunks cuts s into pieces of at most n runes, preferring line ends.
func chunks(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		cut := len(entitySafe(clipBytes(s, n)))
		if nl := strings.LastIndexByte(s[:cut], '\n'); nl > 0 {
			cut = nl
		}
		out = append(out, s[:cut])
		s = strings.TrimPrefix(s[cut:], "\n")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// fallback is the notification text: the start of the plain reply.
func fallback(r bot.Reply) string {
	s := r.Text
	if s == "" {
		s = r.Intro
	}
	if s == "" {
		return " "
	}
	return clip(esc(s), maxFallback)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// esc escapes the three characters Slack's mrkdwn gives meaning to, so no
// text a reader typed becomes a link or a mention.
func esc(s string) string { return escaper.Replace(s) }

// clip cuts s to at most n runes, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return entitySafe(clipBytes(s, n-1)) + "…"
}

// entitySafe drops a trailing "&am" that a cut left of an "&amp;".
func entitySafe(s string) string {
	if i := strings.LastIndexByte(s, '&'); i >= 0 && len(s)-i < 5 && !strings.Contains(s[i:], ";") {
		return s[:i]
	}
	return s
}

// clipBytes is the first n runes of s.
func clipBytes(s string, n int) string {
	i := 0
	for range n {
		if i >= len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// mrkdwn is verbatim mrkdwn: Slack does not turn bare URLs, channel names
// or "@here" in it into links or mentions.
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, clip(s, 75), true, false)
}

// blockID names block kind ("t", "c", "a") of paper i in message id.
func blockID(id string, i int, kind string) string {
	return id + "." + strconv.Itoa(i) + "." + kind
}

// parseBlockID is the inverse of blockID.
func parseBlockID(s string) (id string, i int, kind string, ok bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return "", 0, "", false
	}
	i, err := strconv.Atoi(parts[1])
	if err != nil || i < 0 {
		return "", 0, "", false
	}
	return parts[0], i, parts[2], true
}
