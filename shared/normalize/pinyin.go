package normalize

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

var (
	pinyinOnce sync.Once
	pinyinSet  map[string]bool
)

// syllables returns the tone-marked pinyin syllables of go-pinyin's
// character dictionary (derived once, at first use).
func syllables() map[string]bool {
	pinyinOnce.Do(func() {
		pinyinSet = make(map[string]bool, 2048)
		for _, v := range pinyin.PinyinDict {
			for _, s := range strings.Split(v, ",") {
				if hasToneMark(s) {
					pinyinSet[s] = true
				}
			}
		}
	})
	return pinyinSet
}

func hasToneMark(s string) bool {
	for _, r := range s {
		if r >= 0x80 && r != 'ü' {
			return true
		}
	}
	return false
}

// isPinyinRune: letters that can appear in a tone-marked syllable.
func isPinyinRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 0xE0 && r <= 0xFC || r >= 0x100 && r <= 0x1DC || r == 0x1F9 || r == 0x144 || r == 0x148 || r == 0x1E3F
}

// removePinyin drops "(pīn)" / "（pīn）" right after a Han character when the
// parenthesised text is one tone-marked pinyin syllable.
func removePinyin(s string, c counter) string {
	if !strings.Contains(s, "(") && !strings.Contains(s, "（") {
		return s
	}
	var b strings.Builder
	last := 0
	prev := rune(0)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == '(' || r == '（') && isHan(prev) {
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
