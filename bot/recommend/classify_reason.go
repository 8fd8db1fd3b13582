package recommend

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperbot/paperbot/data"
)

// Topic selection: a topic must score at least minTopic, and the topics
// after the first at least topicShare of the first.
const (
	minTopic   = 0.35
	topicShare = 0.5
	maxTopics  = 3
)

// topicsOf places the candidate in the taxonomy: by the topic phrases and
// cues it uses and the topics of the papers it builds on or compares with.
// When nothing points anywhere but the candidate is in, the papers of the
// set closest to its text decide.
func (m *classifier) topicsOf(e *Engine, sc *clsScratch, c Candidate, score float64) []string {
	ts := sc.topic
	for _, p := range m.named(sc) {
		if p.ctx == ctxTool || p.ctx == ctxFrozen {
			continue
		}
		w := 0.8
		if p.ctx == ctxNeutral {
			w = 0.5
		}
		for j, id := range m.set.Papers[p.doc].Topics {
			if i, ok := m.topicPos[id]; ok {
				if j == 0 {
					ts[i] += w
				} else {
					ts[i] += 0.4 * w
				}
			}
		}
	}
	if i, ok := m.topicPos["analysis"]; ok && questionTitle(c.Title) {
		ts[i] += 1.5 // "Do self-supervised vision transformers agree?"
	}
	order := make([]int, 0, len(ts))
	for i := range ts {
		ts[i] *= m.topicMul[i]
		if ts[i] >= minTopic {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case ts[a] > ts[b]:
			return -1
		case ts[a] < ts[b]:
			return 1
		}
		return a - b
	})
	var out []string
	for _, i := range order {
		if len(out) == maxTopics || ts[i] < topicShare*ts[order[0]] {
			break
		}
		out = append(out, m.set.Topics[i].ID)
	}
	if len(out) == 0 && score >= 0.5 {
		for _, h := range e.Search(c.Title+". "+c.Abstract, 3) {
			if len(h.Paper.Topics) > 0 {
				out = append(out, h.Paper.Topics[0])
				break
			}
		}
	}
	if len(out) == 0 && score >= 0.5 {
		out = append(out, "analysis")
	}
	return out
}

// buildsOn lists the named papers: those built on first, then those
// compared with, those just named, and those used as tools.
func (m *classifier) buildsOn(sc *clsScratch) []string {
	ps := slices.Clone(m.named(sc))
	slices.SortStableFunc(ps, func(a, b namedPaper) int {
		if ra, rb := ctxRankOut(a.ctx), ctxRankOut(b.ctx); ra != rb {
			return rb - ra
		}
		return a.first - b.first
	})
	var out []string
	for _, p := range ps {
		if len(out) == maxBuildsOn {
			break
		}
		out = append(out, m.set.Papers[p.doc].ID)
	}
	return out
}

// ctxRankOut orders named papers for BuildsOn: a paper used as a tool comes
// after one merely named.
func ctxRankOut(c nameCtx) int {
	switch c {
	case ctxBuild:
		return 3
	case ctxCompare:
		return 2
	case ctxNeutral:
		return 1
	case ctxTool:
		return 0
	}
	return -1
}

// Phrases of reasons, in English and Chinese.
var (
	modalityText = map[feat]data.Text{
		fxSpeech:  {EN: "speech and audio", ZH: "语音与音频"},
		fxText:    {EN: "natural language", ZH: "自然语言"},
		fxGraph:   {EN: "graphs", ZH: "图数据"},
		fxSeries:  {EN: "time series and sensor signals", ZH: "时间序列与传感器信号"},
		fxTabular: {EN: "tabular data", ZH: "表格数据"},
		fxRecsys:  {EN: "recommendation", ZH: "推荐系统"},
		fxBio:     {EN: "molecules and proteins", ZH: "分子与蛋白质"},
		fxCode:    {EN: "source code", ZH: "源代码"},
	}
	domainText = map[feat]data.Text{
		fxMed:    {EN: "medical imaging", ZH: "医学影像"},
		fxRemote: {EN: "remote sensing", ZH: "遥感"},
	}
)

// reason explains the verdict: for a paper that is in, its main topic, the
// domain when it is a specialised one, and the papers it builds on or
// compares with; for one that is out, the strongest evidence against it.
func (m *classifier) reason(sc *clsScratch, z verdictScore, v Verdict) data.Text {
	var en, zh []string
	add := func(t data.Text) {
		en = append(en, t.EN)
		zh = append(zh, t.ZH)
	}
	if v.Score >= 0.5 {
		if len(v.Topics) > 0 {
			if t := m.set.Topic(v.Topics[0]); t != nil {
				name := data.Text{EN: lowerFirst(t.Name.EN), ZH: t.Name.ZH}
				for _, f := range []feat{fxMed, fxRemote} {
					if sc.fx[f] >= 1.2 {
						d := domainText[f]
						name.EN += " for " + d.EN
						name.ZH = d.ZH + "中的" + name.ZH
						break
					}
				}
				add(name)
			}
		}
	} else {
		add(m.against(sc, z))
	}
	byCtx := map[nameCtx][]string{}
	for _, p := range m.named(sc) {
		byCtx[p.ctx] = append(byCtx[p.ctx], m.set.Papers[p.doc].ShortName())
	}
	rel := []struct {
		ctx    nameCtx
		en, zh string
	}{
		{ctxBuild, "builds on %s", "基于 %s"},
		{ctxCompare, "compares with %s", "与 %s 比较"},
		{ctxFrozen, "uses %s frozen, as a tool", "把冻结的 %s 当作工具"},
		{ctxTool, "uses %s", "使用 %s"},
		{ctxNeutral, "mentions %s", "提到 %s"},
	}
	for _, r := range rel {
		names := byCtx[r.ctx]
		if len(names) == 0 {
			continue
		}
		names = names[:min(len(names), 3)]
		add(data.Text{
			EN: strings.Replace(r.en, "%s", joinAnd(names), 1),
			ZH: strings.Replace(r.zh, "%s", strings.Join(names, "、"), 1),
		})
	}
	if len(en) == 0 {
		add(data.Text{EN: "no evidence either way", ZH: "没有明确证据"})
	}
	return data.Text{EN: strings.Join(en, "; "), ZH: strings.Join(zh, "；")}
}

// against names the strongest evidence that a candidate is out.
func (m *classifier) against(sc *clsScratch, z verdictScore) data.Text {
	if z.vis < z.ssl {
		if t, ok := modalityText[z.other]; ok && z.other != 0 {
			return data.Text{EN: "not visual: " + t.EN, ZH: "非视觉数据：" + t.ZH}
		}
		return data.Text{EN: "no visual data", ZH: "没有视觉数据"}
	}
	best, t := 0.25, data.Text{EN: "no self-supervised representation learning", ZH: "没有自监督表示学习"}
	for _, c := range []struct {
		v float64
		t data.Text
	}{
		{z.tool, data.Text{EN: "uses a pretrained model as a tool", ZH: "把预训练模型当作工具使用"}},
		{z.gen, data.Text{EN: "image or video generation", ZH: "图像或视频生成"}},
		{z.llm, data.Text{EN: "language models", ZH: "大语言模型"}},
		{z.lang, data.Text{EN: "supervision from image-text pairs", ZH: "图文对监督"}},
		{z.rest, data.Text{EN: "image restoration", ZH: "图像复原"}},
		{z.task, data.Text{EN: "a supervised task model", ZH: "有监督的任务模型"}},
	} {
		if c.v > best {
			best, t = c.v, c.t
		}
	}
	return t
}

// lowerFirst lower-cases the first letter of s unless the first word is an
// acronym ("ViT").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// questionTitle reports whether a title asks a question, as analyses do:
// "Do Vision Encoders Need Language?", "Why Predictors Prevent Collapse".
func questionTitle(t string) bool {
	t = strings.TrimSpace(t)
	if strings.Contains(t, "?") {
		return true
	}
	first, _, _ := strings.Cut(t, " ")
	switch strings.ToLower(first) {
	case "why", "how", "what", "when", "where", "which", "do", "does", "is", "are", "can":
		return true
	}
	return false
}
