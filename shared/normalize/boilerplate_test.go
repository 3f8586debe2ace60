package normalize

import (
	"strings"
	"testing"
)

// TestMarkerSets compares markerSet with hasAny, and lineMarkers with the
// three sets, on every line and line suffix of the identity inputs and on
// the markers themselves.
func TestMarkerSets(t *testing.T) {
	names, texts := identityInputs(t)
	lines := append(append(append([]string{"", "x", "©", "a©b", "打印", "版权所有 联系我们 分享到", "分享到©", "联系电话©上一篇"}, disclaimerMarkers...), contactMarkers...), widgetMarkers...)
	for _, name := range names {
		for _, l := range strings.Split(texts[name], "\n") {
			lines = append(lines, l)
			if len(l) > 6 {
				lines = append(lines, l[len(l)/2:], l[:len(l)/3])
			}
		}
	}
	for _, l := range lines {
		var want uint8
		for i, set := range []*markerSet{disclaimerSet, contactSet, widgetSet} {
			if set.in(l) {
				want |= 1 << i
			}
		}
		if got := lineMarkers.in(l); got != want {
			t.Fatalf("lineMarkers.in(%q) = %b, want %b", l, got, want)
		}
		for _, set := range []struct {
			m     *markerSet
			marks []string
		}{{disclaimerSet, disclaimerMarkers}, {contactSet, contactMarkers}, {widgetSet, widgetMarkers}} {
			if got, want := set.m.in(l), hasAny(l, set.marks); got != want {
				t.Fatalf("markerSet.in(%q) = %v, hasAny %v", l, got, want)
			}
		}
	}
}

func TestLinkRowAndRelatedHeader(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"分享：微博 | 微信 | 人人网", true},
		{"分享：Facebook | Line | 微博", true},
		{"打印 | 关闭 | 收藏", true},
		{"首页｜新闻｜体育", true},
		{"甲队 | 乙队", false},
		{"他说：这个方案 | 那个方案，都不行。", false},
	} {
		ll := lineLen{s: c.line, n: -1}
		if got := isLinkRow(c.line, &ll); got != c.want {
			t.Errorf("isLinkRow(%q) = %v, want %v", c.line, got, c.want)
		}
	}
	for _, s := range []string{"【相關閱讀】", "【相关阅读】", "相关阅读：", ">>相关报道"} {
		if !isRelatedMarker(s) && boilerKind(s) == "" {
			t.Errorf("%q is not taken for a related-list heading", s)
		}
	}
}

func TestTrailingList(t *testing.T) {
	body := "正文第一段，内容很长很长很长很长很长很长很长很长很长很长很长很长很长。"
	in := "标题\n" + body + "\n猜你喜欢\n城市更新的新路径\n乡村振兴见闻录\n2019-01-02\n"
	r := Normalize(in)
	if r.Text != "标题\n"+body {
		t.Errorf("Text = %q", r.Text)
	}
	// a signature after the body stays
	in = "标题\n" + body + "\n国务院办公厅\n"
	if r := Normalize(in); r.Text != "标题\n"+body+"\n国务院办公厅" {
		t.Errorf("Text = %q", r.Text)
	}
}
