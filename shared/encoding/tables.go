package encoding

import (
	"sync"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Two-byte tables: lead 0x81..0xFE, trail 0x40..0xFE (191 columns). A zero
// entry is an invalid pair; bigMulti marks a Big5-HKSCS pair that is valid
// but decodes to a non-BMP rune or to two runes.
const (
	pairCols = 191
	bigMulti = 1
)

// costForbidden marks code points that do not occur in text (C0/C1 controls
// other than tab, newline, CR, VT, FF, SUB, ESC; noncharacters; surrogates).
const costForbidden = 255

// costUnit is the fixed-point unit of the cost table: 1/8 nat.
const costUnit = 8

type tableSet struct {
	cost [0x10000]uint8
	gb   [126 * pairCols]uint16
	big5 [126 * pairCols]uint16
}

var (
	tablesOnce sync.Once
	tab        *tableSet
)

func getTables() *tableSet {
	tablesOnce.Do(func() { tab = buildTables() })
	return tab
}

func buildTables() *tableSet {
	t := new(tableSet)
	for r := 0; r < 0x10000; r++ {
		t.cost[r] = quant(classCost(rune(r)))
	}
	for i, s := range modelBuckets {
		c := quant(modelBase + float64(i)*modelStep)
		for _, r := range s {
			if r < 0x10000 && t.cost[r] != costForbidden {
				t.cost[r] = c
			}
		}
	}
	fillPairs(&t.gb, func(lead, trail byte) bool { return trail != 0x7F && trail != 0xFF }, simplifiedchinese.GB18030.NewDecoder().Bytes)
	fillPairs(&t.big5, func(lead, trail byte) bool { return trail <= 0x7E || trail >= 0xA1 }, traditionalchinese.Big5.NewDecoder().Bytes)
	return t
}

// fillPairs derives a pair table from an x/text decoder: every candidate pair
// is decoded once, each followed by a newline, and pairs whose output holds
// U+FFFD are invalid.
func fillPairs(dst *[126 * pairCols]uint16, want func(lead, trail byte) bool, dec func([]byte) ([]byte, error)) {
	var in []byte
	var idx []int
	for lead := 0x81; lead <= 0xFE; lead++ {
		for trail := 0x40; trail <= 0xFE; trail++ {
			if !want(byte(lead), byte(trail)) {
				continue
			}
			in = append(in, byte(lead), byte(trail), '\n')
			idx = append(idx, (lead-0x81)*pairCols+trail-0x40)
		}
	}
	out, err := dec(in)
	if err != nil {
		panic("encoding: building pair table: " + err.Error())
	}
	s := string(out)
	k := 0
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '\n' {
			continue
		}
		seg := []rune(s[start:i])
		start = i + 1
		switch {
		case len(seg) == 1 && seg[0] != 0xFFFD && seg[0] < 0x10000 && seg[0] >= 0x80:
			dst[idx[k]] = uint16(seg[0])
		case len(seg) >= 1 && !containsRune(seg, 0xFFFD) && seg[0] >= 0x80:
			dst[idx[k]] = bigMulti
		}
		k++
	}
	if k != len(idx) {
		panic("encoding: pair table misaligned")
	}
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func quant(nats float64) uint8 {
	if nats >= forbiddenNats {
		return costForbidden
	}
	if nats >= 30 {
		return 240
	}
	return uint8(nats*costUnit + 0.5)
}

// classCost is the cost in nats of a code point the frequency model does not
// list, by character class; costForbidden/costUnit for code points that do
// not occur in text. The figures are hand-set: ASCII is cheap (English text
// mixed into Chinese documents must not look like UTF-16), Chinese
// punctuation and common symbols moderate, other scripts and private use
// expensive.
func classCost(r rune) float64 {
	switch {
	case r == '\n' || r == '\r' || r == '\t':
		return 3
	case r == ' ':
		return 2.5
	case r == 0x0B || r == 0x0C:
		return 8
	case r == 0x1A || r == 0x1B:
		return 12
	case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
		return forbiddenNats
	case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return 3.5
	case r < 0x80:
		return 4.5
	case r >= 0x4E00 && r <= 0x9FFF:
		return modelUnseenHan
	case r >= 0x3400 && r <= 0x4DBF:
		return modelUnseenHan + 2
	case r >= 0xF900 && r <= 0xFAFF:
		return modelUnseenHan + 3
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return forbiddenNats
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r >= 0x2000 && r <= 0x206F,
		r >= 0x2460 && r <= 0x24FF, r >= 0xA0 && r <= 0xFF:
		return 9
	case r >= 0x3040 && r <= 0x30FF, r >= 0x3100 && r <= 0x312F, r >= 0x2100 && r <= 0x27BF:
		return 10
	case r >= 0x0100 && r <= 0x04FF:
		return 11
	case r >= 0xAC00 && r <= 0xD7A3:
		return 12
	case r >= 0xE000 && r <= 0xF8FF, r == 0xFFFD:
		return 20
	}
	return 16
}

const forbiddenNats = float64(costForbidden) / costUnit
