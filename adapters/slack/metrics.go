package slack

import "time"

// Metrics is what the adapter reports for paperbot's /metrics; paperbot's
// metrics implement it. The platform is always "slack".
type Metrics interface {
	// RateLimitWait counts one wait of d before a call: for the adapter's
	// own pacing of chat.postMessage, or for Slack's rate limiting (429
	// with Retry-After, "ratelimited").
	RateLimitWait(platform string, d time.Duration)
	// Error counts one error of kind: "send" for a message Slack refused
	// for good, "platform" for a failed auth.test (Slack unreachable).
	Error(kind string)
}

// platformName labels the adapter's metrics.
const platformName = "slack"

// noMetrics reports nothing, when Options.Metrics is nil.
type noMetrics struct{}

func (noMetrics) RateLimitWait(string, time.Duration) {}
func (noMetrics) Error(string)                        {}

// sendCalls are the Web API calls that deliver a message; their failure,
// after retries, is a "send" error.
var sendCalls = map[string]bool{
	"chat.postMessage": true, "chat.postEphemeral": true, "chat.update": true, "response_url": true,
}
