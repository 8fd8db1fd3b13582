package telegram_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
)

func TestOneChatInOrderChatsInParallel(t *testing.T) {
	const workers = 3
	h := newHarness(t, func(o *telegram.Options) { o.Workers = workers })
	// Each reply takes a random 0-8ms, so replies handled out of order
	// would arrive out of order.
	h.fake.SetDelay("sendMessage", 8*time.Millisecond)
	h.start()
	papers := []string{"moco", "simclr", "byol", "swav", "dino", "mae", "beit", "simsiam", "barlowtwins", "mocov2", "mocov3", "cpc"}
	users := []telegramtest.User{ann, bo, chen, {ID: 1004, FirstName: "Dee"}, {ID: 1005, FirstName: "Eli"}}
	var batch []telegramtest.Update
	for _, id := range papers {
		for _, u := range users {
			batch = append(batch, telegramtest.Text(telegramtest.Private(u), u, "/show "+id))
		}
	}
	h.fake.Push(batch...)
	h.fake.Wait(t, "sendMessage", len(batch))
	for _, u := range users {
		sent := h.fake.SentTo(u.ID)
		for i, id := range papers {
			if !strings.Contains(sent[i].Text, "<code>"+id+"</code>") {
				t.Fatalf("reader %d: reply %d is not /show %s:\n%.200s", u.ID, i, id, sent[i].Text)
			}
		}
	}
	if peak := h.fake.Peak("sendMessage"); peak < 2 || peak > workers {
		t.Errorf("at most %d replies were sent at once, want 2-%d", peak, workers)
	}
}
