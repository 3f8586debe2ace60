package normalize

import (
	"regexp"
	"strings"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// Line classifiers. All regular expressions are compiled once, here.
var (
	reDateTime = regexp.MustCompile(`^(?:(?:发布|發佈|發布|更新)?(?:时间|時間|日期)\s*[:：]?\s*)?\d{2,4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$|^(?:时间|時間|日期)\s*[:：]\s*[\d\-/.: 年月日]+$`)
	reEmail    = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	reCaption  = regexp.MustCompile(`^[▲△▼▽►]|^(?:` + strings.Join(lexicon.AgencySpellings(lexicon.Caption), "|") + `|资料|資料)?\s*(?:记者|記者)?\s*[\p{Han}A-Za-z·]{0,8}\s*(?:摄|攝|图|圖|供图|供圖|摄影|攝影)$|^(?:图|圖)(?:片)?(?:来源|來源|说明|說明)?\s*[:：]|^(?:图|圖)为|^(?:图|圖)為|^[（(](?:图|圖)(?:片来源|片來源)?[:：]?.{0,30}[)）]$`)
)

// The markers of boilerplate lines, by kind (the lexicon holds them).
var relatedMarkers = lexicon.MarkerTexts(lexicon.Related)

var disclaimerMarkers = lexicon.MarkerTexts(lexicon.Disclaimer)

var navMarkers = lexicon.MarkerTexts(lexicon.Nav)

var widgetMarkers = lexicon.MarkerTexts(lexicon.Widget)

var contactMarkers = lexicon.MarkerTexts(lexicon.Contact)

// bulletTrim strips list bullets and surrounding spaces.
func bulletTrim(s string) string {
	return strings.Trim(s, " \t•·●▪◆◇■□*-–—→>»|")
}

func hasAny(s string, marks []string) bool {
	for _, m := range marks {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// markerSet finds any of its markers (two bytes or longer) in a line in
// one pass: only where the line's next two bytes open a marker are the
// markers compared.
type markerSet struct {
	pairs [1 << 16 / 64]uint64 // the first two bytes of each marker
	marks []string
}

func newMarkerSet(marks []string) *markerSet {
	m := &markerSet{marks: marks}
	for _, k := range marks {
		if len(k) < 2 {
			panic("normalize: marker shorter than two bytes")
		}
		p := uint(k[0])<<8 | uint(k[1])
		m.pairs[p>>6] |= 1 << (p & 63)
	}
	return m
}

// in is hasAny(s, marks).
func (m *markerSet) in(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		p := uint(s[i])<<8 | uint(s[i+1])
		if m.pairs[p>>6]&(1<<(p&63)) == 0 {
			continue
		}
		for _, k := range m.marks {
			if strings.HasPrefix(s[i:], k) {
				return true
			}
		}
	}
	return false
}

var (
	disclaimerSet = newMarkerSet(disclaimerMarkers)
	contactSet    = newMarkerSet(contactMarkers)
	widgetSet     = newMarkerSet(widgetMarkers)
	// lineMarkers finds all three kinds in one scan of a line
	lineMarkers = newMarkerKinds(disclaimerMarkers, contactMarkers, widgetMarkers)
)

// Bits of markerKinds.in.
const (
	hasDisclaimer = 1 << iota
	hasContact
	hasWidget
)

// markerKinds is markerSet over several lists at once: in reports, as bits
// in the order of the lists, which lists have a marker in the line. The
// markers are grouped by their first two bytes, so a position compares
// only the markers that can start there.
type markerKinds struct {
	group  [1 << 16]uint8 // first two bytes → 1 + index in groups (0: none)
	groups [][]kindMark
	all    uint8
}

type kindMark struct {
	mark string
	kind uint8 // the bit of its list
}

func newMarkerKinds(lists ...[]string) *markerKinds {
	m := &markerKinds{all: 1<<len(lists) - 1}
	for i, l := range lists {
		for _, k := range l {
			if len(k) < 2 {
				panic("normalize: marker shorter than two bytes")
			}
			p := uint16(k[0])<<8 | uint16(k[1])
			if m.group[p] == 0 {
				m.groups = append(m.groups, nil)
				m.group[p] = uint8(len(m.groups))
			}
			g := &m.groups[m.group[p]-1]
			*g = append(*g, kindMark{k, 1 << i})
		}
	}
	return m
}

func (m *markerKinds) in(s string) uint8 {
	var found uint8
	for i := 0; i+1 < len(s); i++ {
		g := m.group[uint16(s[i])<<8|uint16(s[i+1])]
		if g == 0 {
			continue
		}
		for _, k := range m.groups[g-1] {
			if k.kind&found == 0 && strings.HasPrefix(s[i:], k.mark) {
				if found |= k.kind; found == m.all {
					return found
				}
			}
		}
	}
	return found
}

// lineLen answers runeLen(s) <= k for several k and counts the characters
// at most once (only when the length in bytes does not decide).
type lineLen struct {
	s string
	n int // -1 until counted
}

func (l *lineLen) atMost(k int) bool {
	if len(l.s) <= k {
		return true
	}
	if len(l.s) > 4*k {
		return false
	}
	if l.n < 0 {
		l.n = runeLen(l.s)
	}
	return l.n <= k
}

var breadcrumbSeps = []string{"»", "›", ">", "＞", "→", "/"}

// isBreadcrumb: "首页 » 新闻频道 » 国内新闻" and "当前位置：…".
func isBreadcrumb(s string, ll *lineLen) bool {
	if !ll.atMost(80) {
		return false
	}
	for _, m := range navMarkers {
		if strings.HasPrefix(s, m) {
			return true
		}
	}
	for _, sep := range breadcrumbSeps {
		if !strings.Contains(s, sep) {
			continue
		}
		parts := strings.Split(s, sep)
		if len(parts) < 3 && !(len(parts) == 2 && (strings.HasPrefix(s, "首页") || strings.HasPrefix(s, "首頁"))) {
			continue
		}
		ok := true
		for _, p := range parts {
			p = strings.TrimSpace(p)
			if p == "" || !runesAtMost(p, 12) || crumbPunct.in(p) {
				ok = false
				break
			}
		}
		if ok && hanCount(s) > 0 {
			return true
		}
	}
	return false
}

// isLinkRow: a row of links ("分享：微博 | 微信 | 人人网", "打印 | 关闭"):
// after an optional short label and colon, three or more short items, or
// two and a label, separated by "|" or "｜", none of them a clause.
func isLinkRow(s string, ll *lineLen) bool {
	if !ll.atMost(60) || !strings.ContainsAny(s, "|｜") {
		return false
	}
	label := false
	if i := strings.IndexAny(s, ":："); i >= 0 && runesAtMost(s[:i], 5) {
		s, label = s[i:], true
		s = strings.TrimLeft(s, ":：")
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '｜' })
	if len(parts) < 2 || len(parts) == 2 && !label {
		return false
	}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || !runesAtMost(p, 10) || crumbPunct.in(p) || sentenceStops.in(p) {
			return false
		}
	}
	return true
}

// trailingList is where a list of other stories at the end of a page
// starts in kept (len(kept) when there is none): after the last paragraph
// that has a sentence in it, lines that are all list-like (short and
// unpunctuated, dated, teasers) and not a credit, three or more of them
// with the lines already removed among and after them (at[i] is the index
// of kept[i] among all n lines).
func trailingList(kept []string, at []int, n int) int {
	end := len(kept)
	i := end
	for i > 0 {
		l := kept[i-1]
		if isCredit(l) || !isListLike(l) || sentenceStops.in(l) && !runesAtMost(l, 30) {
			break
		}
		i--
	}
	if i == end || i == 0 || n-at[i] < 3 {
		return end
	}
	return i
}

// boilerKind classifies one trimmed line on its own; "" is content.
func boilerKind(s string) string {
	ll := lineLen{s: s, n: -1}
	t := bulletTrim(s)
	if len(s) > 4*80 {
		// more than 80 characters: of the tests below only the
		// disclaimer prefixes and the caption triangles can hold, so
		// a long line is counted only when it opens with one of them
		disclaimer := strings.HasPrefix(t, "免责") || strings.HasPrefix(t, "免責") || strings.HasPrefix(t, "版权") || strings.HasPrefix(t, "版權")
		if !disclaimer && !strings.HasPrefix(s, "▲") && !strings.HasPrefix(s, "△") || !ll.atMost(400) {
			return ""
		}
		if disclaimer {
			return "boilerplate"
		}
		return "captions"
	}
	// every test but the captions' gives "boilerplate" and all are pure,
	// so they run cheapest first; the markers are scanned for once
	var marks uint8
	if ll.atMost(80) {
		marks = lineMarkers.in(s)
	}
	switch {
	case strings.HasPrefix(t, "免责") || strings.HasPrefix(t, "免責") || strings.HasPrefix(t, "版权") || strings.HasPrefix(t, "版權") || marks&hasDisclaimer != 0:
		return "boilerplate"
	case marks&hasWidget != 0 && ll.atMost(40):
		return "boilerplate"
	case ll.atMost(80) && (marks&hasContact != 0 || strings.IndexByte(s, '@') >= 0 && reEmail.MatchString(s)) && !strings.Contains(s, "。"):
		return "boilerplate"
	case isBreadcrumb(s, &ll) || isLinkRow(s, &ll):
		return "boilerplate"
	case mayBeDateTime(t) && ll.atMost(40) && reDateTime.MatchString(t):
		return "boilerplate"
	case ll.atMost(60) && isMetaLine(t):
		return "boilerplate"
	case mayBeCaption(s) && ll.atMost(60) && reCaption.MatchString(s):
		return "captions"
	case strings.HasPrefix(s, "▲") || strings.HasPrefix(s, "△"):
		return "captions"
	}
	return ""
}

// isRelatedMarker: a "相关阅读" heading line.
func isRelatedMarker(s string) bool {
	t := strings.Trim(bulletTrim(s), "【】[]〔〕《》<>：: ")
	if !runesAtMost(t, 14) {
		return false
	}
	for _, m := range relatedMarkers {
		if strings.HasPrefix(t, m) {
			return true
		}
	}
	return false
}

// isListLike: a line that belongs to a list of other stories: short and
// unpunctuated, a teaser ending in an ellipsis, a date, a bullet item.
func isListLike(s string) bool {
	t := bulletTrim(s)
	switch {
	case t == "":
		return true
	case strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…"):
		return true
	case mayBeDateTime(t) && reDateTime.MatchString(t):
		return true
	case runesAtMost(t, 60) && !sentenceStops.in(t):
		return true
	case strings.HasPrefix(strings.TrimSpace(s), "•") || strings.HasPrefix(strings.TrimSpace(s), "·"):
		return runesAtMost(t, 80)
	}
	return false
}

// isCredit: a source credit line ("据新华社电", "（完）").
func isCredit(s string) bool {
	if strings.HasSuffix(s, "（完）") || strings.HasSuffix(s, "(完)") {
		return true
	}
	return len(s) <= 60 && isCreditLine(s)
}
