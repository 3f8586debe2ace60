// Package normalize repairs and normalizes Chinese documents as they are
// uploaded: Unicode hygiene, width and punctuation, inline pinyin
// annotations, mojibake, OCR artefacts and web boilerplate, then splits the
// result into paragraphs, sentences and articles. Every repair is counted in
// Result.Counts, removed lines are kept verbatim in Result.Boilerplate and
// improbable spans that could not be repaired are listed in Result.Unrepaired.
//
// The text keeps its original script; Canonical holds the finishing touches
// (quote unification) that belong to the Simplified canonical form only.
package normalize

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/article"
	"github.com/zhdoc/zhdoc/shared/lexicon"
	"github.com/zhdoc/zhdoc/shared/mojibake"
)

// Result is the outcome of Normalize.
type Result struct {
	Text        string         // clean text, original script; one paragraph per line
	Articles    []Article      // at least one when Text is non-empty; line ranges into Text
	Counts      map[string]int // repairs applied, by name (only non-zero)
	Boilerplate []string       // removed lines, verbatim
	Unrepaired  []string       // improbable spans kept as they were, and repairs that guessed lost bytes (as repaired)
	Meta        Meta           // the page's metadata lines, read before removal
}

// Article is a range of lines of Result.Text; EndLine is exclusive and Title
// is "" when the article has no headline. It is the type extract.Input
// takes.
type Article = article.Span

// Normalize repairs text (decoded UTF-8 as uploaded) and reports what it did.
func Normalize(text string) Result {
	c := counter{}
	res := Result{Counts: c}
	s := hygiene(text, c)
	s = removePinyin(s, c)
	s = foldWidth(s, c)

	// lines: trimmed, inner whitespace runs collapsed, empty lines dropped
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	// blankBefore[i]: a blank line (or, below, a removed line) is before
	// lines[i]; column layouts break paragraphs only there
	var blankBefore []bool
	// spaced[i]: lines[i] began or ended with a space, which a column
	// break between two Latin letters keeps as the only sign of a word
	// boundary (a column is cut by position, mostly inside words)
	var spaced []bool
	blank := false
	for rest := s; ; {
		l := rest
		nl := strings.IndexByte(rest, '\n')
		if nl >= 0 {
			l, rest = rest[:nl], rest[nl+1:]
		}
		t := strings.Trim(l, " \t")
		if t != "" && (strings.Contains(t, "\t") || strings.Contains(t, "  ")) {
			u := collapseSpaces(t)
			if u != t {
				c.add("spaces", 1)
			}
			t = u
		}
		if t != "" {
			lines = append(lines, t)
			blankBefore = append(blankBefore, blank)
			spaced = append(spaced, len(t) < len(strings.TrimRight(l, "\r")))
			blank = false
		} else if len(lines) > 0 {
			blank = true
		}
		if nl < 0 {
			break
		}
	}

	// boilerplate and captions
	kept := make([]string, 0, len(lines))
	inRelated := false
	bodySeen := false // a sentence has been kept: the page header is over
	keptBlank := make([]bool, 0, len(lines))
	keptAt := make([]int, 0, len(lines)) // index of kept[i] in lines
	gap := false
	for li, l := range lines {
		gap = gap || blankBefore[li]
		if mayBeMeta(l) {
			if m, labelled, ok := parseMeta(l); ok {
				if labelled {
					res.Meta.merge(m)
					res.Boilerplate = append(res.Boilerplate, l)
					c.add("boilerplate", 1)
					continue
				}
				if !bodySeen {
					res.Meta.merge(m) // a bare date in the header
				}
				// a line that is a date and nothing else (in either kind of
				// numerals) is page furniture wherever it stands
				res.Boilerplate = append(res.Boilerplate, l)
				c.add("boilerplate", 1)
				continue
			}
		}
		if inRelated {
			if isListLike(l) || boilerKind(l) != "" {
				res.Boilerplate = append(res.Boilerplate, l)
				c.add("boilerplate", 1)
				continue
			}
			inRelated = false
		}
		if isRelatedMarker(l) {
			inRelated = true
			res.Boilerplate = append(res.Boilerplate, l)
			c.add("boilerplate", 1)
			continue
		}
		if k := boilerKind(l); k != "" {
			res.Boilerplate = append(res.Boilerplate, l)
			c.add(k, 1)
			continue
		}
		kept = append(kept, l)
		keptBlank = append(keptBlank, gap)
		keptAt = append(keptAt, li)
		gap = false
		bodySeen = bodySeen || strings.Contains(l, "。")
	}

	// a list of other stories after the body, whatever its heading
	if columnWidth(kept) == 0 {
		if i := trailingList(kept, keptAt, len(lines)); i < len(kept) {
			res.Boilerplate = append(res.Boilerplate, kept[i:]...)
			c.add("boilerplate", len(kept)-i)
			kept, keptBlank = kept[:i], keptBlank[:i]
		}
	}

	// mojibake, OCR spacing, punctuation
	docOCR := countHanSpaces(kept) >= 4
	// ASCII marks between Chinese characters: the document's full-width
	// marks were lost (OCR)
	ocrPunct := hanASCIIMarks(kept) >= 3

	for i, l := range kept {
		var n, g int
		l, n, g, res.Unrepaired = mojibake.RepairGuessing(l, res.Unrepaired)
		c.add("mojibake", n)
		c.add("mojibakeGuessedBytes", g)
		l = ocrSpaces(l, docOCR, c)
		// A mark made full width can leave a space between Chinese
		// characters that ocrSpaces would have removed (好! 好 → 好！ 好),
		// and makes its ASCII neighbour a mark in Chinese context (",,中"
		// takes two passes): look again, so that normalizing the output
		// changes nothing, for runs of up to four marks.
		for range 4 {
			p := chinesePunct(l, c)
			if p == l {
				break
			}
			l = ocrSpaces(p, docOCR, c)
		}
		if ocrPunct {
			l = ocrMarks(l, c)
		}
		kept[i] = l
	}

	// structure: headlines in brackets, broken lines, interposed captions,
	// duplicated overlaps
	// a document whose paragraphs were shuffled (columns pasted out of
	// order) has paragraphs that cannot start one after a finished
	// paragraph; there only such openings are joined to the line before.
	shuffled := false
	for i := 1; i < len(kept); i++ {
		if cannotStart(kept[i]) && !isOpen(kept[i-1]) {
			shuffled = true
			break
		}
	}
	out := make([]string, 0, len(kept))
	titles := map[int]string{}
	heads := map[int]bool{} // out lines that are headings by their place
	width := columnWidth(kept)
	for i := 0; i < len(kept); i++ {
		l := kept[i]
		if width > 0 {
			// a column layout: lines are joined but at a paragraph end
			// before a blank line or a line shorter than the column
			if i == 0 && len(kept) > 1 && keptBlank[1] && isHeadlineLike(l) {
				heads[0] = true
				out = append(out, l)
				continue
			}
			if n := len(out); n > 0 && !heads[n-1] && titles[n-1] == "" && !columnBreak(out[n-1], kept[i-1], keptBlank[i], width) {
				// a column is cut by position, mostly inside words: a
				// space at the cut is the only sign of a word boundary
				if (spaced[keptAt[i-1]] || spaced[keptAt[i]]) && alnum(lastRune(out[n-1])) && alnum(firstRune(l)) {
					out[n-1] += " " + l
				} else {
					out[n-1] += l
				}
				c.add("ocrJoinedLines", 1)
				continue
			}
			out = append(out, l)
			continue
		}
		if isHeading(kept, i) {
			heads[len(out)] = true
			out = append(out, l)
			continue
		}
		if t, body, ok := bracketHeadline(l); ok {
			titles[len(out)] = t
			out = append(out, t)
			l = body
		}
		if n := len(out); n > 0 && titles[n-1] == "" && !heads[n-1] {
			prev := out[n-1]
			if k := overlap(prev, l); k > 0 {
				l = strings.TrimLeft(l[k:], " ")
				c.add("duplicates", 1)
				if l == "" {
					continue
				}
			}
			if isOpen(prev) {
				if i+1 < len(kept) && isInterposedCaption(l) && continues(kept[i+1]) {
					res.Boilerplate = append(res.Boilerplate, l)
					c.add("captions", 1)
					continue
				}
				if continues(l) && (!shuffled || cannotStart(l)) && !joinMakesFurniture(prev, l) {
					out[n-1] = joinLines(prev, l)
					c.add("ocrJoinedLines", 1)
					continue
				}
			}
		}
		out = append(out, l)
	}
	if width > 0 {
		// a column's line breaks split parenthesised and quoted spans,
		// which the joined paragraphs now hold whole
		for i, l := range out {
			out[i] = chinesePunct(l, c)
			if ocrPunct {
				out[i] = ocrMarks(out[i], c)
			}
		}
	}
	res.Text = strings.Join(out, "\n")
	res.Articles = articles(out, titles, heads[0])
	return res
}

// isHeading: kept[i] is a heading by its place and shape, commas allowed
// ("三、提升农业发展质量，培育乡村发展新动能"): a short line that ends no
// sentence and no clause, at the start of the text or after a finished
// paragraph, with a paragraph more than twice as long next (a column break
// is followed by a line as short). Blank lines are not needed: the output,
// one paragraph a line, must read the same again. After
// the first line only a numbered section heading ("三、", "（一）", "第二章",
// "2.") counts: a sentence broken at a blank line looks the same otherwise.
var reSectionNumber = regexp.MustCompile(`^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[)）]|第[一二三四五六七八九十百\d]+[章节節部分篇条條]|\d{1,2}(?:\.\d{1,2})*[.、　 ])`)

func isHeading(kept []string, i int) bool {
	l := kept[i]
	if i+1 >= len(kept) || !runesAtMost(l, 50) || runesAtMost(l, 3) {
		return false
	}
	if i > 0 && !(lexicon.IsParagraphEnd(lastRune(kept[i-1])) && reSectionNumber.MatchString(l)) {
		return false
	}
	r := lastRune(l)
	if !(lexicon.IsIdeograph(r) || lexicon.IsDigit(r) || lexicon.IsLetter(r) || lexicon.IsClosing(r)) || sentenceStops.in(l) || isCredit(l) {
		return false
	}
	next := kept[i+1]
	return !runesAtMost(next, 2*runeLen(l)) && sentenceStops.in(next)
}

// columnWidth is the width in characters of a column layout (OCR of a
// narrow column, a line break every 12–30 characters), or 0 when the lines
// are not one: most lines about as long as each other, short, and ending
// in the middle of a sentence.
func columnWidth(lines []string) int {
	if len(lines) < 8 {
		return 0
	}
	var hist [33]int
	short, open := 0, 0
	for _, l := range lines {
		n := runeLen(l)
		if n > 32 || n < 6 {
			continue
		}
		short++
		hist[n]++
		if !lexicon.IsParagraphEnd(lastRune(l)) {
			open++
		}
	}
	if short*10 < len(lines)*7 || open*2 < short {
		return 0
	}
	// the width: the length that at least a quarter of the short lines reach
	seen := 0
	for n := 32; n >= 6; n-- {
		if seen += hist[n]; seen*4 >= short {
			return n
		}
	}
	return 0
}

// columnBreak: a paragraph ends after prev (as joined so far; last the
// line as it was): it ends a sentence, and a blank line follows it or its
// line stopped short of the column.
//
// Before a blank line a paragraph also ends at a closing quote or bracket
// and after a numbered section heading ("三、提升农业发展质量，培育乡村发展
// 新动能"): a column's mid-sentence splits fall between characters.
func columnBreak(prev, last string, blank bool, width int) bool {
	r := lastRune(prev)
	if blank && (lexicon.IsClosing(r) || sectionHeading(prev)) {
		return true
	}
	if !lexicon.IsParagraphEnd(r) {
		return false
	}
	return blank || runeLen(last) < width-3
}

// sectionHeading: a short numbered line that ends no sentence or clause.
func sectionHeading(s string) bool {
	r := lastRune(s)
	return runesAtMost(s, 40) && reSectionNumber.MatchString(s) && !lexicon.IsParagraphEnd(r) && r != '，' && r != '、' && r != '：'
}

func alnum(r rune) bool { return lexicon.IsLetter(r) || lexicon.IsDigit(r) }

// countHanSpaces counts spaces between two Han characters.
func countHanSpaces(lines []string) int {
	n := 0
	for _, l := range lines {
		if !strings.Contains(l, " ") {
			continue
		}
		for i := strings.IndexByte(l, ' '); i >= 0; {
			p, _ := utf8.DecodeLastRuneInString(l[:i])
			q, _ := utf8.DecodeRuneInString(l[i+1:])
			if lexicon.IsIdeograph(p) && lexicon.IsIdeograph(q) {
				n++
			}
			j := strings.IndexByte(l[i+1:], ' ')
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return n
}

// ocrSpaces removes the spaces OCR leaves inside Chinese text: between two
// Han characters (in headline-like lines only when the whole document shows
// OCR spacing), next to CJK punctuation, and, in OCR documents, between Han
// characters and digits. Spaces between Han and Latin words stay, and so does
// the space after a dateline ("新华社北京7月4日电 ").
func ocrSpaces(line string, docOCR bool, c counter) string {
	if !spaceMayDrop(line, docOCR) {
		return line
	}
	return ocrSpacesBytes(line, docOCR, c)
}

// ocrSpacesBytes is ocrSpaces over the bytes of line (valid UTF-8):
// the kept text is copied in runs between dropped spaces, and only the last
// two kept characters and their count are needed to decide.
func ocrSpacesBytes(line string, docOCR bool, c counter) string {
	headline := isHeadlineLike(line)
	var out []byte // the kept text before line[last:], once a space is dropped
	last, kept, n := 0, 0, 0
	var p1, p2 rune // the last two kept characters
	for i := 0; i < len(line); {
		r, size := rune(line[i]), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRuneInString(line[i:])
		}
		if r == ' ' && kept > 0 && i+1 < len(line) {
			p, q := p1, decodeAt(line, i+1)
			drop := false
			switch {
			case lexicon.IsCJKPunct(p) || lexicon.IsCJKPunct(q):
				drop = true
			case (p == ',' || p == ';' || p == ':') && lexicon.IsIdeograph(q) && kept > 1 && lexicon.IsCJK(p2):
				drop = true
			case lexicon.IsIdeograph(p) && lexicon.IsIdeograph(q):
				drop = (!headline || docOCR) && !(kept <= 24 && isDatelineHead([]rune(string(out)+line[last:i])))
			case docOCR && (lexicon.IsIdeograph(p) && lexicon.IsDigit(q) || lexicon.IsDigit(p) && lexicon.IsIdeograph(q)):
				drop = true
			}
			if drop {
				n++
				if out == nil {
					out = make([]byte, 0, len(line))
				}
				out = append(out, line[last:i]...)
				last = i + 1
				i++
				continue
			}
		}
		p2, p1 = p1, r
		kept++
		i += size
	}
	if n == 0 {
		return line
	}
	c.add("ocrSpaces", n)
	return string(append(out, line[last:]...))
}

// spaceMayDrop is a quick necessary condition of ocrSpaces changing line:
// a space whose neighbours meet one of its tests (looser here: no headline
// or dateline exceptions), or a space after a space, which it leaves to the
// full test.
func spaceMayDrop(line string, docOCR bool) bool {
	for i := strings.IndexByte(line, ' '); i >= 0; {
		if i > 0 && i+1 < len(line) {
			p, _ := utf8.DecodeLastRuneInString(line[:i])
			q, _ := utf8.DecodeRuneInString(line[i+1:])
			switch {
			case p == ' ',
				lexicon.IsCJKPunct(p) || lexicon.IsCJKPunct(q),
				(p == ',' || p == ';' || p == ':') && lexicon.IsIdeograph(q),
				lexicon.IsIdeograph(p) && lexicon.IsIdeograph(q),
				docOCR && (lexicon.IsIdeograph(p) && lexicon.IsDigit(q) || lexicon.IsDigit(p) && lexicon.IsIdeograph(q)):
				return true
			}
		}
		j := strings.IndexByte(line[i+1:], ' ')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// isHeadlineLike: a short line without sentence punctuation (a headline,
// subhead or kicker), not a credit line.
func isHeadlineLike(s string) bool {
	if !runesAtMost(s, 50) || headlinePunct.in(s) || hanCount(s) < 2 {
		return false
	}
	r := lastRune(s)
	if r == '：' || r == ':' || r == '、' {
		return false
	}
	return !isCredit(s)
}

// isOpen: the line stops in the middle of a sentence.
func isOpen(s string) bool {
	r := lastRune(s)
	switch r {
	case '，', '、', '“', '「', '『', '（', '《', '—':
		return true
	}
	if !(lexicon.IsIdeograph(r) || lexicon.IsDigit(r) || lexicon.IsLetter(r)) {
		return false
	}
	if isHeadlineLike(s) || isCredit(s) {
		return false
	}
	// a credit after the last sentence ("……。新華社")
	if i := sentenceStops.lastIndex(s); i >= 0 {
		tail := strings.TrimSpace(s[i+len("。"):])
		if isCredit(tail) || runesAtMost(tail, 6) && strings.Contains(tail, "社") {
			return false
		}
	}
	return true
}

// continues: the line can be the rest of a sentence broken before it.
func continues(s string) bool {
	r := firstRune(s)
	if !(lexicon.IsIdeograph(r) || lexicon.IsDigit(r) || lexicon.IsLetter(r) || lexicon.IsCJKPunct(r) && r != '“' && r != '「' && r != '【' && r != '《') {
		return false
	}
	if isHeadlineLike(s) || isCredit(s) || isParaOpener(s) || isDateline(s) {
		return false
	}
	return true
}

// cannotStart: the line opens with a particle, a one-character clause or
// closing punctuation, so it continues a sentence from elsewhere.
func cannotStart(s string) bool {
	r0, n0 := utf8.DecodeRuneInString(s)
	r1, n1 := utf8.DecodeRuneInString(s[n0:])
	if n0 == 0 || n1 == 0 {
		return false
	}
	switch r0 {
	case '的', '地', '得', '了', '着', '著', '过', '過', '们', '們', '么', '麼', '，', '。', '、', '；', '”', '」', '』', '）':
		return true
	}
	switch r1 {
	case '，', '。', '、', '；':
		return lexicon.IsIdeograph(r0)
	}
	return false
}

// isInterposedCaption: a short complete line between the halves of a broken
// sentence is a photo caption of a newspaper page.
func isInterposedCaption(s string) bool {
	return runesAtMost(s, 40) && (lastRune(s) == '。' && strings.Count(s, "。") == 1 && !strings.Contains(s, "，") || isHeadlineLike(s))
}

// joinMakesFurniture tells whether joining two lines that are text each
// would make a line the boilerplate filter drops (0@0 and 0.AA make an
// e-mail address): such lines stay apart, or a second pass would drop what
// the first kept. Only short results are checked: every furniture test
// but the disclaimer prefixes is bounded at 80 runes, and a long paragraph
// is checked at each join otherwise.
func joinMakesFurniture(a, b string) bool {
	if len(a)+len(b) > 4*80 {
		return false
	}
	return boilerKind(joinLines(a, b)) != ""
}

// joinLines joins two halves of a broken line; Latin words keep a space.
func joinLines(a, b string) string {
	if lexicon.IsLetter(lastRune(a)) && lexicon.IsLetter(firstRune(b)) {
		return a + " " + b
	}
	return a + b
}

// overlap returns the length in bytes of the longest prefix of b (at least
// 10 characters) that a ends with: a column fragment printed twice.
func overlap(a, b string) int {
	if len(b) < 30 || len(a) < 30 {
		return 0
	}
	last := a[len(a)-1]
	for k := min(len(a), len(b), 600); k >= 30; k-- {
		// only ends that match the last byte of a
		j := strings.LastIndexByte(b[:k], last)
		if j+1 < 30 {
			return 0
		}
		k = j + 1
		// end on a complete UTF-8 character
		if k < len(b) && b[k]&0xC0 == 0x80 {
			continue
		}
		if strings.HasSuffix(a, b[:k]) && !runesAtMost(b[:k], 9) {
			return k
		}
	}
	return 0
}

// bracketHeadline splits "【headline】body" into its headline and body.
func bracketHeadline(s string) (title, body string, ok bool) {
	if !strings.HasPrefix(s, "【") {
		return "", "", false
	}
	i := strings.Index(s, "】")
	if i < 0 {
		return "", "", false
	}
	title = s[len("【"):i]
	body = strings.TrimSpace(s[i+len("】"):])
	if !runesAtMost(title, 40) || runesAtMost(title, 3) || body == "" || isHeadlineLike(body) || !isHeadlineLike(title) {
		return "", "", false
	}
	return title, body, true
}

// articles finds article boundaries: the start of the text, a headline
// split from brackets, a block of headline lines that follows an end credit
// or is followed by a dateline, and a lead paragraph that opens with a full
// date after a finished paragraph.
func articles(lines []string, titles map[int]string, headed bool) []Article {
	if len(lines) == 0 {
		return nil
	}
	var arts []Article
	start := func(i int, title string) {
		if len(arts) > 0 {
			if arts[len(arts)-1].StartLine == i {
				return
			}
			arts[len(arts)-1].EndLine = i
		}
		arts = append(arts, Article{Title: title, StartLine: i})
	}
	hl := make([]bool, len(lines))
	for i, l := range lines {
		hl[i] = isHeadlineLike(l)
	}
	for i := 0; i < len(lines); i++ {
		if t, ok := titles[i]; ok {
			start(i, t)
			continue
		}
		if i == 0 {
			t := ""
			if (hl[0] || headed) && len(lines) > 1 {
				t = lines[0]
			}
			start(0, t)
			continue
		}
		if hl[i] && !hl[i-1] {
			j := i
			for j < len(lines) && hl[j] {
				j++
			}
			endBefore := isCredit(lines[i-1])
			dateline := j < len(lines) && isDateline(lines[j])
			if (endBefore || dateline) && j < len(lines) {
				start(i, lines[i])
			}
			i = j - 1
			continue
		}
		if !hl[i] && !hl[i-1] && isDateLead(lines[i]) && lexicon.IsParagraphEnd(lastRune(lines[i-1])) {
			start(i, "")
		}
	}
	arts[len(arts)-1].EndLine = len(lines)
	return arts
}

// Sentences splits a paragraph after 。！？ (ASCII ! ? too) and ……, keeping
// closing quotes and brackets with the sentence they close.
func Sentences(paragraph string) []string {
	var out []string
	rs := []rune(paragraph)
	startI := 0
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '。' || r == '！' || r == '？' || r == '!' || r == '?' || r == '…' {
			j := i + 1
			for j < len(rs) && (rs[j] == '…' || rs[j] == '。' || rs[j] == '！' || rs[j] == '？' || rs[j] == '!' || rs[j] == '?') {
				j++
			}
			for j < len(rs) && lexicon.IsClosing(rs[j]) && rs[j] != '）' && rs[j] != ')' && rs[j] != '】' {
				j++
			}
			if r == '…' && j == i+1 {
				continue // a lone ellipsis character is not a full stop
			}
			if s := strings.TrimSpace(string(rs[startI:j])); s != "" {
				out = append(out, s)
			}
			startI = j
			i = j - 1
		}
	}
	if s := strings.TrimSpace(string(rs[startI:])); s != "" {
		out = append(out, s)
	}
	return out
}
