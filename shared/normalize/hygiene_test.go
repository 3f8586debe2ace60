package normalize

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestHygienic checks cleanRune against needsClean on every character and
// that hygiene changes nothing hygienic accepts, on random texts and the
// identity inputs.
func TestHygienic(t *testing.T) {
	for r := rune(0x80); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if got, want := cleanRune(r), needsClean(string(r)); got != want {
			t.Fatalf("cleanRune(%U) = %v, needsClean %v", r, got, want)
		}
	}
	check := func(s string) {
		t.Helper()
		c := counter{}
		if hygienic(s) && (hygiene(s, c) != s || len(c) != 0) {
			t.Fatalf("hygienic(%q) but hygiene changes it", s)
		}
	}
	_, texts := identityInputs(t)
	for _, s := range texts {
		check(s)
	}
	alpha := []string{"中", "a", "\n", "\t", "\r", "\x00", "\x7f", "\u0085", "\u00a0", "\u00ad", "\u3000", "\u2003", "\u200b", "\u2028", "\ufeff", "\u180e", "Ã", "¤", "é", "e\u0301", "\xff", "\xe4\xb8", "，", "𠀀", "가", "ガ"}
	seed := uint32(11)
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := int(seed % 7); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		check(b.String())
	}
}

// cleanCharsRef is the rune loop cleanChars replaced.
func cleanCharsRef(s string, c counter) string {
	var b strings.Builder
	rs := []rune(s)
	latin := func(k int) bool { return k >= 0 && k < len(rs) && (rs[k] == 0xFFFD || cp1252Char(rs[k])) }
	for k, r := range rs {
		switch {
		case (r == 0xA0 || r == 0xAD) && (latin(k-1) || latin(k+1)):
			b.WriteRune(r) // a byte of double-encoded UTF-8
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			c.add("controlChars", 1)
		case r == 0xFEFF:
			c.add("bom", 1)
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xAD || r == 0x180E:
			c.add("zeroWidth", 1)
		case r == 0xA0 || r == 0x202F:
			c.add("nbsp", 1)
			b.WriteByte(' ')
		case r == 0x3000:
			c.add("ideographicSpace", 1)
			b.WriteByte(' ')
		case r >= 0x2000 && r <= 0x200A || r == 0x205F || r == 0x2028 || r == 0x2029:
			c.add("spaces", 1)
			if r >= 0x2028 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestCleanChars(t *testing.T) {
	alpha := []string{"中", "a", "\n", "\t", "\r", "\x00", "\x7f", "\u0085", "\u00a0", "\u00ad", "\u3000", "\u2003", "\u200a", "\u200b", "\u200d", "\u2028", "\u2029", "\u202f", "\u205f", "\u2060", "\ufeff", "\u180e", "é", "，", "𠀀", "\u2010", "ç", "\ufffd", "€", "™"}
	seed := uint32(19)
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := int(seed % 9); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		s := b.String()
		c1, c2 := counter{}, counter{}
		got, want := cleanChars(s, c1), cleanCharsRef(s, c2)
		if got != want || len(c1) != len(c2) {
			t.Fatalf("cleanChars(%q) = %q %v, want %q %v", s, got, c1, want, c2)
		}
		for k, v := range c2 {
			if c1[k] != v {
				t.Fatalf("cleanChars(%q) counts %v, want %v", s, c1, c2)
			}
		}
	}
}

// TestDoubleEncodedBytes: U+00A0 and U+00AD are bytes of double-encoded
// UTF-8 where Windows-1252 characters stand around them, and the repair
// reads them; elsewhere they are a space and nothing.
func TestDoubleEncodedBytes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"布里斯ç\ufffd\u00adèŠ‚是", "布里斯ç\ufffd\u00adèŠ‚是"},
		{"é\u00a0", "é\u00a0"},
		{"他\u00a0说\u00ad好", "他 说好"},
		{"\u00a0\u00a0他", "  他"},
	} {
		if got := cleanChars(c.in, counter{}); got != c.want {
			t.Errorf("cleanChars(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// and the whole repair: 班 (E7 8F AD) double-encoded holds the 0xAD
	span, _ := charmap.Windows1252.NewDecoder().String("布里斯班节")
	in := "标题\n\n1992年至2008年之间，" + span + "是每两年举办一次的活动。\n"
	if got, want := Normalize(in).Text, "标题\n1992年至2008年之间，布里斯班节是每两年举办一次的活动。"; got != want {
		t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
	}
}
