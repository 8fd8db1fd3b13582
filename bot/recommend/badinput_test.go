package recommend

import (
	"strings"
	"testing"
)

// badInputs are texts a chat can send that no function may choke on.
var badInputs = []string{
	"",
	"   \t\n ",
	strings.Repeat("a", 10000),
	strings.Repeat("contrastive ", 1000),
	strings.Repeat("对比", 5000),
	strings.Repeat("x y ", 3000),
	"\x00\x01\x02\x1b[31mred\x1b[0m\x7f",
	"🙂🙂🙂",
	"👍🏽🇨🇳",
	"MoCo对比学习ViT混合 и кириллица ελληνικά",
	"\xff\xfe\xfd",
	"contr\xffastive",
	"moco\x00v2",
	"-",
	"v2",
	"0000000000000000000000000000000000000000",
	"((()))[[]]{{}}",
	"https://arxiv.org/abs/",
	"arXiv:9999.99999v9",
	"a\u0301\u0301\u0301\u0301",
	"\u200b\u200d\ufeff",
	"ｃｏｎｔｒａｓｔｉｖｅ",
	strings.Repeat("\u0301", 100),
}

func TestBadInput(t *testing.T) {
	e := testEngine(t)
	h := readerOf("moco")
	for _, s := range badInputs {
		name := s
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			hits := e.Search(s, 5)
			if len(hits) > 5 {
				t.Errorf("Search = %d hits", len(hits))
			}
			for _, h := range hits {
				_ = h.Reason.Text("en", e.set) + h.Reason.Text("zh", e.set)
			}
			_ = e.Recommend(s, h, 0, 5)
			_ = e.Recommend(s, h, -3, -1)
			_, _ = e.Lookup(s)
			_ = e.Suggest(s, 3)
			_, _ = e.ResolveTopic(s)
			_ = e.Path(s)
			_ = e.Similar(s, 3, h)
			_ = e.WhatNext(h, Want{Topic: s, Path: s, SkipSent: true}, 3)
		})
	}
	for _, s := range []string{"", "   ", "🙂🙂🙂", "\x00\x01", "\xff\xfe", "((()))"} {
		t.Run(s, func(t *testing.T) {
			if hits := e.Search(s, 5); len(hits) != 0 {
				t.Errorf("Search(%q) = %d hits, want none", s, len(hits))
			}
		})
	}
	if hits := e.Search("ｃｏｎｔｒａｓｔｉｖｅ", 3); len(hits) == 0 {
		t.Error("Search(full-width contrastive) = no hits")
	}
	if hits := e.Search(strings.Repeat("contrastive ", 1000), 3); len(hits) == 0 {
		t.Error("Search(contrastive × 1000) = no hits")
	}
}
