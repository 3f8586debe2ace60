package normalize

import (
	"strings"
	"testing"
)

// TestHygienic checks cleanRune against needsClean on every character and
// that hygiene changes nothing hygienic accepts, on random texts and the
// identity inputs.
func TestHygienic(t *testing.T) {
	for r := rune(0x80); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if got, want := cleanRune(r), needsClean(string(r)); got != want {
			t.Fatalf("cleanRune(%U) = %v, needsClean %v", r, got, want)
		}
	}
	check := func(s string) {
		t.Helper()
		c := counter{}
		if hygienic(s) && (hygiene(s, c) != s || len(c) != 0) {
			t.Fatalf("hygienic(%q) but hygiene changes it", s)
		}
	}
	_, texts := identityInputs(t)
	for _, s := range texts {
		check(s)
	}
	alpha := []string{"中", "a", "\n", "\t", "\r", "\x00", "\x7f", "\u0085", "\u00a0", "\u00ad", "\u3000", "\u2003", "\u200b", "\u2028", "\ufeff", "\u180e", "Ã", "¤", "é", "e\u0301", "\xff", "\xe4\xb8", "，", "𠀀", "가", "ガ"}
	seed := uint32(11)
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := int(seed % 7); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		check(b.String())
	}
}
