package normalize

import (
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// TestChinesePunctBytes compares the byte version of chinesePunct with the
// rune version on every line of the identity inputs and on random lines
// (valid UTF-8, as Normalize's lines are) over the characters it looks at.
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
	alpha := []string{"中", "，", "”", "」", "a", "B", "7", " ", ",", ";", ":", "!", "?", "(", ")", "\"", "'", "/", "é", "𠀀", "ａ"}
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
	check(strings.Repeat("中文中文", 30) + "(中)" + strings.Repeat("字", 9) + "," + strings.Repeat("字", 3) + ":")
}

// TestOCRSpacesBytes compares the byte version of ocrSpaces with the rune
// version on the identity inputs' lines and on random lines.
func TestOCRSpacesBytes(t *testing.T) {
	check := func(l string) {
		t.Helper()
		for _, ocr := range []bool{false, true} {
			c1, c2 := counter{}, counter{}
			got, want := ocrSpacesBytes(l, ocr, c1), ocrSpacesRunes(l, ocr, c2)
			if got != want || c1["ocrSpaces"] != c2["ocrSpaces"] {
				t.Fatalf("ocrSpaces(%q, %v) = %q, want %q", l, ocr, got, want)
			}
		}
	}
	names, texts := identityInputs(t)
	for _, name := range names {
		for _, l := range strings.Split(texts[name], "\n") {
			check(l)
		}
	}
	alpha := []string{"中", "文", "7", "a", " ", "  ", ",", ";", ":", "，", "。", "新华社", "电", "北京", "—", "é", "𠀀"}
	seed := uint32(29)
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := int(seed % 11); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		check(b.String())
	}
}

// chinesePunctRunes is the rune-slice chinesePunct that the byte version
// replaced.
func chinesePunctRunes(line string, c counter) string {
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
			if lexicon.IsDigit(p) && lexicon.IsDigit(q) {
				continue
			}
			if r == ':' && (q == '/' || lexicon.IsLetter(p) && lexicon.IsLetter(q)) {
				continue
			}
			pc, nc := lexicon.IsCJK(prevNS(i)), lexicon.IsCJK(nextNS(i))
			if r == '?' || r == '!' {
				// a question or exclamation mark closes Chinese text
				if !lexicon.IsCJK(p) && !(lexicon.IsClosing(p) && pc) {
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
				for k := i - 1; k >= 0 && rs[k] != '）'; k-- {
					if rs[k] == '（' {
						rs[i] = '）'
						n++
						break
					}
				}
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			inner := false
			for _, x := range rs[o+1 : i] {
				if lexicon.IsIdeograph(x) {
					inner = true
					break
				}
			}
			if inner || lexicon.IsCJK(at(o-1)) && !lexicon.IsLetter(at(o+1)) {
				rs[o], rs[i] = '（', '）'
				n += 2
			}
		}
	}
	for _, o := range stack {
		for k := o + 1; k < len(rs); k++ {
			if rs[k] == '(' || rs[k] == ')' || rs[k] == '（' {
				break
			}
			if rs[k] == '）' {
				rs[o] = '（'
				n++
				break
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
				if q.ch == '\'' && lexicon.IsLetter(at(i-1)) && lexicon.IsLetter(at(i+1)) {
					continue // apostrophe
				}
				pos = append(pos, i)
			}
		}
		for k := 0; k+1 < len(pos); k += 2 {
			o, e := pos[k], pos[k+1]
			cjk := lexicon.IsCJK(at(o-1)) || lexicon.IsCJK(at(e+1))
			for _, x := range rs[o+1 : e] {
				if lexicon.IsIdeograph(x) {
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

// ocrSpacesRunes is the rune-slice ocrSpaces, without the quick test, that
// ocrSpacesBytes replaced.
func ocrSpacesRunes(line string, docOCR bool, c counter) string {
	if !strings.Contains(line, " ") {
		return line
	}
	rs := []rune(line)
	headline := isHeadlineLike(line)
	out := make([]rune, 0, len(rs))
	n := 0
	for i, r := range rs {
		if r == ' ' && len(out) > 0 && i+1 < len(rs) {
			p, q := out[len(out)-1], rs[i+1]
			drop := false
			switch {
			case lexicon.IsCJKPunct(p) || lexicon.IsCJKPunct(q):
				drop = true
			case (p == ',' || p == ';' || p == ':') && lexicon.IsIdeograph(q) && len(out) > 1 && lexicon.IsCJK(out[len(out)-2]):
				drop = true
			case lexicon.IsIdeograph(p) && lexicon.IsIdeograph(q):
				drop = (!headline || docOCR) && !(len(out) <= 24 && isDatelineHead(out))
			case docOCR && (lexicon.IsIdeograph(p) && lexicon.IsDigit(q) || lexicon.IsDigit(p) && lexicon.IsIdeograph(q)):
				drop = true
			}
			if drop {
				n++
				continue
			}
		}
		out = append(out, r)
	}
	if n == 0 {
		return line
	}
	c.add("ocrSpaces", n)
	return string(out)
}
