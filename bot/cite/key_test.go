package cite_test

import (
	"testing"

	"github.com/paperbot/paperbot/bot/cite"
	"github.com/paperbot/paperbot/data"
)

func TestBaseKey(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    data.Paper
		want string
	}{
		{"camel-case name", data.Paper{Authors: []string{"Maxime Oquab"}, Year: 2023, Aliases: []string{"DINOv2"}, Title: "DINOv2: Learning"}, "oquab2023dinov2"},
		{"version after the name", data.Paper{Authors: []string{"Xinlei Chen"}, Year: 2020, Aliases: []string{"MoCo v2"}}, "chen2020mocov2"},
		{"dotted version", data.Paper{Authors: []string{"Alexei Baevski"}, Year: 2022, Aliases: []string{"data2vec 2.0"}}, "baevski2022data2vec2"},
		{"capital V version", data.Paper{Authors: []string{"Sanghyun Woo"}, Year: 2023, Aliases: []string{"ConvNeXt V2"}}, "woo2023convnextv2"},
		{"hyphenated name", data.Paper{Authors: []string{"Mahmoud Assran"}, Year: 2023, Aliases: []string{"I-JEPA"}}, "assran2023ijepa"},
		{"a word after the name is not a version", data.Paper{Authors: []string{"Priya Goyal"}, Year: 2022, Aliases: []string{"SEER 10B"}}, "goyal2022seer"},
		{"no alias: the title's first significant word", data.Paper{Authors: []string{"Ting Chen"}, Year: 2020, Title: "A Simple Framework for Contrastive Learning"}, "chen2020simple"},
		{"stop words and punctuation skipped", data.Paper{Authors: []string{"Tian"}, Year: 2020, Title: "What Makes for Good Views?"}, "tian2020makes"},
		{"diacritics transliterated", data.Paper{Authors: []string{"Oriane Siméoni"}, Year: 2025, Aliases: []string{"DINOv3"}}, "simeoni2025dinov3"},
		{"umlauts and ß", data.Paper{Authors: []string{"Jürgen Weiß"}, Year: 2021, Title: "Über Bildmerkmale"}, "weiss2021uber"},
		{"particles are part of the family name", data.Paper{Authors: []string{"Aaron van den Oord"}, Year: 2018, Aliases: []string{"CPC"}}, "vandenoord2018cpc"},
		{"capitalised particle", data.Paper{Authors: []string{"Wouter Van Gansbeke"}, Year: 2020, Aliases: []string{"SCAN"}}, "vangansbeke2020scan"},
		{"Family, Given", data.Paper{Authors: []string{"Hénaff, Olivier J."}, Year: 2019, Aliases: []string{"CPC v2"}}, "henaff2019cpcv2"},
		{"a name in another script is dropped", data.Paper{Authors: []string{"王 小明"}, Year: 2024, Title: "视觉 Transformers"}, "anon2024transformers"},
		{"a Greek letter is dropped", data.Paper{Authors: []string{"Christoph Feichtenhofer"}, Year: 2021, Aliases: []string{"ρBYOL"}}, "feichtenhofer2021byol"},
		{"the data year, not the venue's", data.Paper{Authors: []string{"Kaiming He"}, Year: 2019, Venue: "CVPR 2020", Aliases: []string{"MoCo"}}, "he2019moco"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cite.BaseKey(&tc.p); got != tc.want {
				t.Errorf("%s: BaseKey(%v, %d, %q, %q) = %q, want %q", tc.name, tc.p.Authors, tc.p.Year, tc.p.Aliases, tc.p.Title, got, tc.want)
			}
		})
	}
}

// TestKeysCollide: of papers with one base key, the first (papers without
// an arXiv id first, then by arXiv id) keeps the bare key and the others
// get b, c, … whatever the set's order; a suffixed key never takes another
// paper's base key, and a paper from arXiv added later changes no key.
func TestKeysCollide(t *testing.T) {
	paper := func(id, arxiv, title string) data.Paper {
		return data.Paper{ID: id, ArXiv: arxiv, Title: title, Authors: []string{"Xinlei Chen"}, Year: 2021}
	}
	a := paper("a", "2101.00001", "Exploring One")
	b := paper("b", "2102.00001", "Exploring Two")
	c := paper("c", "", "Exploring Three")
	d := paper("d", "2103.00001", "Exploringb") // its base key is chen2021exploringb
	want := cite.Keys{"c": "chen2021exploring", "a": "chen2021exploringc", "b": "chen2021exploringd", "d": "chen2021exploringb"}
	for _, order := range [][]data.Paper{{a, b, c, d}, {d, c, b, a}, {c, a, d, b}} {
		t.Run(order[0].ID+order[1].ID+order[2].ID+order[3].ID, func(t *testing.T) {
			got := cite.NewKeys(order)
			for id, k := range want {
				if got[id] != k {
					t.Errorf("order %s%s%s%s: key of %s = %q, want %q", order[0].ID, order[1].ID, order[2].ID, order[3].ID, id, got[id], k)
				}
			}
		})
	}
	// A paper from arXiv intake takes no key from those already given.
	later := paper("e", "2612.00001", "Exploring Again")
	got := cite.NewKeys([]data.Paper{a, b, c, d, later})
	for id, k := range want {
		if got[id] != k {
			t.Errorf("after adding a later paper, key of %s = %q, want %q", id, got[id], k)
		}
	}
	if got["e"] != "chen2021exploringe" {
		t.Errorf("the added paper's key = %q, want chen2021exploringe", got["e"])
	}
}

// TestKeysManyCollisions: more than 25 papers on one base key still get
// distinct keys.
func TestKeysManyCollisions(t *testing.T) {
	var ps []data.Paper
	for i := range 60 {
		ps = append(ps, data.Paper{ID: string(rune('a'+i/26)) + string(rune('a'+i%26)), Title: "Same", Authors: []string{"Li"}, Year: 2024})
	}
	keys := cite.NewKeys(ps)
	seen := map[string]string{}
	for id, k := range keys {
		if other, dup := seen[k]; dup {
			t.Fatalf("papers %s and %s share key %q", id, other, k)
		}
		seen[k] = id
		if !keyRe.MatchString(k) {
			t.Errorf("key %q of %s is not of the form %s", k, id, keyRe)
		}
	}
	if len(seen) != 60 {
		t.Errorf("%d keys for 60 papers", len(seen))
	}
}
