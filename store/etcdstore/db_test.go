package etcdstore

import (
	"context"
	"errors"
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

func TestConflictsAreRetried(t *testing.T) {
	c := etcdtest.Start(t, 1)
	var conflicts atomic.Int64
	db := mustOpen(t, c, Options{Conflict: func(string) { conflicts.Add(1) }})
	ctx := context.Background()
	const writers, each = 8, 10
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				id := string(rune('a'+w)) + string(rune('a'+i))
				if _, err := db.Update(ctx, "console:shared", func(r *bot.Reader) error {
					if r.Read == nil {
						r.Read = map[string]time.Time{}
					}
					r.Read[id] = t0
					return nil
				}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	r, err := db.Get(ctx, "console:shared")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Read) != writers*each {
		t.Errorf("after %d racing updates the reader has %d papers read, want every one", writers*each, len(r.Read))
	}
	if conflicts.Load() == 0 {
		t.Logf("no conflict happened (the writers did not overlap)")
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
