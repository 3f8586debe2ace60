package segment

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
)

// TestDecodeAsRange: decode's inline UTF-8 decoding gives the runes and
// offsets of ranging over the text, and it reports text that
// strings.ToLower would change.
func TestDecodeAsRange(t *testing.T) {
	g, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	pieces := []string{
		"中", "国", "a", "Z", "1", " ", "\n", "é", "É", "Ω", "😀", "𠀀", "\uFFFD", "\u0800", "\uffff", "\ud7ff"[:3], "\ue000",
		"\xe0\x80\x80", "\xe0\xa0\x80", "\xed\xa0\x80", "\xed\x9f\xbf", "\xef\xbf", "\xe4\xb8", "\xe4", "\xff", "\x80", "\xc3", "\xf0\x9f\x98",
	}
	rnd := rand.New(rand.NewSource(3))
	st := new(state)
	for i := 0; i < 20000; i++ {
		var sb strings.Builder
		for n := rnd.Intn(8); n >= 0; n-- {
			sb.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		text := sb.String()
		for _, lowered := range []bool{false, true} {
			ok := decode(st, g.d, text, lowered)
			if want := lowered || strings.ToLower(text) == text; ok != want {
				t.Fatalf("%q (lowered %v): decode %v, want %v", text, lowered, ok, want)
			}
			if !ok {
				continue
			}
			k := 0
			for off, r := range text {
				if k >= len(st.runes) || st.runes[k] != r || st.off[k] != int32(off) || st.codes[k] != g.d.code(r) {
					t.Fatalf("%q: rune %d differs", text, k)
				}
				k++
			}
			if k != len(st.runes) || len(st.off) != k+1 || st.off[k] != int32(len(text)) {
				t.Fatalf("%q: %d runes, want %d", text, len(st.runes), k)
			}
		}
	}
}

// TestDecodeFastOnlyFixed: the fast path takes only runes that lowering
// leaves alone (lowerFixed), decoded right.
func TestDecodeFastOnlyFixed(t *testing.T) {
	g, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	bmp := (*[65536]uint16)(g.d.bmp)
	runes, codes, off := make([]rune, 4), make([]uint32, 4), make([]int32, 5)
	for r := rune(0); r < 0x10000; r++ {
		s := string(r)
		i, k := decodeFast(s, 0, 0, runes, codes, off, bmp)
		if i == 0 {
			continue
		}
		if i != len(s) || k != 1 || runes[0] != r || codes[0] != g.d.code(r) || !lowerFixed(r) || (0xd800 <= r && r <= 0xdfff) {
			t.Fatalf("%U: fast path took %d bytes, %d runes (%U)", r, i, k, runes[0])
		}
	}
}

// TestIsHan: isHan's shortcuts agree with \p{Han} everywhere.
func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHan(r) != unicode.Is(unicode.Han, r) {
			t.Fatalf("isHan(%U) = %v", r, isHan(r))
		}
	}
}
