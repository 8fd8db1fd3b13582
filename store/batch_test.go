package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/paperbot/paperbot/bot"
)

// hold returns an Update function that, on its first run, closes inside
// and waits for release, keeping its transaction open.
func hold(inside, release chan struct{}) func(*bot.Reader) error {
	var once sync.Once
	return func(*bot.Reader) error {
		once.Do(func() {
			close(inside)
			<-release
		})
		return nil
	}
}

// queued waits until n calls wait in db's batcher queue.
func queued(t *testing.T, db *DB, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		db.batcher.mu.Lock()
		got := len(db.batcher.queue)
		db.batcher.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d calls queued after 10s, want %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestUpdatesWaitingShareATransaction holds one Update inside its
// transaction while others arrive, and checks that those others then
// commit together, in one transaction.
func TestUpdatesWaitingShareATransaction(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	inside, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		_, err := db.Update(ctx, "telegram:0", hold(inside, release))
		if err != nil {
			t.Error(err)
		}
	})
	<-inside
	var mu sync.Mutex
	txs := map[int]int{}
	batch := db.batch
	db.batch = func(fn func(*bolt.Tx) error) error {
		return batch(func(tx *bolt.Tx) error {
			mu.Lock()
			txs[tx.ID()]++
			mu.Unlock()
			return fn(tx)
		})
	}
	const n = 10
	for i := 1; i <= n; i++ {
		wg.Go(func() {
			if _, err := db.Update(ctx, fmt.Sprintf("telegram:%d", i), markRead("p1")); err != nil {
				t.Error(err)
			}
		})
	}
	queued(t, db, n)
	close(release)
	wg.Wait()
	if len(txs) != 1 {
		t.Errorf("the %d waiting Updates ran in %d transactions (%v), want 1", n, len(txs), txs)
	}
	if r, _, _ := db.Count(ctx); r != n+1 {
		t.Errorf("Count = %d readers, want %d", r, n+1)
	}
}

// TestUpdatePanicIsTheCallers checks that a function that panics in a
// shared transaction panics in its own caller, and the Updates sharing the
// transaction with it are saved.
func TestUpdatePanicIsTheCallers(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	inside, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		_, _ = db.Update(ctx, "telegram:0", hold(inside, release))
	})
	<-inside
	panicked := make(chan any, 1)
	wg.Go(func() {
		defer func() { panicked <- recover() }()
		_, _ = db.Update(ctx, "telegram:1", func(*bot.Reader) error { panic("boom") })
	})
	for i := 2; i <= 4; i++ {
		wg.Go(func() {
			if _, err := db.Update(ctx, fmt.Sprintf("telegram:%d", i), markRead("p1")); err != nil {
				t.Error(err)
			}
		})
	}
	queued(t, db, 4)
	close(release)
	wg.Wait()
	if p := <-panicked; p != "boom" {
		t.Errorf("the panicking Update's caller recovered %v, want boom", p)
	}
	if r, _, _ := db.Count(ctx); r != 4 {
		t.Errorf("Count = %d readers, want 4 (telegram:0, 2, 3, 4)", r)
	}
}

// TestCloseLetsWaitingUpdatesCommit closes the store while Updates wait for
// a transaction: they are saved, and an Update after Close fails.
func TestCloseLetsWaitingUpdatesCommit(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/paperbot.db"
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	inside, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		_, _ = db.Update(ctx, "telegram:0", hold(inside, release))
	})
	<-inside
	const n = 5
	for i := 1; i <= n; i++ {
		wg.Go(func() {
			if _, err := db.Update(ctx, fmt.Sprintf("telegram:%d", i), markRead("p1")); err != nil {
				t.Errorf("Update waiting at Close = %v", err)
			}
		})
	}
	queued(t, db, n)
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while Updates were under way", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	wg.Wait()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(ctx, "telegram:9", markRead("p1")); !errors.Is(err, berrors.ErrDatabaseNotOpen) {
		t.Errorf("Update after Close = %v, want %v", err, berrors.ErrDatabaseNotOpen)
	}
	db = mustOpenAt(t, path, Options{})
	if r, _, _ := db.Count(ctx); r != n+1 {
		t.Errorf("after reopening, Count = %d readers, want %d", r, n+1)
	}
}
