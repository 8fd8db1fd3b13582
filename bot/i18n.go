package bot

import (
	"fmt"
	"strings"
	"unicode"
)

// Languages the bot speaks.
const (
	English = "en"
	Chinese = "zh"
)

// msg is one message in both languages, as a fmt format.
type msg struct{ en, zh string }

// t formats message key in lang. Every key exists in both languages; a
// test checks that the verbs of the two agree.
func t(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	f := m.en
	if lang == Chinese {
		f = m.zh
	}
	if len(args) == 0 {
		return strings.ReplaceAll(f, "%%", "%")
	}
	return fmt.Sprintf(f, args...)
}

// langFromHint maps a platform language code ("zh-hans", "zh_CN", "en-US")
// to a language the bot speaks, or "" when it speaks no match.
func langFromHint(hint string) string {
	h := strings.ToLower(hint)
	switch {
	case strings.HasPrefix(h, "zh"):
		return Chinese
	case strings.HasPrefix(h, "en"):
		return English
	}
	return ""
}

// hasHan reports whether s contains Chinese characters.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

var messages = map[string]msg{
	"intro": {
		"Hi! I recommend papers on self-supervised learning for computer vision: %d papers, from jigsaw puzzles and rotation to MoCo, SimCLR, MAE and DINOv2.\nTry /paper contrastive, or just type what you are looking for.",
		"你好！我推荐计算机视觉自监督学习方向的论文：共 %d 篇，从拼图、旋转预测到 MoCo、SimCLR、MAE 和 DINOv2。\n试试 /paper 对比学习，或直接输入你想找的内容。"},
	"help.title":       {"Commands:", "命令："},
	"help.footer":      {"Paper references take an id (mocov2), an arXiv id (2003.04297) or a title. /lang zh 切换到中文。", "论文可以用编号（mocov2）、arXiv 编号（2003.04297）或标题指定。/lang en switches to English."},
	"results":          {"Top papers for “%s”:", "“%s”的推荐论文："},
	"results.more":     {"More for “%s” (from %d):", "“%s”的更多结果（第 %d 篇起）："},
	"bestnext":         {"Picked for you:", "为你挑选："},
	"nothing":          {"The set has nothing on “%s”. It covers self-supervised learning for computer vision: /topics lists what is in it, or try a method (MoCo, MAE) or an author.", "论文集中没有关于“%s”的论文。这里收录的是计算机视觉自监督学习方向的论文：/topics 列出全部主题，也可以试试方法名（MoCo、MAE）或作者。"},
	"broad":            {"Every paper here is about “%s”. Name a method (MoCo, MAE), a topic (/topics) or an author to narrow it down.", "这里的每篇论文都与“%s”有关。请给出方法名（MoCo、MAE）、主题（/topics）或作者来缩小范围。"},
	"arxiv.missing":    {"arXiv:%s is not in the set yet. Papers come in from arXiv through intake; /paper contrastive searches what is here.", "arXiv:%s 还不在论文集中。新论文会通过 arXiv 收录进来；/paper 对比学习 可以搜索已有的论文。"},
	"after":            {"Papers that build on %s, nearest first:", "基于 %s 的后续工作，由近及远："},
	"after.more":       {"More papers that build on %s (from %d):", "基于 %s 的更多后续工作（第 %d 篇起）："},
	"after.none":       {"Nothing in the set builds on %s yet.", "论文集中还没有基于 %s 的工作。"},
	"before":           {"What %s builds on, nearest first:", "%s 所基于的工作，由近及远："},
	"before.more":      {"More of what %s builds on (from %d):", "%s 所基于的更多工作（第 %d 篇起）："},
	"before.none":      {"%s builds on no other paper in the set.", "%s 没有基于论文集中的其他论文。"},
	"withwords":        {"%s, matching “%s”", "%s（与“%s”相关）"},
	"nomore":           {"No more results for “%s”.", "“%s”没有更多结果了。"},
	"didyoumean":       {"Did you mean: %s?", "你是不是要找：%s？"},
	"notfound":         {"No paper matches “%s”.", "没有与“%s”对应的论文。"},
	"needpaper":        {"Which paper? Give an id, an arXiv id or a title, e.g. /%s mocov2", "哪一篇？请给出编号、arXiv 编号或标题，例如 /%s mocov2"},
	"needquery":        {"Type what you are looking for after /paper, e.g. /paper contrastive", "请在 /paper 后输入要找的内容，例如 /paper 对比学习"},
	"read.ok":          {"Marked as read ✓ %s", "已标记为已读 ✓ %s"},
	"read.already":     {"Already marked as read ✓ %s", "已经标记为已读 ✓ %s"},
	"unread.ok":        {"Marked as unread: %s", "已标记为未读：%s"},
	"unread.not":       {"%s was not marked as read.", "%s 本来就未标记为已读。"},
	"save.ok":          {"Saved ★ %s", "已收藏 ★ %s"},
	"save.already":     {"Already saved ★ %s", "已经收藏过 ★ %s"},
	"unsave.ok":        {"Removed from saved: %s", "已取消收藏：%s"},
	"unsave.not":       {"%s was not saved.", "%s 本来就不在收藏中。"},
	"dismiss.ok":       {"Got it: you will not see %s again.", "明白了：不会再向你推荐 %s。"},
	"toast.read":       {"Marked as read ✓", "已标记为已读 ✓"},
	"toast.unread":     {"Marked as unread", "已标记为未读"},
	"toast.save":       {"Saved ★", "已收藏 ★"},
	"toast.unsave":     {"Removed from saved", "已取消收藏"},
	"toast.dismiss":    {"Hidden: you will not see it again", "已隐藏，不会再推荐"},
	"toast.stale":      {"This button is no longer valid; nothing changed.", "这个按钮已失效，没有做任何更改。"},
	"saved":            {"Your saved papers (%d):", "你的收藏（%d 篇）："},
	"saved.none":       {"Nothing saved yet. Tap Save under a paper, or /save mocov2.", "还没有收藏。点论文下面的“收藏”，或发送 /save mocov2。"},
	"history":          {"What you have read, newest first (%d):", "你读过的论文，最新在前（%d 篇）："},
	"history.none":     {"Nothing marked as read yet. Tap Read under a paper, or /read mocov2.", "还没有已读的论文。点论文下面的“已读”，或发送 /read mocov2。"},
	"progress":         {"You have read %d of %d papers (%d%%).", "你已读 %d / %d 篇（%d%%）。"},
	"progress.bytopic": {"By topic:", "按主题："},
	"progress.saved":   {"Saved: %d · dismissed: %d", "收藏：%d · 不感兴趣：%d"},
	"progress.streak":  {"🔥 %d-day reading streak", "🔥 连续阅读 %d 天"},
	"topics":           {"Topics (papers read / in topic). Send /path TOPIC for a reading path:", "主题（已读 / 总数）。发送 /path 主题 查看阅读路径："},
	"path":             {"Reading path: %s (%d of %d read). ✓ marks what you read.", "阅读路径：%s（已读 %d / %d）。✓ 表示已读。"},
	"path.need":        {"Which topic? e.g. /path contrastive. /topics lists them.", "哪个主题？例如 /path 对比学习。/topics 列出全部主题。"},
	"topic.unknown":    {"No topic “%s”. /topics lists them.", "没有“%s”这个主题。/topics 列出全部主题。"},
	"today":            {"Paper of the day, %s:", "今日论文（%s）："},
	"random":           {"A random paper you have not read:", "随机一篇你还没读过的论文："},
	"random.none":      {"You have read everything. Impressive!", "你已经全部读完了，厉害！"},
	"next":             {"Next on your reading path (%s):", "你的阅读路径（%s）的下一篇："},
	"next.done":        {"You have read every paper on the %s path. /topics for another.", "“%s”路径上的论文你都读完了。/topics 换一个主题。"},
	"similar":          {"Papers like %s:", "与 %s 相似的论文："},
	"compare.need":     {"Compare two papers: /compare mocov2 simclr", "比较两篇论文：/compare mocov2 simclr"},
	"compare":          {"%s vs %s:", "%s 与 %s 对比："},
	"leaderboard":      {"ImageNet linear evaluation, ResNet-50, top-1 (%%). ✓ = you read it.", "ImageNet 线性评估，ResNet-50，top-1（%%）。✓ 表示已读。"},
	"leaderboard.refs": {"For reference:", "参考："},
	"cite":             {"BibTeX for %s:", "%s 的 BibTeX："},
	"export":           {"Your reading list (%d read, %d saved) as BibTeX and JSON:", "你的阅读清单（已读 %d 篇，收藏 %d 篇），BibTeX 与 JSON 格式："},
	"export.none":      {"Nothing to export yet: read or save a paper first.", "还没有可导出的内容：先标记已读或收藏一篇论文。"},
	"sub.ok":           {"Subscribed: a paper %s at %s (%s).", "已订阅：%s %s（%s）推送一篇论文。"},
	"sub.topic":        {"Picks stay within %s.", "推荐限定在“%s”主题内。"},
	"sub.badtime":      {"“%s” is not a time. Use HH:MM, 24-hour, e.g. /subscribe 08:30 Asia/Shanghai", "“%s”不是有效时间。请用 24 小时制 HH:MM，例如 /subscribe 08:30 Asia/Shanghai"},
	"sub.badzone":      {"“%s” is not a time zone. Use a name like Asia/Shanghai or Europe/Berlin, or an offset like UTC+8.", "“%s”不是有效时区。请用 Asia/Shanghai、Europe/Berlin 这样的名称，或 UTC+8 这样的偏移。"},
	"sub.badword":      {"I did not understand “%s”. Try /subscribe 08:30 Asia/Shanghai weekdays", "无法理解“%s”。试试 /subscribe 08:30 Asia/Shanghai weekdays"},
	"sub.notyours":     {"Someone else set up this chat's daily paper; only a chat admin can change it.", "本群的每日论文由其他成员设置，只有群管理员可以修改。"},
	"unsub.ok":         {"Unsubscribed. /subscribe brings the daily paper back.", "已取消订阅。发送 /subscribe 可重新订阅。"},
	"unsub.not":        {"You were not subscribed.", "你还没有订阅。"},
	"settings":         {"Your settings:", "你的设置："},
	"settings.lang":    {"Language: English (/lang zh 切换到中文)", "语言：中文（/lang en switches to English）"},
	"settings.sub":     {"Daily paper: %s at %s (%s)", "每日论文：%s %s（%s）"},
	"settings.nosub":   {"Daily paper: off (/subscribe 08:30 Asia/Shanghai)", "每日论文：未订阅（/subscribe 08:30 Asia/Shanghai）"},
	"settings.path":    {"Reading path: %s", "阅读路径：%s"},
	"lang.ok":          {"Language set to English.", "语言已设为中文。"},
	"lang.need":        {"Choose a language: /lang en or /lang zh", "请选择语言：/lang en 或 /lang zh"},
	"unknown":          {"Unknown command /%s. Did you mean /%s?", "未知命令 /%s。你是不是想用 /%s？"},
	"sorry":            {"Sorry, something went wrong on my side. Please try again in a moment.", "抱歉，我这边出了点问题，请稍后再试。"},
	"applied":          {"Done: paperbot restarted before it could answer, but your command had already gone through.", "已完成：机器人在回复前重启了，但你的命令已经执行。"},
	"unknown.none":     {"Unknown command /%s. /help lists the commands.", "未知命令 /%s。/help 列出全部命令。"},
	"freq.daily":       {"every day", "每天"},
	"freq.weekdays":    {"on weekdays", "每个工作日"},
	"freq.weekly":      {"every %s", "每%s"},
	"btn.read":         {"Read", "已读"},
	"btn.unread":       {"✓ Read", "✓ 已读"},
	"btn.save":         {"Save", "收藏"},
	"btn.unsave":       {"★ Saved", "★ 已收藏"},
	"btn.similar":      {"Similar", "相似"},
	"btn.dismiss":      {"Not interested", "不感兴趣"},
	"btn.more":         {"More ▸", "更多 ▸"},
	"field.authors":    {"Authors", "作者"},
	"field.venue":      {"Published", "发表"},
	"field.topics":     {"Topics", "主题"},
	"field.imagenet":   {"ImageNet top-1 (ResNet-50, linear)", "ImageNet top-1（ResNet-50，线性评估）"},
	"field.reported":   {"Also reported", "其他结果"},
	"field.buildson":   {"Builds on", "基于"},
	"field.builtby":    {"Built upon by", "后续工作"},
	"field.status":     {"Your status", "你的状态"},
	"field.summary":    {"Summary", "简介"},
	"field.links":      {"Links", "链接"},
	"field.id":         {"Id", "编号"},
	"status.read":      {"read on %s", "%s 已读"},
	"status.saved":     {"saved", "已收藏"},
	"status.unread":    {"not read yet", "未读"},
	"status.dismissed": {"marked not interested", "已标记不感兴趣"},
	"source":           {"source: %s", "来源：%s"},
}

var weekdayNames = map[string]msg{
	"mon": {"Monday", "周一"}, "tue": {"Tuesday", "周二"}, "wed": {"Wednesday", "周三"},
	"thu": {"Thursday", "周四"}, "fri": {"Friday", "周五"}, "sat": {"Saturday", "周六"}, "sun": {"Sunday", "周日"},
}
