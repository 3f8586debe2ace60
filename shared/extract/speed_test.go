package extract

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// TestDateMatches: the run-by-run search finds what the regexp finds over
// the whole line.
func TestDateMatches(t *testing.T) {
	lines := []string{
		"2024年7月4日下午，2024-05-21 18:02:47 与 2024/5/21、二〇二四年七月四日和七月四日",
		"7月4日至6日，2024年7月出访。2024 年 7 月 4 日 2024.07.04T10:00 岁月 月球 一月 十二月三十一日",
		"a-b/c.d 12.5 3-4 1999年12月31日号 20240704 年月日 7 月 4 号",
	}
	for _, in := range referenceInputs(t) {
		lines = append(lines, strings.Split(toASCIIDigits(in.Text), "\n")...)
	}
	for _, l := range lines {
		want := reDate.FindAllStringSubmatchIndex(l, -1)
		if got := dateMatches(l); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %v, want %v", l, got, want)
		}
	}
}

// TestAgencyGates: a gate never turns away a line its regexp matches.
func TestAgencyGates(t *testing.T) {
	lines := []string{
		"据新华社电 正文", "  均据新华社报道", "资料来源：中新社", "正文。（外交部网站） ", "正文(人民网)",
		"新华社", " 新华社 记者 张三 摄 ", "正文。 新华社", "正文！中国新闻社\t", "新华社消息 正文", "人民日报讯",
		"根据数据，据 路透社报道", "据悉，据中新网", "。据 央视新闻",
	}
	for _, in := range referenceInputs(t) {
		lines = append(lines, strings.Split(in.Text, "\n")...)
	}
	for _, l := range lines {
		for i, g := range reAgencyAt {
			if g.re.MatchString(l) && (g.maxLen == 0 || len(l) <= g.maxLen) && !g.may(l) {
				t.Errorf("gate %d turns away %q", i, l)
			}
		}
	}
}

// TestNavMarks and TestWordRune: the hand-written tests agree with the
// regexp and the Unicode tables they replace.
func TestNavMarks(t *testing.T) {
	lines := []string{"首页 » 新闻 » 国内", "a>>b>c", ">>>", "›＞", "> ", "无", "»»", "a>b"}
	for _, in := range referenceInputs(t) {
		lines = append(lines, strings.Split(in.Text, "\n")...)
	}
	for _, l := range lines {
		if got, want := navMarks(l), min(2, len(reNav.FindAllString(l, -1))); got != want {
			t.Errorf("navMarks(%q) = %d, want %d", l, got, want)
		}
	}
}

func TestWordRune(t *testing.T) {
	for r := rune(0); r < 0x20000; r++ {
		if spaceRune(r) != unicode.IsSpace(r) {
			t.Fatalf("spaceRune(%U)", r)
		}
		if wordRune(r) != wordRuneSlow(r) {
			t.Fatalf("wordRune(%U) = %v", r, wordRune(r))
		}
	}
}
