package extract

// One-character place abbreviations (中 for 中国 in 中美, 华 in 访华, 美 in
// 美方) and one-character surnames before a title (江 in 江主席). The
// segmenter's tags are no guide here (中日/t, 美德/ns, 中俄关系/nt), so the
// rules look at the characters of a word and at its neighbours.

// sub is a mention inside a word: runes [i, i+n) of the word's text.
type sub struct {
	i, n  int
	typ   kind
	canon string
}

// abbrPlace returns the place a character stands for in compounds: a
// country (countryAbbr) or a Chinese region or city (regionAbbr); "" for
// other characters.
func abbrPlace(r rune) string {
	if !anyAbbr.has(r) {
		return ""
	}
	return abbrPlaces[r]
}

// abbrPlaces: regionAbbr over countryAbbr, in one map.
var abbrPlaces = func() map[rune]string {
	m := map[rune]string{}
	for r, c := range countryAbbr {
		m[r] = c
	}
	for r, c := range regionAbbr {
		m[r] = c
	}
	return m
}()

// abbrStart: characters that can start a word markAbbr looks into.
var abbrStart = func() *runeBits {
	var b []rune
	for r := range regionAbbr {
		b = append(b, r)
	}
	for r := range countryAbbr {
		b = append(b, r)
	}
	return runeSet(string(b) + abbrVerbsText + surnameOrder)
}()

// anyAbbr: the characters of regionAbbr and countryAbbr (a quick test).
var anyAbbr = func() *runeBits {
	var b []rune
	for r := range regionAbbr {
		b = append(b, r)
	}
	for r := range countryAbbr {
		b = append(b, r)
	}
	return runeSet(string(b))
}()

var regionAbbr = map[rune]string{'华': "中国", '港': "香港", '台': "台湾", '京': "北京", '沪': "上海", '澳': "澳门"}

// Characters too ambiguous to pair with another abbreviation (西方, 古今,
// 土法, 中委 = 中央委员).
var noPairAbbr = runeSet(`西古土委`)

// Pairs of abbreviation characters that are ordinary words.
var notAbbrPair = wordSet(`美德 中意 意中 美意 非法 加以 加法 中华 华美 英华 朝日 朝中 台中 中台 越加 日以 日加 中西 中古 美西 华中 中港台`)

const abbrVerbsText = `访驻赴来抵离返回在旅对援侵抗反亲留进晋`

// Verbs and prepositions that take a one-character place: 访华, 驻美, 在京,
// 抗日, 留美; and the places they take.
var (
	abbrVerbs     = runeSet(abbrVerbsText)
	abbrVerbPlace = runeSet(`华港台京沪澳美日俄英法德韩朝印巴越泰蒙哈吉塔乌伊叙埃苏加欧中`)
	notAbbrVerb   = wordSet(`来日 对法 在法 进港 离港 回中 在中 对中 来中 进中 抗中 反中 在德 对德 在英 在日 对巴 在巴 在加 对加 回来 来回 在回`)
)

// Words of an abbreviation and a second character: 中方, 美军, 华侨, 港人,
// 中资, 美籍, 华裔, 台商, 台胞.
var (
	abbrSuffix    = runeSet(`方军资籍裔商企侨胞`)
	abbrPeople    = runeSet(`华港台`) // 华人, 港人, 台人 (not 美人, 法人, 古人)
	notAbbrSuffix = wordSet(`西方 古方 秘方 土方 非方 亚方 委方 中军 西军 秘军 古军 中商 古商 中籍 古籍 中胞 中侨 中企 西商 中方向`)
)

// Single characters that mean their place when they stand alone after a
// verb or preposition (在/华/投资, 对/俄/出口).
var (
	loneAbbr      = runeSet(`华京沪港俄美韩朝苏台`)
	loneAbbrAfter = wordSet(`在 来 赴 访 驻 抵 对 离 返 回 旅 援 侵 于 至 到 同 与 和 及 向 从 自 访问 前往 抵达 离开 来到 回到 返回 飞往 飞抵 途经 经`)
)

// Words that follow a run of country abbreviations (日 中 友好, 俄 中 关系).
var relationWords = wordSet(`友好 关系 两国 三国 四国 五国 双方 之间 间 合作 建交 贸易 边境 边界 联合 经贸 首脑 领导人 友谊 人民 政府 外长 会谈 峰会 协会 友协 交流 战略 伙伴 双边 新型 睦邻 磋商 会晤 谈判 对话 联合声明 公报 条约 协定 两军 军事 三方 四方 五方 等国`)

// Titles after a one-character surname in one word: 江主席, 李总理, 朱总理.
var surnameTitles = wordSet(`主席 总理 总书记 委员长 副主席 副总理 部长 书记 省长 市长 总统 首相 同志 大使 司令 将军 教授 博士 先生 女士 局长 厅长 县长 院长 校长 经理 厂长 主任`)

// First characters of words such as 党主席, 国务委员, 副部长, 市委书记
// that are surnames too.
var notTitleSurname = runeSet(`党国省市县区院团队校局部厂所会社州村镇乡军师旅营连排班组委处科司行台站馆园场总副正代原前新老小大全各该本贵我你他其此某第首元双两`)

func runesOf(s string) []rune {
	if len(s) <= 12 {
		var buf [4]rune
		rs := buf[:0]
		for _, r := range s {
			rs = append(rs, r)
		}
		return rs
	}
	return []rune(s)
}

// markAbbr finds abbreviations inside words and lone abbreviation words. It
// runs before the other rules; the words it marks are not names.
func (e *Extractor) markAbbr(toks []*ntok) {
	for i, t := range toks {
		if t.dead || t.typ != kNone || e.tflags(t)&tAbbrGate == 0 {
			continue
		}
		if t.w != nil {
			t.subs = t.w.abbr // the word cache's, found once per word
		} else {
			t.subs = e.abbrInWord(runesOf(t.text))
		}
		if t.subs != nil {
			continue
		}
		if t.n == 1 && loneAbbr.has(t.w.r0) {
			if p := alive(toks, i-1); p != nil && p.is(fLoneAbbrAfter) {
				if nx := alive(toks, i+1); nx == nil || nx.n > 1 || !nx.w.han {
					t.subs = []sub{{0, 1, kLOC, abbrPlace(t.w.r0)}}
					continue
				}
			}
		}
		if t.n == 1 && t.w.r0 == '俄' {
			t.subs = []sub{{0, 1, kLOC, abbrPlace(t.w.r0)}}
		}
	}
	// Runs of one-character abbreviations (日 中 友好) and lists (中、美、日).
	for i := 0; i < len(toks); i++ {
		if t := toks[i]; t.dead || e.tflags(t)&tAbbr1 == 0 || !e.abbrTok(t) {
			continue
		}
		j, items := i, 1
		for j+1 < len(toks) {
			if e.abbrTok(toks[j+1]) {
				j++
				items++
				continue
			}
			if j+2 < len(toks) && toks[j+1].text == "、" && e.abbrTok(toks[j+2]) {
				j += 2
				items++
				continue
			}
			break
		}
		if items >= 2 {
			next := alive(toks, j+1)
			listed := false
			for x := i; x <= j; x++ {
				if toks[x].text == "、" {
					listed = true
				}
			}
			if listed || items >= 3 || (next != nil && next.is(fRelation)) || len(toks[i].subs) > 0 || len(toks[j].subs) > 0 {
				for x := i; x <= j; x++ {
					if t := toks[x]; t.text != "、" && t.subs == nil {
						t.subs = []sub{{0, 1, kLOC, abbrPlace(t.w.r0)}}
					}
				}
			}
		}
		i = j
	}
	// 澳 next to 港/台 is Macao, not Australia.
	for i, t := range toks {
		if t.dead {
			continue
		}
		owned := false // t.subs may be the word cache's: copied before a change
		for k := range t.subs {
			if s := t.subs[k]; s.typ != kLOC || s.canon != countryAbbr['澳'] {
				continue
			}
			near := t.text
			if p := alive(toks, i-1); p != nil {
				near += p.text
			}
			if nx := alive(toks, i+1); nx != nil {
				near += nx.text
			}
			for _, r := range near {
				if r == '港' || r == '台' || r == '京' || r == '沪' || r == '华' {
					if !owned {
						t.subs = append([]sub(nil), t.subs...)
						owned = true
					}
					t.subs[k].canon = regionAbbr['澳']
				}
			}
		}
	}
}

// abbrTok: a one-character word that is a country or region abbreviation
// and nothing else yet.
func (e *Extractor) abbrTok(t *ntok) bool {
	return t != nil && !t.dead && t.typ == kNone && e.tflags(t)&tAbbr1 != 0
}

// abbrInWord returns the abbreviations inside one word (nil: none).
func (e *Extractor) abbrInWord(rs []rune) []sub {
	n := len(rs)
	if n < 2 || !allHanRunes(rs) {
		return nil
	}
	isWord := func(rest []rune) bool {
		f, _, ok := e.lookup(string(rest))
		return ok && f > 0
	}
	pairOK := func(a, b rune) bool {
		return a != b && abbrPlace(a) != "" && abbrPlace(b) != "" && !noPairAbbr.has(a) && !noPairAbbr.has(b) && !notAbbrPair[string([]rune{a, b})]
	}
	loc := func(i int) sub { return sub{i, 1, kLOC, abbrPlace(rs[i])} }
	// 中美, 港澳台, 中日韩.
	if n <= 3 && pairOK(rs[0], rs[1]) && (n == 2 || pairOK(rs[1], rs[2]) && rs[0] != rs[2]) && !notAbbrPair[string(rs)] {
		out := make([]sub, n)
		for i := range rs {
			out[i] = loc(i)
		}
		return out
	}
	// 中美关系, 中俄边界, 亚欧会议.
	if n >= 4 && pairOK(rs[0], rs[1]) && isWord(rs[2:]) {
		return []sub{loc(0), loc(1)}
	}
	// 访华, 驻美, 在京, 驻华大使, 来华访问.
	if abbrVerbs.has(rs[0]) && abbrVerbPlace.has(rs[1]) && !notAbbrVerb[string(rs[:2])] && (n == 2 || isWord(rs[2:])) {
		return []sub{loc(1)}
	}
	// 中方, 美军, 华侨, 港人, 中资.
	if n == 2 && abbrPlace(rs[0]) != "" && !notAbbrSuffix[string(rs)] && (abbrSuffix.has(rs[1]) || rs[1] == '人' && abbrPeople.has(rs[0])) {
		return []sub{loc(0)}
	}
	// 哈方愿 (a chance join of the segmenter): 哈方 + a one-character word.
	if n == 3 && abbrPlace(rs[0]) != "" && rs[1] == '方' && !notAbbrSuffix[string(rs[:2])] && isWord(rs[2:]) {
		return []sub{loc(0)}
	}
	// 江主席, 李总理: a surname and a title in one word.
	if n >= 3 && surnames.has(rs[0]) && !notTitleSurname.has(rs[0]) && surnameTitles[string(rs[1:])] {
		return []sub{{0, 1, kPER, string(rs[0])}}
	}
	return nil
}

func allHanRunes(rs []rune) bool {
	for _, r := range rs {
		if !isHan(r) {
			return false
		}
	}
	return len(rs) > 0
}
