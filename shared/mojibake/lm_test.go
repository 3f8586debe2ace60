package mojibake

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
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
	names, texts := identityInputs(t)
	for _, name := range names {
		if strings.HasPrefix(name, "seed/") || strings.HasPrefix(name, "ref/") {
			rs = append(rs, []rune(texts[name])...)
		}
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

// TestLMWindow compares lmWindow with lmIn while characters of the window
// change, over characters of the seeds (so that words are found).
func TestLMWindow(t *testing.T) {
	var pool []rune
	names, texts := identityInputs(t)
	for _, name := range names {
		if !strings.HasPrefix(name, "seed/") {
			continue
		}
		for _, r := range texts[name] {
			if lexicon.IsIdeograph(r) || r == '，' || r == 'a' {
				pool = append(pool, r)
			}
		}
	}
	seed := uint32(17)
	rnd := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	found := 0
	for i := 0; i < 3000; i++ {
		// a stretch of text cut in three; the middle changes, half of the
		// time back to its own characters
		k0 := 8 + rnd(len(pool)-20)
		a, m, b := rnd(6), 1+rnd(2), rnd(6)
		left, right := pool[k0-a:k0], pool[k0+m:k0+m+b]
		orig := pool[k0 : k0+m]
		mid := append([]rune(nil), orig...)
		var x lmWindow
		if !x.reset(left, mid, right) {
			t.Fatal("window does not fit")
		}
		at := min(len(left), lmContext)
		for j := 0; j < 20; j++ {
			k := rnd(len(mid))
			r := pool[rnd(len(pool))]
			if rnd(2) == 0 {
				r = orig[k]
			}
			mid[k] = r
			x.set(at+k, r)
			if _, ok := lmWordCost(mid); ok && len(mid) == 2 {
				found++
			}
			// sometimes several changes come before the cost (the window
			// keeps the costs of the prefixes before the first)
			if rnd(3) == 0 && j < 19 {
				continue
			}
			if got, want := x.cost(), lmIn(left, mid, right); got != want {
				t.Fatalf("%q|%q|%q: %v, want %v", string(left), string(mid), string(right), got, want)
			}
		}
	}
	if found == 0 {
		t.Error("no trial pair made a word")
	}
}
