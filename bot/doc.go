// Package bot is the platform-neutral chat core of paperbot.
//
// Adapters turn a platform event into a Request (who, where, text or button
// press, language hint) and render the Reply (text, paper items, buttons) in
// the platform's own format. One call, (*Bot).Handle, serves every platform.
// The package owns the domain types the rest of the program shares (Reader,
// Subscription, Request, Reply) and the interfaces it consumes (Store).
//
// Commands, in English and Chinese, are parsed by ParseCommand; the same
// grammar works after a slash ("/read mocov2"), after Slack's one slash
// command ("/paper read mocov2") and with Telegram's group suffix
// ("/paper@SomeBot contrastive").
package bot
