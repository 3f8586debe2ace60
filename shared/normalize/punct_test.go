package normalize

import (
	"strings"
	"testing"
)

// TestChinesePunctBytes compares the byte version of chinesePunct with the
// rune version on every line of the identity inputs and on random lines
// over the characters it looks at.
func TestChinesePunctBytes(t *testing.T) {
	check := func(l string) {
		t.Helper()
		c1, c2 := counter{}, counter{}
		got, want := chinesePunct(l, c1), chinesePunctRunes(l, c2)
		if got != want || c1["punctuation"] != c2["punctuation"] {
			t.Fatalf("chinesePunct(%q) = %q (%d), want %q (%d)", l, got, c1["punctuation"], want, c2["punctuation"])
		}
	}
	names, texts := identityInputs(t)
	for _, name := range names {
		for _, l := range strings.Split(texts[name], "\n") {
			check(l)
		}
	}
	alpha := []string{"中", "，", "”", "」", "a", "B", "7", " ", ",", ";", ":", "!", "?", "(", ")", "\"", "'", "/", "é", "\xff"}
	seed := uint32(7)
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := int(seed % 13); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		check(b.String())
	}
	check(strings.Repeat("中(a),", 300))
}
