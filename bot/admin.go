package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/paperbot/paperbot/bot/recommend"
)

// Stats is what /stats reports to an admin.
type Stats struct {
	Readers     int // reader records, group chats among them
	Subscribers int // readers with the daily paper on
	ActiveToday int // readers seen since the start of today
	ActiveWeek  int // readers seen in the last 7 days
	ReadsToday  int // papers marked read since the start of today
	ReadsWeek   int // papers marked read in the last 7 days
	// TopPapers are the papers most readers marked read, most first.
	TopPapers []PaperReads
	// DigestsSent and DigestsFailed count the daily papers of the last 7
	// days by outcome.
	DigestsSent, DigestsFailed int
}

// PaperReads is how many readers marked a paper read.
type PaperReads struct {
	ID    string
	Reads int
}

// adminWords are the admin commands and their other spellings. They are
// commands only for the readers in Options.Admins; for everyone else they
// are unknown words, so the commands stay invisible.
var adminWords = map[string]string{
	"stats": "stats", "统计": "stats",
	"reload": "reload", "重新加载": "reload", "重载": "reload",
	"review": "review", "审核": "review", "accept": "accept", "收录": "accept",
	"reject": "reject", "拒绝": "reject",
}

// adminMessages are the admin commands' texts in both languages.
var adminMessages = map[string]msg{
	"stats.readers":  {"Readers: %d (%d seen today, %d in the last 7 days)", "读者：%d（今天活跃 %d，近 7 天 %d）"},
	"stats.subs":     {"Subscribed to the daily paper: %d", "订阅每日论文：%d"},
	"stats.reads":    {"Marked read: %d today, %d in the last 7 days", "标记已读：今天 %d，近 7 天 %d"},
	"stats.digests":  {"Daily papers in the last 7 days: %d sent, %d failed (%s delivered)", "近 7 天每日论文：成功 %d，失败 %d（送达率 %s）"},
	"stats.nodigest": {"Daily papers in the last 7 days: none", "近 7 天每日论文：无"},
	"stats.top":      {"Most read:", "最多人读："},
	"stats.topnone":  {"Most read: nothing marked read yet", "最多人读：尚无已读记录"},
	"stats.reader":   {"%d readers", "%d 人"},
	"stats.reader1":  {"%d reader", "%d 人"},
	"admin.off":      {"/%s is not available in this mode.", "此模式下不能使用 /%s。"},
	"reload.ok":      {"Reloaded the paper set: %d papers (was %d).", "已重新加载论文集：%d 篇（原 %d 篇）。"},
	"reload.failed":  {"The paper set was not reloaded; the bot keeps the %d papers it has. %v", "论文集未重新加载，继续使用现有的 %d 篇。%v"},
}

func adminText(lang, key string, args ...any) string {
	m := adminMessages[key]
	f := m.en
	if lang == Chinese {
		f = m.zh
	}
	return fmt.Sprintf(f, args...)
}

// parse reads a request's text: with the admin commands for an admin,
// exactly as ParseCommand for everyone else.
func (b *Bot) parse(req Request) Command {
	if !b.admins[req.Reader] {
		return ParseCommand(req.Text, req.BotName)
	}
	return parseCommand(req.Text, req.BotName, func(word string) string {
		if name := adminWords[strings.ToLower(word)]; name != "" {
			return name
		}
		return lookupCommand(word)
	})
}

// isAdminCommand reports whether name is an admin command.
func isAdminCommand(name string) bool {
	return name == "stats" || name == "reload" || isReviewCommand(name)
}

// handleAdmin answers /stats and /reload. It runs outside any store
// transaction: /stats reads the whole store, and /reload changes no reader.
func (b *Bot) handleAdmin(ctx context.Context, req Request, cmd Command) (Reply, error) {
	r, err := b.store.Get(ctx, req.Reader)
	if err != nil {
		return Reply{}, fmt.Errorf("handle /%s: %w", cmd.Name, err)
	}
	lang := readerLang(&r, req)
	if isReviewCommand(cmd.Name) {
		out, err := b.reviewReply(ctx, req, cmd, lang)
		if err != nil {
			return Reply{}, err
		}
		out.finish()
		return out, nil
	}
	out := Reply{Lang: lang}
	switch {
	case cmd.Name == "stats" && b.stats != nil:
		st, err := b.stats(ctx)
		if err != nil {
			return Reply{}, fmt.Errorf("handle /stats: %w", err)
		}
		out.Intro, out.Pre = b.statsText(lang, st)
	case cmd.Name == "reload" && b.reload != nil:
		out.Intro = b.reloadText(lang)
	default:
		out.Intro = adminText(lang, "admin.off", cmd.Name)
	}
	out.finish()
	return out, nil
}

// statsText renders st: the counts as lines, the most read papers as a
// monospaced list.
func (b *Bot) statsText(lang string, st Stats) (intro, pre string) {
	lines := []string{
		adminText(lang, "stats.readers", st.Readers, st.ActiveToday, st.ActiveWeek),
		adminText(lang, "stats.subs", st.Subscribers),
		adminText(lang, "stats.reads", st.ReadsToday, st.ReadsWeek),
	}
	if n := st.DigestsSent + st.DigestsFailed; n > 0 {
		rate := fmt.Sprintf("%.1f%%", 100*float64(st.DigestsSent)/float64(n))
		lines = append(lines, adminText(lang, "stats.digests", st.DigestsSent, st.DigestsFailed, rate))
	} else {
		lines = append(lines, adminText(lang, "stats.nodigest"))
	}
	if len(st.TopPapers) == 0 {
		return strings.Join(append(lines, adminText(lang, "stats.topnone")), "\n"), ""
	}
	lines = append(lines, adminText(lang, "stats.top"))
	set := b.Engine().Set()
	var p strings.Builder
	for i, pr := range st.TopPapers {
		name := pr.ID
		if paper := set.Paper(pr.ID); paper != nil {
			name = fmt.Sprintf("%s (%s)", paper.ShortName(), pr.ID)
		}
		key := "stats.reader"
		if pr.Reads == 1 {
			key = "stats.reader1"
		}
		fmt.Fprintf(&p, "%2d. %-32s %s\n", i+1, name, adminText(lang, key, pr.Reads))
	}
	return strings.Join(lines, "\n"), strings.TrimRight(p.String(), "\n")
}

// reloadText re-reads the paper set and switches the bot to it; a set that
// does not load leaves the bot as it was.
func (b *Bot) reloadText(lang string) string {
	was := len(b.Engine().Set().Papers)
	e, err := b.reload()
	if err != nil {
		b.log.Warn("reload failed", "err", err)
		return adminText(lang, "reload.failed", was, err)
	}
	b.SetEngine(e)
	b.log.Info("reloaded the paper set", "papers", len(e.Set().Papers), "was", was)
	return adminText(lang, "reload.ok", len(e.Set().Papers), was)
}

// adminOptions are the admin settings of Options, kept by the Bot.
type adminOptions struct {
	admins map[string]bool
	stats  func(ctx context.Context) (Stats, error)
	reload func() (*recommend.Engine, error)
	review Reviewer
}

func newAdminOptions(o Options) adminOptions {
	a := adminOptions{admins: map[string]bool{}, stats: o.Stats, reload: o.Reload, review: o.Review}
	for _, k := range o.Admins {
		a.admins[k] = true
	}
	return a
}
