package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
	"github.com/paperbot/paperbot/store/storetest"
)

var _ storetest.Store = (*store.DB)(nil)

// TestBehaviour runs the backend suite on a bbolt file.
func TestBehaviour(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Store {
		db, err := store.Open(filepath.Join(t.TempDir(), "paperbot.db"), store.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}, func(s storetest.Store) bot.Inbox { return s.(*store.DB).Inbox() })
}
