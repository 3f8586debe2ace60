package extract

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Generic words that rank high by TF-IDF in news but say nothing about the
// story (reporting verbs, vague nouns, time words).
var stopKeywords = wordSet(`表示 指出 强调 认为 提出 希望 介绍 进行 推动 推进 加强 促进 实现 坚持 支持 维护 深化 继续 开展 举行 出席 参加 发表 会见 会谈 方面 问题 工作 情况 活动 方式 过程 期间 目前 当前 今年 去年 明年 近日 日前 同时 此外 其中 有关 相关 各方 各国 双方 我们 他们 你们 中方 外方 国家 地区 领域 方向 作用 意义 基础 水平 成果 成就 重要 积极 共同 全面 进一步 一道 一系列 记者 消息 本报 新华社 报道 代表 人士 负责人 人们 人民 时间 时候 年度 方面 内容 形势 机制 平台 道路 方针 原则 目标 任务 能力 力量 关系 体系 全球 世界 国际 社会 经济 政治 文化 安全 发展 合作 建设 交流 当地 时间 上午 下午 晚上 成员 领导人`)

var (
	reBook    = regexp.MustCompile(`《([^《》\n]{2,30})》`)
	reQuote   = regexp.MustCompile(`[“"「]([^“”"「」\n]{2,8})[”"」]`)
	reDocTail = regexp.MustCompile(`([\p{Han}]{2,6}(?:宣言|声明|协定|条约|公报|倡议|宪章|纲要|决议|议定书|规划|讲话))$`)
)

var keywordPos = wordSet(`n nz nt ns nr nrt nrfg vn j l nw`)

type kwCand struct {
	word   string
	tf     float64
	weight float64
	first  int
}

// keywords ranks terms by TF-IDF (gse's embedded IDF table; unknown words
// get the median IDF). Gazetteer names count under their canonical form;
// book titles (《阿斯塔纳宣言》) and short quoted terms (“上海精神”) are
// candidates as whole phrases.
func (e *Extractor) keywords(text string, toks []tok, ents []entCount) []string {
	cands := map[string]*kwCand{}
	pos := 0
	addTF := func(w string, tf, idf float64) {
		c, ok := cands[w]
		if !ok {
			c = &kwCand{word: w, weight: idf, first: pos}
			cands[w] = c
		}
		c.tf += tf
		if idf > c.weight {
			c.weight = idf
		}
		pos++
	}
	for _, t := range toks {
		w := t.text
		n := utf8.RuneCountInString(w)
		if n < 2 || !allHan(w) || stopKeywords[w] {
			continue
		}
		if g, ok := e.gaz[w]; ok {
			addTF(g.Canonical, 1, e.idf.Weight(g.Canonical))
			continue
		}
		if t.pos != "" && !keywordPos[t.pos] {
			continue
		}
		if t.pos == "" && n > 4 {
			continue
		}
		addTF(w, 1, e.idf.Weight(w))
	}
	// Multi-word names found by the recognizer (上海合作组织睦邻友好合作委员会
	// is too long to be a keyword; 阿斯塔纳峰会 is not a name).
	for _, en := range ents {
		n := utf8.RuneCountInString(en.name)
		if n < 2 || n > 8 || cands[en.name] != nil {
			continue
		}
		addTF(en.name, float64(en.n), math.Max(e.idf.Weight(en.name), e.idf.Median))
	}
	phrase := func(p string) {
		p = strings.TrimSpace(p)
		n := utf8.RuneCountInString(p)
		if n < 3 || n > 12 || hanCount(p) < n-2 || stopKeywords[p] {
			return
		}
		tf := float64(strings.Count(text, p))
		if tf == 0 {
			tf = 1
		}
		if c := cands[p]; c != nil {
			return
		}
		addTF(p, tf, e.idf.Median*1.3)
	}
	for _, m := range reBook.FindAllStringSubmatch(text, -1) {
		t := m[1]
		if utf8.RuneCountInString(t) > 12 {
			if d := reDocTail.FindStringSubmatch(t); d != nil {
				t = d[1]
				// drop a leading organ name: 元首理事会阿斯塔纳宣言 → 阿斯塔纳宣言
				for _, pre := range []string{"理事会", "委员会", "会议", "峰会", "组织"} {
					if i := strings.LastIndex(t, pre); i >= 0 && i+len(pre) < len(t) {
						t = t[i+len(pre):]
					}
				}
			}
		}
		phrase(t)
	}
	for _, m := range reQuote.FindAllStringSubmatch(text, -1) {
		phrase(m[1])
	}
	list := make([]*kwCand, 0, len(cands))
	for _, c := range cands {
		list = append(list, c)
	}
	score := func(c *kwCand) float64 { return (1 + math.Log(c.tf)) * c.weight }
	sort.Slice(list, func(i, j int) bool {
		si, sj := score(list[i]), score(list[j])
		if si != sj {
			return si > sj
		}
		return list[i].first < list[j].first
	})
	var out []string
	for _, c := range list {
		if len(out) >= maxKeywords {
			break
		}
		dup := false
		for _, o := range out {
			if strings.Contains(o, c.word) || strings.Contains(c.word, o) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c.word)
		}
	}
	return out
}
