package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

// inboxTests are the suite's tests of the durable inbox (bot.Inbox) and
// of Update's applying an update once.
var inboxTests = []struct {
	name string
	run  func(*testing.T, Opener, InboxOf)
}{
	{"InboxLifecycle", testInboxLifecycle},
	{"InboxForgetsDoneIDs", testInboxForgetsDoneIDs},
	{"InboxRefusesBadIDs", testInboxRefusesBadIDs},
	{"InboxConcurrentPuts", testInboxConcurrentPuts},
	{"UpdateAppliesAnUpdateOnce", testUpdateAppliesAnUpdateOnce},
}

// clock is a clock the test moves: the inbox forgets by age.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func inbound(id string, at time.Time) bot.Inbound {
	return bot.Inbound{ID: id, Received: at, Payload: []byte("payload of " + id)}
}

func ids(in []bot.Inbound) []string {
	var out []string
	for _, e := range in {
		out = append(out, e.ID)
	}
	return out
}

// What is put is pending until it is done; an id put again, before or
// after it is done, is not new.
func testInboxLifecycle(t *testing.T, open Opener, inbox InboxOf) {
	ctx := context.Background()
	in := inbox(open(t, fixed))
	fresh, err := in.Put(ctx, inbound("slack:cmd:b", t0.Add(2*time.Second)), inbound("telegram:7", t0),
		inbound("slack:cmd:a", t0.Add(time.Second)), inbound("telegram:7", t0))
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, true, true, false}; !slices.Equal(fresh, want) {
		t.Errorf("Put fresh = %v, want %v (the same id twice in one Put is one update)", fresh, want)
	}
	got, err := in.Pending(ctx, "slack")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"slack:cmd:a", "slack:cmd:b"}; !slices.Equal(ids(got), want) {
		t.Fatalf("Pending(slack) = %v, want %v, oldest first", ids(got), want)
	}
	if string(got[0].Payload) != "payload of slack:cmd:a" || !got[0].Received.Equal(t0.Add(time.Second)) {
		t.Errorf("Pending(slack)[0] = %q at %v", got[0].Payload, got[0].Received)
	}
	for _, id := range []string{"slack:cmd:a", "slack:cmd:a", "slack:cmd:never"} { // twice, and unknown: no error
		if err := in.Done(ctx, id); err != nil {
			t.Fatalf("Done(%s) = %v", id, err)
		}
	}
	got, _ = in.Pending(ctx, "slack")
	if want := []string{"slack:cmd:b"}; !slices.Equal(ids(got), want) {
		t.Errorf("Pending(slack) after Done = %v, want %v", ids(got), want)
	}
	fresh, err = in.Put(ctx, inbound("slack:cmd:a", t0), inbound("slack:cmd:b", t0))
	if err != nil || !slices.Equal(fresh, []bool{false, false}) {
		t.Errorf("Put of a done and a pending id = %v, %v; want neither new", fresh, err)
	}
	got, _ = in.Pending(ctx, "telegram")
	if want := []string{"telegram:7"}; !slices.Equal(ids(got), want) {
		t.Errorf("Pending(telegram) = %v, want %v", ids(got), want)
	}
}

// A done id is remembered for store.RememberFor after it was done, then
// forgotten by a later Put; a pending one is kept however old.
func testInboxForgetsDoneIDs(t *testing.T, open Opener, inbox InboxOf) {
	ctx := context.Background()
	c := &clock{t: t0}
	in := inbox(open(t, c.now))
	if _, err := in.Put(ctx, inbound("telegram:1", t0), inbound("telegram:2", t0)); err != nil {
		t.Fatal(err)
	}
	c.add(2 * time.Hour) // handled long after it came in
	if err := in.Done(ctx, "telegram:1"); err != nil {
		t.Fatal(err)
	}
	c.add(store.RememberFor - time.Minute)
	if fresh, _ := in.Put(ctx, inbound("telegram:1", c.now())); fresh[0] {
		t.Error("an id done less than RememberFor ago was taken as new")
	}
	c.add(2 * time.Minute)
	if _, err := in.Put(ctx, inbound("telegram:3", c.now())); err != nil { // forgets
		t.Fatal(err)
	}
	c.add(time.Second)
	if fresh, _ := in.Put(ctx, inbound("telegram:1", c.now())); !fresh[0] {
		t.Error("an id done more than RememberFor ago is still remembered")
	}
	got, _ := in.Pending(ctx, "telegram")
	if want := []string{"telegram:2", "telegram:3", "telegram:1"}; !slices.Equal(ids(got), want) {
		t.Errorf("Pending = %v, want %v", ids(got), want)
	}
}

func testInboxRefusesBadIDs(t *testing.T, open Opener, inbox InboxOf) {
	in := inbox(open(t, fixed))
	for _, id := range []string{"", strings.Repeat("x", store.MaxInboxID+1)} {
		if _, err := in.Put(context.Background(), inbound(id, t0)); err == nil {
			t.Errorf("Put(id of %d bytes) = nil, want an error", len(id))
		}
	}
}

// Puts from many goroutines all land, each id once.
func testInboxConcurrentPuts(t *testing.T, open Opener, inbox InboxOf) {
	ctx := context.Background()
	in := inbox(open(t, fixed))
	var wg sync.WaitGroup
	var mu sync.Mutex
	newIDs := 0
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				// Each id is put by two goroutines.
				fresh, err := in.Put(ctx, inbound(fmt.Sprintf("telegram:%d", (g/2)*1000+i), t0))
				if err != nil {
					t.Error(err)
					return
				}
				if fresh[0] {
					mu.Lock()
					newIDs++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	got, _ := in.Pending(ctx, "telegram")
	if newIDs != 80 || len(got) != 80 {
		t.Errorf("%d new, %d pending; want 80 each", newIDs, len(got))
	}
}

// An Update made for an update the inbox holds records, in the same
// transaction, that its change is made; the same update's Update again
// (after a restart) does not run.
func testUpdateAppliesAnUpdateOnce(t *testing.T, open Opener, inbox InboxOf) {
	db := open(t, fixed)
	in := inbox(db)
	ctx := bot.WithUpdate(context.Background(), "telegram:9")
	if _, err := in.Put(ctx, inbound("telegram:9", t0)); err != nil {
		t.Fatal(err)
	}
	runs := 0
	unfollow := func(r *bot.Reader) error {
		runs++
		r.Follows = r.Follows[1:] // not the same twice
		return nil
	}
	if _, err := db.Update(context.Background(), "telegram:5", func(r *bot.Reader) error {
		r.Follows = []bot.Follow{{Text: "mae"}, {Text: "dino"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(ctx, "telegram:5", unfollow); err != nil {
		t.Fatal(err)
	}
	if p, _ := in.Pending(ctx, "telegram"); len(p) != 1 {
		t.Errorf("an applied, unanswered update is not pending: %v", ids(p))
	}
	runs = 0
	_, err := db.Update(ctx, "telegram:5", unfollow)
	if !errors.Is(err, bot.ErrApplied) || runs != 0 {
		t.Errorf("Update again = %v after %d runs, want ErrApplied and none", err, runs)
	}
	r, _ := db.Get(context.Background(), "telegram:5")
	if len(r.Follows) != 1 || r.Follows[0].Text != "dino" {
		t.Errorf("follows %+v, want dino alone", r.Follows)
	}
	if err := in.Done(ctx, "telegram:9"); err != nil {
		t.Fatal(err)
	}
	if p, _ := in.Pending(ctx, "telegram"); len(p) != 0 {
		t.Errorf("pending after Done: %v", ids(p))
	}
	other := bot.WithUpdate(context.Background(), "telegram:10") // not in the inbox: applies every time
	for range 2 {
		if _, err := db.Update(other, "telegram:6", func(*bot.Reader) error { return nil }); err != nil {
			t.Errorf("Update for an update not in the inbox = %v", err)
		}
	}
}
