package normalize

import (
	"testing"
	"unicode/utf8"
)

// lmWordCostRef is the lookup as first written: hash the UTF-8 text, probe.
func lmWordCostRef(w []rune) (float64, bool) {
	var b []byte
	for _, r := range w {
		b = utf8.AppendRune(b, r)
	}
	h := lmHash(string(b))
	fp := uint32(h>>40) | 1
	for i := (h & 0xFFFFFFFF) * lmSlots >> 32; ; {
		x := uint32(lmTable[4*i]) | uint32(lmTable[4*i+1])<<8 | uint32(lmTable[4*i+2])<<16
		if x == fp {
			return float64(lmTable[4*i+3]) / 8, true
		}
		if x == 0 {
			return 0, false
		}
		if i++; i == lmSlots {
			i = 0
		}
	}
}

// TestLMWordCost compares the hashing lookup with the reference on every
// pair of characters of the seeds and references and on odd runes.
func TestLMWordCost(t *testing.T) {
	var rs []rune
	for _, s := range seeds(t) {
		rs = append(rs, []rune(s)...)
	}
	for _, s := range references(t) {
		rs = append(rs, []rune(s)...)
	}
	rs = append(rs, 'a', 0xB7, 0x7FF, 0x800, 0xD800, 0xFFFF, 0x10000, 0x20000, 0x10FFFF, 0x110000, -1, '中')
	found := 0
	for n := 2; n <= 4; n++ {
		for i := 0; i+n <= len(rs); i++ {
			w := rs[i : i+n]
			a, ok := lmWordCost(w)
			b, okRef := lmWordCostRef(w)
			if a != b || ok != okRef {
				t.Fatalf("%q: %v %v, want %v %v", string(w), a, ok, b, okRef)
			}
			if ok {
				found++
			}
		}
	}
	if found == 0 {
		t.Error("no word found")
	}
}
