package normalize

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// foldWidth turns full-width ASCII letters and digits into half-width ones.
func foldWidth(s string, c counter) string {
	if !hasFullwidthAlnum(s) {
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

// hasFullwidthAlnum reports whether s holds a character foldWidth changes
// (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A: EF BC 90–99, EF BC A1–BA,
// EF BD 81–9A). Full-width punctuation shares their first two bytes and is
// in every Chinese text, so the third byte decides.
func hasFullwidthAlnum(s string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], 0xEF)
		if j < 0 || i+j+2 >= len(s) {
			return false
		}
		i += j
		switch x, y := s[i+1], s[i+2]; {
		case x == 0xBC && (y >= 0x90 && y <= 0x99 || y >= 0xA1 && y <= 0xBA),
			x == 0xBD && y >= 0x81 && y <= 0x9A:
			return true
		}
		i++
	}
}

// chinesePunct converts ASCII punctuation in Chinese context to the
// full-width Chinese forms: , ; : ? ! next to CJK (not between digits, so
// 1,000 and 12:30 stay), ( ) pairs that enclose or follow CJK, and straight
// double/single quotes whose pair encloses CJK. URLs, e-mail addresses and
// English text are left alone since they have no CJK neighbours.
//
// It works on the bytes of the line (valid UTF-8, as every line Normalize
// handles): every character it changes is ASCII, so byte positions stay put
// and the changes are kept as marks until the line is written once
// (chinesePunctRunes is the rune version it must equal).
func chinesePunct(line string, c counter) string {
	// the positions of the characters it may change, in one scan that
	// skips eight bytes at a time where none is ASCII (most of Chinese
	// text)
	var posBuf [64]int
	pos := posBuf[:0]
	for i := 0; i < len(line); {
		if i+8 <= len(line) && binary.LittleEndian.Uint64([]byte(line[i:i+8]))&0x8080808080808080 == 0x8080808080808080 {
			i += 8
			continue
		}
		if punctByte[line[i]] {
			pos = append(pos, i)
		}
		i++
	}
	if len(pos) == 0 {
		return line
	}
	p := punctState{s: line}
	var stack [64]uint64
	if w := len(line)/64 + 1; w <= len(stack)/2 {
		p.mod, p.close = stack[:w], stack[w:2*w]
	} else {
		p.mod, p.close = make([]uint64, w), make([]uint64, w)
	}
	n := 0
	for _, i := range pos {
		switch r := rune(line[i]); r {
		case ',', ';', ':', '!', '?':
			q := p.at(i + 1)
			pr := p.before(i)
			if lexicon.IsDigit(pr) && lexicon.IsDigit(q) {
				continue
			}
			if r == ':' && (q == '/' || lexicon.IsLetter(pr) && lexicon.IsLetter(q)) {
				continue
			}
			pc, nc := lexicon.IsCJK(p.prevNS(i)), lexicon.IsCJK(p.nextNS(i))
			if r == '?' || r == '!' {
				// a question or exclamation mark closes Chinese text
				if !lexicon.IsCJK(pr) && !(lexicon.IsClosing(pr) && pc) {
					continue
				}
			} else if !pc && !nc {
				continue
			}
			p.set(i, false)
			n++
		}
	}
	// parentheses: match pairs on the line
	var openBuf [16]int
	opens := openBuf[:0]
	for _, i := range pos {
		switch line[i] {
		case '(':
			opens = append(opens, i)
		case ')':
			if len(opens) == 0 {
				// closing a full-width "（": a pair typed in two widths
				if k := strings.LastIndex(line[:i], "（"); k >= 0 && !strings.Contains(line[k:i], "）") {
					p.set(i, false)
					n++
				}
				continue
			}
			o := opens[len(opens)-1]
			opens = opens[:len(opens)-1]
			if hasHan(line[o+1:i]) || lexicon.IsCJK(p.before(o)) && !lexicon.IsLetter(p.at(o+1)) {
				p.set(o, false)
				p.set(i, false)
				n += 2
			}
		}
	}
	// an opening "(" that a full-width "）" closes ("(三）构建…",
	// "#B(C）"): a pair typed in two widths
	for _, o := range opens {
		rest := line[o+1:]
		if k := strings.Index(rest, "）"); k >= 0 && !strings.ContainsAny(rest[:k], "()（") {
			p.set(o, false)
			n++
		}
	}
	// straight quotes: pair them up in order on the line
	for _, ch := range [2]byte{'"', '\''} {
		var qBuf [16]int
		qs := qBuf[:0]
		for _, i := range pos {
			if line[i] == ch {
				if ch == '\'' && lexicon.IsLetter(p.before(i)) && lexicon.IsLetter(p.at(i+1)) {
					continue // apostrophe
				}
				qs = append(qs, i)
			}
		}
		for k := 0; k+1 < len(qs); k += 2 {
			o, e := qs[k], qs[k+1]
			if lexicon.IsCJK(p.before(o)) || lexicon.IsCJK(p.at(e+1)) || hasHan(line[o+1:e]) {
				p.set(o, false)
				p.set(e, true)
				n += 2
			}
		}
	}
	if n == 0 {
		return line
	}
	c.add("punctuation", n)
	var out strings.Builder
	out.Grow(len(line) + 2*n)
	last := 0
	for _, i := range pos {
		if p.mod[i>>6]&(1<<(i&63)) != 0 {
			out.WriteString(line[last:i])
			out.WriteRune(p.cur(i))
			last = i + 1
		}
	}
	out.WriteString(line[last:])
	return out.String()
}

// punctByte marks the ASCII characters chinesePunct may change.
var punctByte = func() (t [256]bool) {
	for _, b := range []byte(",;:?!()\"'") {
		t[b] = true
	}
	return t
}()

// punctState is a line of valid UTF-8 with the ASCII positions changed so
// far: mod marks them, close marks the closing quotes among them.
type punctState struct {
	s          string
	mod, close []uint64
}

func (p *punctState) set(i int, closing bool) {
	p.mod[i>>6] |= 1 << (i & 63)
	if closing {
		p.close[i>>6] |= 1 << (i & 63)
	}
}

// cur is the character now at byte i, an ASCII position.
func (p *punctState) cur(i int) rune {
	b := p.s[i]
	if p.mod[i>>6]&(1<<(i&63)) == 0 {
		return rune(b)
	}
	closing := p.close[i>>6]&(1<<(i&63)) != 0
	switch b {
	case '(':
		return '（'
	case ')':
		return '）'
	case '"':
		if closing {
			return '”'
		}
		return '“'
	case '\'':
		if closing {
			return '’'
		}
		return '‘'
	}
	return fullPunct(rune(b))
}

// at is the character now starting at byte i; 0 past the end.
func (p *punctState) at(i int) rune {
	if i >= len(p.s) {
		return 0
	}
	if p.s[i] < 0x80 {
		return p.cur(i)
	}
	r, _ := utf8.DecodeRuneInString(p.s[i:])
	return r
}

// before is the character now ending just before byte i; 0 at the start.
func (p *punctState) before(i int) rune {
	if i <= 0 {
		return 0
	}
	if p.s[i-1] < 0x80 {
		return p.cur(i - 1)
	}
	r, _ := utf8.DecodeLastRuneInString(p.s[:i])
	return r
}

// prevNS is the last character before byte i that is not a space.
func (p *punctState) prevNS(i int) rune {
	for i > 0 && p.s[i-1] == ' ' {
		i--
	}
	return p.before(i)
}

// nextNS is the first character after the one at byte i (ASCII) that is
// not a space.
func (p *punctState) nextNS(i int) rune {
	i++
	for i < len(p.s) && p.s[i] == ' ' {
		i++
	}
	return p.at(i)
}

// hasHan reports whether s holds a Han character.
func hasHan(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x80 {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if lexicon.IsIdeograph(r) {
			return true
		}
		i += size - 1
	}
	return false
}

// Canonical applies the Simplified-side finishing touches to text already
// converted to Simplified script: corner quotes become curly quotes
// (「」→“”, 『』→‘’, vertical and double-prime forms likewise). It is never
// applied to original-script text.
func Canonical(text string) string {
	// The marks are E3 80 xx and EF B9 xx: a byte scan finds the first one,
	// and a text without any (most Simplified text) is returned as it is.
	i := canonicalMark(text, 0)
	if i < 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for ; i >= 0; i = canonicalMark(text, i+3) {
		b.WriteString(text[last:i])
		b.WriteString(canonicalQuote(text[i+2]))
		last = i + 3
	}
	b.WriteString(text[last:])
	return b.String()
}

// canonicalMark is the byte offset of the first corner bracket or vertical
// or double-prime quotation mark in text at or after i, or -1.
func canonicalMark(text string, i int) int {
	for ; i+2 < len(text); i++ {
		switch text[i] {
		case 0xE3:
			if text[i+1] == 0x80 && (text[i+2] >= 0x8C && text[i+2] <= 0x8F || text[i+2] == 0x9D || text[i+2] == 0x9E) {
				return i
			}
		case 0xEF:
			if text[i+1] == 0xB9 && text[i+2] >= 0x81 && text[i+2] <= 0x84 {
				return i
			}
		}
	}
	return -1
}

// canonicalQuote is the curly quote for a mark's last byte: 「﹁〝 “, 」﹂〞 ”,
// 『﹃ ‘, 』﹄ ’.
func canonicalQuote(last byte) string {
	switch last {
	case 0x8C, 0x81, 0x9D:
		return "“"
	case 0x8D, 0x82, 0x9E:
		return "”"
	case 0x8E, 0x83:
		return "‘"
	}
	return "’"
}

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

// ocrMarks makes full width the ASCII marks next to Chinese text that
// chinesePunct keeps, as clean text may write them: commas and semicolons
// with no space after them, which English would have ("Reddit,Twitter和"),
// and parentheses after or before Chinese text ("铁人(IronMan)"). It runs
// only on documents whose ASCII commas and colons between Chinese
// characters show that their full-width marks were lost (OCR). (Keeping
// the parentheses of a Latin word ASCII where the document has no
// full-width ones around Latin was tried: on the development half it left
// twice the residue.)
func ocrMarks(line string, c counter) string {
	if strings.IndexAny(line, "(,;") < 0 {
		return line
	}
	b := []byte(line)
	n := 0
	var opens []int
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case ',', ';':
			if i+1 >= len(b) || b[i+1] == ' ' || i == 0 {
				continue
			}
			if p, q := b[i-1], b[i+1]; p >= '0' && p <= '9' && q >= '0' && q <= '9' {
				continue
			}
			b[i] += 0x80 // a mark, written below (0xAC, 0xBB: never alone in UTF-8 here)
			n++
		case '(':
			opens = append(opens, i)
		case ')':
			if len(opens) == 0 {
				continue
			}
			o := opens[len(opens)-1]
			opens = opens[:len(opens)-1]
			before, _ := utf8.DecodeLastRune(b[:o])
			after, _ := utf8.DecodeRune(b[i+1:])
			if lexicon.IsCJK(before) || lexicon.IsCJK(after) {
				b[o], b[i] = 0, 1 // marks, written below
				n += 2
			}
		}
	}
	if n == 0 {
		return line
	}
	c.add("punctuation", n)
	var out strings.Builder
	out.Grow(len(b) + 2*n)
	for i, x := range b {
		switch {
		case x == 0 && line[i] == '(':
			out.WriteString("（")
		case x == 1 && line[i] == ')':
			out.WriteString("）")
		case x == ','+0x80 && line[i] == ',':
			out.WriteString("，")
		case x == ';'+0x80 && line[i] == ';':
			out.WriteString("；")
		default:
			out.WriteByte(x)
		}
	}
	return out.String()
}

// hanASCIIMarks counts ASCII commas, semicolons and colons between two
// Chinese characters: clean Chinese text has next to none.
func hanASCIIMarks(lines []string) int {
	n := 0
	for _, l := range lines {
		for i := 0; i < len(l); i++ {
			if x := l[i]; x == ',' || x == ';' || x == ':' {
				p, _ := utf8.DecodeLastRuneInString(l[:i])
				q, _ := utf8.DecodeRuneInString(l[i+1:])
				if lexicon.IsIdeograph(p) && lexicon.IsIdeograph(q) {
					n++
				}
			}
		}
	}
	return n
}
