package lexicon

import "strconv"

// HanDigit is the value of a digit of written Chinese numbers and dates:
// 〇 and 零 are zero, and so are the look-alikes OCR and typists put for
// 〇 (○, a Latin or Cyrillic o). The date readers of the normalizer
// (metadata lines) and the extractor (dates in text) both read digits by it.
func HanDigit(r rune) (int, bool) {
	switch r {
	case '〇', '零', '○', 'О', 'o', 'Ｏ':
		return 0, true
	case '一':
		return 1, true
	case '二':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

// HanNumber parses a day, month or hour as written in dates: ASCII digits,
// or 七, 十二, 二十一, 三十 (up to 99).
func HanNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1:
		return HanDigit(rs[0])
	case len(rs) == 2 && rs[0] == '十':
		v, ok := HanDigit(rs[1])
		return 10 + v, ok && v > 0
	case len(rs) == 2 && rs[1] == '十':
		v, ok := HanDigit(rs[0])
		return v * 10, ok && v > 0
	case len(rs) == 3 && rs[1] == '十':
		a, ok1 := HanDigit(rs[0])
		b, ok2 := HanDigit(rs[2])
		return a*10 + b, ok1 && ok2 && a > 0 && b > 0
	}
	return 0, false
}

// HanYear parses a year written digit by digit (二〇一九) or in ASCII.
func HanYear(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	y, n := 0, 0
	for _, r := range s {
		v, ok := HanDigit(r)
		if !ok {
			return 0, false
		}
		y = y*10 + v
		n++
	}
	return y, n > 0
}
