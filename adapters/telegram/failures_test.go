package telegram_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
	"github.com/paperbot/paperbot/bot"
)

var digest = bot.Reply{Intro: "Your paper of the day", Papers: []bot.Item{{ID: "mocov2", Title: "MoCo v2", Year: 2020}}}

func TestFloodWaitsRetryAfter(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("sendMessage", telegramtest.Flood(1))
	if err := h.a.Send(context.Background(), "telegram:42", digest); err != nil {
		t.Fatalf("Send after a 429 = %v, want nil", err)
	}
	calls := h.fake.Calls("sendMessage")
	if len(calls) != 2 {
		t.Fatalf("%d sendMessage calls, want 2", len(calls))
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < 900*time.Millisecond {
		t.Errorf("retried %v after a 429 with retry_after 1, want ≥ 1s", gap)
	}
}

func TestBlockedIsUnreachable(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("sendMessage", telegramtest.Forbidden(), telegramtest.Forbidden())
	for range 2 {
		err := h.a.Send(context.Background(), "telegram:43", digest)
		if !errors.Is(err, bot.ErrUnreachable) {
			t.Fatalf("Send to a chat that blocked the bot = %v, want ErrUnreachable", err)
		}
	}
	if n := len(h.fake.Calls("sendMessage")); n != 2 {
		t.Errorf("%d sendMessage calls for two sends, want 2 (a 403 is not retried)", n)
	}
	if n := strings.Count(h.logs.String(), "chat unreachable"); n != 1 {
		t.Errorf("logged the blocked chat %d times, want once:\n%s", n, h.logs.String())
	}
	if err := h.a.Send(context.Background(), "telegram:43", digest); err != nil {
		t.Errorf("Send once unblocked = %v", err)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("sendMessage", telegramtest.BadGateway(), telegramtest.InternalError())
	if err := h.a.Send(context.Background(), "telegram:44", digest); err != nil {
		t.Fatalf("Send after 502 and 500 = %v, want nil", err)
	}
	if n := len(h.fake.Calls("sendMessage")); n != 3 {
		t.Errorf("%d sendMessage calls, want 3", n)
	}
}

func TestTimeoutIsRetried(t *testing.T) {
	h := newHarness(t, func(o *telegram.Options) { o.Timing.SendTimeout = 200 * time.Millisecond })
	h.fake.Script("sendMessage", telegramtest.Hang(5*time.Second))
	start := time.Now()
	if err := h.a.Send(context.Background(), "telegram:45", digest); err != nil {
		t.Fatalf("Send after a timeout = %v, want nil", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Send took %v: the hung call was not cut at the timeout", took)
	}
	if n := len(h.fake.Calls("sendMessage")); n != 2 {
		t.Errorf("%d sendMessage calls, want 2", n)
	}
}

func TestGivesUpAfterAttempts(t *testing.T) {
	h := newHarness(t, func(o *telegram.Options) { o.Attempts = 3 })
	h.fake.Script("sendMessage", telegramtest.InternalError(), telegramtest.InternalError(), telegramtest.InternalError())
	err := h.a.Send(context.Background(), "telegram:46", digest)
	if err == nil || errors.Is(err, bot.ErrUnreachable) || strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("Send after three 500s = %v, want a plain error without the token", err)
	}
}

func TestBadRequestIsNotRetried(t *testing.T) {
	h := newHarness(t)
	err := h.a.Send(context.Background(), "telegram:47", bot.Reply{Intro: strings.Repeat("x", 5000)})
	if err != nil {
		t.Fatalf("Send of a long text = %v; it should have been split", err)
	}
	h.fake.Script("sendMessage", telegramtest.Response{Status: 400, Body: `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities"}`})
	if err := h.a.Send(context.Background(), "telegram:47", digest); err == nil {
		t.Fatal("Send answered 400 = nil")
	}
	if n := len(h.fake.Calls("sendMessage")); n != 3 {
		t.Errorf("%d sendMessage calls, want 2 for the split text and 1 for the 400", n)
	}
}

func TestSendKeys(t *testing.T) {
	h := newHarness(t)
	for _, to := range []string{"slack:T1:U2", "telegram:", "telegram:abc", "telegram:0"} {
		t.Run(to, func(t *testing.T) {
			if err := h.a.Send(context.Background(), to, digest); err == nil {
				t.Errorf("Send(%q) = nil, want an error", to)
			}
		})
	}
	if err := h.a.Send(context.Background(), "telegram:-1001234567890", digest); err != nil {
		t.Errorf("Send to a supergroup = %v", err)
	}
}

func TestRateLimitPerChat(t *testing.T) {
	h := newHarness(t, func(o *telegram.Options) { o.RatePerChat = 10 })
	for range 5 {
		if err := h.a.Send(context.Background(), "telegram:48", digest); err != nil {
			t.Fatal(err)
		}
	}
	calls := h.fake.Calls("sendMessage")
	// A burst of 3, then one every 100ms.
	if gap := calls[4].At.Sub(calls[0].At); gap < 150*time.Millisecond {
		t.Errorf("5 messages to one chat took %v at 10/s, want ≥ 200ms", gap)
	}
}

func TestTokenRefused(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("getMe", telegramtest.Unauthorized())
	err := h.a.Run(context.Background())
	if err == nil || strings.Contains(err.Error(), telegramtest.Token) {
		t.Fatalf("Run with a refused token = %v, want an error without the token", err)
	}

	h2 := newHarness(t)
	h2.fake.Script("getUpdates", telegramtest.InternalError(), telegramtest.Unauthorized())
	if err := h2.a.Run(context.Background()); err == nil {
		t.Fatal("Run when getUpdates answers 401 = nil, want an error")
	}
}

func TestStartsWhenTheAPIIsDown(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("getMe", telegramtest.BadGateway(), telegramtest.BadGateway())
	h.fake.Script("getUpdates", telegramtest.Conflict(), telegramtest.Flood(0), telegramtest.BadGateway())
	h.start()
	reply := h.say(telegramtest.Private(ann), ann, "/help")
	if !strings.Contains(reply.Text, "/paper") {
		t.Errorf("/help after a rough start:\n%s", reply.Text)
	}
	if n := strings.Count(h.logs.String(), "conflict (409)"); n != 1 {
		t.Errorf("logged the 409 %d times, want once", n)
	}
	if !h.a.Ready() {
		t.Error("Ready = false while polling works")
	}
}

func TestShutdownCancelsLongPoll(t *testing.T) {
	h := newHarness(t, func(o *telegram.Options) { o.Timing.PollTimeout = 30 * time.Second })
	h.start()
	h.say(telegramtest.Private(ann), ann, "/today")
	polls := len(h.fake.Calls("getUpdates"))
	start := time.Now()
	h.stop()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("shutdown took %v with a 30s long poll under way", took)
	}
	if h.a.Ready() {
		t.Error("Ready = true after shutdown")
	}
	if n := h.fake.Pending(); n != 0 {
		t.Errorf("%d updates left unconfirmed after shutdown (%d polls)", n, polls)
	}
}

func TestShutdownFinishesRepliesUnderWay(t *testing.T) {
	h := newHarness(t)
	h.fake.SetDelay("sendMessage", 300*time.Millisecond)
	h.start()
	chat := telegramtest.Private(bo)
	h.fake.Push(telegramtest.Text(chat, bo, "/today"), telegramtest.Text(chat, bo, "/random"), telegramtest.Text(chat, bo, "/topics"))
	h.fake.Wait(t, "sendMessage", 1) // the other two are queued or under way
	h.stop()
	if n := len(h.fake.SentTo(chat.ID)); n != 3 {
		t.Errorf("%d of 3 replies sent by shutdown", n)
	}
}

func TestCommandMenuFailureIsNotFatal(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("setMyCommands", telegramtest.Unsupported())
	h.start()
	if got := h.say(telegramtest.Private(ann), ann, "/start").Text; !strings.Contains(got, "/paper") {
		t.Errorf("/start without a menu:\n%s", got)
	}
	if n := strings.Count(h.logs.String(), "cannot set the command menu"); n != 1 {
		t.Errorf("logged the menu failure %d times, want once", n)
	}
}

func TestGroupMigrationFollowsTheNewChat(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("sendMessage", telegramtest.Response{Status: 400,
		Body: `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001111}}`})
	if err := h.a.Send(context.Background(), "telegram:-555", digest); err != nil {
		t.Fatalf("Send to a migrated group = %v", err)
	}
	if calls := h.fake.Calls("sendMessage"); len(calls) != 2 || calls[1].Chat() != -1001111 {
		t.Errorf("sent to %+v, want -555 then -1001111", calls)
	}
}

func TestNetworkErrorsHideTheToken(t *testing.T) {
	h := newHarness(t, func(o *telegram.Options) {
		o.Endpoint, o.Attempts = "http://127.0.0.1:1/bot%s/%s", 2
	})
	err := h.a.Send(context.Background(), "telegram:49", digest)
	if err == nil || strings.Contains(err.Error(), telegramtest.Token) || !strings.Contains(err.Error(), "<token>") {
		t.Errorf("Send to a closed port = %v, want an error with the token masked", err)
	}
}

func TestShutdownGivesUpAfterDrain(t *testing.T) {
	h := newHarness(t, func(o *telegram.Options) { o.Timing.Drain = 100 * time.Millisecond })
	h.fake.Script("sendMessage", telegramtest.Hang(time.Minute))
	h.start()
	h.fake.Push(telegramtest.Text(telegramtest.Private(ann), ann, "/today"))
	h.waitHandled() // the reply is under way
	start := time.Now()
	h.stop()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("shutdown took %v with a 100ms drain deadline", took)
	}
	if !strings.Contains(h.logs.String(), "abandoning them") {
		t.Error("no log line about abandoned replies")
	}
}
