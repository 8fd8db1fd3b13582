package telegram

import "time"

// Metrics is what the adapter reports for paperbot's /metrics; paperbot's
// metrics implement it. The platform is always "telegram".
type Metrics interface {
	// RateLimitWait counts one wait of d before a call: for the adapter's
	// own pacing of sends, or for Telegram's retry_after.
	RateLimitWait(platform string, d time.Duration)
	// Error counts one error of kind: "send" for a reply or digest
	// Telegram refused for good, "platform" for a failed getMe,
	// getUpdates or setWebhook (Telegram unreachable, polling failed).
	Error(kind string)
}

// platformName labels the adapter's metrics.
const platformName = "telegram"

// noMetrics reports nothing, when Options.Metrics is nil.
type noMetrics struct{}

func (noMetrics) RateLimitWait(string, time.Duration) {}
func (noMetrics) Error(string)                        {}

// connectionCalls are the calls whose failure is a "platform" error: the
// bot cannot reach Telegram or take updates.
var connectionCalls = map[string]bool{"getMe": true, "getUpdates": true, "setWebhook": true}
