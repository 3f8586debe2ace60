package extract

import (
	"strings"
	"unicode/utf8"
)

// indexLit is strings.Index(s, lit) for a non-empty lit, found by its last
// byte: the last byte of a Han character is a continuation byte, far rarer
// in Han text than the lead bytes on which strings.Index would stop at
// nearly every character.
func indexLit(s, lit string) int {
	n := len(lit)
	last := lit[n-1]
	for i := n - 1; i < len(s); {
		j := strings.IndexByte(s[i:], last)
		if j < 0 {
			return -1
		}
		i += j
		if s[i-n+1:i+1] == lit {
			return i - n + 1
		}
		i++
	}
	return -1
}

func containsLit(s, lit string) bool { return indexLit(s, lit) >= 0 }

// bookTitles returns the first group of each match of reBook in text
// (《…》: 2 to 30 characters, none of 《》 or a line break), without the
// regexp.
func bookTitles(text string) []string {
	const open, close = "《", "》" // E3 80 8A, E3 80 8B
	var out []string
	for i := 0; ; {
		j := indexLit(text[i:], open)
		if j < 0 {
			return out
		}
		start := i + j + len(open)
		// 30 characters take at most 120 bytes: a farther stop is no match
		win := text[start:min(len(text), start+4*30+len(close))]
		stop := -1
		for k := 0; k < len(win); k++ {
			if b := win[k]; b == '\n' || b == 0xE3 && k+2 < len(win) && win[k+1] == 0x80 && (win[k+2] == 0x8A || win[k+2] == 0x8B) {
				stop = k
				break
			}
		}
		if stop >= 0 && win[stop] != '\n' && win[stop:stop+len(close)] == close {
			if n := utf8.RuneCountInString(win[:stop]); n >= 2 && n <= 30 {
				out = append(out, win[:stop])
				i = start + stop + len(close)
				continue
			}
		}
		i = start // the next 《 may start a title
	}
}

// litChars: the first characters of the literals the line gates look for
// (电, 据/均据, 来源, 消息, 讯, 记者, 通讯员). Their last bytes differ, so a
// byte identifies the one character it may end.
var litChars = [...]string{"电", "据", "来", "消", "讯", "记", "通"}

// litSet: which of litChars a line holds (bit i: litChars[i]).
type litSet uint8

const allLits = litSet(1<<len(litChars) - 1)

// litLast: 1 + the index in litChars of the character a byte ends (0: none).
var litLast = func() (t [256]uint8) {
	for i, c := range litChars {
		if t[c[len(c)-1]] != 0 {
			panic("litChars: two characters end with one byte")
		}
		t[c[len(c)-1]] = uint8(i + 1)
	}
	return t
}()

// litsOf returns the litChars in l, in one pass over its characters: a
// three-byte character is one step (litChars are all three bytes long),
// any other byte one step.
func litsOf(l string) litSet {
	var s litSet
	for i := 0; i+2 < len(l); {
		if b := l[i]; b < 0xE0 || b > 0xEF || l[i+1]&0xC0 != 0x80 || l[i+2]&0xC0 != 0x80 {
			i++
			continue
		}
		if k := litLast[l[i+2]]; k != 0 {
			c := litChars[k-1]
			if l[i] == c[0] && l[i+1] == c[1] {
				s |= 1 << (k - 1)
			}
		}
		i += 3
	}
	return s
}

// may reports whether a line with these characters may hold lit: false
// only when lit starts with one of litChars the line does not hold.
func (s litSet) may(lit string) bool {
	for i, c := range litChars {
		if strings.HasPrefix(lit, c) {
			return s&(1<<i) != 0
		}
	}
	return true
}
