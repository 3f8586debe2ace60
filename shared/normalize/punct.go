package normalize

import "strings"

// foldWidth turns full-width ASCII letters and digits into half-width ones.
func foldWidth(s string, c counter) string {
	if !strings.Contains(s, "\xef\xbc") && !strings.Contains(s, "\xef\xbd") {
		return s
	}
	n := 0
	t := strings.Map(func(r rune) rune {
		if r >= 0xFF10 && r <= 0xFF19 || r >= 0xFF21 && r <= 0xFF3A || r >= 0xFF41 && r <= 0xFF5A {
			n++
			return r - 0xFF01 + 0x21
		}
		return r
	}, s)
	c.add("fullwidthAlnum", n)
	return t
}

// chinesePunct converts ASCII punctuation in Chinese context to the
// full-width Chinese forms: , ; : ? ! next to CJK (not between digits, so
// 1,000 and 12:30 stay), ( ) pairs that enclose or follow CJK, and straight
// double/single quotes whose pair encloses CJK. URLs, e-mail addresses and
// English text are left alone since they have no CJK neighbours.
func chinesePunct(line string, c counter) string {
	if !strings.ContainsAny(line, ",;:?!()\"'") {
		return line
	}
	rs := []rune(line)
	n := 0
	prevNS := func(i int) rune { // previous non-space rune
		for j := i - 1; j >= 0; j-- {
			if rs[j] != ' ' {
				return rs[j]
			}
		}
		return 0
	}
	nextNS := func(i int) rune {
		for j := i + 1; j < len(rs); j++ {
			if rs[j] != ' ' {
				return rs[j]
			}
		}
		return 0
	}
	at := func(i int) rune {
		if i >= 0 && i < len(rs) {
			return rs[i]
		}
		return 0
	}
	for i, r := range rs {
		switch r {
		case ',', ';', ':', '!', '?':
			p, q := at(i-1), at(i+1)
			if isDigit(p) && isDigit(q) {
				continue
			}
			if r == ':' && (q == '/' || isLetter(p) && isLetter(q)) {
				continue
			}
			pc, nc := isCJK(prevNS(i)), isCJK(nextNS(i))
			if r == '?' || r == '!' {
				// a question or exclamation mark closes Chinese text
				if !isCJK(p) && !(isClosing(p) && pc) {
					continue
				}
			} else if !pc && !nc {
				continue
			}
			rs[i] = fullPunct(r)
			n++
		}
	}
	// parentheses: match pairs on the line
	var stack []int
	for i, r := range rs {
		switch r {
		case '(':
			stack = append(stack, i)
		case ')':
			if len(stack) == 0 {
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			inner := false
			for _, x := range rs[o+1 : i] {
				if isHan(x) {
					inner = true
					break
				}
			}
			if inner || isCJK(at(o-1)) && !isLetter(at(o+1)) {
				rs[o], rs[i] = '（', '）'
				n += 2
			}
		}
	}
	// straight quotes: pair them up in order on the line
	for _, q := range []struct {
		ch          rune
		open, close rune
	}{{'"', '“', '”'}, {'\'', '‘', '’'}} {
		var pos []int
		for i, r := range rs {
			if r == q.ch {
				if q.ch == '\'' && isLetter(at(i-1)) && isLetter(at(i+1)) {
					continue // apostrophe
				}
				pos = append(pos, i)
			}
		}
		for k := 0; k+1 < len(pos); k += 2 {
			o, e := pos[k], pos[k+1]
			cjk := isCJK(at(o-1)) || isCJK(at(e+1))
			for _, x := range rs[o+1 : e] {
				if isHan(x) {
					cjk = true
					break
				}
			}
			if cjk {
				rs[o], rs[e] = q.open, q.close
				n += 2
			}
		}
	}
	if n == 0 {
		return line
	}
	c.add("punctuation", n)
	return string(rs)
}

// Canonical applies the Simplified-side finishing touches to text already
// converted to Simplified script: corner quotes become curly quotes
// (「」→“”, 『』→‘’, vertical and double-prime forms likewise). It is never
// applied to original-script text.
func Canonical(text string) string {
	return canonicalReplacer.Replace(text)
}

var canonicalReplacer = strings.NewReplacer(
	"「", "“", "」", "”", "『", "‘", "』", "’",
	"﹁", "“", "﹂", "”", "﹃", "‘", "﹄", "’",
	"〝", "“", "〞", "”",
)

// fullPunct is the full-width form of , ; : ! ?
func fullPunct(r rune) rune {
	switch r {
	case ',':
		return '，'
	case ';':
		return '；'
	case ':':
		return '：'
	case '!':
		return '！'
	}
	return '？'
}
