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

// t formats message key in lang: the one lookup of every text a reader
// sees, all of them in messages. Every key exists in both languages; a
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

// Notes an adapter adds to a reply itself, in the reader's language
// (Note): where the platform put the files, or why it refused them.
const (
	NoteFilesInDM     = "note.files.dm"        // the files went to the reader's direct messages
	NoteSlackScope    = "note.slack.scope"     // Slack refused an upload: the app lacks files:write
	NoteFilesWritten  = "note.files.written"   // args: the paths of the files written
	NoteFilesNotSaved = "note.files.unwritten" // args: why the files could not be written
)

// Note is one of the Note messages in lang (Reply.Lang), formatted with
// args.
func Note(lang, key string, args ...any) string { return t(lang, key, args...) }

// Text is message key in lang ("en" or "zh"), for the few words adapters
// say on their own (a busy notice, a hint on Slack's App Home), so that
// every text a reader sees lives in one table.
func Text(lang, key string, args ...any) string { return t(lang, key, args...) }

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
	"help.zone":        {"ZONE is a name such as Asia/Shanghai, or an offset from UTC with its sign: UTC+8, UTC-05:30, or +08:00 (two-digit hours when UTC is left out).", "时区（ZONE）可以是 Asia/Shanghai 这样的名称，或带正负号的 UTC 偏移：UTC+8、UTC-05:30，或 +08:00（省略 UTC 时小时写两位）。"},
	"help.footer":      {"Paper references take an id (mocov2), an arXiv id (2003.04297) or a title. /lang zh 切换到中文。", "论文可以用编号（mocov2）、arXiv 编号（2003.04297）或标题指定。/lang en switches to English."},
	"results":          {"Top papers for “%s”:", "“%s”的推荐论文："},
	"results.more":     {"More for “%s” (from %d):", "“%s”的更多结果（第 %d 篇起）："},
	"bestnext":         {"Picked for you:", "为你挑选："},
	"pick.saved":       {"You saved it on %s and have not read it yet.", "你在 %s 收藏了它，还没有读。"},
	"pick.builds":      {"It builds on %s, which you read (%s path).", "它基于你读过的 %s（%s路径）。"},
	"pick.after":       {"Next on the %s path after %s.", "“%s”路径上 %s 之后的下一篇。"},
	"pick.path":        {"Next on the %s path.", "“%s”路径上的下一篇。"},
	"pick.start":       {"Where the %s path starts.", "“%s”路径的第一篇。"},
	"path.all":         {"whole reading list", "整个阅读清单"},
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
	"progress.tax":     {"Topics follow the original reading list, where instance discrimination (MoCo, SimCLR) sits under pretext tasks: a paper counts in each of its topics.", "主题沿用最初阅读清单的分类：实例判别（MoCo、SimCLR）归在代理任务之下，一篇论文计入它所属的每个主题。"},
	"progress.saved":   {"Saved: %d · dismissed: %d", "收藏：%d · 不感兴趣：%d"},
	"progress.streak":  {"🔥 %d-day reading streak", "🔥 连续阅读 %d 天"},
	"topics":           {"Topics (papers read / in topic). Send /path TOPIC for a reading path:", "主题（已读 / 总数）。发送 /path 主题 查看阅读路径："},
	"path":             {"Reading path: %s, the core (%d of %d read), in the order each builds on the last. ✓ marks what you read; /next follows it.", "阅读路径：%s 的主线（已读 %d / %d），按前后承接的顺序排列。✓ 表示已读；/next 会沿着它推荐。"},
	"path.whole":       {"Reading path: %s (%d of %d read), in the order each builds on the last. ✓ marks what you read; /next follows it.", "阅读路径：%s（已读 %d / %d），按前后承接的顺序排列。✓ 表示已读；/next 会沿着它推荐。"},
	"path.branches":    {"Branches:", "分支："},
	"path.branchline":  {"• %s (%d) — /path %s %s", "• %s（%d 篇）— /path %s %s"},
	"path.branch":      {"Reading path: %s › %s (%d of %d read).", "阅读路径：%s › %s（已读 %d / %d）。"},
	"path.rest":        {"more on %s", "%s 的其他论文"},
	"path.back":        {"The core: /path %s", "主线：/path %s"},
	"path.nobranch":    {"%s has no branch “%s”. /path with the topic alone lists its branches.", "%s 没有“%s”分支。只写主题的 /path 会列出它的分支。"},
	"path.need":        {"Which topic? e.g. /path contrastive. /topics lists them.", "哪个主题？例如 /path 对比学习。/topics 列出全部主题。"},
	"topic.unknown":    {"No topic “%s”. /topics lists them.", "没有“%s”这个主题。/topics 列出全部主题。"},
	"today":            {"Paper of the day, %s:", "今日论文（%s）："},
	"random":           {"A random paper you have not read:", "随机一篇你还没读过的论文："},
	"random.none":      {"You have read everything. Impressive!", "你已经全部读完了，厉害！"},
	"next":             {"Next for you:", "你的下一篇："},
	"next.done":        {"You have read every paper on the %s path. /topics for another.", "“%s”路径上的论文你都读完了。/topics 换一个主题。"},
	"similar":          {"Papers like %s:", "与 %s 相似的论文："},
	"compare.need":     {"Compare two papers: /compare mocov2 simclr", "比较两篇论文：/compare mocov2 simclr"},
	"compare":          {"%s vs %s:", "%s 与 %s 对比："},
	"leaderboard":      {"ImageNet-1k top-1 (%%), %s, best first, with the protocol of each number. ✓ = you read it.", "ImageNet-1k top-1（%%），%s，从高到低，并列出每个数字的实验设置。✓ 表示已读。"},
	"leaderboard.refs": {"For reference:", "参考："},
	"cite":             {"BibTeX for %s:", "%s 的 BibTeX："},
	"export":           {"Your reading list (%d read, %d saved): %d papers in two files, %s (BibTeX) and %s.", "你的阅读清单（已读 %d 篇，收藏 %d 篇）：共 %d 篇，见两个文件：%s（BibTeX）和 %s。"},
	"export.none":      {"Nothing to export yet: read or save a paper first.", "还没有可导出的内容：先标记已读或收藏一篇论文。"},
	"sub.ok":           {"Subscribed: a paper %s at %s (%s).", "已订阅：%s %s（%s）推送一篇论文。"},
	"sub.topic":        {"Picks stay within %s.", "推荐限定在“%s”主题内。"},
	"sub.badtime":      {"“%s” is not a time. Use HH:MM, 24-hour, e.g. /subscribe 08:30 Asia/Shanghai", "“%s”不是有效时间。请用 24 小时制 HH:MM，例如 /subscribe 08:30 Asia/Shanghai"},
	"sub.badzone":      {"“%s” is not a time zone. Use a name such as Asia/Shanghai, or an offset from UTC with its sign: UTC+8, UTC-05:30, +08:00.", "“%s”不是有效时区。请用 Asia/Shanghai 这样的名称，或带正负号的 UTC 偏移：UTC+8、UTC-05:30、+08:00。"},
	"sub.two.time":     {"Two times: “%s” and “%s”. Give one, e.g. /subscribe 08:30", "给了两个时间：“%s”和“%s”。请只给一个，例如 /subscribe 08:30"},
	"sub.two.zone":     {"Two time zones: “%s” and “%s”. Give one, e.g. /subscribe 08:30 Asia/Shanghai", "给了两个时区：“%s”和“%s”。请只给一个，例如 /subscribe 08:30 Asia/Shanghai"},
	"sub.two.freq":     {"Two schedules: “%s” and “%s”. Give one: daily, weekdays, or a day such as mon", "给了两个推送频率：“%s”和“%s”。请只给一个：daily（每天）、weekdays（工作日）或某一天，例如 mon"},
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
	"blank":            {"I didn't catch that — /help", "没看清你发的内容 — /help"},
	"toolong":          {"That message is too long for me to read; please send a shorter one.", "这条消息太长，我读不了；请发短一些的消息。"},
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
	"field.method":     {"Method", "方法"},
	"field.backbone":   {"Backbone", "骨干网络"},
	"field.epochs":     {"Epochs", "轮数"},
	"field.batch":      {"Batch", "批大小"},
	"field.crops":      {"Multi-crop", "多裁剪"},
	"field.negatives":  {"Negatives from", "负样本来源"},
	"field.momentum":   {"Momentum encoder", "动量编码器"},
	"field.predictor":  {"Predictor", "预测头"},
	"field.stopgrad":   {"Stop-gradient", "停止梯度"},
	"field.clustering": {"Clustering", "聚类"},
	"field.masking":    {"Masking", "掩码"},
	"field.target":     {"Target", "预测目标"},
	"yes":              {"yes", "是"},
	"no":               {"no", "否"},
	"val.batch":        {"the batch", "同批次样本"},
	"val.queue":        {"a queue", "队列"},
	"val.memory-bank":  {"a memory bank", "记忆库"},
	"val.none":         {"none", "无"},
	"val.pixels":       {"pixels", "像素"},
	"val.tokens":       {"tokens", "离散词元"},
	"val.features":     {"features", "特征"},
	"val.views":        {"another view", "另一视图"},
	"eval.linear":      {"linear evaluation", "线性评估"},
	"eval.knn":         {"k-NN", "k 近邻"},
	"eval.attentive":   {"attentive probe", "注意力探针"},
	"eval.finetune":    {"fine-tuning", "微调"},
	"eval.semi-1%":     {"1%% labels", "1%% 标签"},
	"eval.semi-10%":    {"10%% labels", "10%% 标签"},
	"lb.filter":        {"I don't know the filter “%s”. Try /leaderboard vit, /leaderboard finetune, /leaderboard 200ep or /leaderboard knn.", "不认识筛选条件“%s”。试试 /leaderboard vit、/leaderboard finetune、/leaderboard 200ep 或 /leaderboard knn。"},
	"lb.none":          {"The set has no numbers for %s with that filter.", "论文集中没有符合该筛选条件的%s结果。"},
	"lb.unknown":       {"— = protocol not recorded.", "— 表示实验设置未记录。"},
	"lb.filters":       {"Filters: vit, resnet, linear, knn, finetune, semi, 200ep (combine them: /leaderboard vit knn).", "筛选：vit、resnet、linear、knn、finetune、semi、200ep（可组合：/leaderboard vit knn）。"},
	"cmp.self":         {"That is the same paper twice. Compare it with another: /compare %s simclr", "这是同一篇论文。换一篇来比较：/compare %s simclr"},
	"cmp.same":         {"%s, %s, %d epochs: %s %.1f vs %s %.1f", "%s，%s，%d 轮：%s %.1f 对 %s %.1f"},
	"cmp.notcomp":      {"Numbers: not comparable: %s.", "结果：不可直接比较：%s。"},
	"cmp.nonumbers":    {"Numbers: the set records no ImageNet number for one of them.", "结果：论文集没有记录其中一篇的 ImageNet 结果。"},
	"cmp.diff":         {"%s vs %s", "%s 对 %s"},
	"cmp.epochs":       {"%d vs %d epochs", "%d 轮对 %d 轮"},
	"cmp.noepochs":     {"the number of epochs of %s is not recorded", "%s 的训练轮数未记录"},
	"cmp.ep":           {"%d epochs", "%d 轮"},
	"cmp.noep":         {"epochs not recorded", "训练轮数未记录"},
	"field.numbers":    {"ImageNet-1k top-1", "ImageNet-1k top-1"},
	"proto.batch":      {"batch %d", "批大小 %d"},
	"proto.crops":      {"multi-crop", "多裁剪"},
	"proto.nocrops":    {"no multi-crop", "无多裁剪"},
	"proto.none":       {"protocol not recorded", "实验设置未记录"},
	"cmp.numbers":      {"Measured under the same protocol:", "相同实验设置下的结果："},
	"status.read":      {"read on %s", "%s 已读"},
	"status.saved":     {"saved", "已收藏"},
	"status.unread":    {"not read yet", "未读"},
	"status.dismissed": {"marked not interested", "已标记不感兴趣"},
	"source":           {"source: %s", "来源：%s"},
	// /export's text fallback, and the notes adapters add (Note).
	"export.text":          {"The files could not be sent here, so here is your reading list (%d read, %d saved) as BibTeX:", "这里无法发送文件，以下是你的阅读清单（已读 %d 篇，收藏 %d 篇）的 BibTeX："},
	"export.partial":       {"The files could not be sent here, so here are the first %d of your %d papers as BibTeX:", "这里无法发送文件，以下是前 %d 篇（共 %d 篇）论文的 BibTeX："},
	"export.rest":          {"%d more not shown: %s. /cite ID gives any one of them.", "另有 %d 篇未显示：%s。发送 /cite 编号 可获取其中任意一篇。"},
	"note.files.dm":        {"The files are in your direct messages with the bot.", "文件已发到你与机器人的私信中。"},
	"note.files.written":   {"Written: %s", "已写入：%s"},
	"note.files.unwritten": {"The files could not be written (%s).", "无法写入文件（%s）。"},
	"note.slack.scope":     {"This workspace's app may not upload files (it lacks the files:write permission); ask whoever runs paperbot to add it.", "此工作区的应用没有上传文件的权限（缺少 files:write），请联系 paperbot 的管理者添加。"},

	// The daily paper.
	"digest.today":          {"Your paper of the day, %s:", "今日论文（%s）："},
	"digest.pick":           {"Your paper for %s, picked for you:", "为你挑选的论文（%s）："},
	"digest.progress":       {"%d of %d read", "已读 %d / %d 篇"},
	"digest.progress.topic": {"%d of %d read in %s", "已读 %d / %d 篇（%s）"},
	"digest.streak":         {"🔥 %d-day streak", "🔥 连续阅读 %d 天"},
	"digest.allread":        {"🎉 You have read all %d papers. Congratulations!", "🎉 %d 篇论文你全部读完了，恭喜！"},
	"digest.allread.topic":  {"🎉 You have read all %d papers in %s. Congratulations!", "🎉 %d 篇“%s”论文你全部读完了，恭喜！"},
	"digest.allsent":        {"You have been sent every paper: %d of %d read. /random finds one you have not read.", "所有论文都已推送给你：已读 %d / %d 篇。/random 找一篇还没读的。"},
	"digest.allsent.topic":  {"You have been sent every paper in %s: %d of %d read. /random finds one you have not read.", "“%s”的论文都已推送给你：已读 %d / %d 篇。/random 找一篇还没读的。"},
	"digest.restart.hint":   {"Send /subscribe restart to start a new round from the beginning, or /subscribe topic T for another topic.", "发送 /subscribe restart（或 /subscribe 重新开始）从头开始新一轮，或用 /subscribe topic 主题 换一个主题。"},
	"digest.restarted":      {"New round: the daily paper starts over, papers you read before included.", "新一轮开始：每日论文从头推送，包括以前读过的。"},

	// Admin commands.
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

	// Words the adapters say on their own (Text).
	"busy":      {"paperbot is busy right now; please try again in a moment.", "机器人正忙，请稍后再试。"},
	"home.hint": {"Type `/paper` and a search or a command anywhere in Slack; `/paper help` lists them.", "在 Slack 任意位置输入 `/paper` 加搜索词或命令；`/paper help` 列出全部命令。"},

	// /map and the pictures; "pic." strings are drawn in the pictures:
	// after changing one, run scripts/fonts.sh (TestPictureGlyphs says so)
	"map.topic":    {"Lineage of %s: %d papers, %d–%d, %d of them read. An arrow points from a paper to one that builds on it.", "%s的传承图：%d 篇论文（%d–%d），你读过其中 %d 篇。箭头从一篇论文指向基于它的论文。"},
	"map.all":      {"Lineage of the whole set: %d papers, %d–%d, %d of them read. An arrow points from a paper to one that builds on it.", "全部论文的传承图：%d 篇（%d–%d），你读过其中 %d 篇。箭头从一篇论文指向基于它的论文。"},
	"map.paper":    {"Lineage of %s: what it builds on and what builds on it, two steps each way (%d papers, %d read).", "%s 的传承图：它所基于的工作和基于它的工作，前后各两代（%d 篇，你读过 %d 篇）。"},
	"map.single":   {"%s has no links in the set yet: it builds on no paper here, and none builds on it.", "%s 在论文集中还没有传承关系：它不基于这里的其他论文，也还没有论文基于它。"},
	"map.text":     {"As text, each paper → the papers that build on it (✓ read, ★ saved):", "文字版，每行：一篇论文 → 基于它的论文（✓ 已读，★ 已收藏）："},
	"map.alone":    {"Not linked to the others: %s", "与其他论文没有传承关系：%s"},
	"map.more":     {"Another map: /map TOPIC or /map ID, e.g. /map contrastive, /map mocov2.", "换一张图：/map 主题 或 /map 论文编号，例如 /map 对比学习、/map mocov2。"},
	"map.empty":    {"No papers are filed under %s yet, so there is nothing to map. /topics lists the topics with their papers.", "“%s”下还没有论文，画不出传承图。/topics 列出各主题及其论文数。"},
	"map.unknown":  {"No topic or paper “%s” to map. Try /map contrastive or /map mocov2; /topics lists the topics.", "没有叫“%s”的主题或论文。试试 /map 对比学习 或 /map mocov2；/topics 列出全部主题。"},
	"pic.failed":   {"(The picture could not be drawn this time; the text says the same.)", "（这次没能画出图片；上面的文字包含同样的内容。）"},
	"pic.maptopic": {"Lineage: %s", "传承图：%s"},
	"pic.mapall":   {"Lineage of all %d papers", "全部 %d 篇论文的传承图"},
	"pic.mappaper": {"Lineage of %s, two steps each way", "%s 的传承图（前后各两代）"},
	"pic.read":     {"read", "已读"},
	"pic.saved":    {"saved", "已收藏"},
	"pic.unread":   {"not read", "未读"},
	"pic.today":    {"paper of the day", "今日论文"},
	"pic.focus":    {"this paper", "本篇"},
	"pic.arrow":    {"A → B: B builds on A", "A → B：B 基于 A"},
	"pic.progress": {"%d of %d papers read (%d%%)", "已读 %d / %d 篇（%d%%）"},
	"pic.weeks":    {"Papers marked read, last %d weeks", "最近 %d 周标记已读的论文"},
	"pic.date":     {"Jan 2", "1月2日"},
	"pic.mon":      {"Mon", "周一"},
	"pic.wed":      {"Wed", "周三"},
	"pic.fri":      {"Fri", "周五"},
	"pic.fewer":    {"fewer", "少"},
	"pic.more":     {"more", "多"},
}

var weekdayNames = map[string]msg{
	"mon": {"Monday", "周一"}, "tue": {"Tuesday", "周二"}, "wed": {"Wednesday", "周三"},
	"thu": {"Thursday", "周四"}, "fri": {"Friday", "周五"}, "sat": {"Saturday", "周六"}, "sun": {"Sunday", "周日"},
}
