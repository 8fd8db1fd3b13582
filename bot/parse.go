package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperbot/paperbot/bot/recommend"
)

// MaxInput is the longest message the bot reads; the rest is ignored.
const MaxInput = 4096

// Command is a parsed message.
type Command struct {
	Name  string   // canonical command name ("paper", "read"); "" for plain text
	Args  []string // the words after the command
	Rest  string   // the text after the command, spaces kept
	Slash bool     // typed with a leading slash
	Typed string   // the command word as typed, for "did you mean"
	// ForOther is set for "/cmd@OtherBot": a command addressed to another
	// bot in the same group, which this bot must not answer.
	ForOther bool
	// Blank is set when the message, or the query of a search, was there
	// but made only of invisible characters (zero-width spaces, direction
	// marks, NULs, white space): nothing the bot can read.
	Blank bool
}

// commandNames lists every command; aliases maps other spellings, Chinese
// words among them, onto a name.
var commandNames = []string{
	"start", "help", "paper", "show", "today", "random", "next", "similar", "more",
	"read", "unread", "save", "unsave", "dismiss", "saved", "history", "progress",
	"topics", "path", "compare", "leaderboard", "cite", "export",
	"subscribe", "unsubscribe", "settings", "lang",
	"new", "follow", "following", "unfollow", "map",
}

var aliases = map[string]string{
	"search": "paper", "find": "paper", "papers": "paper", "s": "paper",
	"card": "show", "info": "show", "bibtex": "cite", "bib": "cite",
	"language": "lang", "sub": "subscribe", "unsub": "unsubscribe",
	"done": "read", "bookmark": "save", "hide": "dismiss",
	"帮助": "help", "开始": "start", "论文": "paper", "搜索": "paper", "查找": "paper",
	"详情": "show", "今日": "today", "今天": "today", "随机": "random", "下一篇": "next",
	"已读": "read", "读过": "read", "未读": "unread", "收藏": "save", "取消收藏": "unsave",
	"不感兴趣": "dismiss", "收藏夹": "saved", "历史": "history", "进度": "progress",
	"主题": "topics", "路径": "path", "比较": "compare", "对比": "compare", "排行": "leaderboard",
	"排行榜": "leaderboard", "引用": "cite", "导出": "export", "订阅": "subscribe",
	"取消订阅": "unsubscribe", "设置": "settings", "语言": "lang",
	"latest": "new", "watch": "follow", "follows": "following", "unwatch": "unfollow",
	"新论文": "new", "最新": "new", "上新": "new", "关注": "follow", "我的关注": "following",
	"关注列表": "following", "取消关注": "unfollow",
	"lineage": "map", "地图": "map", "传承图": "map",
}

func lookupCommand(word string) string {
	w := recommend.Simplify(strings.ToLower(word))
	for _, n := range commandNames {
		if n == w {
			return n
		}
	}
	return aliases[w]
}

// ParseCommand reads a message. "/paper@BotName contrastive" and
// "/paper read mocov2" (Slack's single slash command) both work: when the
// first word after /paper is itself a command, that command is meant.
// Words after the slash that are not commands give Name "" with Typed set
// and Slash true, so the caller can hint at the closest command.
func ParseCommand(text, botName string) Command {
	return parseCommand(text, botName, lookupCommand)
}

// parseCommand is ParseCommand with lookup naming the command of a word.
func parseCommand(raw, botName string, lookup func(word string) string) Command {
	text := Clean(raw)
	if text == "" {
		return Command{Blank: raw != ""}
	}
	if !strings.HasPrefix(text, "/") && !strings.HasPrefix(text, "／") {
		return Command{Rest: text, Args: strings.Fields(text)}
	}
	_, size := utf8.DecodeRuneInString(text)
	word, rest := splitWord(text[size:])
	if at := strings.IndexByte(word, '@'); at >= 0 {
		// "/paper@SomeBot": a suffix naming another bot is not for us.
		if botName != "" && !strings.EqualFold(word[at+1:], botName) {
			return Command{Slash: true, Typed: word, Rest: rest, ForOther: true}
		}
		word = word[:at]
	}
	name := lookup(word)
	if name == "" {
		return Command{Slash: true, Typed: word, Rest: rest, Args: strings.Fields(rest)}
	}
	if name == "paper" {
		if next, after := splitWord(rest); next != "" {
			if sub := lookup(strings.TrimPrefix(next, "/")); sub != "" && sub != "paper" && !looksLikeQueryWord(next, after) {
				name, rest = sub, after
			}
		}
	}
	blank := name == "paper" && rest == "" && hasArgs(raw)
	return Command{Name: name, Args: strings.Fields(rest), Rest: rest, Slash: true, Typed: word, Blank: blank}
}

// hasArgs reports whether raw, a message as typed, has anything after its
// first word.
func hasArgs(raw string) bool {
	_, rest := splitWord(raw)
	return rest != ""
}

// looksLikeQueryWord keeps searches such as "/paper next-token prediction"
// from being read as a subcommand: a subcommand word stands alone.
func looksLikeQueryWord(word, _ string) bool {
	return strings.ContainsAny(word, "-_.")
}

func splitWord(s string) (word, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// Clean makes user text safe to work with: valid UTF-8, no control or
// format characters (direction overrides among them), spaces collapsed, at
// most MaxInput bytes.
func Clean(s string) string {
	s = truncateBytes(s, MaxInput)
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// closestCommand returns the command nearest to word by edit distance (a
// prefix counts as distance 1), or "" when nothing is close.
func closestCommand(word string) string {
	w := strings.ToLower(word)
	best, bestD := "", 3
	for _, n := range commandNames {
		d := recommend.EditDistance(w, n, 3)
		if len(w) >= 2 && strings.HasPrefix(n, w) {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = n, d
		}
	}
	if bestD == 2 && utf8.RuneCountInString(w) <= 3 {
		return ""
	}
	return best
}
