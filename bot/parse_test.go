package bot

import (
	"slices"
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name, in, botName string
		want              Command
	}{
		{"search", "/paper contrastive", "", Command{Name: "paper", Args: []string{"contrastive"}, Rest: "contrastive"}},
		{"bare", "/paper", "", Command{Name: "paper"}},
		{"group suffix", "/paper@PaperBot contrastive", "PaperBot", Command{Name: "paper", Args: []string{"contrastive"}, Rest: "contrastive"}},
		{"suffix any case", "/read@paperbot mocov2", "PaperBot", Command{Name: "read", Args: []string{"mocov2"}, Rest: "mocov2"}},
		{"other bot", "/paper@OtherBot x", "PaperBot", Command{Typed: "paper@OtherBot", Rest: "x", ForOther: true}},
		{"slack subcommand", "/paper read mocov2", "", Command{Name: "read", Args: []string{"mocov2"}, Rest: "mocov2"}},
		{"slack subscribe", "/paper subscribe 08:30 Asia/Shanghai", "", Command{Name: "subscribe", Args: []string{"08:30", "Asia/Shanghai"}, Rest: "08:30 Asia/Shanghai"}},
		{"slack progress", "/paper progress", "", Command{Name: "progress"}},
		{"slack search", "/paper masked image modeling", "", Command{Name: "paper", Args: []string{"masked", "image", "modeling"}, Rest: "masked image modeling"}},
		{"query word with dash", "/paper next-token prediction", "", Command{Name: "paper", Args: []string{"next-token", "prediction"}, Rest: "next-token prediction"}},
		{"chinese alias", "/进度", "", Command{Name: "progress"}},
		{"traditional chinese alias", "/進度", "", Command{Name: "progress"}},
		{"chinese slack", "/paper 收藏 mocov2", "", Command{Name: "save", Args: []string{"mocov2"}, Rest: "mocov2"}},
		{"chinese search", "/paper 对比学习", "", Command{Name: "paper", Args: []string{"对比学习"}, Rest: "对比学习"}},
		{"fullwidth slash", "／help", "", Command{Name: "help"}},
		{"upper case", "/HELP", "", Command{Name: "help"}},
		{"alias", "/search rotation", "", Command{Name: "paper", Args: []string{"rotation"}, Rest: "rotation"}},
		{"plain text", "  jigsaw   puzzles ", "", Command{Args: []string{"jigsaw", "puzzles"}, Rest: "jigsaw puzzles"}},
		{"unknown", "/foo bar", "", Command{Typed: "foo", Args: []string{"bar"}, Rest: "bar"}},
		{"control chars", "/read\x00 moco\u202ev2", "", Command{Name: "read", Args: []string{"mocov2"}, Rest: "mocov2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseCommand(tt.in, tt.botName)
			got.Slash = false
			if tt.want.Typed == "" && got.Name != "" {
				got.Typed = ""
			}
			if got.Name != tt.want.Name || got.Rest != tt.want.Rest || got.Typed != tt.want.Typed || got.ForOther != tt.want.ForOther ||
				!slices.Equal(got.Args, tt.want.Args) && (len(got.Args) > 0 || len(tt.want.Args) > 0) {
				t.Errorf("ParseCommand(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\tb\n\nc", "a b c"},
		{"\u202eevil\u202c", "evil"},
		{"zero\u200bwidth", "zerowidth"},
		{"bad \xff utf8", "bad utf8"},
		{"مرحبا world", "مرحبا world"},
		{"🦄🦄", "🦄🦄"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := Clean(strings.Repeat("é", MaxInput)); len(got) > MaxInput {
		t.Errorf("Clean of a huge message kept %d bytes, want at most %d", len(got), MaxInput)
	}
}

func TestClosestCommand(t *testing.T) {
	tests := []struct{ in, want string }{
		{"progres", "progress"}, {"reed", "read"}, {"subscibe", "subscribe"},
		{"hist", "history"}, {"leader", "leaderboard"}, {"xyzzy", ""}, {"q", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := closestCommand(tt.in); got != tt.want {
				t.Errorf("closestCommand(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestActionEncoding(t *testing.T) {
	long := strings.Repeat("contrastive ", 20)
	for _, a := range []Action{
		{Verb: VerbRead, Paper: "mocov2"}, {Verb: VerbUnsave, Paper: "simclrv2"},
		{Verb: VerbMore, Offset: 3, Query: "对比学习 动量"}, {Verb: VerbMore, Offset: 6, Query: long},
		{Verb: VerbMore, Offset: 9, Query: strings.Repeat("对", 40)},
	} {
		t.Run(a.Encode(), func(t *testing.T) {
			enc := a.Encode()
			if len(enc) > MaxActionBytes {
				t.Errorf("%+v encodes to %d bytes, over %d", a, len(enc), MaxActionBytes)
			}
			got, err := DecodeAction(enc)
			if err != nil {
				t.Errorf("DecodeAction(%q) = %v", enc, err)
				return
			}
			if got.Verb != a.Verb || got.Paper != a.Paper || got.Offset != a.Offset || !strings.HasPrefix(a.Query, got.Query) {
				t.Errorf("DecodeAction(Encode(%+v)) = %+v", a, got)
			}
		})
	}
	for _, bad := range []string{"", "r", "r:", "r:../x", "r:MOCO", "z:mocov2", "n:x:q", "n:-1:q", strings.Repeat("r", 65), "r:\xff"} {
		t.Run(bad, func(t *testing.T) {
			if a, err := DecodeAction(bad); err == nil {
				t.Errorf("DecodeAction(%q) = %+v, want an error", bad, a)
			}
		})
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/paper contrastive", "/paper@Bot read mocov2", "/subscribe 25:99 Mars/Base", "对比学习", "／进度", "/\u202e", ""} {
		f.Add(s, "Bot")
	}
	f.Fuzz(func(t *testing.T, text, botName string) {
		c := ParseCommand(text, botName)
		if c.Name != "" && lookupCommand(c.Name) != c.Name {
			t.Fatalf("ParseCommand(%q) gave unknown name %q", text, c.Name)
		}
		if len(c.Rest) > MaxInput {
			t.Fatalf("ParseCommand(%q) kept %d bytes", text, len(c.Rest))
		}
		if _, err := DecodeAction(text); err == nil && len(text) > MaxActionBytes {
			t.Fatalf("DecodeAction accepted %d bytes", len(text))
		}
	})
}
