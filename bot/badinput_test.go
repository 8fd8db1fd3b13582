package bot_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paperbot/paperbot/bot"
)

// quoted returns the spans of s between “ and ”.
func quoted(s string) []string {
	var out []string
	for {
		_, after, ok := strings.Cut(s, "“")
		if !ok {
			return out
		}
		q, rest, ok := strings.Cut(after, "”")
		if !ok {
			return out
		}
		out = append(out, q)
		s = rest
	}
}

func TestRepliesQuoteAtMost80Characters(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("alpha ", 30) + "omega"  // "omega" sits past character 180
	follow := strings.Repeat("beta ", 22) + "omega" // 115 characters: short enough to follow
	tests := []struct {
		name, who, in string
	}{
		{"search", "console:q1", "/paper " + long},
		{"plain-text search", "console:q2", long},
		{"search in Chinese", "console:q3", "/paper " + strings.Repeat("对比学习", 40) + "omega"},
		{"next page", "console:q4", "/more 3 " + long},
		{"what builds on", "console:q5", "/paper after mocov2 " + long},
		{"unknown command", "console:q6", "/" + strings.Repeat("x", 120) + "omega"},
		{"no such paper", "console:q7", "/read " + long},
		{"compare", "console:q8", "/compare mocov2 | " + long},
		{"path topic", "console:q9", "/path " + long},
		{"new topic", "console:q10", "/new " + long},
		{"next topic", "console:q11", "/next " + long},
		{"subscribe zone", "console:q12", "/subscribe " + strings.Repeat("x", 120) + "omega"},
		{"subscribe topic", "console:q13", "/subscribe topic " + long},
		{"follow", "console:q14", "/follow " + follow},
		{"follow author", "console:q15", "/follow author " + follow},
		{"follow again", "console:q14", "/follow " + follow},
		{"following", "console:q14", "/following"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := f.in(t)
			r := f.say(tt.who, tt.in)
			if r.Text == "" {
				t.Fatalf("%.40q got no answer", tt.in)
			}
			if strings.Contains(r.Text, "omega") {
				t.Errorf("%.40q answered %q, which quotes the text past 80 characters", tt.in, r.Text)
			}
			if !strings.Contains(r.Text, "…") {
				t.Errorf("%.40q answered %q, with no … where the text was cut", tt.in, r.Text)
			}
			for _, q := range quoted(r.Intro) {
				if n := utf8.RuneCountInString(q); n > bot.MaxQuote {
					t.Errorf("%.40q quoted %d characters: %q", tt.in, n, q)
				}
			}
		})
	}
}

func TestInvisibleTextIsAnswered(t *testing.T) {
	f := newFixture(t)
	f.say("console:zh", "/lang zh")
	inputs := []string{
		"\u200b", "\u200c\u200d", "\u2060", "\u202a\u202e", "\u2066\u2069", "\ufeff",
		"\x00", "\x00\x00\u00ad\x7f", " \t ", "\u200b \u202e\ufeff\x00", "/paper \u200b",
	}
	for _, tt := range []struct{ who, want string }{
		{"console:en", "I didn't catch that — /help"},
		{"console:zh", "没看清你发的内容 — /help"},
	} {
		for _, in := range inputs {
			t.Run(tt.who+"/"+strings.ToValidUTF8(strings.ReplaceAll(in, "\x00", "NUL"), "?"), func(t *testing.T) {
				if r := f.in(t).say(tt.who, in); r.Text != tt.want {
					t.Errorf("%q answered %q, want %q", in, r.Text, tt.want)
				}
			})
		}
	}
	if rd := f.reader("console:en"); !rd.LastSeen.IsZero() || rd.Lang != "" {
		t.Errorf("invisible text stored something: %+v", rd)
	}
}

func TestInvisibleTextInGroups(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	say := func(text string) bot.Reply {
		t.Helper()
		r, err := f.bot.Handle(ctx, bot.Request{Reader: "telegram:1", Chat: "telegram:-5", Group: true, Text: text, BotName: "PaperBot"})
		if err != nil {
			t.Fatalf("Handle(%q) = %v", text, err)
		}
		return r
	}
	// Plain talk in a group is not for the bot, visible or not.
	if r := say("\u200b\u202e"); r.Text != "" {
		t.Errorf("invisible plain text in a group answered %q, want silence", r.Text)
	}
	// A search addressed to the bot is.
	if r := say("/paper@PaperBot \u200b"); r.Text != "I didn't catch that — /help" {
		t.Errorf("an invisible search in a group answered %q", r.Text)
	}
}

func TestTooLongIsAnsweredInTheReadersLanguage(t *testing.T) {
	f := newFixture(t)
	f.say("console:zh", "/lang zh")
	for _, tt := range []struct{ who, want string }{
		{"console:en", "That message is too long"},
		{"console:zh", "这条消息太长"},
	} {
		t.Run(tt.who, func(t *testing.T) {
			r, err := f.bot.Handle(context.Background(), bot.Request{Reader: tt.who, TooLong: true})
			if err != nil || !strings.HasPrefix(r.Text, tt.want) {
				t.Errorf("%s: an overlong message answered %q, %v; want %q…", tt.who, r.Text, err, tt.want)
			}
		})
	}
}

func TestSubscribeRefusesTwoOfAKind(t *testing.T) {
	f := newFixture(t)
	const who = "console:sub"
	f.say(who, "/subscribe 07:15 Europe/Berlin weekdays")
	before := f.reader(who).Sub
	tests := []struct {
		name, in string
		want     []string
	}{
		{"two times", "/subscribe 08:30 09:30", []string{"Two times", "“08:30”", "“09:30”"}},
		{"the same time twice", "/subscribe 08:30 8:30", []string{"Two times", "“08:30”", "“8:30”"}},
		{"two days", "/subscribe mon tue", []string{"Two schedules", "“mon”", "“tue”"}},
		{"weekdays and a day", "/subscribe weekdays friday", []string{"Two schedules", "“weekdays”", "“friday”"}},
		{"two zones", "/subscribe 08:30 Asia/Shanghai UTC+8", []string{"Two time zones", "“Asia/Shanghai”", "“UTC+8”"}},
		{"two offsets", "/subscribe +08:00 -05:00", []string{"Two time zones", "“+08:00”", "“-05:00”"}},
		{"in Chinese", "/订阅 周一 周二", []string{"两个推送频率", "“周一”", "“周二”"}},
		{"a bare one-digit offset", "/subscribe -1:00", []string{"“-1:00” is not a time zone", "UTC+8", "+08:00"}},
		{"an offset past 14 hours", "/subscribe +25:00", []string{"“+25:00” is not a time zone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := f.in(t)
			r := f.say(who, tt.in)
			contains(t, r, tt.want...)
			if after := f.reader(who).Sub; after != before {
				t.Errorf("%q changed the subscription: %+v → %+v", tt.in, before, after)
			}
		})
	}
}
