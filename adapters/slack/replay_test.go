package slack

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// signedRequest is a request as Slack signed it, to send again as is.
type signedRequest struct {
	contentType string
	body        []byte
	ts          int64
	sig         string
}

func signed(contentType string, body []byte) signedRequest {
	ts := time.Now().Unix()
	return signedRequest{contentType, body, ts, sign(testSecret, ts, body)}
}

func (e *env) send(r signedRequest) {
	e.t.Helper()
	if resp := e.postSigned(r.contentType, r.body, r.ts, r.sig); resp.StatusCode != http.StatusOK {
		e.t.Fatalf("status %d, want 200", resp.StatusCode)
	}
}

// TestReplayRefused: a signed slash command, button press or event sent
// again within the signing window is acknowledged and not run again, with
// the inbox or without, and, with the inbox, after a restart too.
func TestReplayRefused(t *testing.T) {
	for _, tc := range []struct {
		name    string
		noInbox bool
	}{{"inbox", false}, {"memory only", true}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			if tc.noInbox {
				e.close()
				e.noInbox = true
				e.open()
			}
			cmd := signed(formType, slashBody("T1", "U1", "D1", "save mae", e.fake.responseURL()))
			pr, _ := json.Marshal(press{team: "T1", user: "U1", channel: "C1", blockID: "x.0.a", actionID: "btn.0.0",
				value: "r:gone"}.payload(e.fake.responseURL()))
			press := signed(formType, []byte("payload="+string(pr)))
			dm := signed("application/json", event("T1", "EvReplay", map[string]any{"type": "message", "channel": "D1",
				"channel_type": "im", "user": "U1", "text": "rotation", "ts": "1700000000.000100"}))
			for _, r := range []signedRequest{cmd, press, dm} {
				e.send(r)
			}
			e.fake.next("respond")
			e.fake.next("respond")
			e.fake.next("chat.postMessage")
			e.idle()

			rounds := 1
			if !tc.noInbox {
				rounds = 2 // the second after a restart: only the inbox remembers
			}
			for round := range rounds {
				if round == 1 {
					e.restart()
				}
				for _, r := range []signedRequest{cmd, press, dm} {
					e.send(r)
				}
				e.idle()
				for _, m := range []string{"respond", "chat.postMessage"} {
					e.fake.none(m)
				}
			}
			contains(t, "log", e.logs.String(), "a signed request came again")
		})
	}
}
