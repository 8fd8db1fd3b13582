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
		out.Intro = t(lang, "admin.off", cmd.Name)
	}
	out.finish()
	return out, nil
}

// statsText renders st: the counts as lines, the most read papers as a
// monospaced list.
func (b *Bot) statsText(lang string, st Stats) (intro, pre string) {
	lines := []string{
		t(lang, "stats.readers", st.Readers, st.ActiveToday, st.ActiveWeek),
		t(lang, "stats.subs", st.Subscribers),
		t(lang, "stats.reads", st.ReadsToday, st.ReadsWeek),
	}
	if n := st.DigestsSent + st.DigestsFailed; n > 0 {
		rate := fmt.Sprintf("%.1f%%", 100*float64(st.DigestsSent)/float64(n))
		lines = append(lines, t(lang, "stats.digests", st.DigestsSent, st.DigestsFailed, rate))
	} else {
		lines = append(lines, t(lang, "stats.nodigest"))
	}
	if len(st.TopPapers) == 0 {
		return strings.Join(append(lines, t(lang, "stats.topnone")), "\n"), ""
	}
	lines = append(lines, t(lang, "stats.top"))
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
		fmt.Fprintf(&p, "%2d. %-32s %s\n", i+1, name, t(lang, key, pr.Reads))
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
		return t(lang, "reload.failed", was, err)
	}
	b.SetEngine(e)
	b.log.Info("reloaded the paper set", "papers", len(e.Set().Papers), "was", was)
	return t(lang, "reload.ok", len(e.Set().Papers), was)
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
