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
