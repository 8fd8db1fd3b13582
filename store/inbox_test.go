package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// movingClock is a clock the test moves: the inbox forgets by age.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movingClock) add(d time.Duration) {
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

// TestInboxLifecycle: what is put is pending, across a reopen, until it is
// done; an id put again, before or after it is done, is not new.
func TestInboxLifecycle(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "paperbot.db")
	db := mustOpenAt(t, path, Options{})
	in := db.Inbox()
	fresh, err := in.Put(ctx, inbound("slack:cmd:b", t0.Add(2*time.Second)), inbound("telegram:7", t0),
		inbound("slack:cmd:a", t0.Add(time.Second)), inbound("telegram:7", t0))
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, true, true, false}; !slices.Equal(fresh, want) {
		t.Errorf("Put fresh = %v, want %v (the same id twice in one Put is one update)", fresh, want)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, Options{})
	in = db.Inbox()
	got, err := in.Pending(ctx, "slack")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"slack:cmd:a", "slack:cmd:b"}; !slices.Equal(ids(got), want) {
		t.Errorf("Pending(slack) = %v, want %v, oldest first", ids(got), want)
	}
	if string(got[0].Payload) != "payload of slack:cmd:a" || !got[0].Received.Equal(t0.Add(time.Second)) {
		t.Errorf("Pending(slack)[0] = %q at %v", got[0].Payload, got[0].Received)
	}
	if err := in.Done(ctx, "slack:cmd:a"); err != nil {
		t.Fatal(err)
	}
	if err := in.Done(ctx, "slack:cmd:a"); err != nil { // done twice: no error
		t.Fatal(err)
	}
	if err := in.Done(ctx, "slack:cmd:never"); err != nil {
		t.Fatal(err)
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

// TestInboxForgetsDoneIDs: a done id is remembered for RememberFor after it
// was done, then forgotten by later Puts; a pending one is kept however
// old.
func TestInboxForgetsDoneIDs(t *testing.T) {
	ctx := context.Background()
	clock := &movingClock{t: t0}
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "paperbot.db"), Options{Now: clock.now})
	in := db.Inbox()
	if _, err := in.Put(ctx, inbound("telegram:1", t0), inbound("telegram:2", t0)); err != nil {
		t.Fatal(err)
	}
	clock.add(2 * time.Hour) // handled long after it came in: down for two hours
	if err := in.Done(ctx, "telegram:1"); err != nil {
		t.Fatal(err)
	}
	clock.add(RememberFor - time.Minute)
	if fresh, _ := in.Put(ctx, inbound("telegram:1", clock.now())); fresh[0] {
		t.Error("an id done less than RememberFor ago was taken as new")
	}
	clock.add(2 * time.Minute)
	if _, err := in.Put(ctx, inbound("telegram:3", clock.now())); err != nil { // prunes
		t.Fatal(err)
	}
	if n := countKeys(t, db, inboxBucket); n != 2 {
		t.Errorf("%d inbox records after the prune, want 2 (telegram:2 pending, telegram:3)", n)
	}
	if n := countKeys(t, db, inboxTimesBucket); n != 2 {
		t.Errorf("%d time keys after the prune, want 2", n)
	}
	clock.add(time.Second)
	if fresh, _ := in.Put(ctx, inbound("telegram:1", clock.now())); !fresh[0] {
		t.Error("an id done more than RememberFor ago is still remembered")
	}
	got, _ := in.Pending(ctx, "telegram")
	if want := []string{"telegram:2", "telegram:3", "telegram:1"}; !slices.Equal(ids(got), want) {
		t.Errorf("Pending = %v, want %v", ids(got), want)
	}
}

// TestInboxPruneIsBounded: each Put forgets a bounded number of old ids,
// so a Put after a quiet spell does not stall; enough Puts forget them
// all.
func TestInboxPruneIsBounded(t *testing.T) {
	ctx := context.Background()
	clock := &movingClock{t: t0}
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "paperbot.db"), Options{Now: clock.now})
	in := db.Inbox()
	const n = 500
	for i := range n {
		id := fmt.Sprintf("slack:event:%d", i)
		if _, err := in.Put(ctx, inbound(id, t0)); err != nil {
			t.Fatal(err)
		}
		if err := in.Done(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	clock.add(RememberFor + time.Second)
	if _, err := in.Put(ctx, inbound("slack:event:new", clock.now())); err != nil {
		t.Fatal(err)
	}
	left := countKeys(t, db, inboxBucket)
	if left == 1 || left == n+1 {
		t.Errorf("%d records after one Put, want some but not all of the %d old ids forgotten", left, n)
	}
	for i := 0; countKeys(t, db, inboxBucket) > 1+i; i++ {
		if i > n {
			t.Fatal("Puts do not forget the old ids")
		}
		if _, err := in.Put(ctx, inbound(fmt.Sprintf("slack:event:more%d", i), clock.now())); err != nil {
			t.Fatal(err)
		}
	}
}

// TestInboxConcurrentPuts: Puts from many goroutines all land, each id
// once.
func TestInboxConcurrentPuts(t *testing.T) {
	ctx := context.Background()
	in := mustOpen(t).Inbox()
	var wg sync.WaitGroup
	var mu sync.Mutex
	newIDs := 0
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
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
	if newIDs != 400 || len(got) != 400 {
		t.Errorf("%d new, %d pending; want 400 each", newIDs, len(got))
	}
}

func countKeys(t *testing.T, db *DB, bucket []byte) int {
	t.Helper()
	n := 0
	err := db.bolt.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucket).Stats().KeyN
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// BenchmarkInboxPutDone: 64 goroutines each put an update and mark it
// done, as adapters do for every update, with fsync on: the cost of the
// inbox per update, and how long a Put (what an acknowledgement waits
// for) takes when the commits are shared.
func BenchmarkInboxPutDone(b *testing.B) {
	ctx := context.Background()
	db := mustOpenAt(b, filepath.Join(b.TempDir(), "paperbot.db"), Options{Now: time.Now})
	in := db.Inbox()
	payload := make([]byte, 600) // about a slash command's form
	var next atomic.Int64
	var mu sync.Mutex
	var waits []time.Duration
	b.SetParallelism(32) // 64 goroutines on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			id := fmt.Sprintf("slack:cmd:%d", next.Add(1))
			start := time.Now()
			if _, err := in.Put(ctx, bot.Inbound{ID: id, Received: start, Payload: payload}); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(start))
			if err := in.Done(ctx, id); err != nil {
				b.Error(err)
				return
			}
		}
		mu.Lock()
		waits = append(waits, mine...)
		mu.Unlock()
	})
	slices.Sort(waits)
	pct := func(p float64) float64 {
		return float64(waits[min(len(waits)-1, int(p*float64(len(waits))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
	b.ReportMetric(pct(0.50), "put-p50-ms")
	b.ReportMetric(pct(0.99), "put-p99-ms")
}

// TestUpdateAppliesAnUpdateOnce: an Update made for an update the inbox
// holds records, in the same transaction, that its change is made; the
// same update's Update after a restart does not run again.
func TestUpdateAppliesAnUpdateOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paperbot.db")
	db := mustOpenAt(t, path, Options{})
	ctx := bot.WithUpdate(context.Background(), "telegram:9")
	if _, err := db.Inbox().Put(ctx, inbound("telegram:9", t0)); err != nil {
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
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, Options{})
	if p, _ := db.Inbox().Pending(ctx, "telegram"); len(p) != 1 {
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
	if err := db.Inbox().Done(ctx, "telegram:9"); err != nil {
		t.Fatal(err)
	}
	if p, _ := db.Inbox().Pending(ctx, "telegram"); len(p) != 0 {
		t.Errorf("pending after Done: %v", ids(p))
	}
	// An update the inbox does not hold changes the reader every time.
	other := bot.WithUpdate(context.Background(), "telegram:10")
	for range 2 {
		if _, err := db.Update(other, "telegram:6", func(*bot.Reader) error { return nil }); err != nil {
			t.Errorf("Update for an update not in the inbox = %v", err)
		}
	}
}
