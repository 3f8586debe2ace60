package normalize

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"github.com/zhdoc/zhdoc/shared/lexicon"
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

// readsToneless: syl, at least two ASCII letters, is one of r's readings
// without its tone mark (a neutral tone, "的(de)", or marks left out).
func readsToneless(r rune, syl string) bool {
	if len(syl) < 2 {
		return false
	}
	for i := 0; i < len(syl); i++ {
		if syl[i] < 'a' || syl[i] > 'z' {
			return false
		}
	}
	for _, v := range strings.Split(pinyin.PinyinDict[int(r)], ",") {
		if v != "" && stripTone(v) == syl {
			return true
		}
	}
	return false
}

// stripTone removes the tone marks of a syllable (ü stays ü, never v).
func stripTone(s string) string {
	if !hasToneMark(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune("āáǎà", r):
			r = 'a'
		case strings.ContainsRune("ēéěè", r):
			r = 'e'
		case strings.ContainsRune("īíǐì", r):
			r = 'i'
		case strings.ContainsRune("ōóǒò", r):
			r = 'o'
		case strings.ContainsRune("ūúǔù", r):
			r = 'u'
		case strings.ContainsRune("ǖǘǚǜ", r):
			r = 'ü'
		case strings.ContainsRune("ńňǹ", r):
			r = 'n'
		case r == 'ḿ':
			r = 'm'
		}
		b.WriteRune(r)
	}
	return b.String()
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
	var ps parenSearch
	for i := 0; i < len(s); {
		if i = ps.next(s, i); i < 0 {
			break
		}
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
		if lexicon.IsIdeograph(prev) {
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
				if (q == ')' || q == '）') && (syllables()[s[j:k]] || readsToneless(prev, s[j:k])) {
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

// parenSearch finds the opening brackets of s in order, each kind with
// its own fast search, the nearer one first.
type parenSearch struct {
	ascii, wide int // next known position of each kind; -1: none left
	started     bool
}

// next is the position of the first '(' or '（' at or after i (i never
// decreases between calls), or -1.
func (p *parenSearch) next(s string, i int) int {
	if !p.started {
		p.started = true
		p.ascii, p.wide = indexFrom(s, "(", 0), indexFrom(s, "（", 0)
	}
	if p.ascii >= 0 && p.ascii < i {
		p.ascii = indexFrom(s, "(", i)
	}
	if p.wide >= 0 && p.wide < i {
		p.wide = indexFrom(s, "（", i)
	}
	switch {
	case p.ascii < 0:
		return p.wide
	case p.wide < 0:
		return p.ascii
	}
	return min(p.ascii, p.wide)
}

// indexFrom is the index of sep in s at or after i, or -1.
func indexFrom(s, sep string, i int) int {
	if k := strings.Index(s[i:], sep); k >= 0 {
		return i + k
	}
	return -1
}
