package lexicon

import "unicode"

// IsHan reports whether r has the Unicode script property Han (\p{Han} of
// Go regular expressions): ideographs, but also the radicals, 々, 〇 and the
// Hangzhou numerals. The segmenter and the extractor classify by it because
// gse splits text with \p{Han} regular expressions and the extractor's own
// patterns use \p{Han}: a character they disagreed about would cut words
// differently.
func IsHan(r rune) bool {
	// the unified ideographs first; nothing below the radicals is Han
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// IsIdeograph reports whether r is a CJK ideograph that spells Chinese
// words: the unified ideographs and Extension A, the compatibility block,
// planes 2 and 3 (later extensions), and 〇, the zero of written dates. It
// leaves out what IsHan adds (radicals, 々, the Hangzhou numerals) and
// takes whole blocks, assigned or not. The normalizer and the mojibake
// repairer count and score text by it: their character models are built
// over these blocks.
func IsIdeograph(r rune) bool {
	switch {
	case r < 0x3007:
		return false
	case r == 0x3007:
		return true
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF,
		r >= 0xF900 && r <= 0xFAFF, r >= 0x20000 && r <= 0x3FFFF:
		return true
	}
	return false
}

// IsCJKPunct reports whether r is full-width or CJK punctuation, including
// the curly quotes, dashes and ellipsis used in Chinese text.
func IsCJKPunct(r rune) bool {
	switch {
	case r >= 0x3001 && r <= 0x3003, r >= 0x3008 && r <= 0x3011, r >= 0x3014 && r <= 0x301F:
		return true
	case r >= 0xFF01 && r <= 0xFF0F, r >= 0xFF1A && r <= 0xFF20, r >= 0xFF3B && r <= 0xFF40, r >= 0xFF5B && r <= 0xFF65:
		return true
	case r == '“', r == '”', r == '‘', r == '’', r == '…', r == '—', r == '·', r == '–', r == '━':
		return true
	}
	return false
}

// IsCJK is IsIdeograph or IsCJKPunct: a character of Chinese running text.
func IsCJK(r rune) bool { return IsIdeograph(r) || IsCJKPunct(r) }

// IsDigit and IsLetter are the ASCII digits and letters.
func IsDigit(r rune) bool  { return r >= '0' && r <= '9' }
func IsLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// IsSentenceEnd reports whether r ends a sentence: a full stop, question
// or exclamation mark, full-width or ASCII.
func IsSentenceEnd(r rune) bool {
	return r == '。' || r == '！' || r == '？' || r == '!' || r == '?'
}

// IsParagraphEnd is IsSentenceEnd or the ellipsis or the full-width
// semicolon: the marks after which the normalizer takes a line to have
// ended its paragraph (a date lead after it opens a new one).
func IsParagraphEnd(r rune) bool {
	return IsSentenceEnd(r) || r == '…' || r == '；'
}

// IsClosing reports whether r is a closing quote or bracket, which stays
// with the sentence end before it.
func IsClosing(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', ')', '》', '】', '"', '\'':
		return true
	}
	return false
}
