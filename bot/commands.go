package bot

import (
	"fmt"
	"strings"
)

// command is one entry of the router.
type command struct {
	name  string
	usage string
	help  msg
	run   func(c *call, out *Reply) error
}

// commandTable lists the commands in the order /help shows them.
func commandTable() (map[string]*command, []string) {
	list := []*command{
		{"paper", "/paper QUERY", msg{"search; no query: the best next paper for you", "搜索；不带内容：为你挑选下一篇"}, cmdPaper},
		{"show", "/show ID", msg{"the full card of a paper", "论文详情"}, cmdShow},
		{"today", "/today", msg{"the paper of the day", "今日论文"}, cmdToday},
		{"random", "/random", msg{"a random unread paper", "随机一篇未读论文"}, cmdRandom},
		{"next", "/next", msg{"the next unread paper on your path", "阅读路径上的下一篇"}, cmdNext},
		{"new", "/new [TOPIC]", msg{"papers new from arXiv this week, in your order", "本周 arXiv 新论文（按你的偏好排序）"}, cmdNew},
		{"similar", "/similar ID", msg{"papers like this one", "相似论文"}, cmdSimilar},
		{"read", "/read ID", msg{"mark as read (/unread to undo)", "标记已读（/unread 撤销）"}, cmdRead},
		{"unread", "/unread ID", msg{"mark as not read", "标记未读"}, cmdUnread},
		{"save", "/save ID", msg{"save for later (/unsave to undo)", "收藏（/unsave 取消）"}, cmdSave},
		{"unsave", "/unsave ID", msg{"remove from saved", "取消收藏"}, cmdUnsave},
		{"dismiss", "/dismiss ID", msg{"not interested: never show it again", "不感兴趣：不再推荐"}, cmdDismiss},
		{"saved", "/saved", msg{"your saved papers", "你的收藏"}, cmdSaved},
		{"history", "/history", msg{"what you read, newest first", "阅读历史"}, cmdHistory},
		{"progress", "/progress", msg{"how far you are, overall and per topic", "阅读进度"}, cmdProgress},
		{"topics", "/topics", msg{"the topics", "主题列表"}, cmdTopics},
		{"path", "/path TOPIC", msg{"the reading path of a topic", "主题阅读路径"}, cmdPath},
		{"map", "/map [TOPIC | ID]", msg{"the lineage map of a topic or a paper, as a picture", "主题或论文的传承图（图片）"}, cmdMap},
		{"compare", "/compare A B", msg{"two papers side by side", "并排比较两篇论文"}, cmdCompare},
		{"leaderboard", "/leaderboard", msg{"the ImageNet linear-evaluation table", "ImageNet 线性评估榜单"}, cmdLeaderboard},
		{"cite", "/cite ID", msg{"a BibTeX entry", "BibTeX 引用"}, cmdCite},
		{"export", "/export", msg{"your reading list as BibTeX and JSON", "导出阅读清单（BibTeX 与 JSON）"}, cmdExport},
		{"subscribe", "/subscribe [HH:MM] [ZONE] [weekdays|mon…sun] [topic T] [restart]", msg{"a daily paper", "订阅每日论文"}, cmdSubscribe},
		{"unsubscribe", "/unsubscribe", msg{"stop the daily paper", "取消订阅"}, cmdUnsubscribe},
		{"follow", "/follow QUERY | author NAME", msg{"hear of new papers on a search or by an author", "关注某个搜索或作者的新论文"}, cmdFollow},
		{"following", "/following", msg{"what you follow", "你的关注"}, cmdFollowing},
		{"unfollow", "/unfollow N", msg{"stop following one", "取消一项关注"}, cmdUnfollow},
		{"settings", "/settings", msg{"your settings", "你的设置"}, cmdSettings},
		{"lang", "/lang en|zh", msg{"language / 语言", "语言 / language"}, cmdLang},
		{"help", "/help", msg{"this list", "本帮助"}, cmdHelp},
		{"start", "/start", msg{"introduction", "简介"}, cmdStart},
		{"more", "/more QUERY OFFSET", msg{"the next page of a search", "搜索结果下一页"}, cmdMore},
	}
	m := make(map[string]*command, len(list))
	order := make([]string, 0, len(list))
	for _, c := range list {
		m[c.name] = c
		order = append(order, c.name)
	}
	return m, order
}

// Commands returns the names and one-line descriptions of the commands in
// lang, for platform command menus.
func (b *Bot) Commands(lang string) [][2]string {
	var out [][2]string
	for _, n := range b.order {
		c := b.cmds[n]
		d := c.help.en
		if lang == Chinese {
			d = c.help.zh
		}
		out = append(out, [2]string{n, d})
	}
	return out
}

func cmdStart(c *call, out *Reply) error {
	out.Intro = c.t("intro", len(c.set.Papers))
	return cmdHelpInto(c, out)
}

func cmdHelp(c *call, out *Reply) error { return cmdHelpInto(c, out) }

func cmdHelpInto(c *call, out *Reply) error {
	var b strings.Builder
	b.WriteString(c.t("help.title") + "\n")
	for _, n := range c.bot.order {
		if n == "more" {
			continue
		}
		cmd := c.bot.cmds[n]
		d := cmd.help.en
		if c.lang == Chinese {
			d = cmd.help.zh
		}
		fmt.Fprintf(&b, "%s — %s\n", cmd.usage, d)
	}
	out.Pre = strings.TrimRight(b.String(), "\n")
	out.Outro = c.t("help.zone") + "\n" + c.t("help.footer")
	return nil
}

func cmdLang(c *call, out *Reply) error {
	if len(c.cmd.Args) == 0 {
		return c.fail("lang.need")
	}
	l := langFromHint(c.cmd.Args[0])
	switch strings.ToLower(c.cmd.Args[0]) {
	case "中文", "汉语", "chinese", "cn":
		l = Chinese
	case "english", "英文", "英语":
		l = English
	}
	if l == "" {
		return c.fail("lang.need")
	}
	c.r.Lang, c.lang, out.Lang = l, l, l
	out.Intro = c.t("lang.ok")
	return nil
}

func cmdSettings(c *call, out *Reply) error {
	lines := []string{c.t("settings"), c.t("settings.lang")}
	if s := c.r.Sub; s.On {
		lines = append(lines, c.t("settings.sub", c.frequencyText(s.Frequency), s.Time, s.Zone))
		if s.Topic != "" {
			lines = append(lines, c.t("sub.topic", c.topicName(s.Topic)))
		}
	} else {
		lines = append(lines, c.t("settings.nosub"))
	}
	if c.r.Path != "" {
		lines = append(lines, c.t("settings.path", c.topicName(c.r.Path)))
	}
	if n := len(c.r.Follows); n > 0 {
		lines = append(lines, c.t("settings.follows", n))
	}
	out.Intro = strings.Join(lines, "\n")
	return nil
}

func (c *call) topicName(id string) string {
	if tp := c.set.Topic(id); tp != nil {
		return tp.Name.In(c.lang)
	}
	return id
}
