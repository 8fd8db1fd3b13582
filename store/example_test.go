package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store"
)

// A store is one bbolt file; Update changes a reader's record in one
// transaction and Get reads it.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "paperbot-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{Timeout: time.Second})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	_, err = db.Update(ctx, "telegram:42", func(r *bot.Reader) error {
		r.Lang = "zh"
		r.Saved = map[string]time.Time{"mae": time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	r, err := db.Get(ctx, "telegram:42")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Lang, len(r.Saved))
	// Output: zh 1
}
