// Package digest sends each subscriber's daily paper at their local time,
// once per local day, through the Sender of their platform.
//
// A Scheduler runs a pass every minute for each platform (robfig/cron,
// with panic recovery and no overlapping passes on a platform, so a long
// fan-out on one does not hold up another). A pass reads the
// subscription index (store.DB.Schedules), works
// out each subscriber's local date and the instant their digest falls due
// that date (their time in their zone, on their days: daily, weekdays or
// one weekday), and sends a digest to everyone whose instant has passed
// and who has none recorded for that date. So a digest missed while the
// bot was down goes out at the first pass after it is back, if that is
// still the same local date.
//
// Every digest is recorded in the reader's record before it is sent
// (state "sending") and after ("sent", or "failed" to be tried again
// later that day, with a doubling wait). An entry still "sending" at the
// next look means the process stopped between the two; it becomes
// "unconfirmed" and is not sent again: at most once. A recipient the
// platform reports unreachable (bot.ErrUnreachable) is unsubscribed.
//
// Times that do not exist or happen twice on a daylight-saving change are
// resolved by localInstant: a skipped time is due at the jump, a repeated
// time at its first occurrence. docs/digest.md has the whole story.
package digest
