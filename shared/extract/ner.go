package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// Mention is one recognised entity occurrence.
type Mention struct {
	Text      string // as written in the text given
	Canonical string // full name (上合组织 → 上海合作组织, 中 in 中美 → 中国)
	Type      string // PER, LOC or ORG
	Start     int    // rune offsets into the text, end exclusive
	End       int
	Score     float32 // the tagger's confidence in [0, 1] (tag.go); not a calibrated probability

	nested bool // a known place inside an organization's name, listed beside it
	tagged bool // found by the tagger alone (tag.go)
	src    src  // which rules found it (arbitration weighs them apart)
}

// src is the kind of rule behind a mention.
type src uint8

const (
	srcRule     src = iota // the heuristics (surnames, suffixes, heads, gse tags)
	srcGaz                 // a gazetteer name, whole
	srcAbbr                // an abbreviation inside a word (中 in 中美)
	srcTranslit            // a run of transliteration characters read as a person
)

type ntok struct {
	text  string
	pos   string
	freq  float64
	n     int // runes
	start int
	end   int
	subs  []sub      // mentions inside the word (中 and 美 in 中美关系)
	inner *[]sub     // known places inside an organization's name (巴西 in 巴西联邦最高法院); rare, so behind a pointer
	w     *wordEntry // of text, the segmenter's word or one the rules made: its features and flags
	typ   kind
	title int8 // isTitle cache: 0 unknown, 1 yes, -1 no
	gaz   bool // typ comes from a gazetteer: w's entry, which names the canonical form
	dead  bool // merged into a neighbour
	tr    bool // typ comes from the transliterated-name rule
}

// kind is an entity type as a small number: the rules compare and copy it
// per word, and the word list is scanned many times, so a smaller word
// than with the type's string is cheaper to build and to scan.
type kind uint8

const (
	kNone kind = iota
	kPER
	kLOC
	kORG
)

var kindNames = [...]string{kNone: "", kPER: PER, kLOC: LOC, kORG: ORG}

// String returns the type's name, "" for none.
func (k kind) String() string { return kindNames[k] }

// kindOf returns the kind named s (PER, LOC or ORG), kNone for any other.
func kindOf(s string) kind {
	switch s {
	case PER:
		return kPER
	case LOC:
		return kLOC
	case ORG:
		return kORG
	}
	return kNone
}

// canon returns the canonical name of a gazetteer word, "" for another.
func (t *ntok) canon() string {
	if t.gaz {
		return t.w.gaz.Canonical
	}
	return ""
}

// isHan is \p{Han}, as the extractor's regexps read it (the lexicon's
// class).
func isHan(r rune) bool { return lexicon.IsHan(r) }

func allRunes(s string, set *runeBits) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !set.has(r) && r != '·' {
			return false
		}
	}
	return true
}

func allHan(s string) bool {
	// Fast path: CJK Unified Ideographs U+4E00..U+9FFF are E4 B8 80 ..
	// E9 BF BF in UTF-8.
	i := 0
	for i+2 < len(s) {
		b0 := s[i]
		if b0 < 0xE4 || b0 > 0xE9 || (b0 == 0xE4 && s[i+1] < 0xB8) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
			break
		}
		i += 3
	}
	if i == len(s) {
		return s != ""
	}
	for _, r := range s[i:] {
		if !isHan(r) {
			return false
		}
	}
	return s != ""
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }

// nameLike: tag says person or the word is unknown to the dictionary.
func nameTag(p string) bool { return p == "" || strings.HasPrefix(p, "nr") }

// Entities finds people, places and organizations in text (one paragraph or
// sentence; longer texts work too: each line is cut on its own).
func (e *Extractor) Entities(text string) []Mention {
	var out []Mention
	var ts []tok
	var sc scratch
	base := 0
	for {
		line, rest, more := strings.Cut(text, "\n")
		ts = e.cutLine(line, ts[:0])
		out = e.lineEntities(&sc, line, ts, base, false, out)
		if !more {
			return out
		}
		base += utf8.RuneCountInString(line) + 1
		text = rest
	}
}

// ruleLine appends the mentions the rules find in the words of one line
// (rune offsets shifted by base). nested: also the known places inside
// organization names (巴西 in 巴西联邦最高法院), which metadata lists and
// MSRA-style annotation does not.
func (e *Extractor) ruleLine(sc *scratch, ts []tok, base int, nested bool, out []Mention) []Mention {
	if len(ts) == 0 {
		return out
	}
	if cap(sc.store) < len(ts) {
		sc.store = make([]ntok, len(ts)+len(ts)/2)
		sc.ptrs = make([]*ntok, len(ts)+len(ts)/2)
	}
	store := sc.store[:len(ts)]
	toks := sc.ptrs[:len(ts)]
	dots := false // a middle dot (dottedNames); the rules make no new one
	for i := range ts {
		t := &ts[i]
		k := &store[i]
		w := t.w
		*k = ntok{text: t.text, pos: t.pos, freq: t.freq, n: t.end - t.start, start: base + t.start, end: base + t.end, w: w}
		if w.gaz != nil {
			k.typ, k.gaz = w.gaz.kind, true
		}
		dots = dots || w.tf&tDot != 0
		toks[i] = k
	}
	toks = e.gazAcross(toks)
	toks = e.splitGazPrefix(toks)
	e.markAbbr(toks)
	e.markPeople(toks, dots)
	toks = e.nameRuns(sc, toks)
	e.markPlaces(toks)
	quotedConcepts(toks)
	toks = e.markOrgs(toks)

	for _, k := range toks {
		if k.dead {
			continue
		}
		if k.typ == kNone {
			if k.subs != nil {
				rs := runesOf(k.text)
				for _, m := range k.subs {
					out = append(out, Mention{Text: string(rs[m.i : m.i+m.n]), Canonical: m.canon, Type: m.typ.String(), Start: k.start + m.i, End: k.start + m.i + m.n, src: srcAbbr})
				}
			}
			continue
		}
		c := k.canon()
		if c == "" {
			c = k.text
		}
		sr := srcRule
		switch {
		case k.gaz:
			sr = srcGaz
		case k.tr && k.typ == kPER:
			sr = srcTranslit
		}
		out = append(out, Mention{Text: k.text, Canonical: c, Type: k.typ.String(), Start: k.start, End: k.end, src: sr})
		if nested && k.inner != nil {
			rs := runesOf(k.text)
			for _, m := range *k.inner {
				out = append(out, Mention{Text: string(rs[m.i : m.i+m.n]), Canonical: m.canon, Type: m.typ.String(), Start: k.start + m.i, End: k.start + m.i + m.n, nested: true})
			}
		}
	}
	return out
}

// Words after a place that make a quoted concept of it: “上海精神”.
var conceptAfterPlace = wordSet(`精神 模式 经验 速度 现象 效应`)

// quotedConcepts: a place that opens a quoted concept is not a place
// mention (“上海精神”, “深圳速度”).
func quotedConcepts(toks []*ntok) {
	for i, t := range toks {
		if t.dead || t.typ != kLOC || i == 0 || i+1 >= len(toks) {
			continue
		}
		if p, nx := toks[i-1], toks[i+1]; (p.text == "“" || p.text == "「" || p.text == "\"") && nx.is(fConcept) {
			t.typ = kNone
		}
	}
}

// gazAcross re-cuts words so that a gazetteer name of three characters or
// more that the segmenter cut apart is one word again: 外交部副部部长 cut
// 外交/部副/部/部长 gives 外交部/副/部/部长.
func (e *Extractor) gazAcross(toks []*ntok) []*ntok {
	var out []*ntok
	changed := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.typ != kNone || t.n >= gazMaxRunes || e.tflags(t)&tGazStart == 0 || !e.gazStart(toks, i) {
			if changed {
				out = append(out, t)
			}
			continue
		}
		// the words from i on, up to gazMaxRunes characters
		var allBuf [64]byte
		var endsBuf, offsBuf [gazMaxRunes + 8]int
		all := allBuf[:0]
		ends := endsBuf[:0]  // rune length after each word
		bytes := offsBuf[:0] // byte offset after each rune
		n := 0
		for j := i; j < len(toks) && n < gazMaxRunes && toks[j].w.han; j++ {
			w := toks[j].text
			for k := range w {
				if k > 0 {
					bytes = append(bytes, len(all)+k)
				}
			}
			all = append(all, w...)
			bytes = append(bytes, len(all))
			n += toks[j].n
			ends = append(ends, n)
		}
		found := false
		for l := min(n, gazMaxRunes); l >= 3 && !found; l-- {
			key := all[:bytes[l-1]]
			if !e.mayWord(string(key)) {
				continue
			}
			g, ok := e.gaz[string(key)]
			if !ok {
				continue
			}
			// words i..i+k hold the name; the last one may go on beyond it
			k := 0
			for ends[k] < l {
				k++
			}
			if k == 0 {
				break // the name is inside the first word: nothing to re-cut
			}
			found = true
			if !changed {
				changed = true
				out = append(out, toks[:i]...)
			}
			name := &ntok{n: l, start: t.start, end: t.start + l, typ: g.kind, gaz: true, pos: posOf(g.Type)}
			e.setText(name, string(key))
			out = append(out, name)
			if ends[k] > l {
				rest := string(all[bytes[l-1]:bytes[ends[k]-1]])
				f, p, _ := e.lookup(rest)
				r := &ntok{n: ends[k] - l, start: t.start + l, end: t.start + ends[k], pos: p, freq: f}
				e.setText(r, rest)
				out = append(out, r)
			}
			i += k
		}
		if !found && changed {
			out = append(out, t)
		}
	}
	if !changed {
		return toks
	}
	return out
}

// gazStart: the two characters at word i may start a gazetteer name.
func (e *Extractor) gazStart(toks []*ntok, i int) bool {
	t := toks[i]
	if e.tflags(t)&tGazStart == 0 {
		return false
	}
	if t.w.r1 >= 0 {
		return true // the word's own two characters: answered by tGazStart
	}
	// one character: the next word gives the second
	if i+1 >= len(toks) {
		return false
	}
	return e.gazPair(t.w.r0, toks[i+1].w.r0)
}

// gazPair: a gazetteer name of three characters or more starts with a, b.
func (e *Extractor) gazPair(a, b rune) bool {
	two := [2]rune{a, b}
	if h := pairHash(two); e.gazPairs[h>>6]&(1<<(h&63)) == 0 {
		return false
	}
	return e.gazPrefix[two]
}

// splitGazPrefix splits a dictionary word that starts with a known name
// followed by another word: 邓小平理论 → 邓小平 + 理论, 香港回归 → 香港 + 回归.
func (e *Extractor) splitGazPrefix(toks []*ntok) []*ntok {
	var out []*ntok
	changed := false
	for x, t := range toks {
		done := false
		if t.typ == kNone && t.n >= 4 && t.w.han {
			// byte offset after each rune
			var buf [gazMaxRunes + 8]int
			offs := buf[:0]
			for k := range t.text {
				if k > 0 {
					offs = append(offs, k)
				}
			}
			for l := len(offs) - 1; l >= 2 && !done; l-- {
				head := t.text[:offs[l-1]]
				if !e.mayWord(head) {
					continue
				}
				g, ok := e.gaz[head]
				if !ok {
					continue
				}
				rest := t.text[offs[l-1]:]
				f, p, known := e.lookup(rest)
				if !known || f <= 0 {
					continue
				}
				if !changed {
					changed = true
					out = append(make([]*ntok, 0, len(toks)+4), toks[:x]...)
				}
				a := &ntok{n: l, start: t.start, end: t.start + l, typ: g.kind, gaz: true, pos: posOf(g.Type)}
				e.setText(a, head)
				b := &ntok{n: t.n - l, start: t.start + l, end: t.end, pos: p, freq: f}
				e.setText(b, rest)
				out = append(out, a, b)
				done = true
			}
		}
		if !done && changed {
			out = append(out, t)
		}
	}
	if !changed {
		return toks
	}
	return out
}

// Generic words the dictionary tags as places.
var notPlace = wordSet(`两国 三国 四国 大国 贵国 外国 各国 本国 我国 他国 第三国 全国 祖国 万国 南国 西北 东西 南北 东南 西南 东北 中西部 内地 国内 国外 海外 异国 邻国 友邦`)

var speechVerbs = wordSet(`说 表示 指出 强调 认为 介绍 称 宣布 会见 会晤 会谈 说道 回答 主持 出席 参加 致辞 讲话 提出 希望 告诉 访问 同志 先生 女士 主席 总理 总统 同 和 与 等 夫妇 一行`)

// merge joins toks[i..j] (inclusive) into toks[i].
func (e *Extractor) merge(toks []*ntok, i, j int, typ kind) *ntok {
	k := toks[i]
	var b strings.Builder
	var inner []sub
	for x := i; x <= j; x++ {
		if toks[x].dead {
			continue
		}
		if typ == kORG && toks[x].typ == kLOC && toks[x].gaz {
			inner = append(inner, sub{toks[x].start - k.start, toks[x].n, kLOC, toks[x].canon()})
		}
		if toks[x].inner != nil {
			inner = append(inner, *toks[x].inner...)
		}
		b.WriteString(toks[x].text)
		if x > i {
			toks[x].dead = true
		}
	}
	e.setText(k, b.String())
	k.end = toks[j].end
	k.n = k.end - k.start
	k.typ, k.gaz, k.subs, k.inner, k.title, k.tr = typ, false, nil, nil, 0, false
	if inner != nil {
		k.inner = &inner
	}
	return k
}

func alive(toks []*ntok, i int) *ntok {
	if i < 0 || i >= len(toks) || toks[i].dead {
		return nil
	}
	return toks[i]
}

func (e *Extractor) isTitle(t *ntok) bool {
	if t == nil {
		return false
	}
	if t.title == 0 {
		t.title = -1
		if e.titleWord(t) {
			t.title = 1
		}
	}
	return t.title > 0
}

func (e *Extractor) titleWord(t *ntok) bool {
	if t.is(fTitle) {
		return true
	}
	// 外交部长, 联合国秘书长: a word that ends with a title.
	if t.n < 3 || !titleEndLast.has(t.w.rl) {
		return false
	}
	for k := 2; k <= 3 && k < t.n; k++ {
		if titleEnds[lastRunes(t.text, k)] {
			return true
		}
	}
	return false
}

// Titles that end longer words (外交部长, 联合国秘书长).
var titleEnds = wordSet(`总统 总理 部长 秘书长 主席 委员长 外长 首相 总干事 行长 院长 书记 大使 发言人 市长 省长`)

// titleEndLast: the last characters of titleEnds (a quick test).
var titleEndLast = func() *runeBits {
	var ws []string
	for w := range titleEnds {
		ws = append(ws, w)
	}
	return lastRuneSet(ws)
}()

// lastRunes returns the last k runes of s (all of s when it is shorter).
func lastRunes(s string, k int) string {
	i := len(s)
	for ; k > 0 && i > 0; k-- {
		_, n := utf8.DecodeLastRuneInString(s[:i])
		i -= n
	}
	return s[i:]
}

// chineseName reports whether s looks like a Han name: surname + 1–2 chars,
// or a compound surname + 1–2 chars.
func chineseName(s string) bool {
	if len(s) < 6 || len(s) > 12 || !allHan(s) {
		return false // Han characters are three bytes in UTF-8 (BMP) or four
	}
	n := utf8.RuneCountInString(s)
	if n >= 3 && n <= 4 && compoundSurnames[firstRunes(s, 2)] {
		return true
	}
	if n == 2 && notGivenName.has(lastRune(s)) {
		return false
	}
	return n >= 2 && n <= 3 && surnames.has(firstRune(s))
}

// firstRunes returns the first k runes of s.
func firstRunes(s string, k int) string {
	i := 0
	for ; k > 0 && i < len(s); k-- {
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return s[:i]
}

// Characters that end common words but hardly ever a two-character name
// (万人, 师生, 贺词).
var notGivenName = runeSet(`人们家是时的了在和有这那起子些个者性化员长生师信词辞语话声气度观感素质力量民众农工商兵军部局厅处所院校站场厂店馆队班组团会社报刊书画曲歌舞剧片物品件类种样式型级等期次年月日天间钟点分秒号条项批套头只名位地区域区省市县乡镇村路街门口河山水湖海岛岸边方面侧内外上下前后中心里底顶端尾首`)

// commonTail: 高水平 = 高 + 水平: the part after the surname is a common word.
// (notGivenName applies to a one-character given name only: 德生 and 汉生
// are names, 万人 is not.)
func (e *Extractor) commonTail(s string) bool {
	rs := []rune(s)
	if len(rs) <= 2 && notGivenName.has(rs[len(rs)-1]) {
		return true
	}
	// 安全观: the surname and the first given character make a very
	// common word.
	if len(rs) == 3 {
		if f, p, ok := e.lookup(string(rs[:2])); ok && f > 5000 && !strings.HasPrefix(p, "nr") {
			return true
		}
	}
	f, _, ok := e.lookup(string(rs[1:]))
	return ok && f > 3000
}

// nameLike: a word recognised as a person or that looks like a Han name
// the dictionary tags as one.
func nameLike(t *ntok) bool {
	return t != nil && (t.typ == kPER || t.n >= 2 && t.chineseName() && strings.HasPrefix(t.pos, "nr"))
}

// badBoundary: the last character of word i makes a word with the next
// word (宣介新 + 时代: 新时代), so word i is a chance join of the segmenter.
func (e *Extractor) badBoundary(toks []*ntok, i int) bool {
	nx := alive(toks, i+1)
	if nx == nil || nx.n < 2 || !nx.w.han {
		return false
	}
	f, _, ok := e.lookup(string(toks[i].w.rl) + nx.text)
	return ok && f > 0
}

// Words after a name in a list: 、 and 等, 和, 及.
var listEnd = wordSet(`、 等 和 及 与 以及 （`)

// Tags that a given name's first word does not carry (particles,
// conjunctions, prepositions, pronouns, adverbs, locatives, numerals,
// measure words, interjections).
var notGivenTag = wordSet(`uj ul uz ug ud uv u c p r d f m q y e o x w t`)

// givenName returns the index of the last word of a given name of one or
// two characters that starts at toks[i] (i-1 when there is none). strong:
// the surname before it is tagged as a name or follows a title, so a rare
// two-character word may be the given name too (傅 + 高义).
func (e *Extractor) givenName(toks []*ntok, i int, strong bool) int {
	n1 := alive(toks, i)
	ok := func(t *ntok) bool {
		return t != nil && t.typ == kNone && t.subs == nil && t.w.han && !notGivenTag[t.pos] &&
			!t.is(fSpeech|fTitle|fPlaceSuffix|fOrgHead)
	}
	if !ok(n1) || n1.n > 2 {
		return i - 1
	}
	if n1.n == 2 {
		if n1.pos == "" || strings.HasPrefix(n1.pos, "nr") || strong && n1.freq < 100 && !e.commonTail("x"+n1.text) {
			return i
		}
		return i - 1
	}
	// One character; a second one may follow.
	if n2 := alive(toks, i+1); ok(n2) && n2.n == 1 && (n2.pos == "" || strings.HasPrefix(n2.pos, "nr") || strong) {
		return i + 1
	}
	if n1.pos == "" || strings.HasPrefix(n1.pos, "nr") || strong && !notGivenName.has(n1.w.r0) {
		return i
	}
	return i - 1
}

// dots: some word is a middle dot (· or •).
func (e *Extractor) markPeople(toks []*ntok, dots bool) {
	if dots {
		e.dottedNames(toks)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.dead || t.typ != kNone {
			continue
		}
		// Every rule below asks for a transliteration, a name tag or no
		// tag, or a one-character surname.
		if !t.w.tr && !nameTag(t.pos) && !(t.n == 1 && surnames.has(t.w.r0)) {
			continue
		}
		prevTitle := e.isTitle(alive(toks, i-1))
		if t.subs != nil {
			continue
		}
		// Transliterated foreign names: a run of tokens written only with
		// transliteration characters, at least one of them unknown or tagged
		// as a name.
		if t.w.tr && (nameTag(t.pos) || prevTitle || t.n == 1) {
			j := i
			strong := t.pos == "nrt" || (t.pos == "" && t.n >= 2)
			for j+1 < len(toks) && !toks[j+1].dead && toks[j+1].typ == kNone && toks[j+1].w.tr && (nameTag(toks[j+1].pos) || toks[j+1].n == 1 || toks[j+1].text == "·") {
				j++
				if toks[j].pos == "nrt" || (toks[j].pos == "" && toks[j].n >= 2) {
					strong = true
				}
			}
			total := toks[j].end - t.start
			if next := alive(toks, j+1); next != nil && next.is(fPlaceSuffix) && !prevTitle {
				continue // 马拉维湖: a place, see markPlaces
			}
			if (strong || prevTitle) && (total >= 3 || (total == 2 && (t.pos == "nrt" || prevTitle))) {
				e.merge(toks, i, j, kPER).tr = true
				i = j
				continue
			}
		}
		// Han names.
		nextVerb := false
		if nx := alive(toks, i+1); nx != nil && nx.is(fSpeech) {
			nextVerb = true
		}
		// 、X、 or X等 in a list of names (not in 公平、公正、合理)
		listed := func() bool {
			pv, nx := alive(toks, i-1), alive(toks, i+1)
			if pv == nil || nx == nil {
				return false
			}
			left := pv.typ == kPER || pv.text == "、" && nameLike(alive(toks, i-2))
			right := nx.typ == kPER || nameLike(nx) || nx.is(fListEnd) && (nx.text != "、" || nameLike(alive(toks, i+2)) || pv.typ == kPER)
			return left && right
		}
		if nameTag(t.pos) && t.chineseName() && (prevTitle || nextVerb || listed() || (t.n >= 3 && (t.pos == "" || !e.commonTail(t.text)) && !e.badBoundary(toks, i)) || (t.n == 2 && t.pos == "nr" && e.idfWeight(t.text) >= 10)) {
			t.typ = kPER
			continue
		}
		if t.pos == "nrfg" && t.n >= 2 {
			t.typ = kPER
			continue
		}
		// Surname split from the given name: 王 + 滨雁, 王 + 滨 + 雁,
		// 傅 + 高义 (a rare word), 沈 + 被 + 章.
		if t.n == 1 && surnames.has(t.w.r0) && (t.pos == "nr" || prevTitle) {
			if j := e.givenName(toks, i+1, t.pos == "nr" || prevTitle); j > i {
				e.merge(toks, i, j, kPER)
				i = j
				continue
			}
		}
		if nx := alive(toks, i+1); nx != nil && t.typ == kNone && t.n == 1 && surnames.has(t.w.r0) && (nx.text == "主席" || nx.text == "总书记" || nx.text == "总理" || nx.text == "委员长" || nx.text == "同志" || nx.text == "老") {
			t.typ = kPER
			continue
		}
		if t.pos == "nr" && t.n == 2 && t.freq < 300 && nextVerb {
			t.typ = kPER
			continue
		}
		// After a title, an unknown Han word of 2–4 chars that starts with a
		// surname or is written with transliteration characters is a name.
		if prevTitle && t.pos == "" && t.w.han && t.n >= 2 && t.n <= 4 && (surnames.has(t.w.r0) || t.w.tr) {
			t.typ = kPER
		}
	}
}

// dottedNames joins names written with a middle dot (司马义·艾买提,
// 阿沛·阿旺晋美, 理查德·赖尔登): the words on both sides of each dot that
// can be part of a name.
func (e *Extractor) dottedNames(toks []*ntok) {
	part := func(t *ntok) bool {
		return t != nil && (t.typ == kNone || t.typ == kPER) && t.subs == nil && t.w.han && t.n <= 5 &&
			!e.isTitle(t) && !t.is(fSpeech|fPlaceSuffix) && !notGivenTag[t.pos]
	}
	for d := 0; d < len(toks); d++ {
		if toks[d].dead || (toks[d].text != "·" && toks[d].text != "•") {
			continue
		}
		// left side: the word before the dot, and one more when they are
		// short pieces of one name (阿不来 + 提)
		l := d
		if part(alive(toks, d-1)) {
			l = d - 1
			if k := d - 2; part(alive(toks, k)) && toks[k].n+toks[d-1].n <= 4 && (toks[d-1].n == 1 || toks[k].n == 1) && !(toks[k].n >= 2 && toks[k].chineseName()) {
				l = k
			}
		}
		if l == d {
			continue
		}
		// right side, through further dots
		r := d
		for {
			k := r + 1
			if !part(alive(toks, k)) {
				break
			}
			r = k
			if k+1 < len(toks) && part(alive(toks, k+1)) && toks[k].n+toks[k+1].n <= 5 && (toks[k+1].n == 1 || toks[k+1].pos == "" || strings.HasPrefix(toks[k+1].pos, "nr")) {
				r = k + 1
			}
			if nx := alive(toks, r+1); nx != nil && (nx.text == "·" || nx.text == "•") {
				r++
				continue
			}
			break
		}
		if r == d {
			continue
		}
		e.merge(toks, l, r, kPER)
		d = r
	}
}

var (
	strongPlaceSuffixes = strings.Fields(`省 市 县 区 州 镇 乡 村 自治州 自治县 自治区 特别行政区 新区 开发区`)
	strongPlaceSuffix   = wordSet(strings.Join(strongPlaceSuffixes, " "))
	strongPlaceLast     = lastRuneSet(strongPlaceSuffixes)
)

func (e *Extractor) markPlaces(toks []*ntok) {
	for _, t := range toks {
		if t.dead || t.subs != nil {
			continue
		}
		if t.typ == kNone && t.pos == "ns" && t.w.han && t.freq < 800 && t.n >= 2 && !t.is(fNotPlace) && (t.n <= 3 || placeSuffix1.has(t.w.rl)) {
			t.typ = kLOC
		}
		if t.typ == kNone && t.pos == "" && t.n >= 3 && strongPlaceLast.has(t.w.rl) && t.w.han {
			for _, suf := range strongPlaceSuffixes {
				if strings.HasSuffix(t.text, suf) {
					t.typ = kLOC
					break
				}
			}
		}
	}
	// Name + suffix: 廊坊 + 市, 马拉维 + 湖.
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.dead {
			continue
		}
		next := alive(toks, i+1)
		if next == nil || !next.is(fPlaceSuffix) {
			continue
		}
		ok := t.typ == kLOC || (t.typ == kNone && (t.pos == "ns" || (t.pos == "" && t.n >= 2 && t.w.han && next.is(fStrongPlaceSuffix)))) ||
			(t.typ == kNone && t.w.tr && t.n >= 2 && nameTag(t.pos))
		if ok && t.subs == nil {
			e.merge(toks, i, i+1, kLOC)
		}
	}
}

var modifierWords = wordSet(`中国 全国 中央 国家 人民 国际 世界 中华 地方 省 市 县 区 乡 镇 村 联合 第一 第二 第三`)

var strongOrgEnd = []string{"委员会", "大学", "学院", "公司", "集团", "银行", "协会", "学会", "研究所", "研究院", "法院", "检察院", "医院", "中学", "小学", "基金会", "联合会", "同学会", "代表大会", "常委会", "办公厅", "电视台", "通讯社", "日报", "出版社", "博物馆"}

// strongOrgLast: the last characters of strongOrgEnd (a quick test).
var strongOrgLast = lastRuneSet(strongOrgEnd)

func (e *Extractor) orgHeadToken(t *ntok) (head, weak bool) {
	if f := t.flags(); f&fOrgHead != 0 {
		return true, f&fWeakOrgHead != 0
	}
	if t.typ == kORG {
		return false, false
	}
	if e.tflags(t)&tStrongEnd != 0 && (t.pos == "" || t.pos == "n" || t.pos == "nt" || t.pos == "nz" || t.pos == "j") {
		return true, false
	}
	return false, false
}

// ministry: 文化部, 林业部 (not 东北部, 俱乐部).
func ministry(t *ntok) bool {
	return (t.pos == "n" || t.pos == "nt" || t.pos == "") && ministryText(t.n, t.w.feat)
}

// ministryText is ministry but for the tag, from a word's length in
// characters and its features.
func ministryText(n int, f feat) bool {
	if n != 3 || !f.han {
		return false
	}
	if f.rl != '部' && f.rl != '委' && f.rl != '局' {
		return false
	}
	return !strings.ContainsRune("东南西北中内外上下前后全干局新", f.r1) && !strings.ContainsRune("东南西北中内外上下前后俱开创破布结顾", f.r0)
}

func isOrdinal(t *ntok) bool { return ordinalText(t.text, t.pos) }

// ordinalText: a word of text and tag pos is an ordinal (第一, 十五, 届).
func ordinalText(text, pos string) bool {
	if pos != "m" && pos != "q" && pos != "" {
		return false
	}
	for _, r := range text {
		if !strings.ContainsRune("第一二三四五六七八九十百零〇两0123456789０１２３４５６７８９届次", r) {
			return false
		}
	}
	return true
}

func (e *Extractor) markOrgs(toks []*ntok) []*ntok {
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.dead {
			continue
		}
		head, weak := e.orgHeadToken(t)
		if !head || t.subs != nil {
			continue
		}
		// Extend left over modifiers.
		start := i
		proper := false
		nouns := 0
		for j := i - 1; j >= 0 && i-j <= 6; j-- {
			m := toks[j]
			if m.dead {
				continue
			}
			switch {
			case m.subs != nil && len(m.subs) >= 2 && m.subs[0].i == 0 && m.subs[len(m.subs)-1].i == len(m.subs)-1 && m.n == len(m.subs):
				// 美中 in 美中贸易全国委员会
				proper = true
				start = j
				continue
			case m.typ == kPER || m.subs != nil:
			case m.typ == kLOC || m.typ == kORG || m.pos == "ns" || m.pos == "nt" || m.pos == "nz" || m.pos == "j":
				proper = true
				start = j
				continue
			case m.is(fModifier):
				start = j
				continue
			case isOrdinal(m):
				start = j
				continue
			case (m.pos == "n" || m.pos == "vn" || (m.pos == "v" && j == i-1)) && m.n >= 2 && nouns < 2 && !weak:
				nouns++
				start = j
				continue
			}
			break
		}
		// Drop leading ordinals/nouns that are not attached to a proper part.
		for start < i && (toks[start].dead || (isOrdinal(toks[start]) && !strings.HasPrefix(toks[start].text, "第"))) {
			start++
		}
		if start == i {
			if t.typ == kNone && ((t.n >= 4 && !weak && t.pos == "") || t.is(fStandaloneOrg) || ministry(t)) {
				t.typ = kORG
			}
			continue
		}
		if weak && !proper {
			continue
		}
		if !proper && nouns > 0 && !toks[start].is(fModifier) {
			continue
		}
		k := e.merge(toks, start, i, kORG)
		if g := k.w.gaz; g != nil && g.kind == kORG {
			k.gaz = true
		}
		// 致公党中央, 人民日报国际部: an ORG followed by another head.
		i = start
	}
	for i, t := range toks {
		if t.dead || t.typ != kNone || t.subs != nil {
			continue
		}
		// each rule below asks for one of these
		if e.tflags(t)&(tNtOrg|tMinistry|tStrongTail|tCongress|tOrdinal) == 0 && !t.is(fStandaloneOrg) {
			continue
		}
		if t.pos == "nt" && ntOrg(t.text) || t.is(fStandaloneOrg) || ministry(t) || t.n >= 4 && (t.pos == "l" || t.pos == "n") && strongOrgTail(t.text) {
			t.typ = kORG
		}
		// 十五大, 党的十四大: a party congress by its ordinal.
		if t.n >= 2 && t.w.rl == '大' && ordinalText(strings.TrimSuffix(t.text, "大"), "m") {
			t.typ = kORG
		}
		if t.pos == "m" && i+1 < len(toks) && toks[i+1].text == "大" && isOrdinal(t) && !strings.HasPrefix(t.text, "第") {
			e.merge(toks, i, i+1, kORG)
		}
	}
	e.joinOrgs(toks)
	return toks
}

// joinOrgs joins an organization with what completes its name: a party and
// its congress (中共 + 十五大, 民建 + 七大), a session before it (第九届 +
// 全国人民代表大会), a unit after it (国务院 + 外办).
func (e *Extractor) joinOrgs(toks []*ntok) {
	next := func(i int) int {
		for j := i + 1; j < len(toks); j++ {
			if !toks[j].dead {
				return j
			}
		}
		return -1
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.dead || t.typ != kORG {
			continue
		}
		j := next(i)
		if j < 0 {
			break
		}
		n := toks[j]
		congress := n.n >= 2 && n.w.rl == '大' && ordinalText(strings.TrimSuffix(n.text, "大"), "m") && !strings.HasPrefix(n.text, "第")
		unit := n.typ == kNone && n.n == 2 && n.w.han && strings.ContainsRune("办部局司处委厅室", n.w.rl) && !strings.ContainsRune("东南西北中内外上下前后全干局俱总", n.w.r0)
		if (congress && (n.typ == kORG || n.typ == kNone)) || unit {
			k := e.merge(toks, i, j, kORG)
			if g := k.w.gaz; g != nil && g.kind == kORG {
				k.gaz = true
			}
			i--
			continue
		}
	}
	for i := 1; i < len(toks); i++ {
		t := toks[i]
		if t.dead || t.typ != kORG {
			continue
		}
		p := i - 1
		for p >= 0 && toks[p].dead {
			p--
		}
		if p >= 0 && toks[p].typ == kNone && strings.HasPrefix(toks[p].text, "第") && isOrdinal(toks[p]) && strings.ContainsAny(toks[p].text, "届次") {
			e.merge(toks, p, i, kORG)
		}
	}
}

// ntOrg: a word the dictionary tags as an organization (nt) that is one by
// its ending; the tag is also on 中美关系, 党政机关, 参政党, 美国政府,
// 交易会, which are not organizations.
func ntOrg(w string) bool {
	if strongOrgTail(w) {
		return !strings.HasSuffix(w, "全国代表大会") || utf8.RuneCountInString(w) > 6
	}
	for _, suf := range ntOrgTails {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	rs := []rune(w)
	if len(rs) >= 3 {
		switch rs[len(rs)-1] {
		case '部', '局', '委', '办', '署', '厅', '处', '司':
			return !strings.ContainsRune("东南西北中内外上下前后全干局俱格布结大时政当骗饭残财", rs[len(rs)-2])
		}
	}
	return false
}

var ntOrgTails = strings.Fields(`共产党 国民党 致公党 工党 民主党 共和党 人民党 学社 旅行社 通讯社 出版社 报社 军校 人大 政协 中央 联合国 东盟 欧盟 组织 联盟 议会 国会 工会 商会 董事会 联委会 筹委会 组委会 促进会 民建 民进 民革 民盟 农工党 台盟 妇联 工商联 侨联 红十字会`)

// strongOrgTail: the name ends with an unambiguous head (…委员会, …大学).
func strongOrgTail(w string) bool {
	if !strongOrgLast.has(lastRune(w)) {
		return false
	}
	for _, s := range strongOrgEnd {
		if strings.HasSuffix(w, s) && w != s {
			return true
		}
	}
	return false
}
