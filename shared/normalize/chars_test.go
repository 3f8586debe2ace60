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

// TestCharSet compares charSet with strings.ContainsAny and LastIndexAny on
// random strings, invalid UTF-8 included.
func TestCharSet(t *testing.T) {
	sets := []string{"，。；！？,;!?", "。！？", "，。！？,"}
	alpha := []string{"中", "，", "。", "！", "？", "；", ",", ";", "!", "?", "a", "\xef", "\xbc", "\x8c", "\xe3\x80", "\x82", "é", "𠀀", "\xef\xbc"}
	seed := uint32(23)
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := int(seed % 9); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		s := b.String()
		for _, chars := range sets {
			cs := newCharSet(chars)
			if got, want := cs.in(s), strings.ContainsAny(s, chars); got != want {
				t.Fatalf("in(%q, %q) = %v", s, chars, got)
			}
			if got, want := cs.lastIndex(s), strings.LastIndexAny(s, chars); got != want {
				t.Fatalf("lastIndex(%q, %q) = %v, want %v", s, chars, got, want)
			}
		}
	}
}
