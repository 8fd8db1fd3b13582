package telegram_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
)

func TestGroupCommands(t *testing.T) {
	h := newHarness(t).start()
	group := telegramtest.Group(-1001234567890, "SSL reading group")

	h.fake.Push(telegramtest.Text(group, ann, "contrastive"), // talk, not for the bot
		telegramtest.Text(group, ann, "/paper@OtherBot contrastive"), // for another bot
		telegramtest.Text(group, ann, "/paper@PaperTestBot contrastive"))
	sent := h.fake.Wait(t, "sendMessage", 1)
	// One chat's updates are handled in order: replies to the first two
	// would have come before this one.
	if len(h.fake.Calls("sendMessage")) != 1 || !strings.Contains(sent[0].Params.Get("text"), "contrastive") {
		t.Fatalf("replies in the group: %+v, want the one to /paper@PaperTestBot", h.fake.Calls("sendMessage"))
	}
	m := h.fake.SentTo(group.ID)[0]
	if m.ReplyTo == 0 || sent[0].Params.Get("allow_sending_without_reply") != "true" {
		t.Errorf("group reply answers message %d (allow_sending_without_reply=%q), want the asking message",
			m.ReplyTo, sent[0].Params.Get("allow_sending_without_reply"))
	}

	// A press in the group acts for whoever pressed.
	h.fake.Push(h.fake.Press(bo, m, findButton(t, keyboard(t, m.Markup), "r:")))
	h.fake.Wait(t, "answerCallbackQuery", 1)
	r, _ := h.db.Get(context.Background(), "telegram:1002")
	a, _ := h.db.Get(context.Background(), "telegram:1001")
	if len(r.Read) != 1 || len(a.Read) != 0 {
		t.Errorf("after Bo pressed Read: Bo read %v, Ann read %v", r.Read, a.Read)
	}
}

func TestGroupSubscription(t *testing.T) {
	h := newHarness(t).start()
	group := telegramtest.Group(-1009876543210, "SSL reading group")
	h.fake.SetAdmin(group.ID, chen.ID)
	groupKey := "telegram:-1009876543210"

	h.say(group, ann, "/subscribe 09:00 UTC")
	if r, _ := h.db.Get(context.Background(), groupKey); !r.Sub.On || r.Sub.By != "telegram:1001" {
		t.Fatalf("group subscription after Ann's /subscribe = %+v", r.Sub)
	}
	refused := h.say(group, bo, "/unsubscribe")
	if r, _ := h.db.Get(context.Background(), groupKey); !r.Sub.On {
		t.Fatalf("Bo, not an admin, unsubscribed the group; reply:\n%s", refused.Text)
	}
	if len(h.fake.Calls("getChatMember")) == 0 {
		t.Error("the bot did not ask Telegram whether Bo is an admin")
	}
	h.say(group, chen, "/unsubscribe")
	if r, _ := h.db.Get(context.Background(), groupKey); r.Sub.On {
		t.Errorf("Chen, an admin, could not unsubscribe the group")
	}
	if !strings.Contains(h.fake.SentTo(group.ID)[1].Text, "admin") {
		t.Errorf("refusal does not say why:\n%s", h.fake.SentTo(group.ID)[1].Text)
	}
}
