package normalize

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// Meta is what a page says about itself in its metadata lines
// ("发布时间：2019年11月17日 12:05 | 来源：人民网", "责任编辑：王芳"), read
// before those lines are removed as boilerplate. Published is YYYY-MM-DD.
type Meta struct {
	Published, Source, Author, Editor string
}

var (
	// a date, ISO or Chinese, with an optional time
	reMetaDate = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?`)
	// a date in Chinese numerals (二〇一九年十一月十七日), with an optional
	// time in either kind of numerals
	reMetaHanDate = regexp.MustCompile(`^(` + hanDigits + `{4})\s*年\s*(` + hanDigits + `{1,3})\s*月\s*(` + hanDigits + `{1,3})\s*[日号號](?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|\s*[上下]?午?` + hanDigits + `{1,3}[时時点點](?:` + hanDigits + `{1,3}分)?)?`)
	// a label at the start or after a separator, then a colon; a label of
	// two or more characters may also be followed by a space alone
	// ("责任编辑 王芳"), and the rest of the line must still read as fields
	reMetaLabel = regexp.MustCompile(`(?:^(?:本文|本篇|文章|本稿)?|[\s|｜/　]+)(?:(` + labelAlternation(1) + `)\s*[:：]|(` + labelAlternation(2) + `)[ \t　])\s*`)
)

// hanDigits are the characters of numbers in Chinese dates (lexicon.HanDigit
// and 十).
const hanDigits = `[〇零○ＯО一二三四五六七八九十]`

// metaLabel is the label a reMetaLabel match found.
func metaLabel(s string, l []int) string {
	if l[2] >= 0 {
		return s[l[2]:l[3]]
	}
	return s[l[4]:l[5]]
}

// labelAlternation: the labels of at least minRunes characters.
func labelAlternation(minRunes int) string {
	ls := make([]string, 0, len(lexicon.MetaLabels))
	for l := range lexicon.MetaLabels {
		if utf8.RuneCountInString(l) >= minRunes {
			ls = append(ls, regexp.QuoteMeta(l))
		}
	}
	// longest first, so that 发布时间 is not read as 时间
	sort.Slice(ls, func(i, j int) bool { return len(ls[i]) > len(ls[j]) || len(ls[i]) == len(ls[j]) && ls[i] < ls[j] })
	return strings.Join(ls, "|")
}

const metaSeps = " \t|｜/　"

// metaDate reads a date at the start of s: its ISO form and what follows.
func metaDate(s string) (iso, rest string, ok bool) {
	m := reMetaDate.FindStringSubmatchIndex(s)
	var y, mo, d int
	if m != nil {
		y, _ = strconv.Atoi(s[m[2]:m[3]])
		mo, _ = strconv.Atoi(s[m[4]:m[5]])
		d, _ = strconv.Atoi(s[m[6]:m[7]])
	} else if m = reMetaHanDate.FindStringSubmatchIndex(s); m != nil {
		var ok1, ok2, ok3 bool
		y, ok1 = lexicon.HanYear(s[m[2]:m[3]])
		mo, ok2 = lexicon.HanNumber(s[m[4]:m[5]])
		d, ok3 = lexicon.HanNumber(s[m[6]:m[7]])
		if !ok1 || !ok2 || !ok3 {
			return "", s, false
		}
	} else {
		return "", s, false
	}
	if y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return "", s, false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), strings.Trim(s[m[1]:], metaSeps), true
}

// metaValue: a name-like value (a source, a person): short, no sentence
// punctuation.
func metaValue(v string) bool {
	return v != "" && runesAtMost(v, 24) && !strings.ContainsAny(v, "。，；！？,;!?")
}

// unwrap strips brackets around a whole line: "（责任编辑：王芳）".
func unwrap(s string) string {
	for _, p := range [][2]string{{"【", "】"}, {"（", "）"}, {"(", ")"}, {"[", "]"}} {
		if strings.HasPrefix(s, p[0]) && strings.HasSuffix(s, p[1]) && strings.Count(s, p[0]) == 1 {
			return strings.TrimSpace(s[len(p[0]) : len(s)-len(p[1])])
		}
	}
	return s
}

// parseMeta reads a metadata line: fields "label：value" separated by
// "|", spaces or a full-width space, and perhaps an unlabelled date first.
// Every part of the line must read as a field; labelled reports whether a
// label was found (a bare date line is ok but not labelled).
func parseMeta(line string) (m Meta, labelled, ok bool) {
	s := unwrap(strings.Trim(line, metaSeps))
	if len(s) > 4*80 || !runesAtMost(s, 80) {
		return m, false, false
	}
	locs := reMetaLabel.FindAllStringSubmatchIndex(s, -1)
	head := s
	if len(locs) > 0 {
		head = s[:locs[0][0]]
	}
	if head = strings.Trim(head, metaSeps); head != "" {
		iso, rest, ok := metaDate(head)
		if !ok || rest != "" {
			return Meta{}, false, false
		}
		m.Published = iso
	}
	for i, l := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		v := strings.Trim(s[l[1]:end], metaSeps)
		switch lexicon.MetaLabels[metaLabel(s, l)] {
		case lexicon.FieldDate:
			iso, rest, ok := metaDate(v)
			if !ok || rest != "" {
				return Meta{}, false, false
			}
			if m.Published == "" {
				m.Published = iso
			}
			continue
		case lexicon.FieldOther:
			if v != "" && !runesAtMost(v, 24) {
				return Meta{}, false, false
			}
			continue
		}
		// a name, perhaps with a date after it ("来源：人民网 2019-11-17")
		if k := strings.IndexAny(v, " 　|｜"); k > 0 {
			if iso, rest, ok := metaDate(strings.Trim(v[k:], metaSeps)); ok && rest == "" {
				if m.Published == "" {
					m.Published = iso
				}
				v = strings.Trim(v[:k], metaSeps)
			}
		}
		if v == "" {
			continue
		}
		if !metaValue(v) {
			return Meta{}, false, false
		}
		switch lexicon.MetaLabels[metaLabel(s, l)] {
		case lexicon.FieldSource:
			m.Source = v
		case lexicon.FieldAuthor:
			m.Author = v
		case lexicon.FieldEditor:
			m.Editor = v
		}
	}
	if len(locs) == 0 && m.Published == "" {
		return Meta{}, false, false
	}
	return m, len(locs) > 0, true
}

// mayBeMeta is a quick necessary condition of parseMeta: a short line with
// a colon or a space, or that opens with a digit of either kind.
func mayBeMeta(s string) bool {
	if len(s) > 4*80 || s == "" {
		return false
	}
	if s[0] >= '0' && s[0] <= '9' || strings.IndexByte(s, ':') >= 0 || strings.IndexByte(s, ' ') >= 0 || strings.Contains(s, "：") || strings.Contains(s, "　") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	_, ok := lexicon.HanDigit(r)
	return ok
}

// merge keeps the first value found of each field.
func (m *Meta) merge(o Meta) {
	for _, f := range []struct {
		dst *string
		v   string
	}{{&m.Published, o.Published}, {&m.Source, o.Source}, {&m.Author, o.Author}, {&m.Editor, o.Editor}} {
		if *f.dst == "" {
			*f.dst = f.v
		}
	}
}
