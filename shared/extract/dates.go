package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// hanNumber and hanYear read the numbers of dates (lexicon, shared with the
// normalizer's metadata lines).
func hanNumber(s string) (int, bool) { return lexicon.HanNumber(s) }

func hanYear(s string) (int, bool) { return lexicon.HanYear(s) }

// toASCIIDigits turns full-width digits and colons into ASCII.
func toASCIIDigits(s string) string {
	if strings.IndexByte(s, 0xEF) < 0 { // all it changes is U+FF0D..U+FF1A (EF BC 8D..9A)
		return s
	}
	return strings.Map(asciiDigit, s)
}

func asciiDigit(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return r - '０' + '0'
	case r == '－':
		return '-'
	case r == '：':
		return ':'
	case r == '／':
		return '/'
	}
	return r
}

var (
	hn     = `[〇零一二三四五六七八九十]`
	reDate = regexp.MustCompile(
		`((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]` + // 2024年7月4日
			`|((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?` + // 2024-05-21 18:02:47
			`|(` + hn + `{4})年(` + hn + `{1,3})月(` + hn + `{1,3})[日号]` + // 二〇二四年七月四日
			`|((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月` + // 2024年7月 (month only: context year)
			`|(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]` + // 7月4日
			`|(` + hn + `{1,2})月(` + hn + `{1,3})[日号]`) // 七月四日
	reYear = regexp.MustCompile(`((?:19|20)\d{2})\s*(?:年|至|-|—)`)
)

// dateHit is one date found in text.
type dateHit struct {
	ISO   string
	Range bool // followed by 至/到/-: the start of a range
}

func validDate(y, m, d int) bool {
	return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

// mayHoldDate: every date pattern needs 月 or a digit separator.
func mayHoldDate(l string) bool {
	// 月 after a digit or a Chinese numeral (spaces between allowed), not
	// 岁月 or 月球
	for i := 0; ; {
		j := indexLit(l[i:], "月")
		if j < 0 {
			break
		}
		before := strings.TrimRight(l[:i+j], " \t")
		if r, _ := utf8.DecodeLastRuneInString(before); r >= '0' && r <= '9' || r >= '０' && r <= '９' || hanNumeral(r) {
			return true
		}
		i += j + len("月")
	}
	return sepAndDigit(l)
}

// sepAndDigit is (strings.ContainsAny(l, "-/.") || strings.Contains(l, "－")
// || strings.Contains(l, "／")) && hasDigit(l), in one pass over the bytes
// (－ is EF BC 8D, ／ EF BC 8F, ０ to ９ EF BC 90 to 99).
func sepAndDigit(l string) bool {
	sep, dig := false, false
	for i := 0; i < len(l); i++ {
		b := l[i]
		if sepDigitByte[b] == 0 { // most bytes: one table look-up
			continue
		}
		switch {
		case b == '-' || b == '/' || b == '.':
			sep = true
		case '0' <= b && b <= '9':
			dig = true
		case b == 0xEF && i+2 < len(l) && l[i+1] == 0xBC:
			switch c := l[i+2]; {
			case c == 0x8D || c == 0x8F:
				sep = true
			case c >= 0x90 && c <= 0x99:
				dig = true
			}
		default:
			continue
		}
		if sep && dig {
			return true
		}
	}
	return false
}

// sepDigitByte marks the bytes sepAndDigit looks at.
var sepDigitByte = func() (t [256]uint8) {
	for _, b := range []byte("-/.0123456789\xef") {
		t[b] = 1
	}
	return t
}()

// hasDigit: l holds an ASCII or a full-width digit (０ to ９: EF BC 90 to 99).
func hasDigit(l string) bool {
	if strings.ContainsAny(l, "0123456789") {
		return true
	}
	for i := 0; ; {
		j := strings.Index(l[i:], "\xef\xbc")
		if j < 0 || i+j+2 >= len(l) {
			return false
		}
		if b := l[i+j+2]; b >= 0x90 && b <= 0x99 {
			return true
		}
		i += j + 2
	}
}

// hn2: the characters of the Chinese numerals in date patterns.
var hn2 = map[rune]bool{'〇': true, '零': true, '一': true, '二': true, '三': true, '四': true, '五': true, '六': true, '七': true, '八': true, '九': true, '十': true}

// hanNumeral is hn2[r], without a map access per character.
func hanNumeral(r rune) bool {
	switch r {
	case '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return false
}

// findDates returns the dates in text, normalised to YYYY-MM-DD. Dates
// without a year take the last explicit year before them, else fallbackYear
// (0: such dates are dropped).
func findDates(text string, fallbackYear int) []dateHit {
	var out []dateHit
	year := 0
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if !mayHoldDate(line) {
			continue
		}
		out, year = lineDates(toASCIIDigits(line), year, fallbackYear, out)
	}
	return out
}

// dateChar: the characters a reDate match is made of (after
// toASCIIDigits). A match lies inside one run of them, so the regexp runs
// on those runs only, and only on runs that hold 月 or a separator.
func dateChar(r rune) bool {
	switch {
	case r < 0x80:
		return '0' <= r && r <= '9' || r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' || r == '-' || r == '/' || r == '.' || r == ':' || r == 'T'
	case r == '年' || r == '月' || r == '日' || r == '号':
		return true
	}
	return hanNumeral(r)
}

// dateMatches returns reDate.FindAllStringSubmatchIndex(text, -1), found
// run by run (see dateChar).
func dateMatches(text string) [][]int {
	var out [][]int
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !dateChar(r) {
			i += size
			continue
		}
		j, anchor := i, false
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !dateChar(r) {
				break
			}
			anchor = anchor || r == '月' || r == '-' || r == '/' || r == '.'
			j += size
		}
		if anchor {
			for _, m := range reDate.FindAllStringSubmatchIndex(text[i:j], -1) {
				for k := range m {
					if m[k] >= 0 {
						m[k] += i
					}
				}
				out = append(out, m)
			}
		}
		i = j
	}
	return out
}

func lineDates(text string, year, fallbackYear int, out []dateHit) ([]dateHit, int) {
	for _, m := range dateMatches(text) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return text[m[2*i]:m[2*i+1]]
		}
		var y, mo, d int
		switch {
		case g(1) != "":
			y, _ = strconv.Atoi(g(1))
			mo, _ = strconv.Atoi(g(2))
			d, _ = strconv.Atoi(g(3))
		case g(4) != "":
			y, _ = strconv.Atoi(g(4))
			mo, _ = strconv.Atoi(g(5))
			d, _ = strconv.Atoi(g(6))
		case g(7) != "":
			y, _ = hanYear(g(7))
			mo, _ = hanNumber(g(8))
			d, _ = hanNumber(g(9))
		case g(10) != "":
			year, _ = strconv.Atoi(g(10))
			continue
		case g(12) != "":
			mo, _ = strconv.Atoi(g(12))
			d, _ = strconv.Atoi(g(13))
		case g(14) != "":
			mo, _ = hanNumber(g(14))
			d, _ = hanNumber(g(15))
		}
		if y != 0 {
			year = y
		} else {
			y = year
			if y == 0 {
				y = fallbackYear
			}
		}
		if !validDate(y, mo, d) {
			continue
		}
		rest := text[m[1]:]
		rng := strings.HasPrefix(rest, "至") || strings.HasPrefix(rest, "到") || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "—")
		out = append(out, dateHit{ISO: fmt.Sprintf("%04d-%02d-%02d", y, mo, d), Range: rng})
	}
	return out, year
}

// contextYear is the first explicit year in text (2024年, 2024至2025年度), or 0.
func contextYear(text string) int {
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if !strings.Contains(line, "19") && !strings.Contains(line, "20") && !strings.Contains(line, "１９") && !strings.Contains(line, "２０") {
			continue
		}
		if m := reYear.FindStringSubmatch(toASCIIDigits(line)); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	return 0
}

var (
	// the agencies the extractor records, in the lexicon's order (the
	// patterns keep the first alternative that matches)
	agencyNames = strings.Join(lexicon.AgencyNames(lexicon.Recognized), "|")
	// 新华社阿斯塔纳7月4日电, 本报北京7月4日电, 新华社北京7月4日电（记者 张三）
	reDateline = regexp.MustCompile(`^\s*(` + agencyNames + `|` + strings.Join(lexicon.AgencyNames(lexicon.Self), "|") + `)(?:记者)?\s*([\p{Han}]{2,12}?)\s*(\d{1,2}月\d{1,2}日|` + hn + `{1,2}月` + hn + `{1,3}日)\s*(?:专)?电`)
	reReporter = regexp.MustCompile(`[（(]\s*(?:记者|通讯员|本报记者)\s*([\p{Han}、\s]{2,30}?)\s*[）)]`)
	// Credit patterns, each with the literals a line must hold for it to be
	// tried at all (the regexps are costly; most lines hold none).
	reAgencyAt = []gatedRe{
		{regexp.MustCompile(`(?:^|[\s。，,])(?:均)?据\s*(` + agencyNames + `)(?:记者)?\s*(?:电|报道|消息)?`), []string{"据"}, 0, agencyAfterJu},
		{regexp.MustCompile(`^\s*均据\s*(` + agencyNames + `)`), []string{"均据"}, 0, func(l string) bool { return strings.HasPrefix(strings.TrimLeft(l, reSpace), "均据") }},
		{regexp.MustCompile(`(?:资料)?来源\s*[:：]\s*([\p{Han}A-Za-z]{2,16})`), []string{"来源"}, 0, nil},
		{regexp.MustCompile(`[（(]\s*([\p{Han}]{2,10}(?:网站|网|社|报|台|新闻))\s*[）)]\s*$`), nil, 0, func(l string) bool {
			l = strings.TrimRight(l, reSpace)
			return strings.HasSuffix(l, "）") || strings.HasSuffix(l, ")")
		}},
		{regexp.MustCompile(`^\s*(` + agencyNames + `)\s*(?:图|供图|发|记者\s*[\p{Han}]{2,4}\s*摄)?\s*$`), nil, 80, startsWithAgency},
		{regexp.MustCompile(`[。！？]\s*(` + agencyNames + `)\s*$`), nil, 0, func(l string) bool {
			return agencyLast.has(lastRune(strings.TrimRight(l, reSpace)))
		}},
		{regexp.MustCompile(`^\s*(` + agencyNames + `)(?:消息|讯)`), []string{"消息", "讯"}, 0, startsWithAgency},
	}
)

// reSpace: what \s matches in a regexp.
const reSpace = " \t\n\f\r"

// The first and last characters of the agency names.
var agencyFirst, agencyLast = func() (*runeBits, *runeBits) {
	var f, l []rune
	for _, a := range strings.Split(agencyNames, "|") {
		f = append(f, firstRune(a))
		l = append(l, lastRune(a))
	}
	return runeSet(string(f)), runeSet(string(l))
}()

// startsWithAgency: l may start with an agency name.
func startsWithAgency(l string) bool {
	return agencyFirst.has(firstRune(strings.TrimLeft(l, reSpace)))
}

// agencyAfterJu: some 据 in l is followed by what may start an agency name.
func agencyAfterJu(l string) bool {
	for {
		i := indexLit(l, "据")
		if i < 0 {
			return false
		}
		l = l[i+len("据"):]
		if agencyFirst.has(firstRune(strings.TrimLeft(l, reSpace))) {
			return true
		}
	}
}

// gatedRe is a regexp tried only on lines that hold one of its literals
// (any line when there are none) and are at most maxLen bytes long (0: any).
type gatedRe struct {
	re     *regexp.Regexp
	need   []string
	maxLen int
	ok     func(string) bool // a further necessary condition (nil: none)
}

func (g gatedRe) may(l string) bool { return g.mayLits(l, allLits) }

// mayLits is may, with lits a superset of litsOf(l).
func (g gatedRe) mayLits(l string, lits litSet) bool {
	if g.maxLen > 0 && len(l) > g.maxLen {
		return false
	}
	if len(g.need) > 0 {
		found := false
		for _, n := range g.need {
			if lits.may(n) && containsLit(l, n) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return g.ok == nil || g.ok(l)
}

func (g gatedRe) MatchString(l string) bool { return g.may(l) && g.re.MatchString(l) }

func (g gatedRe) FindAllStringSubmatchIndex(l string, n int) [][]int {
	return g.findAllLits(l, n, allLits)
}

// findAllLits is FindAllStringSubmatchIndex, with lits a superset of
// litsOf(l).
func (g gatedRe) findAllLits(l string, n int, lits litSet) [][]int {
	if !g.mayLits(l, lits) {
		return nil
	}
	return g.re.FindAllStringSubmatchIndex(l, n)
}
