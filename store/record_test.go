package store

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// sampleReader has every field set, with times as the store keeps them.
func sampleReader() bot.Reader {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	return bot.Reader{
		Key:       "slack:T1:U2",
		Lang:      "zh",
		FirstSeen: t0,
		LastSeen:  at(9),
		Read:      map[string]time.Time{"p1505-05192": at(1), "p2002-05709": at(2)},
		Saved:     map[string]time.Time{"p1911-05722": at(3)},
		Dismissed: map[string]time.Time{"p2006-07733": at(4), "p0": {}},
		Sub: bot.Subscription{On: true, Time: "08:15", Zone: "UTC+05:45", Frequency: "mon",
			Topic: "contrastive", By: "slack:T1:U9", Since: at(5)},
		Digests: []bot.DigestEntry{{Day: "2026-03-01", Paper: "p1505-05192", State: "sent", At: at(6)},
			{Day: "2026-03-02", Paper: "p2002-05709", State: "failed", At: at(7), New: []string{"arxiv-2611-00001", "arxiv-2611-00002"}}},
		Path: "masked-image-modeling",
		Follows: []bot.Follow{{Kind: bot.FollowQuery, Text: "掩码 图像建模", Since: at(8)},
			{Kind: bot.FollowAuthor, Text: "Kaiming He", Since: at(9)}},
	}
}

func TestEncodeIsDeterministic(t *testing.T) {
	r := sampleReader()
	first := encodeReader(&r)
	for range 20 { // map iteration order changes from run to run
		if got := encodeReader(&r); !bytes.Equal(got, first) {
			t.Fatalf("encodeReader gave %x, then %x", first, got)
		}
	}
}

func TestCanonicalMatchesDecode(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	messy := sampleReader()
	messy.FirstSeen = t0.In(berlin).Add(999 * time.Millisecond)
	messy.Read = map[string]time.Time{"p1": t0.Add(time.Nanosecond), "p2": {}}
	messy.Saved = map[string]time.Time{}
	messy.Digests = []bot.DigestEntry{}
	for _, c := range []struct {
		name string
		r    bot.Reader
	}{{"sample", sampleReader()}, {"messy", messy}, {"key only", bot.Reader{Key: "k:1"}}} {
		t.Run(c.name, func(t *testing.T) {
			r := c.r
			want, err := decodeReader(r.Key, encodeReader(&r))
			if err != nil {
				t.Fatal(err)
			}
			got := canonical(&r)
			assertReader(t, got, want)
			if len(r.Read) > 0 {
				got.Read["new"] = t0
				if _, ok := r.Read["new"]; ok {
					t.Errorf("canonical shares its Read map with its argument")
				}
			}
		})
	}
}

func TestDecodeDamage(t *testing.T) {
	r := sampleReader()
	good := encodeReader(&r)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"unknown format", append([]byte{9}, good[1:]...), "unknown format 9"},
		{"truncated", good[:len(good)-3], "corrupt record"},
		{"trailing bytes", append(bytes.Clone(good), 0, 0), "2 bytes left over"},
		{"huge count", []byte{readerFormat, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, "exceeds"},
		{"json", []byte(`{"lang":"en"}`), "unknown format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeReader("k:1", tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("decodeReader(%x) = %v, want an error containing %q", tt.data, err, tt.want)
			}
		})
	}
}

// FuzzDecodeReader checks that no input makes decodeReader panic, and that
// whatever it accepts survives another encode and decode unchanged.
func FuzzDecodeReader(f *testing.F) {
	r := sampleReader()
	f.Add(encodeReader(&r))
	f.Add(encodeReader(&bot.Reader{}))
	f.Add([]byte{readerFormat, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := decodeReader("k:1", data)
		if err != nil {
			return
		}
		again, err := decodeReader("k:1", encodeReader(&r))
		if err != nil || !reflect.DeepEqual(again, r) {
			t.Errorf("decodeReader(%x) = %+v; encoded and decoded again: %+v, %v", data, r, again, err)
		}
		if c := canonical(&r); !reflect.DeepEqual(c, r) {
			t.Errorf("canonical(%+v) = %+v", r, c)
		}
	})
}
