// Package extract finds the metadata a news editor expects in clean,
// canonical (Simplified) text: headline, publication date and all dates,
// dateline and agencies, people, places and organizations, keywords, a lead
// summary, statistics and a near-duplicate fingerprint. See README.md for the
// rules and the sources of the dictionaries.
package extract

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/article"
	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/fingerprint"
	"github.com/zhdoc/zhdoc/shared/lexicon"
	"github.com/zhdoc/zhdoc/shared/segment"
)

// Input is one normalized document.
type Input struct {
	Text     string    // canonical Simplified clean text, one paragraph per line
	Original string    // same text in its original script, line-aligned with Text
	Articles []Article // line ranges; empty = whole text is one article
	// Lines, when not nil, holds the words of each line of Text (split on
	// "\n"): Lines[i] is the extractor's Tokens of line i (the segmenter
	// New extends with the gazetteers). Extract then cuts
	// nothing itself. Lines that do not match Text (another count of
	// lines, words that do not tile a line) are ignored.
	Lines [][]segment.Token
}

// Article is a line range [StartLine, EndLine) of Text with its headline
// (empty when the normalizer found none): the normalizer's articles, their
// titles in the form of Text.
type Article = article.Span

// Metadata is what extraction finds in one document.
type Metadata struct {
	Title, TitleOriginal, Published, Dateline, Summary       string
	Dates, Agencies, People, Places, Organizations, Keywords []string
	Stats                                                    doc.Stats
	Fingerprint                                              []uint32

	// Entities: the names of People, Places and Organizations with their
	// mentions, rune offsets into Text (see doc.Entity), most mentioned
	// first, capped at doc.MaxEntities and doc.MaxMentions.
	Entities []doc.Entity
}

const (
	maxTitleRunes   = 64
	maxSummaryRunes = 120
)

// Extract computes the metadata of in.
func (e *Extractor) Extract(in Input) Metadata {
	lines := strings.Split(in.Text, "\n")
	orig := strings.Split(in.Original, "\n")
	arts := append([]Article(nil), in.Articles...) // the caller's slice is not changed
	if len(arts) == 0 {
		arts = []Article{{StartLine: 0, EndLine: len(lines)}}
	}
	for i := range arts {
		arts[i].StartLine = max(0, min(arts[i].StartLine, len(lines)))
		arts[i].EndLine = max(arts[i].StartLine, min(arts[i].EndLine, len(lines)))
		arts[i].EndLine = cutBoilerplate(lines, arts[i].StartLine, arts[i].EndLine)
	}
	var md Metadata

	// Headline of the lead article.
	lead := arts[0]
	titleLine := -1
	if lead.Title != "" {
		md.Title = strings.TrimSpace(lead.Title)
		for i := lead.StartLine; i < lead.EndLine; i++ {
			if strings.TrimSpace(lines[i]) == md.Title {
				titleLine = i
				break
			}
		}
	} else {
		titleLine = findTitleLine(lines, lead.StartLine, lead.EndLine)
		if titleLine >= 0 {
			md.Title = cleanTitle(lines[titleLine])
		}
	}
	if titleLine >= 0 && titleLine < len(orig) {
		md.TitleOriginal = cleanTitle(orig[titleLine])
	} else {
		md.TitleOriginal = md.Title
	}

	// Text of all articles (boilerplate cut), line by line.
	var body []string
	var src []int // line of each body line
	for _, a := range arts {
		for i := a.StartLine; i < a.EndLine; i++ {
			if l := strings.TrimSpace(lines[i]); l != "" && !navLine(l) {
				body = append(body, l)
				src = append(src, i)
			}
		}
	}
	given := in.Lines
	if len(given) != len(lines) {
		given = nil
	}
	all := strings.Join(body, "\n")

	// Dates, dateline, published.
	fallback := contextYear(all)
	seen := map[string]bool{}
	for _, d := range findDates(all, fallback) {
		if !seen[d.ISO] {
			seen[d.ISO] = true
			md.Dates = append(md.Dates, d.ISO)
		}
	}
	md.Published, md.Dateline = e.published(lines, lead, titleLine, fallback)

	// Agencies and credits; credit text is blanked before entity recognition.
	agencies := map[string]bool{}
	var agencyOrder []string
	addAgency := func(a string) {
		a = strings.TrimSpace(a)
		if g, ok := e.gaz[a]; ok && g.Type == ORG {
			a = g.Canonical
		}
		if a != "" && !agencies[a] {
			agencies[a] = true
			agencyOrder = append(agencyOrder, a)
		}
	}
	var reporters []string
	nerLines := make([]string, len(body))
	for i, l := range body {
		l2 := l
		// the literals the gates look for, found in one pass: blanking
		// only removes some
		lits := litsOf(l)
		if m := datelineIndexLits(l2, lits); m != nil {
			if a := l2[m[2]:m[3]]; !lexicon.AgencyHas(a, lexicon.Self) {
				addAgency(a)
			}
			l2 = blank(l2, m[2], m[3])
		}
		for _, re := range reAgencyAt {
			for _, m := range re.findAllLits(l2, -1, lits) {
				addAgency(l2[m[2]:m[3]])
				l2 = blank(l2, m[2], m[3])
			}
		}
		for _, m := range reporterIndexLits(l2, lits) {
			for _, r := range strings.FieldsFunc(l2[m[2]:m[3]], func(r rune) bool { return r == '、' || unicode.IsSpace(r) }) {
				reporters = append(reporters, r)
			}
		}
		nerLines[i] = l2
	}
	md.Agencies = agencyOrder

	// People, places, organizations: each body line is cut once; the words
	// serve recognition, keywords and statistics.
	sc := scratchPool.Get().(*scratch)
	defer putScratch(sc)
	if sc.ents == nil {
		sc.ents = make(map[entKey]int, 256)
	}
	ents, counts := sc.ents, sc.counts[:0] // an index into counts by type and name
	order := 0
	add := func(name, typ string) *entCount {
		k := entKey{typ, name}
		i, ok := ents[k]
		if !ok {
			i = len(counts)
			ents[k] = i
			counts = append(counts, entCount{name: name, typ: typ, first: order})
		}
		counts[i].n++
		order++
		return &counts[i]
	}
	// lineAt: the rune offset in Text of each line's start.
	lineAt := make([]int, len(lines))
	for i, at := 0, 0; i < len(lines); i++ {
		lineAt[i] = at
		at += utf8.RuneCountInString(lines[i]) + 1
	}
	toks := sc.toks[:0]
	var ms []Mention
	for i, l := range nerLines {
		from := len(toks)
		var ts []segment.Token
		if given != nil {
			ts = given[src[i]]
		}
		toks = e.bodyWords(lines[src[i]], ts, body[i], l, toks)
		ms = e.lineEntities(sc, l, toks[from:], 0, true, ms[:0])
		// body[i] is lines[src[i]] trimmed: the words' offsets are into it
		base := lineAt[src[i]]
		if lo := strings.Index(lines[src[i]], body[i]); lo > 0 {
			base += utf8.RuneCountInString(lines[src[i]][:lo])
		}
		for _, m := range ms {
			name := m.Canonical
			if m.Type == PER && utf8.RuneCountInString(name) < 2 {
				continue
			}
			if _, known := e.gaz[name]; m.Type == ORG && (agencies[name] || !known && (standaloneOrg[name] || orgHeads[name] || congressOrdinal(name))) {
				continue
			}
			if n := utf8.RuneCountInString(name); !e.known(name) && n <= 2 && m.Type != PER && !(n == 2 && m.tagged) {
				continue // unlisted two-character place/org: mostly tagging noise
			}
			c := add(strings.Trim(name, "·"), m.Type)
			c.seen++
			if len(c.mentions) < doc.MaxMentions {
				c.mentions = append(c.mentions, doc.EntityMention{Text: m.Text, Start: base + m.Start, End: base + m.End, Score: math.Round(float64(m.Score)*1000) / 1000})
			}
		}
	}
	for _, r := range reporters {
		if chineseName(r) {
			add(r, PER)
		}
	}
	list := make([]entCount, 0, len(counts))
	for _, c := range counts {
		// Type resolution: a name seen as a place or organization in the
		// gazetteers is never a person.
		if g, ok := e.gaz[c.name]; ok && g.Type != c.typ {
			continue
		}
		list = append(list, c)
	}
	clear(ents)
	clear(counts)
	sc.counts = counts[:0]
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].first < list[j].first
	})
	for _, c := range list {
		if c.seen > 0 && len(md.Entities) < doc.MaxEntities {
			md.Entities = append(md.Entities, doc.Entity{Type: c.typ, Name: c.name, Count: c.seen, Mentions: c.mentions})
		}
		switch c.typ {
		case PER:
			md.People = append(md.People, c.name)
		case LOC:
			md.Places = append(md.Places, c.name)
		case ORG:
			md.Organizations = append(md.Organizations, c.name)
		}
	}

	// Summary, keywords, stats, fingerprint.
	md.Summary = summary(lines, lead, titleLine)
	md.Keywords = e.keywords(sc, all, toks, list)
	md.Stats = stats(lines, arts, toks)
	md.Fingerprint = fingerprint.Of(in.Text)
	sc.toks = toks[:0]
	return md
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// putScratch returns sc to the pool unless a huge document grew it.
func putScratch(sc *scratch) {
	if cap(sc.toks) > 1<<20 || cap(sc.store) > 1<<16 {
		return
	}
	clear(sc.store) // no strings kept alive from one document to the next
	clear(sc.ptrs)
	clear(sc.live[:cap(sc.live)])
	clear(sc.runs[:cap(sc.runs)])
	sc.toks = sc.toks[:0]
	scratchPool.Put(sc)
}

type entKey struct{ typ, name string }

type entCount struct {
	name, typ string
	n, first  int
	seen      int                 // mentions in the text (n also counts reporters' credits)
	mentions  []doc.EntityMention // the first doc.MaxMentions
}

// known reports whether name is a gazetteer name.
func (e *Extractor) known(name string) bool { _, ok := e.gaz[name]; return ok }

// blank replaces s[i:j] with spaces so that offsets stay valid.
func blank(s string, i, j int) string {
	return s[:i] + strings.Repeat(" ", utf8.RuneCountInString(s[i:j])) + s[j:]
}

var (
	// the lexicon's markers that end an article, and an editor's label
	reBoiler = regexp.MustCompile(`^\s*(?:[•·▪■□◆◇●○\-*]\s*)?(?:` + strings.Join(lexicon.MarkerTexts(lexicon.EndsArticle), "|") + `|编辑[:：]|→\s*联系我们)`)
	reNav    = regexp.MustCompile(`(?:»|>>|›|＞|>)`)
	reDateLn = regexp.MustCompile(`^[\s\d年月日号:：\-/.时分秒]+$`)
	reCredit = regexp.MustCompile(`^\s*(?:(?:资料)?来源|作者|记者|编辑|责编|本报讯|据.{2,8}电)\s*[:：]?`)
)

// cutBoilerplate ends an article at a related-reading list, a disclaimer or
// an editor's line.
func cutBoilerplate(lines []string, start, end int) int {
	for i := start; i < end; i++ {
		if boilerLine(lines[i]) {
			return i
		}
	}
	return end
}

// navLine: a breadcrumb (首页 » 新闻频道 » 国内新闻).
func navLine(l string) bool {
	// A rune is at most four bytes: a longer line has 60 runes or more.
	return len(l) < 240 && utf8.RuneCountInString(l) < 60 && navMarks(l) >= 2
}

// navMarks counts the matches of reNav in l, up to two, without the regexp
// (the same alternatives, tried in the same order).
func navMarks(l string) int {
	n := 0
	for i := 0; i < len(l) && n < 2; {
		switch {
		case strings.HasPrefix(l[i:], "»"):
			i += len("»")
		case strings.HasPrefix(l[i:], ">>"):
			i += 2
		case strings.HasPrefix(l[i:], "›"):
			i += len("›")
		case strings.HasPrefix(l[i:], "＞"):
			i += len("＞")
		case l[i] == '>':
			i++
		default:
			i++
			continue
		}
		n++
	}
	return n
}

func captionLine(l string) bool {
	return strings.HasPrefix(l, "▲") || strings.HasPrefix(l, "△") || strings.HasPrefix(l, "图") && strings.ContainsAny(l, "：:") ||
		strings.HasSuffix(l, "摄") || strings.HasSuffix(l, "供图") || strings.HasSuffix(l, " 图")
}

func hanCount(s string) int {
	n := 0
	i := 0
	for i+2 < len(s) { // fast path for U+4E00..U+9FFF, as in allHan
		b0 := s[i]
		if b0 < 0xE4 || b0 > 0xE9 || (b0 == 0xE4 && s[i+1] < 0xB8) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
			break
		}
		n++
		i += 3
	}
	for _, r := range s[i:] {
		if isHan(r) {
			n++
		}
	}
	return n
}

// headlineLike: short, no sentence end, mostly Han, not a credit or date.
func headlineLike(l string) bool {
	n := utf8.RuneCountInString(l)
	if n < 4 || n > maxTitleRunes || hanCount(l) < 4 {
		return false
	}
	if strings.ContainsAny(lastChar(l), "。！？；：，、,;:") || navLine(l) || captionLine(l) || dateLine(l) || creditLine(l) || datelineStart(l) {
		return false
	}
	// A sentence cut by a line break has several commas; a headline rarely.
	if strings.Count(l, "，")+strings.Count(l, ",") >= 2 {
		return false
	}
	for _, re := range reAgencyAt {
		if re.MatchString(l) {
			return false
		}
	}
	return true
}

func lastChar(s string) string {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return string(r)
}

// findTitleLine returns the index of the lead article's headline or -1: the
// first headline-like line before the first body paragraph, skipping
// breadcrumbs, captions and date lines.
func findTitleLine(lines []string, start, end int) int {
	for i := start; i < end && i < start+12; i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" || navLine(l) || captionLine(l) || dateLine(l) || creditLine(l) {
			continue
		}
		if headlineLike(l) {
			return i
		}
		if utf8.RuneCountInString(l) > maxTitleRunes || strings.ContainsAny(lastChar(l), "。！？") {
			return -1 // body text reached: no headline
		}
	}
	return -1
}

func cleanTitle(l string) string {
	l = strings.TrimSpace(l)
	l = strings.TrimPrefix(l, "【")
	l = strings.TrimSuffix(l, "】")
	return strings.Join(strings.Fields(l), " ")
}

// published: dateline date, else a date line under the headline, else a date
// at the very start of the first body paragraph (not a range).
func (e *Extractor) published(lines []string, lead Article, titleLine, fallback int) (pub, dateline string) {
	start := lead.StartLine
	if titleLine >= 0 {
		start = titleLine + 1
	}
	bodySeen := 0
	for i := start; i < lead.EndLine && bodySeen < 3; i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" || navLine(l) || captionLine(l) {
			continue
		}
		if m := reDateline.FindStringSubmatch(l); m != nil {
			dateline = m[2]
			if ds := findDates(m[3], yearBefore(lines, i, fallback)); len(ds) > 0 {
				pub = ds[0].ISO
			}
			return pub, dateline
		}
		if dateLine(l) {
			if ds := findDates(l, fallback); len(ds) > 0 && pub == "" {
				pub = ds[0].ISO
			}
			continue
		}
		if creditLine(l) || headlineLike(l) {
			continue
		}
		bodySeen++
		if pub != "" {
			continue
		}
		// 当地时间2024年5月21日, 2024年7月4日下午, 本报讯 7月4日
		head := l
		if rs := []rune(head); len(rs) > 24 {
			head = string(rs[:24])
		}
		if ds := findDates(head, fallback); len(ds) > 0 && !ds[0].Range && bodySeen == 1 {
			pub = ds[0].ISO
		}
	}
	return pub, dateline
}

// yearBefore: the year for a dateline without one: an explicit year in the
// lines around it, else the document's first year.
func yearBefore(lines []string, i, fallback int) int {
	for j := i; j < len(lines) && j < i+3; j++ {
		if y := contextYear(lines[j]); y != 0 {
			return y
		}
	}
	return fallback
}

var sentenceEnd = "。！？!?"

// summary: the lead sentences of the lead article, at most ~120 runes.
func summary(lines []string, lead Article, titleLine int) string {
	start := lead.StartLine
	if titleLine >= 0 {
		start = titleLine + 1
	}
	for i := start; i < lead.EndLine; i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" || navLine(l) || captionLine(l) || dateLine(l) || creditLine(l) || headlineLike(l) {
			continue
		}
		// Drop a dateline or 本报讯 prefix.
		if m := reDateline.FindStringIndex(l); m != nil {
			l = strings.TrimSpace(l[m[1]:])
			l = strings.TrimSpace(reReporter.ReplaceAllString(l, ""))
		}
		l = strings.TrimSpace(strings.TrimPrefix(l, "本报讯"))
		l = strings.TrimPrefix(l, "【")
		if j := strings.Index(l, "】"); j >= 0 && j < 200 {
			l = strings.TrimSpace(l[j+len("】"):])
		}
		return leadSentences(l)
	}
	return ""
}

func leadSentences(l string) string {
	rs := []rune(l)
	cut := -1
	for i, r := range rs {
		if i >= maxSummaryRunes {
			break
		}
		if strings.ContainsRune(sentenceEnd, r) {
			cut = i + 1
		}
	}
	if cut > 0 {
		return string(rs[:cut])
	}
	if len(rs) <= maxSummaryRunes {
		return l
	}
	// One long sentence: cut at the last comma within the limit.
	for i := maxSummaryRunes - 1; i > maxSummaryRunes/2; i-- {
		if rs[i] == '，' || rs[i] == ',' || rs[i] == '；' {
			return string(rs[:i]) + "……"
		}
	}
	return string(rs[:maxSummaryRunes]) + "……"
}

func stats(lines []string, arts []Article, toks []tok) doc.Stats {
	var s doc.Stats
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		s.Paragraphs++
		ended := false
		for i := 0; i < len(t); {
			if hanAt(t, i) {
				s.Chars++
				s.HanChars++
				ended = false
				i += 3
				continue
			}
			r, n := utf8.DecodeRuneInString(t[i:])
			i += n
			switch {
			case isHan(r):
				s.Chars++
				s.HanChars++
				ended = false
				continue
			case r == ' ' || r == '\t' || r >= 0x80 && spaceRune(r):
			default:
				s.Chars++
			}
			ended = false
			if isSentenceEnd(r) {
				s.Sentences++
				ended = true
			}
		}
		if !ended && !strings.ContainsRune("”」』）)", lastRune(t)) {
			s.Sentences++ // a headline or a paragraph without final stop
		}
	}
	s.Articles = len(arts)
	for i := range toks {
		if toks[i].w.word {
			s.Tokens++
		}
	}
	return s
}

// spaceRune is unicode.IsSpace, with the CJK punctuation block and the
// full-width forms answered first.
func spaceRune(r rune) bool {
	switch {
	case r == 0x3000:
		return true
	case r > 0x3000 && r < 0x3040, r >= 0xFF00 && r < 0xFFF0:
		return false
	}
	return unicode.IsSpace(r)
}

// isSentenceEnd is the lexicon's class (stats count sentences by it).
func isSentenceEnd(r rune) bool { return lexicon.IsSentenceEnd(r) }

// wordToken: the token holds something other than spaces, punctuation and
// symbols.
func wordToken(w string) bool {
	if hanAt(w, 0) {
		return true
	}
	for _, r := range w {
		if isHan(r) || r < 0x80 && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return true
		}
		if wordRune(r) {
			return true
		}
	}
	return false
}

// wordRune: r is not a space, punctuation or a symbol; the CJK punctuation
// block and the full-width forms from a table.
func wordRune(r rune) bool {
	switch {
	case r >= 0x3000 && r < 0x3040:
		return wordPunct[r-0x3000]
	case r >= 0xFF00 && r < 0xFFF0:
		return wordPunct[0x40+r-0xFF00]
	}
	return wordRuneSlow(r)
}

func wordRuneSlow(r rune) bool {
	return !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r)
}

var wordPunct = func() (b [0x40 + 0xF0]bool) {
	for r := rune(0x3000); r < 0x3040; r++ {
		b[r-0x3000] = wordRuneSlow(r)
	}
	for r := rune(0xFF00); r < 0xFFF0; r++ {
		b[0x40+r-0xFF00] = wordRuneSlow(r)
	}
	return b
}()

// datelineIndex and reporterIndex run their regexps only on lines that can
// match (a dateline ends with 电, a reporter credit names 记者 or 通讯员).
func datelineIndex(l string) []int { return datelineIndexLits(l, allLits) }

// datelineIndexLits is datelineIndex, with lits a superset of litsOf(l).
func datelineIndexLits(l string, lits litSet) []int {
	if !lits.may("电") || !containsLit(l, "电") {
		return nil
	}
	return reDateline.FindStringSubmatchIndex(l)
}

func reporterIndex(l string) [][]int { return reporterIndexLits(l, allLits) }

// reporterIndexLits is reporterIndex, with lits a superset of litsOf(l).
func reporterIndexLits(l string, lits litSet) [][]int {
	if !(lits.may("记者") && containsLit(l, "记者")) && !(lits.may("通讯员") && containsLit(l, "通讯员")) {
		return nil
	}
	return reReporter.FindAllStringSubmatchIndex(l, -1)
}

// congressOrdinal: a party congress by its ordinal alone (十五大, 二十大) is
// an event to an editor, not an organization.
func congressOrdinal(s string) bool {
	return strings.HasSuffix(s, "大") && ordinalText(strings.TrimSuffix(s, "大"), "m")
}

// hanAt: s holds a character of U+4E00..U+9FFF (E4 B8 80 .. E9 BF BF in
// UTF-8) at byte i.
func hanAt(s string, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	b0 := s[i]
	return b0 >= 0xE4 && b0 <= 0xE9 && (b0 != 0xE4 || s[i+1] >= 0xB8) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80
}
