package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

// digestDay is the local date the digest tests write for.
var digestNow = time.Date(2026, 3, 14, 8, 30, 0, 0, time.UTC)

const digestDay = "2026-03-14"

func digestBot(t *testing.T) (*bot.Bot, *recommend.Engine, *store.DB) {
	t.Helper()
	set, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	eng := recommend.New(set)
	db, err := store.Open(filepath.Join(t.TempDir(), "paperbot.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return bot.New(bot.Options{Engine: eng, Store: db, Now: func() time.Time { return digestNow }, Painter: testPainter()}), eng, db
}

// compose calls DigestReply and checks what every digest must be.
func compose(t *testing.T, b *bot.Bot, r bot.Reader, day string) (bot.Reply, string) {
	t.Helper()
	reply, paper, err := b.DigestReply(r, day, digestNow)
	if err != nil {
		t.Fatalf("DigestReply(%s) = %v", day, err)
	}
	if strings.Contains(reply.Text, "%!") || strings.Contains(reply.Text, "digest.") {
		t.Errorf("DigestReply(%s) has a broken message:\n%s", day, reply.Text)
	}
	if paper == "" {
		if len(reply.Papers) != 0 || !strings.Contains(reply.Text, "/subscribe restart") {
			t.Errorf("DigestReply with no paper = %q, %d papers; want the restart hint and none", reply.Text, len(reply.Papers))
		}
		return reply, paper
	}
	if len(reply.Papers) != 1 || reply.Papers[0].ID != paper {
		t.Fatalf("DigestReply(%s) lists %+v, want just %s", day, reply.Papers, paper)
	}
	if len(reply.Papers[0].Buttons) != 4 || len(reply.Papers[0].Links) == 0 {
		t.Errorf("digest card of %s has %d buttons and %d links, want the usual 4 and links",
			paper, len(reply.Papers[0].Buttons), len(reply.Papers[0].Links))
	}
	return reply, paper
}

func TestDigestIsThePaperOfTheDayThenAPersonalPick(t *testing.T) {
	b, eng, _ := digestBot(t)
	date, _ := time.Parse(time.DateOnly, digestDay)
	pod := eng.PaperOfDay(date).ID
	r := bot.Reader{Key: "telegram:1"}
	reply, paper := compose(t, b, r, digestDay)
	if paper != pod || !strings.Contains(reply.Intro, "paper of the day") {
		t.Errorf("fresh reader got %s (%q), want the paper of the day %s", paper, reply.Intro, pod)
	}
	if want := fmt.Sprintf("0 of %d read", len(eng.Set().Papers)); reply.Outro != want {
		t.Errorf("progress line = %q, want %q", reply.Outro, want)
	}
	for name, r := range map[string]bot.Reader{
		"read":              {Read: map[string]time.Time{pod: digestNow}},
		"dismissed":         {Dismissed: map[string]time.Time{pod: digestNow}},
		"sent":              {Digests: []bot.DigestEntry{{Day: "2026-01-02", Paper: pod, State: bot.DigestSent}}},
		"sent, unconfirmed": {Digests: []bot.DigestEntry{{Day: "2026-01-02", Paper: pod, State: bot.DigestUnconfirmed}}},
	} {
		t.Run(name, func(t *testing.T) {
			reply, paper := compose(t, b, r, digestDay)
			if paper == pod || paper == "" || !strings.Contains(reply.Intro, "picked for you") {
				t.Errorf("%s paper of the day: got %s (%q), want another paper, picked", name, paper, reply.Intro)
			}
		})
	}
	// A digest that failed never reached the reader; a retry on the same
	// day picks the same paper.
	for name, e := range map[string]bot.DigestEntry{
		"failed another day": {Day: "2026-01-02", Paper: pod, State: bot.DigestFailed},
		"retry the same day": {Day: digestDay, Paper: pod, State: bot.DigestFailed},
	} {
		t.Run(name, func(t *testing.T) {
			if _, paper := compose(t, b, bot.Reader{Digests: []bot.DigestEntry{e}}, digestDay); paper != pod {
				t.Errorf("%s: got %s, want the paper of the day %s", name, paper, pod)
			}
		})
	}
}

// A reader who keeps getting digests gets every paper once, never one they
// read or dismissed, then a congratulation; a new round starts over.
func TestDigestRoundNeverRepeatsReadOrDismissed(t *testing.T) {
	b, eng, db := digestBot(t)
	set := eng.Set()
	ctx := context.Background()
	key := "console:alice"
	read, dismissed := map[string]time.Time{}, map[string]time.Time{}
	for i, p := range set.Papers {
		switch i % 5 {
		case 0:
			read[p.ID] = digestNow.Add(-time.Duration(i) * time.Hour)
		case 1:
			dismissed[p.ID] = digestNow
		}
	}
	r, err := db.Update(ctx, key, func(r *bot.Reader) error {
		r.Read, r.Dismissed = read, dismissed
		r.Sub = bot.Subscription{On: true, Time: "08:00", Zone: "UTC"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := 0; ; n++ {
		ds := day.AddDate(0, 0, n).Format(time.DateOnly)
		_, paper := compose(t, b, r, ds)
		if paper == "" {
			if want := len(set.Papers) - len(read) - len(dismissed); n != want {
				t.Errorf("round ended after %d digests, want %d (papers neither read nor dismissed)", n, want)
			}
			break
		}
		if _, ok := read[paper]; ok {
			t.Fatalf("day %s: sent %s, which the reader read", ds, paper)
		}
		if _, ok := dismissed[paper]; ok {
			t.Fatalf("day %s: sent %s, which the reader dismissed", ds, paper)
		}
		if seen[paper] {
			t.Fatalf("day %s: sent %s a second time", ds, paper)
		}
		seen[paper] = true
		r.Digests = append(r.Digests, bot.DigestEntry{Day: ds, Paper: paper, State: bot.DigestSent, At: digestNow})
		if n > len(set.Papers) {
			t.Fatal("the round never ends")
		}
	}
	if _, err := db.Update(ctx, key, func(s *bot.Reader) error { s.Digests = r.Digests; return nil }); err != nil {
		t.Fatal(err)
	}
	reply, _ := compose(t, b, r, "2027-01-01")
	if !strings.Contains(reply.Text, "You have been sent every paper") {
		t.Errorf("end of a round with unread papers = %q", reply.Text)
	}

	out, err := b.Handle(ctx, bot.Request{Reader: key, Text: "/subscribe restart"})
	if err != nil || !strings.Contains(out.Text, "New round") {
		t.Fatalf("/subscribe restart = %q, %v", out.Text, err)
	}
	r, _ = db.Get(ctx, key)
	if last := r.Digests[len(r.Digests)-1]; last.State != bot.DigestRestart || last.Day != digestDay {
		t.Errorf("/subscribe restart recorded %+v, want a restart entry for %s", last, digestDay)
	}
	if out, err := b.Handle(ctx, bot.Request{Reader: "console:li", Text: "/subscribe 重新开始"}); err != nil || !strings.Contains(out.Text, "新一轮") {
		t.Errorf("/subscribe 重新开始 = %q, %v", out.Text, err)
	}
	// The new round offers papers again, read ones included; never dismissed.
	_, paper := compose(t, b, r, "2027-01-01")
	if paper == "" {
		t.Fatal("after /subscribe restart the digest has no paper")
	}
	if _, ok := dismissed[paper]; ok {
		t.Errorf("the new round sent %s, which the reader dismissed", paper)
	}
}

func TestDigestCongratulatesWhenAllRead(t *testing.T) {
	b, eng, _ := digestBot(t)
	set := eng.Set()
	all := map[string]time.Time{}
	for _, p := range set.Papers {
		all[p.ID] = digestNow.Add(-72 * time.Hour)
	}
	for _, p := range set.Papers[:3] { // read something on each of the last 3 days
		all[p.ID] = digestNow
	}
	all[set.Papers[3].ID] = digestNow.Add(-24 * time.Hour)
	all[set.Papers[4].ID] = digestNow.Add(-48 * time.Hour)
	for _, lang := range []string{bot.English, bot.Chinese} {
		t.Run(lang, func(t *testing.T) {
			reply, paper := compose(t, b, bot.Reader{Lang: lang, Read: all}, digestDay)
			want := map[string]string{bot.English: fmt.Sprintf("You have read all %d papers", len(set.Papers)),
				bot.Chinese: fmt.Sprintf("%d 篇论文你全部读完了", len(set.Papers))}[lang]
			if paper != "" || !strings.Contains(reply.Text, want) {
				t.Errorf("%s: all read gave %s, %q; want no paper and %q", lang, paper, reply.Text, want)
			}
		})
	}
	// A new round after reading everything offers the papers again.
	restarted := bot.Reader{Read: all, Digests: []bot.DigestEntry{{Day: digestDay, State: bot.DigestRestart, At: digestNow.Add(time.Minute)}}}
	if _, paper := compose(t, b, restarted, digestDay); paper == "" {
		t.Error("a new round after reading everything has no paper")
	}
	// Within a topic: everything of the topic read.
	r := bot.Reader{Read: map[string]time.Time{}, Sub: bot.Subscription{Topic: "rotation"}}
	for _, p := range set.Papers {
		if set.HasTopic(&p, "rotation") {
			r.Read[p.ID] = digestNow
		}
	}
	if reply, paper := compose(t, b, r, digestDay); paper != "" || !strings.Contains(reply.Text, "papers in Rotation prediction") {
		t.Errorf("topic all read gave %s, %q", paper, reply.Text)
	}
	r.Read = nil
	r.Digests = nil
	for _, p := range set.Papers {
		if set.HasTopic(&p, "rotation") {
			r.Digests = append(r.Digests, bot.DigestEntry{Day: "2026-01-01", Paper: p.ID, State: bot.DigestSent})
		}
	}
	if reply, paper := compose(t, b, r, digestDay); paper != "" || !strings.Contains(reply.Text, "every paper in Rotation prediction: 0 of") {
		t.Errorf("topic all sent gave %s, %q", paper, reply.Text)
	}
}

func TestDigestProgressLine(t *testing.T) {
	b, eng, _ := digestBot(t)
	set := eng.Set()
	read := map[string]time.Time{}
	for i, p := range set.Papers[:12] { // read on 5 days in a row, ending today
		read[p.ID] = digestNow.Add(-time.Duration(i%5) * 24 * time.Hour)
	}
	n := len(set.Papers)
	for _, c := range []struct {
		lang, topic, want string
	}{
		{bot.English, "", fmt.Sprintf("12 of %d read · 🔥 5-day streak", n)},
		{bot.Chinese, "", fmt.Sprintf("已读 12 / %d 篇 · 🔥 连续阅读 5 天", n)},
	} {
		t.Run(c.lang, func(t *testing.T) {
			reply, _ := compose(t, b, bot.Reader{Lang: c.lang, Read: read}, digestDay)
			if reply.Outro != c.want {
				t.Errorf("%s progress = %q, want %q", c.lang, reply.Outro, c.want)
			}
		})
	}
	r := bot.Reader{Sub: bot.Subscription{Topic: "contrastive"}}
	for i := range 20 {
		reply, paper := compose(t, b, r, time.Date(2026, 3, 14+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
		if p := set.Paper(paper); p == nil || !set.HasTopic(p, "contrastive") {
			t.Fatalf("day %d with topic contrastive: got %q", i, paper)
		}
		if !strings.Contains(reply.Outro, "read in Contrastive") {
			t.Errorf("topic progress = %q", reply.Outro)
		}
		r.Digests = append(r.Digests, bot.DigestEntry{Day: "x", Paper: paper, State: bot.DigestSent})
	}
	r.Lang = bot.Chinese
	if reply, _ := compose(t, b, r, digestDay); !strings.Contains(reply.Intro, "为你挑选") || !strings.Contains(reply.Outro, "已读 0 /") {
		t.Errorf("zh pick = %q / %q", reply.Intro, reply.Outro)
	}
	if _, _, err := b.DigestReply(bot.Reader{}, "14/03/2026", digestNow); err == nil {
		t.Error("DigestReply with a bad day gave no error")
	}
}

// /next, /paper without a query and the digest's own pick are the same
// paper for the same reader: first what they saved, then their path; each
// says why.
func TestWhatNextAgreesEverywhere(t *testing.T) {
	b, eng, db := digestBot(t)
	ctx := context.Background()
	date, _ := time.Parse(time.DateOnly, digestDay)
	pod := eng.PaperOfDay(date).ID
	key := "console:bob"
	saved := "byol"
	if pod == saved {
		saved = "simclr"
	}
	if _, err := db.Update(ctx, key, func(r *bot.Reader) error {
		r.Read = map[string]time.Time{pod: digestNow.Add(-time.Hour), "moco": digestNow.Add(-2 * time.Hour)}
		r.Saved = map[string]time.Time{saved: digestNow.Add(-time.Minute)}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	firstOf := func(text string) bot.Item {
		t.Helper()
		r, err := b.Handle(ctx, bot.Request{Reader: key, Text: text})
		if err != nil || len(r.Papers) == 0 {
			t.Fatalf("%s = %d papers, %v", text, len(r.Papers), err)
		}
		return r.Papers[0]
	}
	for round, wantWhy := range []string{"You saved it on 14 Mar 2026", "path"} {
		next, paper := firstOf("/next"), firstOf("/paper")
		r, err := db.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		digest, _ := compose(t, b, r, digestDay)
		if next.ID != paper.ID || next.ID != digest.Papers[0].ID {
			t.Errorf("round %d: /next %s, /paper %s, digest %s; want one paper", round, next.ID, paper.ID, digest.Papers[0].ID)
		}
		if round == 0 && next.ID != saved {
			t.Errorf("/next = %s, want the saved %s", next.ID, saved)
		}
		for _, it := range []bot.Item{next, paper, digest.Papers[0]} {
			if !strings.Contains(it.Why, wantWhy) {
				t.Errorf("round %d: %s explained %q, want %q in it", round, it.ID, it.Why, wantWhy)
			}
		}
		if _, err := b.Handle(ctx, bot.Request{Reader: key, Text: "/read " + next.ID}); err != nil {
			t.Fatal(err)
		}
	}
}
