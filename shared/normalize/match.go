package normalize

import (
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// Hand-written matchers for the line patterns that every line meets: prefix
// and suffix checks over small tables, no regular expressions. The patterns
// they implement are spelled out in each comment (TestMatchers compares them
// with the equivalent regular expressions).

// isRESpace is \s of Go regular expressions.
func isRESpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }

func trimRESpace(s string) string {
	for len(s) > 0 && isRESpace(s[0]) {
		s = s[1:]
	}
	return s
}

// collapseSpaces replaces every run of two or more spaces or tabs by one
// space and every remaining tab by a space.
func collapseSpaces(t string) string {
	var b strings.Builder
	b.Grow(len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != ' ' && c != '\t' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte(' ')
		for i+1 < len(t) && (t[i+1] == ' ' || t[i+1] == '\t') {
			i++
		}
	}
	return b.String()
}

var metaLabels = lexicon.MarkerTexts(lexicon.Label)

// isMetaLine: `^(?:来源|…|字號)\s*[:：]`, a metadata label and a colon.
func isMetaLine(s string) bool {
	if len(s) < 4 {
		return false
	}
	for _, p := range metaLabels {
		if strings.HasPrefix(s, p) {
			r := trimRESpace(s[len(p):])
			if strings.HasPrefix(r, ":") || strings.HasPrefix(r, "：") {
				return true
			}
		}
	}
	return false
}

var (
	creditOpen     = []string{"（", "(", ""}
	creditSource   = []string{"据", "據", "均据", "均據", "来源", "來源", "转自", "轉自", ""}
	creditAgencies = lexicon.AgencySpellings(lexicon.Credit)
	creditSuffix   = []string{"电", "電", "讯", "訊", "综合", "綜合", "报道", "報道", ""}
)

// isCreditLine: `^[（(]?(?:据|…|轉自)?\s*(?:新华社|…|本報)(?:电|…|報道)?[)）]?$`,
// the agencies of lexicon.Credit.
func isCreditLine(s string) bool {
	for _, o := range creditOpen {
		if !strings.HasPrefix(s, o) {
			continue
		}
		s1 := s[len(o):]
		for _, src := range creditSource {
			if !strings.HasPrefix(s1, src) {
				continue
			}
			s2 := trimRESpace(s1[len(src):])
			for _, ag := range creditAgencies {
				if !strings.HasPrefix(s2, ag) {
					continue
				}
				s3 := s2[len(ag):]
				for _, suf := range creditSuffix {
					if !strings.HasPrefix(s3, suf) {
						continue
					}
					if r := s3[len(suf):]; r == "" || r == ")" || r == "）" {
						return true
					}
				}
			}
		}
	}
	return false
}

var openerVerbs = []string{"表示", "说", "說", "指出", "强调", "強調", "认为", "認為", "期间", "期間"}

// isParaOpener: `^[^，。！？]{1,12}(?:表示|说|說|指出|强调|強調|认为|認為|期间|期間)，`,
// a paragraph that opens "X表示，".
func isParaOpener(s string) bool {
	p := strings.Index(s, "，")
	if p < 0 || p > 12*4+6 {
		return false
	}
	head := s[:p]
	if sentenceStops.in(head) {
		return false
	}
	for _, v := range openerVerbs {
		if strings.HasSuffix(head, v) {
			n := utf8.RuneCountInString(head[:len(head)-len(v)])
			return n >= 1 && n <= 12
		}
	}
	return false
}

var (
	datelineAgencies = lexicon.AgencySpellings(lexicon.Dateline)
	datelineEnds     = []string{"电", "電", "讯", "訊", "消息"}
	dayParts         = []string{"上午", "下午", "晚", "晚上", "凌晨", "中午", "早上", "早晨", ""}
)

// isDateline: `^(?:新华社|…|法新社)[^，。,]{0,20}?(?:电|電|讯|訊|消息)` (the
// agencies of lexicon.Dateline), or
// `^(?:当地时间|當地時間)`, or a date lead (isDateLead).
func isDateline(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c >= '0' && c <= '9' {
		return isDateLead(s)
	}
	if strings.HasPrefix(s, "当地时间") || strings.HasPrefix(s, "當地時間") {
		return true
	}
	for _, ag := range datelineAgencies {
		if !strings.HasPrefix(s, ag) {
			continue
		}
		r := s[len(ag):]
		for k := 0; k <= 20; k++ {
			for _, e := range datelineEnds {
				if strings.HasPrefix(r, e) {
					return true
				}
			}
			c, size := utf8.DecodeRuneInString(r)
			if size == 0 || c == '，' || c == '。' || c == ',' {
				break
			}
			r = r[size:]
		}
	}
	return false
}

// digits consumes between lo and hi ASCII digits.
func digits(s string, lo, hi int) (string, bool) {
	n := 0
	for n < len(s) && n < hi && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return s[n:], n >= lo
}

// isDateLead: `^\d{4}年\d{1,2}月\d{1,2}日(?:上午|…|早晨)?[，,]`.
func isDateLead(s string) bool {
	r, ok := digits(s, 4, 4)
	if !ok || !strings.HasPrefix(r, "年") {
		return false
	}
	if r, ok = digits(r[len("年"):], 1, 2); !ok || !strings.HasPrefix(r, "月") {
		return false
	}
	if r, ok = digits(r[len("月"):], 1, 2); !ok || !strings.HasPrefix(r, "日") {
		return false
	}
	r = r[len("日"):]
	for _, d := range dayParts {
		if strings.HasPrefix(r, d) {
			if t := r[len(d):]; strings.HasPrefix(t, "，") || strings.HasPrefix(t, ",") {
				return true
			}
		}
	}
	return false
}

var (
	datelineSpaceAgencies = lexicon.AgencySpellings(lexicon.SpacedDateline)
	// datelineSpaceFirst holds their first characters, a quick test
	datelineSpaceFirst = func() string {
		var b strings.Builder
		for _, a := range datelineSpaceAgencies {
			if r := firstRune(a); !strings.ContainsRune(b.String(), r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}()
)

// isDatelineHead: `^(?:新华社|…|中央社)[^，。,\s]{0,20}(?:电|電|讯|訊)$` (the
// agencies of lexicon.SpacedDateline), the dateline before the space that
// stays ("新华社北京7月4日电").
func isDatelineHead(rs []rune) bool {
	if len(rs) < 3 {
		return false
	}
	if !strings.ContainsRune(datelineSpaceFirst, rs[0]) {
		return false
	}
	switch rs[len(rs)-1] {
	case '电', '電', '讯', '訊':
	default:
		return false
	}
	s := string(rs)
	for _, ag := range datelineSpaceAgencies {
		if !strings.HasPrefix(s, ag) || len(s) < len(ag)+3 {
			continue
		}
		mid := s[len(ag) : len(s)-3]
		if utf8.RuneCountInString(mid) > 20 || strings.ContainsAny(mid, "，。, \t\n\f\r") {
			continue
		}
		return true
	}
	return false
}

// mayBeDateTime: a necessary condition of reDateTime, which opens with a
// digit or with 发布/發佈/更新/时间/時間/日期.
func mayBeDateTime(t string) bool {
	if t == "" {
		return false
	}
	if c := t[0]; c >= '0' && c <= '9' {
		return true
	}
	switch firstRune(t) {
	case '发', '發', '更', '时', '時', '日':
		return true
	}
	return false
}

// mayBeCaption: a necessary condition of reCaption: the line opens with a
// triangle, 图/圖 or a bracket, or ends with 摄/攝/图/圖/影.
func mayBeCaption(s string) bool {
	switch firstRune(s) {
	case '▲', '△', '▼', '▽', '►', '图', '圖', '（', '(':
		return true
	}
	switch lastRune(s) {
	case '摄', '攝', '图', '圖', '影':
		return true
	}
	return false
}
