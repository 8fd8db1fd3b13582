package telegram

import "strings"

// chunk is the text of one message and the papers it shows.
type chunk struct {
	html  string
	items []int // 1 + index of each paper shown
}

// pack fills messages with whole blocks while they fit in limit. A block
// longer than a message on its own is cut between lines, and a line
// longer than a message between characters.
func pack(bs []block, limit int) []chunk {
	var out []chunk
	var cur strings.Builder
	var items []int
	curLen := 0
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, chunk{html: cur.String(), items: items})
		}
		cur.Reset()
		items, curLen = nil, 0
	}
	add := func(sep, s string, n int) {
		if cur.Len() > 0 {
			cur.WriteString(sep)
			curLen += tgLen(sep)
		}
		cur.WriteString(s)
		curLen += n
	}
	for _, b := range bs {
		s := b.html()
		n := tgLen(s)
		switch {
		case cur.Len() > 0 && curLen+tgLen(b.sep)+n <= limit:
			add(b.sep, s, n)
		case n <= limit:
			flush()
			add("", s, n)
		default:
			flush()
			pieces := b.split(limit)
			for i, p := range pieces {
				if i > 0 {
					flush()
				}
				add("", p, tgLen(p))
			}
		}
		if b.item > 0 {
			items = append(items, b.item)
		}
	}
	flush()
	return out
}

// split cuts a block that does not fit in one message into pieces that
// do, each a well-formed piece of HTML.
func (b block) split(limit int) []string {
	openTag, closeTag := "", ""
	if b.pre {
		openTag, closeTag = "<pre>", "</pre>"
	}
	room := limit - tgLen(openTag) - tgLen(closeTag)
	var lines []string
	for _, l := range b.lines {
		if tgLen(l.html) <= room {
			lines = append(lines, l.html)
			continue
		}
		lines = append(lines, cutPlain(l.plain, room)...)
	}
	var out []string
	var cur []string
	curLen := 0
	for _, l := range lines {
		n := tgLen(l)
		if len(cur) > 0 && curLen+1+n > room {
			out = append(out, openTag+strings.Join(cur, "\n")+closeTag)
			cur, curLen = nil, 0
		}
		if len(cur) > 0 {
			curLen++
		}
		cur = append(cur, l)
		curLen += n
	}
	if len(cur) > 0 {
		out = append(out, openTag+strings.Join(cur, "\n")+closeTag)
	}
	return out
}

// cutPlain cuts plain text into escaped pieces of at most room units,
// between characters.
func cutPlain(s string, room int) []string {
	var out []string
	var cur strings.Builder
	n := 0
	for _, r := range s {
		e := esc(string(r))
		w := tgLen(e)
		if n+w > room && cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
		cur.WriteString(e)
		n += w
	}
	if cur.Len() > 0 || len(out) == 0 {
		out = append(out, cur.String())
	}
	return out
}
