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
	var b strings.Builder
	last := 0
	// only the opening brackets are looked at; prev is the character before
	// one, which after a removed annotation is the one before the annotation
	prevAt, prevKept := -1, rune(0)
	for i := 0; i < len(s); {
		k := indexOpenParen(s[i:])
		if k < 0 {
			break
		}
		i += k
		size := 1
		if s[i] != '(' {
			size = len("（")
		}
		var prev rune
		if i == prevAt {
			prev = prevKept
		} else {
			prev, _ = utf8.DecodeLastRuneInString(s[:i])
			if i == 0 {
				prev = 0
			}
		}
		if isHan(prev) {
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
					prevAt, prevKept = i, prev
					continue
				}
			}
		}
		i += size
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// indexOpenParen is the index of the first '(' or '（' (EF BC 88) in s, or -1.
func indexOpenParen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			return i
		case 0xEF:
			if i+2 < len(s) && s[i+1] == 0xBC && s[i+2] == 0x88 {
				return i
			}
		}
	}
	return -1
}
