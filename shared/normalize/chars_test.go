package normalize

import (
	"strings"
	"testing"
)

// TestRunesAtMost compares runesAtMost with runeLen on random strings,
// invalid UTF-8 included, around every bound.
func TestRunesAtMost(t *testing.T) {
	alpha := []string{"a", "中", "é", "𠀀", "\xff", "\xe4\xb8", " "}
	seed := uint32(3)
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for k := int(seed % 17); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		s := b.String()
		for k := 0; k <= 20; k++ {
			if got, want := runesAtMost(s, k), runeLen(s) <= k; got != want {
				t.Fatalf("runesAtMost(%q, %d) = %v", s, k, got)
			}
		}
	}
}

// TestSpaceMayDrop checks that ocrSpaces changes no line its quick test
// passes over, on random lines and the identity inputs' lines.
func TestSpaceMayDrop(t *testing.T) {
	check := func(l string) {
		t.Helper()
		for _, ocr := range []bool{false, true} {
			c := counter{}
			if !spaceMayDrop(l, ocr) && (ocrSpacesRunes(l, ocr, c) != l || len(c) != 0) {
				t.Fatalf("spaceMayDrop(%q, %v) = false, but ocrSpaces changes it", l, ocr)
			}
		}
	}
	names, texts := identityInputs(t)
	for _, name := range names {
		for _, l := range strings.Split(texts[name], "\n") {
			check(l)
		}
	}
	alpha := []string{"中", "文", "7", "a", " ", "  ", ",", ";", ":", "，", "。", "新华社", "电", "\u3000", "—"}
	seed := uint32(9)
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := int(seed % 9); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		check(b.String())
	}
}
