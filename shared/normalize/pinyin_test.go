package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// removePinyinRef is the rune-by-rune removePinyin that the bracket search
// replaced.
func removePinyinRef(s string, c counter) string {
	if !strings.Contains(s, "(") && !strings.Contains(s, "（") {
		return s
	}
	var b strings.Builder
	last := 0
	prev := rune(0)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == '(' || r == '（') && lexicon.IsIdeograph(prev) {
			j := i + size
			k := j
			for k < len(s) && k-j <= 16 {
				q, qs := utf8.DecodeRuneInString(s[k:])
				if !isPinyinRune(q) {
					break
				}
				k += qs
			}
			if k > j && k < len(s) {
				q, qs := utf8.DecodeRuneInString(s[k:])
				if (q == ')' || q == '）') && syllables()[s[j:k]] {
					b.WriteString(s[last:i])
					last = k + qs
					c.add("pinyin", 1)
					i = k + qs
					continue
				}
			}
		}
		prev = r
		i += size
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func TestRemovePinyinSearch(t *testing.T) {
	alpha := []string{"發", "展", "(", "（", ")", "）", "fā", "jīng", "zhǎn", "a", "，", "x", "(fā)", "（jīng）", "zhǎnzhǎn"}
	seed := uint32(5)
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := int(seed % 11); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		s := b.String()
		c1, c2 := counter{}, counter{}
		if got, want := removePinyin(s, c1), removePinyinRef(s, c2); got != want || c1["pinyin"] != c2["pinyin"] {
			t.Fatalf("removePinyin(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFullwidthAlnum checks the byte test of foldWidth on every character.
func TestFullwidthAlnum(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		want := r >= 0xFF10 && r <= 0xFF19 || r >= 0xFF21 && r <= 0xFF3A || r >= 0xFF41 && r <= 0xFF5A
		for _, s := range []string{string(r), "中" + string(r), string(r) + "\xef"} {
			if got := hasFullwidthAlnum(s); got != want {
				t.Fatalf("hasFullwidthAlnum(%q) = %v", s, got)
			}
		}
	}
}
