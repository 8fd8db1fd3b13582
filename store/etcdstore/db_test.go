package etcdstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

func TestStoresTheBboltBytes(t *testing.T) {
	c := etcdtest.Start(t, 1)
	db := mustOpen(t, c, Options{})
	ctx := context.Background()
	saved, err := db.Update(ctx, "telegram:1", func(r *bot.Reader) error {
		r.Lang = "zh"
		r.Read = map[string]time.Time{"p1": t0}
		r.Sub = bot.Subscription{On: true, Time: "08:00", Zone: "UTC"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := db.Client().Get(ctx, db.keys.reader("telegram:1"))
	if err != nil || len(resp.Kvs) != 1 {
		t.Fatalf("raw get = %v, %v", resp, err)
	}
	if got, want := string(resp.Kvs[0].Value), string(store.EncodeReader(&saved)); got != want {
		t.Errorf("stored bytes %q, want the bbolt encoding %q", got, want)
	}
	resp, err = db.Client().Get(ctx, db.keys.sub("telegram:1"))
	if err != nil || len(resp.Kvs) != 1 || string(resp.Kvs[0].Value) != string(store.EncodeIndex(&saved)) {
		t.Errorf("index entry = %v, %v; want the bbolt index encoding", resp.Kvs, err)
	}
}

// TestConflictsAreRetried has another replica write the reader between
// an Update's read and its commit: the commit must fail on the mod
// revision, and the Update run again on the new record.
func TestConflictsAreRetried(t *testing.T) {
	c := etcdtest.Start(t, 1)
	var conflicts atomic.Int64
	a := mustOpen(t, c, Options{Prefix: "conflict/", Conflict: func(string) { conflicts.Add(1) }})
	b := mustOpen(t, c, Options{Prefix: "conflict/"})
	ctx := context.Background()
	runs := 0
	got, err := a.Update(ctx, "console:shared", func(r *bot.Reader) error {
		runs++
		if runs == 1 {
			if _, err := b.Update(ctx, "console:shared", markRead("from-b")); err != nil {
				return err
			}
		}
		return markRead("from-a")(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2 || conflicts.Load() != 1 {
		t.Errorf("fn ran %d times with %d conflicts counted, want 2 and 1", runs, conflicts.Load())
	}
	if len(got.Read) != 2 {
		t.Errorf("reader after the retried update has read %v, want both papers", got.Read)
	}
}

// TestRacingReplicas has two replicas mark papers for one reader at once;
// every mark must be kept.
func TestRacingReplicas(t *testing.T) {
	c := etcdtest.Start(t, 1)
	dbs := []*DB{mustOpen(t, c, Options{Prefix: "race/"}), mustOpen(t, c, Options{Prefix: "race/"})}
	ctx := context.Background()
	const writers, each = 4, 10
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if _, err := dbs[w%2].Update(ctx, "console:shared", markRead(fmt.Sprintf("w%d-%d", w, i))); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	r, err := dbs[0].Get(ctx, "console:shared")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Read) != writers*each {
		t.Errorf("after %d racing updates the reader has %d papers read, want every one", writers*each, len(r.Read))
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	c := etcdtest.Start(t, 1)
	db := mustOpen(t, c, Options{Prefix: "newer/"})
	if _, err := db.Client().Put(context.Background(), "newer/meta/version", "99"); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), Options{Endpoints: c.Endpoints(), Prefix: "newer/"})
	if !errors.Is(err, store.ErrSchemaTooNew) || !strings.Contains(err.Error(), "99") {
		t.Errorf("Open of a prefix at version 99 = %v, want ErrSchemaTooNew naming it", err)
	}
}

func TestUnreachableFailsFast(t *testing.T) {
	start := time.Now()
	_, err := Open(context.Background(), Options{Endpoints: []string{"http://127.0.0.1:1"}, DialTimeout: 300 * time.Millisecond,
		Username: "bot", Password: "s3cret-pass"})
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Open of a closed port took %v, want about the dial timeout", took)
	}
	if strings.Contains(err.Error(), "s3cret-pass") {
		t.Errorf("error shows the password: %v", err)
	}
}
