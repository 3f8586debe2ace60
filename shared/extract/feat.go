package extract

import "unicode/utf8"

// feat holds what the rules ask of a word's characters, found in one pass
// when the word is made (instead of decoding its text again in every rule).
type feat struct {
	r0, r1, rl rune // first, second and last characters: r1 -1 for a word of one; r0, rl utf8.RuneError for ""
	han        bool // allHan(text)
	tr         bool // allRunes(text, translit)
	word       bool // wordToken(text)
}

// featOf returns the features of s and its length in runes.
func featOf(s string) (f feat, n int) {
	f.r0, f.r1, f.rl = utf8.RuneError, -1, utf8.RuneError
	if s == "" {
		return f, 0
	}
	f.han, f.tr = true, true
	for i := 0; i < len(s); {
		var r rune
		var h bool
		if hanAt(s, i) { // U+4E00..U+9FFF, the common case
			r = rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			h = true
			i += 3
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
			h = isHan(r)
		}
		switch n {
		case 0:
			f.r0 = r
		case 1:
			f.r1 = r
		}
		f.rl = r
		n++
		if !h {
			f.han = false
		}
		if f.tr && !translit.has(r) && r != '·' {
			f.tr = false
		}
		if !f.word && (h || r < 0x80 && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') || wordRune(r)) {
			f.word = true
		}
	}
	return f, n
}

// setText gives k the text s and, from the word cache, its features and
// flags (the entry is shared: never changed through k).
func (e *Extractor) setText(k *ntok, s string) {
	k.text = s
	k.w = e.wordOf(s)
}

// chineseName is chineseName(t.text), from the features.
func (t *ntok) chineseName() bool {
	s := t.text
	if len(s) < 6 || len(s) > 12 || !t.w.han {
		return false
	}
	n := utf8.RuneCountInString(s)
	if n >= 3 && n <= 4 && compoundFirst.has(t.w.r0) && compoundSurnames[firstRunes(s, 2)] {
		return true
	}
	if n == 2 && notGivenName.has(t.w.rl) {
		return false
	}
	return n >= 2 && n <= 3 && surnames.has(t.w.r0)
}

// compoundFirst: the first characters of compound surnames (a quick test).
var compoundFirst = func() *runeBits {
	var rs []rune
	for w := range compoundSurnames {
		rs = append(rs, firstRune(w))
	}
	return runeSet(string(rs))
}()

// placeSuffix1: the one-character words of placeSuffixes.
var placeSuffix1 = func() *runeBits {
	var rs []rune
	for w := range placeSuffixes {
		if utf8.RuneCountInString(w) == 1 {
			rs = append(rs, firstRune(w))
		}
	}
	return runeSet(string(rs))
}()
