package normalize

import (
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// runesAtMost is runeLen(s) <= k without counting all of a long line: a
// character takes one to four bytes, so the length in bytes often decides,
// and the count stops once it passes k or once the bytes left cannot
// reach it.
func runesAtMost(s string, k int) bool {
	if len(s) <= k {
		return true
	}
	if len(s) > 4*k {
		return false
	}
	n := 0
	for i := 0; i < len(s); n++ {
		if n > k {
			return false
		}
		if n+len(s)-i <= k {
			return true
		}
		i += runeSize(s, i)
	}
	return n <= k
}

// runeSize is the size of the character at byte i as the range loop reads
// it, with a fast path for ASCII and three-byte sequences.
func runeSize(s string, i int) int {
	b := s[i]
	if b < 0x80 {
		return 1
	}
	if b >= 0xE0 && b < 0xF0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 && (b != 0xE0 || s[i+1] >= 0xA0) && (b != 0xED || s[i+1] < 0xA0) {
		return 3
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return size
}

func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if lexicon.IsIdeograph(r) {
			n++
		}
	}
	return n
}

// charSet answers strings.ContainsAny / LastIndexAny for a fixed set of
// characters by bytes: ASCII members by a table, the others by comparing
// their UTF-8 where a byte can start one. A valid sequence in s is always
// read as its character (a decoder resynchronises on every bad byte), so
// this agrees with the rune-by-rune functions on any s.
type charSet struct {
	ascii [128]bool
	lead  [256]bool
	wide  []string
}

func newCharSet(chars string) *charSet {
	cs := &charSet{}
	for _, r := range chars {
		if r < 0x80 {
			cs.ascii[r] = true
			continue
		}
		w := string(r)
		cs.lead[w[0]] = true
		cs.wide = append(cs.wide, w)
	}
	return cs
}

// at is the length of the member starting at byte i of s, or 0.
func (cs *charSet) at(s string, i int) int {
	b := s[i]
	if b < 0x80 {
		if cs.ascii[b] {
			return 1
		}
		return 0
	}
	if cs.lead[b] {
		for _, w := range cs.wide {
			if strings.HasPrefix(s[i:], w) {
				return len(w)
			}
		}
	}
	return 0
}

// in is strings.ContainsAny(s, chars).
func (cs *charSet) in(s string) bool {
	for i := 0; i < len(s); i++ {
		if cs.at(s, i) > 0 {
			return true
		}
	}
	return false
}

// lastIndex is strings.LastIndexAny(s, chars).
func (cs *charSet) lastIndex(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if cs.at(s, i) > 0 {
			return i
		}
	}
	return -1
}

var (
	headlinePunct = newCharSet("，。；！？,;!?")
	sentenceStops = newCharSet("。！？")
	crumbPunct    = newCharSet("，。！？,（）《》“”「」()") // no item of a breadcrumb holds a clause or half a bracket pair
)

// decodeAt is the character at byte i of s.
func decodeAt(s string, i int) rune {
	if s[i] < 0x80 {
		return rune(s[i])
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}
