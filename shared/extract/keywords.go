package extract

import (
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Generic words that rank high by TF-IDF in news but say nothing about the
// story (reporting verbs, vague nouns, time words).
var stopKeywords = wordSet(`表示 指出 强调 认为 提出 希望 介绍 进行 推动 推进 加强 促进 实现 坚持 支持 维护 深化 继续 开展 举行 出席 参加 发表 会见 会谈 方面 问题 工作 情况 活动 方式 过程 期间 目前 当前 今年 去年 明年 近日 日前 同时 此外 其中 有关 相关 各方 各国 双方 我们 他们 你们 中方 外方 国家 地区 领域 方向 作用 意义 基础 水平 成果 成就 重要 积极 共同 全面 进一步 一道 一系列 记者 消息 本报 新华社 报道 代表 人士 负责人 人们 人民 时间 时候 年度 内容 形势 机制 平台 道路 方针 原则 目标 任务 能力 力量 关系 体系 全球 世界 国际 社会 经济 政治 文化 安全 发展 合作 建设 交流 当地 上午 下午 晚上 成员 领导人 主席 总统 总理 部长 外长 先生 女士 同志 讲话 会议 大会 会上 此访 此次 本次 这次 一起 一样 之间 以来 以及 并且 已经 正在 不断 更加 各种 所有 今天 明天 昨天 日电 电讯`)

var (
	reBook  = regexp.MustCompile(`《([^《》\n]{2,30})》`)
	reQuote = regexp.MustCompile(`[“"「]([^“”"「」\n]{2,10})[”"」]`)
)

// keywordTag: tags of words that can be keywords (nouns, names,
// noun-verbs, idioms, abbreviations).
func keywordTag(p string) bool {
	switch p {
	case "n", "nz", "nt", "ns", "nr", "nrt", "nrfg", "vn", "j", "l", "nw":
		return true
	}
	return false
}

// compoundTag: tags of words that can be part of a compound term (轮值 +
// 主席国, 全球 + 治理, 人工智能 + 治理).
func compoundTag(p string) bool {
	switch p {
	case "n", "nz", "vn", "j", "l", "nw":
		return true
	}
	return false
}

type kwCand struct {
	word   string
	tf     float64
	weight float64
	score  float64
	first  int
	entity bool
}

const (
	minKeywords = 8
	maxKeywords = 12
)

// keywords ranks terms by TF-IDF, (1+ln tf)·idf, with gse's embedded IDF
// table (unknown words get the median). Candidates:
//   - nouns and names by tag, under their canonical form for gazetteer
//     names; two-character words the dictionary does not know are mostly
//     chance joins (愿同) and are left out, and so are abbreviations of
//     country pairs and sides (中哈, 蒙方);
//   - recognised names of up to eight characters;
//   - book titles (《阿斯塔纳宣言》, long ones cut to their document tail)
//     and short quoted terms (“上海精神”), weighted as rare words;
//   - compound terms: two adjacent nouns that occur together at least
//     twice (轮值 + 主席国, 全球 + 治理).
//
// A term inside one ranked higher is dropped, and so is a variant that
// differs only by punctuation (上海合作组织+). Eight to twelve terms: after
// eight, terms that score less than a third of the best are left out.
func (e *Extractor) keywords(sc *scratch, text string, toks []tok, ents []entCount) []string {
	// The map, the candidates and the pairs are the scratch's, emptied on
	// return.
	if sc.kwCands == nil {
		sc.kwCands = make(map[string]*kwCand, 1024)
		sc.kwPairs = make(map[kwPair]int, 256)
	}
	cands, pairs := sc.kwCands, sc.kwPairs
	pairOrder := sc.kwPairOrder[:0]
	order := 0
	arena := sc.kwArena[:0] // candidates are allocated in blocks
	made := sc.kwMade[:0]
	defer func() {
		clear(made)
		sc.kwMade = made[:0]
		clear(cands)
		clear(pairs)
		clear(pairOrder)
		sc.kwPairOrder = pairOrder[:0]
		clear(arena[:cap(arena)])
		if cap(arena) <= 1<<14 {
			sc.kwArena = arena[:0]
		}
	}()
	newCand := func(w string, weight float64) *kwCand {
		if len(arena) == cap(arena) {
			// a new block: the candidates in the old one stay where they are
			arena = make([]kwCand, 0, max(256, 2*cap(arena)))
		}
		arena = append(arena, kwCand{word: w, weight: weight, first: order})
		c := &arena[len(arena)-1]
		cands[w] = c
		made = append(made, c)
		order++
		return c
	}
	add := func(w string, tf, weight float64, entity bool) {
		c, ok := cands[w]
		if !ok {
			c = newCand(w, weight)
		}
		c.tf += tf
		c.weight = math.Max(c.weight, weight)
		c.entity = c.entity || entity
	}
	median := e.idfMedian
	// addWord counts one occurrence of a word of IDF weight idf.
	addWord := func(w string, idf float64, entity bool) {
		c := cands[w]
		if c == nil {
			c = newCand(w, idf)
		}
		c.tf++
		c.entity = c.entity || entity
	}

	// Words, and adjacent pairs of nouns for compounds.
	prev := ""
	for i := range toks {
		t := &toks[i]
		if t.start == 0 {
			prev = "" // a new line
		}
		w, we := t.text, t.w
		cur := ""
		fl := we.fl
		if t.end-t.start >= 2 && fl&fStopKeyword == 0 && we.han {
			switch {
			case fl&fGaz != 0:
				addWord(we.gaz.Canonical, we.idf, true)
			case t.pos == "" && t.end-t.start == 2, numeralRune(we.r0), t.end-t.start == 2 && abbrPair(we.r0, we.rl):
			case t.pos == "" || keywordTag(t.pos):
				addWord(w, we.idf, false)
				if compoundTag(t.pos) {
					cur = w
				}
			}
		}
		if prev != "" && cur != "" && i > 0 {
			p := kwPair{prev, cur}
			if pairs[p] == 0 {
				pairOrder = append(pairOrder, p)
			}
			pairs[p]++
		}
		prev = cur
	}
	// In text order, not the map's: candidates that tie on score are ranked
	// by when they were added, and two pairs can spell the same compound
	// (农村+人居环境, 农村人居+环境), of which the first one counts.
	for _, p := range pairOrder {
		n := pairs[p]
		if n < 2 {
			continue
		}
		w := p.a + p.b
		if l := utf8.RuneCountInString(w); l > 8 || cands[w] != nil {
			continue
		}
		// the IDF of both words, looked up when they became candidates
		add(w, float64(n), math.Max(cands[p.a].weight, cands[p.b].weight), false)
	}

	// Recognised names (上海合作组织睦邻友好合作委员会 is too long to be a
	// keyword; 阿斯塔纳峰会 is not a name).
	for _, en := range ents {
		n := utf8.RuneCountInString(en.name)
		if n < 2 || n > 8 || notKeyword(en.name) {
			continue
		}
		if c := cands[en.name]; c != nil {
			c.entity = true
			c.tf = math.Max(c.tf, float64(en.n))
			continue
		}
		add(en.name, float64(en.n), math.Max(e.idfWeight(en.name), median), true)
	}

	// Titles and quoted terms.
	var hist *[256]int32 // of text's bytes, made for the first phrase counted
	phrase := func(p string, boost float64) {
		p = strings.TrimSpace(p)
		n := utf8.RuneCountInString(p)
		if n < 3 || n > 12 || hanCount(p) < n-2 || stopKeywords[p] || strings.ContainsAny(p, "，。、；：！？,;:!?") {
			return
		}
		if c := cands[p]; c != nil {
			c.weight = math.Max(c.weight, median*boost)
			return
		}
		if hist == nil {
			hist = byteHist(text)
		}
		tf := float64(countRare(text, p, hist))
		add(p, max(tf, 1), median*boost, false)
	}
	for _, t := range bookTitles(text) {
		// A document the story is about (a declaration, a treaty) weighs
		// more than a book or a song.
		boost := 1.4
		if d := docTail(t); d != "" {
			t, boost = d, 2
		} else if utf8.RuneCountInString(t) > 12 {
			continue
		}
		phrase(t, boost)
	}
	for _, q := range quotedTerms(text) {
		phrase(q, 1.3)
	}

	for _, c := range made {
		c.score = (1 + math.Log(c.tf)) * c.weight
	}
	// Best first: a heap, popped only as far as the choice goes (a few
	// dozen of hundreds of candidates); first seen breaks ties, so the
	// order the candidates come in does not matter.
	h := kwHeap(made)
	h.init()
	var out []*kwCand
	var top float64
	for len(h) > 0 {
		var c *kwCand
		c, h = h.pop()
		if len(out) >= maxKeywords || len(out) >= minKeywords && c.score < top/3 {
			break
		}
		if utf8.RuneCountInString(c.word) > maxKeywordRunes {
			continue
		}
		// 轮值主席国 after 主席国: the longer term replaces the shorter one
		// when it carries at least half of its occurrences.
		if i := longerOf(out, c); i >= 0 {
			out[i] = c
			continue
		}
		if dupKeyword(out, c) {
			continue
		}
		if len(out) == 0 {
			top = c.score
		}
		out = append(out, c)
	}
	words := make([]string, len(out))
	for i, c := range out {
		words[i] = c.word
	}
	return words
}

// maxKeywordRunes: longer names (上海合作组织成员国元首理事会) are listed as
// organizations, not keywords.
const maxKeywordRunes = 10

// longerOf returns the index of a chosen keyword that c contains and may
// replace (c is not a name, the chosen one is not a name either, and c
// occurs at least half as often), or -1.
func longerOf(chosen []*kwCand, c *kwCand) int {
	for i, o := range chosen {
		if o.word != c.word && strings.Contains(c.word, o.word) && !o.entity && !c.entity && c.tf*2 >= o.tf {
			return i
		}
	}
	return -1
}

// quotedTerms returns the short quoted strings of text (“上海精神”, "…",
// 「…」): two to ten characters, on one line.
func quotedTerms(text string) []string {
	var out []string
	// next[q]: the next position at or after i of opening quote q (-1:
	// none left), searched again only once i has passed it.
	opens := [...]string{"“", "\"", "「"}
	next := [3]int{-2, -2, -2}
	for i := 0; i < len(text); {
		j, open := -1, ""
		for q, s := range opens {
			if next[q] == -1 {
				continue
			}
			if next[q] < i {
				next[q] = strings.Index(text[i:], s)
				if next[q] < 0 {
					continue
				}
				next[q] += i
			}
			if j < 0 || next[q] < j {
				j, open = next[q], s
			}
		}
		if j < 0 {
			break
		}
		start := j + len(open)
		closer := "”"
		switch open {
		case "\"":
			closer = "\""
		case "「":
			closer = "」"
		}
		end := strings.Index(text[start:], closer)
		if end < 0 {
			break
		}
		q := text[start : start+end]
		if n := utf8.RuneCountInString(q); n >= 2 && n <= 10 && !strings.ContainsAny(q, "\n“”\"「」") {
			out = append(out, q)
		}
		if open == "\"" {
			i = start + end + len(closer) // a straight quote closes what it opened
		} else {
			i = start
		}
	}
	return out
}

// Kinds of documents whose titles make keywords, and the bodies that issue
// them (a long title is cut after the body: 《上海合作组织成员国元首理事会
// 阿斯塔纳宣言》 → 阿斯塔纳宣言).
var (
	docKinds  = strings.Fields(`宣言 声明 协定 条约 公报 倡议 宪章 纲要 决议 议定书 规划 决定 报告`)
	docIssuer = strings.Fields(`理事会 委员会 会议 峰会 组织 大会 政府 国务院`)
)

// docTail: the document-specific end of a long title ("" when the title
// does not name a kind of document).
func docTail(t string) string {
	kind := ""
	for _, k := range docKinds {
		if strings.HasSuffix(t, k) {
			kind = k
			break
		}
	}
	if kind == "" {
		return ""
	}
	head := strings.TrimSuffix(t, kind)
	for _, is := range docIssuer {
		if i := strings.LastIndex(head, is); i >= 0 {
			head = head[i+len(is):]
		}
	}
	if n := utf8.RuneCountInString(head); n < 2 || n > 10 || !allHan(head) {
		return ""
	}
	return head + kind
}

// kwPair: two adjacent words (a compound term).
type kwPair struct{ a, b string }

// numeralRune: r is a Chinese numeral from 一 to 十 (a word that starts
// with one is not a keyword).
func numeralRune(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return false
}

// notKeyword: abbreviations of a pair of countries (中哈) or of one side
// (蒙方), which say less than the names they stand for.
func notKeyword(w string) bool {
	a, n := utf8.DecodeRuneInString(w)
	b, m := utf8.DecodeRuneInString(w[n:])
	if n+m != len(w) || m == 0 {
		return false
	}
	return abbrPair(a, b)
}

// abbrPair: the characters of a two-character word that notKeyword leaves
// out.
func abbrPair(a, b rune) bool {
	return abbrPlace(a) != "" && (abbrPlace(b) != "" || b == '方')
}

// dupKeyword: c is inside a chosen keyword (智能 in 人工智能; but not
// 人工智能 in 全球人工智能治理倡议 when it occurs far more often on its
// own), or a chosen keyword plus punctuation or one character
// (上海合作组织+, 上海合作组织的).
func dupKeyword(chosen []*kwCand, c *kwCand) bool {
	w := c.word
	hw := hanOnly(w)
	for _, oc := range chosen {
		o := oc.word
		if hanOnly(o) == hw || strings.Contains(o, w) && c.tf <= 2*oc.tf {
			return true
		}
		if strings.Contains(w, o) && utf8.RuneCountInString(w)-utf8.RuneCountInString(o) <= 1 {
			return true
		}
	}
	return false
}

func hanOnly(s string) string {
	if allHan(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isHan(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// kwHeap is a binary heap of candidates, best (highest score, then first
// seen) on top.
type kwHeap []*kwCand

func kwBefore(a, b *kwCand) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.first < b.first
}

func (h kwHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && kwBefore(h[r], h[l]) {
			j = r
		}
		if !kwBefore(h[j], h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

func (h kwHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// pop returns the best candidate and the heap without it.
func (h kwHeap) pop() (*kwCand, kwHeap) {
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	h.down(0)
	return top, h
}

// byteHist counts the bytes of text.
func byteHist(text string) *[256]int32 {
	var h [256]int32
	for i := 0; i < len(text); i++ {
		h[text[i]]++
	}
	return &h
}

// countRare is strings.Count(text, p) for a non-empty p, found by the byte
// of p that is rarest in text (hist: byteHist(text)): in Han text most
// bytes recur every few characters, on which a search by the first byte
// would stop again and again.
func countRare(text, p string, hist *[256]int32) int {
	j := 0
	for k := 1; k < len(p); k++ {
		if hist[p[k]] < hist[p[j]] {
			j = k
		}
	}
	if hist[p[j]] == 0 {
		return 0
	}
	return countAt(text, p, j)
}

// countAt is strings.Count(text, p) for a non-empty p, found by the byte
// p[j]: matches are taken left to right without overlap, as
// strings.Count takes them.
func countAt(text, p string, j int) int {
	n, i := 0, 0
	for i+j < len(text) {
		k := strings.IndexByte(text[i+j:], p[j])
		if k < 0 {
			break
		}
		s := i + k
		if s+len(p) <= len(text) && text[s:s+len(p)] == p {
			n++
			i = s + len(p)
		} else {
			i = s + 1
		}
	}
	return n
}
