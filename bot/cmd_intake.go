package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// Reviewer is arXiv intake as the chat core sees it: the queue of papers
// waiting for an admin, and the admin's decision. *intake.Harvester is one.
type Reviewer interface {
	Queue(ctx context.Context) ([]intake.Record, error)
	Decide(ctx context.Context, ref string, accept bool, by string) (prev, rec intake.Record, err error)
}

// intakeMessages are the texts of new papers, follows and review.
var intakeMessages = map[string]msg{
	"new.title":        {"New papers of the last %d days, in your order:", "近 %d 天的新论文（按你的偏好排序）："},
	"new.title.topic":  {"New papers of the last %d days in %s, in your order:", "近 %d 天“%s”方向的新论文（按你的偏好排序）："},
	"new.none":         {"No new papers in the last %d days yet. New papers come from arXiv once a day.", "近 %d 天还没有新论文。新论文每天从 arXiv 收录一次。"},
	"new.none.topic":   {"No new papers in %s in the last %d days.", "“%s”方向近 %d 天没有新论文。"},
	"new.more":         {"…and %d more. /new TOPIC narrows the list.", "……还有 %d 篇。/new 主题 可缩小范围。"},
	"new.mark":         {"new", "新"},
	"follow.need":      {"Follow what? /follow masked image modeling, or /follow author Kaiming He.", "关注什么？例如 /follow 掩码图像建模，或 /follow author Kaiming He。"},
	"follow.ok":        {"Following “%s”. New papers that match reach you once, in your daily paper (or a daily “New for you” message).", "已关注“%s”。匹配的新论文会在每日论文中（或每天一条“为你上新”消息中）推送一次。"},
	"follow.author":    {"Following the author %s. Their new papers reach you once, in your daily paper (or a daily “New for you” message).", "已关注作者 %s。其新论文会在每日论文中（或每天一条“为你上新”消息中）推送一次。"},
	"follow.dup":       {"You already follow “%s”.", "你已经关注了“%s”。"},
	"follow.full":      {"You follow %d things already, the most there can be. /unfollow N drops one.", "你已关注 %d 项，已达上限。用 /unfollow 编号 取消一项。"},
	"follow.long":      {"That is too long to follow: at most %d characters.", "内容过长，最多 %d 个字符。"},
	"following":        {"You follow:", "你关注的："},
	"settings.follows": {"Following: %d searches and authors (/following)", "关注：%d 项搜索与作者（/following）"},
	"following.none":   {"You follow nothing yet. /follow QUERY or /follow author NAME.", "你还没有关注任何内容。用 /follow 关键词 或 /follow author 作者名。"},
	"following.hint":   {"/unfollow N stops one. Matching new papers come in your daily paper, or in a daily “New for you” message at %s %s.", "/unfollow 编号 取消一项。匹配的新论文随每日论文推送，或在每天 %s（%s）发送一条“为你上新”。"},
	"following.q":      {"search “%s”", "搜索“%s”"},
	"following.a":      {"author %s", "作者 %s"},
	"unfollow.need":    {"Which one? /following numbers them: /unfollow 2.", "取消哪一项？/following 会列出编号，例如 /unfollow 2。"},
	"unfollow.ok":      {"Stopped following %s.", "已取消关注：%s。"},
	"digest.new":       {"New for you, %s: %d new papers match what you follow.", "为你上新（%s）：%d 篇新论文与你的关注匹配。"},
	"digest.new1":      {"New for you, %s: a new paper matches what you follow.", "为你上新（%s）：1 篇新论文与你的关注匹配。"},
	"digest.newfor":    {"🆕 New for you · %s", "🆕 为你上新 · %s"},
	"digest.freshpick": {"Your paper for %s: new on arXiv, in your topics:", "为你挑选的论文（%s）：arXiv 新论文，在你关注的方向："},
	"digest.newmore":   {"%d more new papers match: /new", "另有 %d 篇匹配的新论文：/new"},
	"field.submitted":  {"Submitted", "提交"},
	"field.category":   {"arXiv category", "arXiv 分类"},
	"field.why":        {"Why it is here", "收录理由"},
	"field.abstract":   {"Abstract (first sentences)", "摘要（前两句，英文原文）"},
	"field.score":      {"Intake score", "收录评分"},
	"review.none":      {"No papers are waiting for review.", "没有待审核的论文。"},
	"review.title":     {"%d papers wait for review (best first). Accept or reject each:", "%d 篇论文待审核（评分高的在前），请逐一接受或拒绝："},
	"review.card":      {"New candidate from arXiv (score %.2f). Accept it into the set?", "arXiv 新候选论文（评分 %.2f），是否收录？"},
	"review.need":      {"Which paper? /%s 2611.01234 (the arXiv id or the id /review shows).", "哪一篇？/%s 2611.01234（arXiv 编号或 /review 中的编号）。"},
	"review.unknown":   {"Intake has no paper “%s”.", "收录队列中没有“%s”。"},
	"review.accepted":  {"Accepted: %s. It is searchable now.", "已收录：%s，现在可以搜索到。"},
	"review.rejected":  {"Rejected: %s.", "已拒绝：%s。"},
	"review.same":      {"%s was already %s.", "%s 已经是“%s”状态。"},
	"review.off":       {"arXiv intake is not running here.", "此处未启用 arXiv 收录。"},
	"btn.accept":       {"✅ Accept", "✅ 收录"},
	"btn.reject":       {"❌ Reject", "❌ 拒绝"},
	"toast.accept":     {"Accepted", "已收录"},
	"toast.reject":     {"Rejected", "已拒绝"},
	"toast.admin":      {"Only admins can do that.", "只有管理员可以这样做。"},
	"status.accepted":  {"accepted", "已收录"},
	"status.queued":    {"waiting", "待审核"},
	"status.rejected":  {"rejected", "已拒绝"},
	"abstract.en":      {" (arXiv's abstract, in English)", "（摘要为英文原文）"},
}

func init() {
	for k, v := range intakeMessages {
		messages[k] = v
	}
}

// zhNote says, on a Chinese card, that the abstract is arXiv's English.
func zhNote(lang string) string {
	if lang == Chinese {
		return t(lang, "abstract.en")
	}
	return ""
}

// maxFollowRunes bounds what a reader may follow.
const maxFollowRunes = 120

// newListMax is how many papers /new lists.
const newListMax = 10

// today is the UTC date of now, for the "new" mark.
func (c *call) today() string { return c.bot.now().UTC().Format(time.DateOnly) }

func freshSince(now time.Time) string {
	return now.UTC().AddDate(0, 0, -(recommend.FreshDays - 1)).Format(time.DateOnly)
}

func cmdNew(c *call, out *Reply) error {
	papers := c.eng.Fresh(freshSince(c.bot.now()))
	var topic *data.Topic
	if rest := strings.TrimSpace(c.cmd.Rest); rest != "" {
		tp, ok := c.eng.ResolveTopic(rest)
		if !ok {
			return c.fail("topic.unknown", quote(rest))
		}
		topic = tp
		kept := papers[:0:0]
		for _, p := range papers {
			if c.set.HasTopic(p, tp.ID) {
				kept = append(kept, p)
			}
		}
		papers = kept
	}
	if len(papers) == 0 {
		if topic != nil {
			out.Intro = c.t("new.none.topic", topic.Name.In(c.lang), recommend.FreshDays)
			return nil
		}
		out.Intro = c.t("new.none", recommend.FreshDays)
		return nil
	}
	hits := c.eng.RankFor(c.history(), papers)
	if topic != nil {
		out.Intro = c.t("new.title.topic", recommend.FreshDays, topic.Name.In(c.lang))
	} else {
		out.Intro = c.t("new.title", recommend.FreshDays)
	}
	if len(hits) > newListMax {
		out.Outro = c.t("new.more", len(hits)-newListMax)
		hits = hits[:newListMax]
	}
	for _, h := range hits {
		out.Papers = append(out.Papers, c.item(h.Paper, reasonText(c, h.Paper)))
	}
	return nil
}

// reasonText is why intake placed an arXiv paper where it did.
func reasonText(c *call, p *data.Paper) string {
	if p.Reason == nil {
		return ""
	}
	return p.Reason.In(c.lang)
}

func cmdFollow(c *call, out *Reply) error {
	rest := strings.TrimSpace(c.cmd.Rest)
	kind := FollowQuery
	if len(c.cmd.Args) >= 2 {
		switch strings.ToLower(c.cmd.Args[0]) {
		case "author", "作者", "by":
			kind = FollowAuthor
			rest = strings.TrimSpace(strings.Join(c.cmd.Args[1:], " "))
		}
	}
	if rest == "" || len(c.cmd.Args) == 1 && strings.EqualFold(c.cmd.Args[0], "author") {
		return c.fail("follow.need")
	}
	if utf8.RuneCountInString(rest) > maxFollowRunes {
		return c.fail("follow.long", maxFollowRunes)
	}
	for _, f := range c.r.Follows {
		if f.Kind == kind && strings.EqualFold(f.Text, rest) {
			return c.fail("follow.dup", quote(rest))
		}
	}
	if len(c.r.Follows) >= MaxFollows {
		return c.fail("follow.full", MaxFollows)
	}
	c.r.Follows = append(c.r.Follows, Follow{Kind: kind, Text: rest, Since: c.bot.now()})
	if kind == FollowAuthor {
		out.Intro = c.t("follow.author", quote(rest))
	} else {
		out.Intro = c.t("follow.ok", quote(rest))
	}
	return nil
}

func (c *call) followText(f Follow) string {
	if f.Kind == FollowAuthor {
		return c.t("following.a", quote(f.Text))
	}
	return c.t("following.q", quote(f.Text))
}

func cmdFollowing(c *call, out *Reply) error {
	if len(c.r.Follows) == 0 {
		out.Intro = c.t("following.none")
		return nil
	}
	var b strings.Builder
	for i, f := range c.r.Follows {
		fmt.Fprintf(&b, "%d. %s\n", i+1, c.followText(f))
	}
	out.Intro = c.t("following")
	out.Pre = strings.TrimRight(b.String(), "\n")
	tm, zone := c.bot.defaultTime, c.bot.defaultZone
	if c.r.Sub.On {
		tm, zone = c.r.Sub.Time, c.r.Sub.Zone
	}
	out.Outro = c.t("following.hint", tm, zone)
	return nil
}

func cmdUnfollow(c *call, out *Reply) error {
	if len(c.cmd.Args) == 0 {
		return c.fail("unfollow.need")
	}
	n, err := strconv.Atoi(c.cmd.Args[0])
	if err != nil || n < 1 || n > len(c.r.Follows) {
		// also by the followed text itself
		n = 0
		for i, f := range c.r.Follows {
			if strings.EqualFold(f.Text, strings.TrimSpace(c.cmd.Rest)) {
				n = i + 1
			}
		}
		if n == 0 {
			return c.fail("unfollow.need")
		}
	}
	f := c.r.Follows[n-1]
	c.r.Follows = append(c.r.Follows[:n-1:n-1], c.r.Follows[n:]...)
	if len(c.r.Follows) == 0 {
		c.r.Follows = nil
	}
	out.Intro = c.t("unfollow.ok", c.followText(f))
	return nil
}

// newForReader lists the new papers that match r's follows and have not
// reached r yet (in a digest other than that of day), nor been read or
// dismissed, newest first; with the follow each matched first.
func newForReader(eng *recommend.Engine, r *Reader, day string) (papers []*data.Paper, why []Follow) {
	if len(r.Follows) == 0 {
		return nil, nil
	}
	delivered := map[string]bool{}
	for _, d := range r.Digests {
		if d.Day == day {
			continue
		}
		switch d.State {
		case DigestSending, DigestSent, DigestUnconfirmed:
			for _, id := range d.New {
				delivered[id] = true
			}
		}
	}
	earliest := r.Follows[0].Since
	for _, f := range r.Follows {
		if f.Since.Before(earliest) {
			earliest = f.Since
		}
	}
	// papers that came in on or after the day of the earliest follow, and
	// within the last month: older ones are not news
	since := earliest.UTC().Format(time.DateOnly)
	if floor := dayBefore(day, 30); since < floor {
		since = floor
	}
	var cands []*data.Paper
	for _, p := range eng.Fresh(since) {
		_, read := r.Read[p.ID]
		_, dis := r.Dismissed[p.ID]
		if !read && !dis && !delivered[p.ID] && p.Added <= day {
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	matched := map[string]Follow{}
	for _, f := range r.Follows {
		fday := f.Since.UTC().Format(time.DateOnly)
		var ms []*data.Paper
		if f.Kind == FollowAuthor {
			ms = recommend.MatchAuthor(f.Text, cands)
		} else {
			ms = eng.MatchFollow(f.Text, cands)
		}
		for _, p := range ms {
			if _, ok := matched[p.ID]; !ok && p.Added >= fday {
				matched[p.ID] = f
			}
		}
	}
	for _, p := range cands { // keep newest first
		if f, ok := matched[p.ID]; ok {
			papers, why = append(papers, p), append(why, f)
		}
	}
	return papers, why
}

func dayBefore(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, -n).Format(time.DateOnly)
}

// --- review (admins) ---

// isReviewCommand reports whether name is one of intake's admin commands.
func isReviewCommand(name string) bool {
	return name == "review" || name == "accept" || name == "reject"
}

// reviewText answers /review, /accept and /reject for an admin.
func (b *Bot) reviewReply(ctx context.Context, req Request, cmd Command, lang string) (Reply, error) {
	out := Reply{Lang: lang}
	if b.review == nil {
		out.Intro = t(lang, "review.off")
		return out, nil
	}
	if cmd.Name == "review" {
		q, err := b.review.Queue(ctx)
		if err != nil {
			return Reply{}, fmt.Errorf("handle /review: %w", err)
		}
		if len(q) == 0 {
			out.Intro = t(lang, "review.none")
			return out, nil
		}
		out.Intro = t(lang, "review.title", len(q))
		if len(q) > newListMax {
			out.Outro = t(lang, "new.more", len(q)-newListMax)
			q = q[:newListMax]
		}
		for i := range q {
			out.Papers = append(out.Papers, reviewItem(lang, &q[i].Paper))
		}
		return out, nil
	}
	ref := strings.TrimSpace(cmd.Rest)
	if ref == "" {
		out.Intro = t(lang, "review.need", cmd.Name)
		return out, nil
	}
	text, err := b.decide(ctx, ref, cmd.Name == "accept", req.Reader, lang)
	if err != nil {
		return Reply{}, fmt.Errorf("handle /%s: %w", cmd.Name, err)
	}
	out.Intro = text
	return out, nil
}

// decide runs an admin's decision and says what it did.
func (b *Bot) decide(ctx context.Context, ref string, accept bool, by, lang string) (string, error) {
	prev, rec, err := b.review.Decide(ctx, ref, accept, by)
	switch {
	case errors.Is(err, intake.ErrUnknown):
		return t(lang, "review.unknown", quote(ref)), nil
	case err != nil:
		return "", err
	}
	name := fmt.Sprintf("%s [%s]", rec.Paper.Title, rec.Paper.ID)
	switch {
	case prev.Status == rec.Status:
		return t(lang, "review.same", name, t(lang, "status."+rec.Status)), nil
	case rec.Status == intake.Accepted:
		b.log.Info("intake: paper accepted by an admin", "arxiv", rec.Paper.ArXiv, "by", by)
		return t(lang, "review.accepted", name), nil
	}
	b.log.Info("intake: paper rejected by an admin", "arxiv", rec.Paper.ArXiv, "by", by)
	return t(lang, "review.rejected", name), nil
}

// reviewItem is a candidate's card for an admin, with Accept and Reject.
func reviewItem(lang string, p *data.Paper) Item {
	why := ""
	if p.Reason != nil {
		why = p.Reason.In(lang)
	}
	it := Item{ID: p.ID, ArXiv: p.ArXiv, Title: p.Title, Year: p.Year, Venue: p.Venue,
		Summary: p.Summary.EN + zhNote(lang), Why: why, New: true, Links: links(p)}
	it.Details = []Field{
		{t(lang, "field.authors"), strings.Join(p.Authors, ", ")},
		{t(lang, "field.submitted"), p.Date},
		{t(lang, "field.category"), p.Primary},
		{t(lang, "field.topics"), strings.Join(p.Topics, ", ")},
		{t(lang, "field.why"), why},
		{t(lang, "field.score"), strconv.FormatFloat(p.Score, 'f', 2, 64)},
		{t(lang, "field.abstract"), p.Summary.EN},
		{"arXiv", p.AbsURL()},
	}
	it.Buttons = []Button{
		{t(lang, "btn.accept"), Action{Verb: VerbAccept, Paper: p.ID}},
		{t(lang, "btn.reject"), Action{Verb: VerbReject, Paper: p.ID}},
	}
	return it
}

// ReviewReply is the message that tells an admin about a new candidate:
// its card with Accept and Reject buttons, in lang.
func ReviewReply(lang string, rec intake.Record) Reply {
	out := Reply{Lang: lang, Intro: t(lang, "review.card", rec.Paper.Score)}
	out.Papers = []Item{reviewItem(lang, &rec.Paper)}
	out.finish()
	return out
}

// IsAdmin reports whether key is one of the configured admins.
func (b *Bot) IsAdmin(key string) bool { return b.admins[key] }

// Admins lists the configured admins' reader keys.
func (b *Bot) Admins() []string {
	out := make([]string, 0, len(b.admins))
	for k := range b.admins {
		out = append(out, k)
	}
	return out
}

// AdminLang is the language an admin reads in, for messages sent to them
// outside a conversation.
func (b *Bot) AdminLang(ctx context.Context, key string) string {
	r, err := b.store.Get(ctx, key)
	if err != nil || r.Lang == "" {
		return English
	}
	return r.Lang
}

// handleReviewAction answers an admin's Accept or Reject button.
func (b *Bot) handleReviewAction(ctx context.Context, req Request) (Reply, error) {
	a := *req.Action
	r, err := b.store.Get(ctx, req.Reader)
	if err != nil {
		return Reply{}, fmt.Errorf("handle button %s: %w", a.Verb, err)
	}
	lang := readerLang(&r, req)
	if !b.admins[req.Reader] {
		text := t(lang, "toast.admin")
		return Reply{Toast: text, Text: text, Papers: []Item{}, Lang: lang}, nil
	}
	if b.review == nil {
		text := t(lang, "review.off")
		return Reply{Toast: text, Text: text, Papers: []Item{}, Lang: lang}, nil
	}
	text, err := b.decide(ctx, a.Paper, a.Verb == VerbAccept, req.Reader, lang)
	if err != nil {
		return Reply{}, fmt.Errorf("handle button %s: %w", a.Verb, err)
	}
	out := Reply{Lang: lang, Toast: t(lang, "toast."+a.Verb), Intro: text}
	out.finish()
	return out, nil
}
