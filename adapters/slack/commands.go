package slack

import (
	"regexp"
	"strings"
)

// commandRewriter spells the bot's "/read mocov2" the way it is typed in
// Slack, where the app's one slash command is /paper: "/paper read mocov2".
type commandRewriter struct {
	re *regexp.Regexp // nil: nothing to rewrite
}

func newCommandRewriter(names []string) *commandRewriter {
	var quoted []string
	for _, n := range names {
		if n != "" && n != "paper" {
			quoted = append(quoted, regexp.QuoteMeta(n))
		}
	}
	if len(quoted) == 0 {
		return &commandRewriter{}
	}
	// A command starts the text or follows a space or an opening mark, and
	// ends at a word boundary, so URLs ("…/abs/read") are left alone.
	re := regexp.MustCompile(`(^|[\s(（“"'：:，,])/(` + strings.Join(quoted, "|") + `)\b`)
	return &commandRewriter{re: re}
}

func (c *commandRewriter) rewrite(s string) string {
	if c.re == nil || !strings.Contains(s, "/") {
		return s
	}
	return c.re.ReplaceAllString(s, "${1}/paper ${2}")
}
