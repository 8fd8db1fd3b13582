package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/bot"
)

func TestSchedulesSkipsCorruptIndexEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	ctx := context.Background()
	db := mustOpenAt(t, path, Options{})
	for _, key := range []string{"telegram:1", "telegram:2"} {
		if _, err := db.Update(ctx, key, subscribe(true)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	writeRaw(t, path, map[string]map[string]string{"subs": {"telegram:2": "\x01\x0508:0"}})
	db = mustOpenAt(t, path, Options{})
	var visited []string
	err := db.Schedules(ctx, func(key string, _ bot.Subscription) error { visited = append(visited, key); return nil })
	if err == nil || !strings.Contains(err.Error(), "telegram:2") || !slices.Equal(visited, []string{"telegram:1"}) {
		t.Errorf("Schedules visited %v and returned %v, want [telegram:1] and an error naming telegram:2", visited, err)
	}
}
