package normalize

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// hygiene removes the BOM, control and zero-width characters, turns CRLF and
// CR into LF and the various Unicode spaces into ASCII spaces, repairs UTF-8
// read as Latin-1 or Windows-1252 (before C1 controls are stripped, since such
// mojibake is made of them) and composes to NFC.
func hygiene(s string, c counter) string {
	if hygienic(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		c.add("invalidUTF8", 1)
	}
	if strings.HasPrefix(s, "\uFEFF") {
		s = s[3:]
		c.add("bom", 1)
	}
	if strings.IndexByte(s, '\r') >= 0 {
		n := strings.Count(s, "\r")
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		c.add("crlf", n)
	}
	s = repairLatin1(s, c)
	if needsClean(s) {
		s = cleanChars(s, c)
	}
	if !nfcSafe(s) && !norm.NFC.IsNormalString(s) {
		t := norm.NFC.String(s)
		c.add("nfc", 1)
		s = t
	}
	return s
}

// cleanChars drops or replaces the characters needsClean finds (s is
// valid UTF-8), copying the runs between them.
func cleanChars(s string, c counter) string {
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for i := 0; i < len(s); i++ {
		if !cleanLead[s[i]] || !cleanAt(s, i) {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == 0xA0 || r == 0xAD) && inLatinRun(s, i, size) {
			// a byte of double-encoded UTF-8 (read as Windows-1252): the
			// mojibake repair needs it
			i += size - 1
			continue
		}
		b.WriteString(s[last:i])
		last = i + size
		i += size - 1
		switch {
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
	b.WriteString(s[last:])
	return b.String()
}

// inLatinRun: the character at s[i:i+size] stands between characters that
// UTF-8 read as Windows-1252 gives (Latin-1 letters, the Windows-1252
// marks, U+FFFD for its undefined bytes), on either side.
func inLatinRun(s string, i, size int) bool {
	p, n := utf8.DecodeLastRuneInString(s[:i])
	q, m := utf8.DecodeRuneInString(s[i+size:])
	return n == 3 && p == 0xFFFD || m == 3 && q == 0xFFFD || cp1252Char(p) || cp1252Char(q)
}

// cp1252Char: a character Windows-1252 decodes a byte 80–FF to, but the
// spaces and marks clean text writes as well (Latin-1 letters, Œ, Š, ƒ, ˆ,
// ˜, dashes, curly quotes, †, •, …, ‰, ‹›, €, ™).
func cp1252Char(r rune) bool {
	switch r {
	case 0x152, 0x153, 0x160, 0x161, 0x178, 0x17D, 0x17E, 0x192, 0x2C6, 0x2DC,
		0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E,
		0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122:
		return true
	}
	return r >= 0xC0 && r <= 0xFF
}

// hygienic reports, in one pass, that hygiene leaves s as it is: valid
// UTF-8, no BOM, no character the cleaning loop changes (which includes CR),
// no Latin-1 mojibake pair and every character NFC-safe.
func hygienic(s string) bool {
	for i := 0; i < len(s); {
		b := s[i]
		if b < 0x80 {
			if b < 0x20 && b != '\n' && b != '\t' || b == 0x7F {
				return false
			}
			i++
			continue
		}
		var r rune
		size := 3
		if b >= 0xE0 && b < 0xF0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 && (b != 0xE0 || s[i+1] >= 0xA0) && (b != 0xED || s[i+1] < 0xA0) {
			r = rune(b&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			if r >= 0x4E00 && r <= 0x9FFF {
				i += 3
				continue
			}
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
		}
		if cleanRune(r) || !nfcSafeRune(r) {
			return false
		}
		i += size
	}
	return !latinPair(s)
}

// cleanRune: the characters other than ASCII controls that the cleaning
// loop of hygiene drops or replaces (needsClean finds them by their bytes).
func cleanRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0xA0, r == 0xAD, r == 0x180E, r >= 0x2000 && r <= 0x200D,
		r == 0x2028, r == 0x2029, r == 0x202F, r == 0x205F, r == 0x2060, r == 0x3000, r == 0xFEFF:
		return true
	}
	return false
}

// nfcSafe is a fast sufficient test for NFC: every character is one whose
// NFC quick-check is Yes and whose combining class is 0 (ASCII, Latin-1,
// common punctuation and symbols, kana, CJK ideographs, full-width forms),
// so no character can change or combine. TestNFCSafeRanges checks the ranges
// against the norm package.
func nfcSafe(s string) bool {
	for i := 0; i < len(s); {
		b := s[i]
		switch {
		case b < 0x80:
			i++
			continue
		case b >= 0xE0 && b < 0xF0 && i+2 < len(s):
			r := rune(b&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			if !nfcSafeRune(r) {
				return false
			}
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !nfcSafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

// nfcSafeRanges lists the ranges nfcSafe accepts, ascending.
var nfcSafeRanges = [...][2]rune{
	{0x0000, 0x02FF}, {0x2010, 0x2027}, {0x2030, 0x205E}, {0x2190, 0x21FF}, {0x2460, 0x24FF},
	{0x2500, 0x27BF}, {0x3000, 0x3029}, {0x3030, 0x303F}, {0x3041, 0x3096},
	{0x30A1, 0x30FA}, {0x30FC, 0x30FE}, {0x3105, 0x312F}, {0x3400, 0x4DBF},
	{0x4E00, 0x9FFF}, {0xFF01, 0xFFEF},
}

func nfcSafeRune(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	for _, g := range nfcSafeRanges {
		if r < g[0] {
			return false
		}
		if r <= g[1] {
			return true
		}
	}
	return false
}

// needsClean is a fast scan for any character hygiene would change.
func needsClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if cleanLead[s[i]] && cleanAt(s, i) {
			return true
		}
	}
	return false
}

// cleanAt reports whether the character at byte i (whose first byte is
// in cleanLead) is one hygiene changes.
func cleanAt(s string, i int) bool {
	b := s[i]
	if b < 0x20 && b != '\n' && b != '\t' || b == 0x7F {
		return true
	}
	if b == 0xC2 && i+1 < len(s) && (s[i+1] < 0xA0 || s[i+1] == 0xA0 || s[i+1] == 0xAD) {
		return true
	}
	if b == 0xE2 && i+2 < len(s) && (s[i+1] == 0x80 && (s[i+2] <= 0x8D || s[i+2] == 0xA8 || s[i+2] == 0xA9 || s[i+2] == 0xAF) || s[i+1] == 0x81 && (s[i+2] == 0x9F || s[i+2] == 0xA0)) {
		return true
	}
	if b == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
		return true
	}
	if b == 0xEF && i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF {
		return true
	}
	return b == 0xE1 && i+2 < len(s) && s[i+1] == 0xA0 && s[i+2] == 0x8E
}

// cleanLead marks the bytes needsClean looks further at.
var cleanLead = func() (t [256]bool) {
	for b := 0; b < 0x20; b++ {
		t[b] = b != '\n' && b != '\t'
	}
	for _, b := range []byte{0x7F, 0xC2, 0xE1, 0xE2, 0xE3, 0xEF} {
		t[b] = true
	}
	return t
}()

// cp1252 maps the Windows-1252 characters of bytes 0x80–0x9F back to bytes.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
	'‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// latinByte returns the byte that r stands for when UTF-8 was read as
// Latin-1 or Windows-1252.
func latinByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	b, ok := cp1252[r]
	return b, ok
}

// latinPair reports whether s holds a character that stands for a UTF-8
// lead byte (U+00C2–U+00F4, which are C3 xx) followed by one that stands
// for a continuation byte: without one repairLatin1 changes nothing.
func latinPair(s string) bool {
	for i := 0; i+2 < len(s); {
		j := strings.IndexByte(s[i:], 0xC3)
		if j < 0 {
			return false
		}
		i += j
		if i+2 >= len(s) {
			return false
		}
		if x := s[i+1]; x >= 0x82 && x <= 0xB4 {
			r, _ := utf8.DecodeRuneInString(s[i+2:])
			if b, ok := latinByte(r); ok && b >= 0x80 && b <= 0xBF {
				return true
			}
		}
		i++
	}
	return false
}

// repairLatin1 replaces every run of characters that spell a valid multi-byte
// UTF-8 sequence in Latin-1/Windows-1252 by the character they spell.
func repairLatin1(s string, c counter) string {
	if !latinPair(s) {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	changed, inRun := false, false
	for i := 0; i < len(rs); {
		if lead, ok := latinByte(rs[i]); ok && lead >= 0xC2 && lead <= 0xF4 {
			n := 2
			if lead >= 0xE0 {
				n = 3
			}
			if lead >= 0xF0 {
				n = 4
			}
			if i+n <= len(rs) {
				var buf [4]byte
				buf[0] = lead
				good := true
				for k := 1; k < n; k++ {
					b, ok := latinByte(rs[i+k])
					if !ok || b < 0x80 || b > 0xBF {
						good = false
						break
					}
					buf[k] = b
				}
				if good {
					r, size := utf8.DecodeRune(buf[:n])
					if r != utf8.RuneError && size == n {
						out = append(out, r)
						i += n
						changed = true
						if !inRun {
							c.add("mojibake", 1)
							inRun = true
						}
						continue
					}
				}
			}
		}
		inRun = false
		out = append(out, rs[i])
		i++
	}
	if !changed {
		return s
	}
	return string(out)
}
