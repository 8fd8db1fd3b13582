package recommend

// hantPairs lists Traditional characters, each followed by its Simplified
// form, for the characters of the taxonomy, keywords and command words, so
// that a reader who types Traditional Chinese (對比學習, 旋轉, 拼圖, 著色)
// finds what the Simplified text indexes. Characters written the same in
// both are not listed.
const hantPairs = "與与個个為为義义習习亂乱於于億亿優优傳传偽伪體体餘余關关內内凍冻準准減减" +
	"幾几劃划則则別别動动務务協协單单壓压參参雙双變变響响圖图塊块聲声復复複复" +
	"頭头學学孿孪實实對对層层師师幀帧庫库應应歸归強强憶忆態态擴扩擇择擋挡損损" +
	"換换據据撐撑數数無无時时機机條条構构標标樣样檢检殘残測测潛潜環环監监碼码" +
	"礎础積积稱称穩稳簽签簡简類类級级線线練练組组結结絡络綜综編编縮缩網网聯联" +
	"腦脑補补視视覺觉規规計计訓训記记論论設设證证評评識识詞词語语誤误調调負负" +
	"貫贯轉转輔辅輸输遷迁運运連连選选遞递鄰邻隨随難难問问間间隊队陣阵階阶靜静" +
	"順顺預预頻频顏颜餾馏驗验魯鲁齊齐區区勻匀戲戏狀状著着離离蹤踪採采統统進进" +
	"讀读異异細细雜杂質质專专驅驱歷历擬拟滿满達达錄录導导權权點点蓋盖輯辑遠远" +
	"邊边範范現现發发開开屬属處处歲岁將将隱隐魚鱼龍龙"

// hant maps a Traditional character to its Simplified form.
var hant = func() map[rune]rune {
	rs := []rune(hantPairs)
	m := make(map[rune]rune, len(rs)/2)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// Simplify writes Traditional Chinese characters of s in their Simplified
// form, as the index does; other text is left as it is.
func Simplify(s string) string {
	changed := false
	for _, r := range s {
		if _, ok := hant[r]; ok {
			changed = true
			break
		}
	}
	if !changed {
		return s
	}
	out := []rune(s)
	for i, r := range out {
		if to, ok := hant[r]; ok {
			out[i] = to
		}
	}
	return string(out)
}
