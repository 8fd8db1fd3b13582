package bot_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

// A bot is an engine over the paper set and a store of readers; each
// message is a Request, each answer a Reply that adapters render.
func Example() {
	dir, err := os.MkdirTemp("", "paperbot-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "paperbot.db"), store.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	set, err := data.Embedded()
	if err != nil {
		log.Fatal(err)
	}
	b := bot.New(bot.Options{Engine: recommend.New(set), Store: db})

	ctx := context.Background()
	r, err := b.Handle(ctx, bot.Request{Reader: "console:ada", Text: "/read 2003.04297"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Intro)
	r, err = b.Handle(ctx, bot.Request{Reader: "console:ada", Text: "/lang zh"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Text)
	// Output:
	// Marked as read ✓ MoCo v2
	// 语言已设为中文。
}
