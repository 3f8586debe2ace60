package mojibake

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The candidate search as first written: every reading of a span as a
// string, filtered afterwards. TestCandidateGen checks that candGen yields
// the same accepted candidates in the same order.

func candidatesRef(span string) []cand {
	var out []cand
	// a '?' or U+FFFD that opens the span marks the lost byte itself
	if r := firstRune(span); (r == '?' || r == 0xFFFD) && runeLen(span) > 2 {
		out = append(out, candidatesRef(span[utf8.RuneLen(r):])...)
	}
	variants := []string{span}
	if ts, st := converters(); ts != nil && st != nil {
		if v, err := ts.Convert(span); err == nil && v != span {
			variants = append(variants, v)
		}
		if v, err := st.Convert(span); err == nil && v != span {
			variants = append(variants, v)
		}
	}
	for _, v := range variants {
		for _, u := range unfoldings(v) {
			for _, cd := range codecs {
				out = append(out, outOfStep(cd, u)...)
				if r, ok := utf8Misread(cd, u); ok {
					out = append(out, cand{s: r})
				}
			}
		}
	}
	return out
}

// unfoldings undoes NFKC width folding: each ASCII character of s may have
// been a full-width form; up to 16 combinations.
func unfoldings(s string) []string {
	rs := []rune(s)
	var pos []int
	for i, r := range rs {
		if r > 0x20 && r < 0x7F {
			pos = append(pos, i)
		}
	}
	if len(pos) == 0 {
		return []string{s}
	}
	var masks []int
	if len(pos) <= 4 {
		for m := 0; m < 1<<len(pos); m++ {
			masks = append(masks, m)
		}
	} else {
		masks = []int{0, 1<<len(pos) - 1}
	}
	out := make([]string, 0, len(masks))
	buf := make([]rune, len(rs))
	for _, m := range masks {
		copy(buf, rs)
		for k, p := range pos {
			if m&(1<<k) != 0 {
				buf[p] = rs[p] - 0x21 + 0xFF01
			}
		}
		out = append(out, string(buf))
	}
	return out
}

// outOfStep undoes a two-byte encoding read one byte out of step: the text is
// re-encoded and decoded again from its second byte; the orphan bytes at the
// edges become the most probable character they can belong to between their
// neighbours (prev and next are the characters around the span, 0 if none).
func outOfStep(cd *codec, s string) []cand {
	b, ok := cd.encode(s)
	if !ok || len(b) < 3 {
		return nil
	}
	cd.tables()
	var out []cand
	body := b[1:]
	var tail rune
	var lead byte
	if trailingLead(cd, body) {
		lead = body[len(body)-1]
		body = body[:len(body)-1]
		if tail = cd.cheapTail[lead]; tail == 0 {
			return nil
		}
	}
	d, ok := cd.decodeStrict(body)
	if !ok {
		return nil
	}
	c := cand{s: d, cd: cd, lead: lead, trail: b[0]}
	if tail != 0 {
		c.s += string(tail)
		c.guesses, c.tail = 1, true
	}
	out = append(out, c)
	if h := cd.cheapHead[b[0]]; h != 0 {
		c.s, c.head = string(h)+c.s, true
		out = append(out, c)
	}
	return out
}

// utf8Misread undoes UTF-8 bytes decoded in a two-byte encoding: re-encode,
// then read as UTF-8. A trailing U+FFFD or '?' stands for one lost byte (the
// most probable completion is taken); bytes cut off at the span's edges are
// dropped.
func utf8Misread(cd *codec, s string) (string, bool) {
	lost := 0
	for strings.HasSuffix(s, "\uFFFD") || strings.HasSuffix(s, "?") {
		s = strings.TrimSuffix(strings.TrimSuffix(s, "\uFFFD"), "?")
		lost++
	}
	if lost > 1 || s == "" {
		return "", false
	}
	b, ok := cd.encode(s)
	if !ok {
		return "", false
	}
	// drop continuation bytes at the start (the head of that character is
	// outside the span)
	i := 0
	for i < len(b) && i < 3 && b[i]&0xC0 == 0x80 {
		i++
	}
	b = b[i:]
	if lost == 1 {
		best, bc := "", 1e9
		for x := 0x80; x <= 0xBF; x++ {
			t := append(append([]byte{}, b...), byte(x))
			if !utf8.Valid(t) {
				continue
			}
			k, _ := stringCost(string(t))
			if k < bc {
				best, bc = string(t), k
			}
		}
		if best == "" {
			return "", false
		}
		return best, true
	}
	// an incomplete last character is dropped
	for j := len(b) - 1; j >= 0 && j >= len(b)-3; j-- {
		if b[j]&0xC0 != 0x80 {
			if b[j] >= 0xC0 && !utf8.FullRune(b[j:]) {
				b = b[:j]
			}
			break
		}
	}
	if len(b) == 0 || !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// TestCandidateGen compares candGen with the reference search on every span
// bestRepair can try in the identity inputs' lines.
func TestCandidateGen(t *testing.T) {
	names, texts := identityInputs(t)
	var g candGen
	n, nw := 0, 0
	for _, name := range names {
		for _, line := range strings.Split(texts[name], "\n") {
			rs := []rune(line)
			for lo := 0; lo < len(rs); lo++ {
				if !suspicious(rs, lo) && rs[lo] != '?' {
					continue
				}
				for e := lo + 2; e <= min(len(rs), lo+14); e++ {
					span := string(rs[lo:e])
					var want []cand
					for _, c := range candidatesRef(span) {
						if runeLen(c.s) >= 2 && plausible(c.s) && asciiCount(c.s) <= asciiCount(span) {
							want = append(want, c)
						}
					}
					got := g.candidates(span)
					n++
					if len(got) != len(want) {
						t.Fatalf("%s: span %q: %d candidates, want %d", name, span, len(got), len(want))
					}
					for i := range got {
						if got[i] != want[i] {
							t.Fatalf("%s: span %q: candidate %d is %+v, want %+v", name, span, i, got[i], want[i])
						}
						if rc, rn := stringCost(got[i].s); g.costs[i] != (candCost{rc, rn}) {
							t.Fatalf("%s: span %q: candidate %d costs %v, want %v %d", name, span, i, g.costs[i], rc, rn)
						}
					}
					// winners is candidates less those acceptedGain turns
					// down, for spans of any cost
					oc, on := stringCost(span)
					oc += float64(lo%3) * 6
					var wantW []cand
					var wantC []candCost
					for i, c := range got {
						if _, ok := acceptedGain(oc, on, g.costs[i].rc, g.costs[i].rn, c.guesses); ok {
							wantW, wantC = append(wantW, c), append(wantC, g.costs[i])
						}
					}
					gotW := g.winners(span, oc, on)
					if len(gotW) != len(wantW) {
						t.Fatalf("%s: span %q: %d winners, want %d", name, span, len(gotW), len(wantW))
					}
					for i := range gotW {
						if gotW[i] != wantW[i] || g.costs[i] != wantC[i] {
							t.Fatalf("%s: span %q: winner %d is %+v %v, want %+v %v", name, span, i, gotW[i], g.costs[i], wantW[i], wantC[i])
						}
					}
					nw += len(wantW)
				}
			}
		}
	}
	t.Logf("%d spans, %d winners", n, nw)
}

// TestMayNeedRepair compares the streaming test with the first test of
// Repair on every line and line prefix of the identity inputs.
func TestMayNeedRepair(t *testing.T) {
	names, texts := identityInputs(t)
	for _, name := range names {
		for _, line := range strings.Split(texts[name], "\n") {
			rs := []rune(line)
			for k := 0; k <= len(rs); k++ {
				if k > 12 && k < len(rs)-12 && k%7 != 0 {
					continue
				}
				l := string(rs[:k])
				r := []rune(l)
				var sus []int
				for i := range r {
					if suspicious(r, i) {
						sus = append(sus, i)
					}
				}
				want := !(len(sus) < 2 && !(len(sus) == 1 && (r[sus[0]] == 0xFFFD || loneASCII(r[sus[0]]))))
				if got := mayNeedRepair(l); got != want {
					t.Fatalf("%s: mayNeedRepair(%q) = %v", name, l, got)
				}
			}
		}
	}
}

// TestSuspiciousAlone compares the table with suspicious for every
// non-ASCII character, and mayNeedRepair with the rune test on random lines
// (valid UTF-8, as the lines Repair is given) over an alphabet of the cases it
// tells apart.
func TestSuspiciousAlone(t *testing.T) {
	for r := rune(0x80); r <= 0x10FFFF; r++ {
		rs := []rune{'中', r, '中'}
		if got, want := suspiciousAlone(r), suspicious(rs, 1); got != want {
			t.Fatalf("suspiciousAlone(%U) = %v, want %v", r, got, want)
		}
	}
	alpha := []string{"中", "的", "鐢", "蹇", "?", "a", "7", ",", "!", "%", " ", "，", "。", "Ａ", "\uFFFD", "\uE000", "é", "𠀀", "\U0002A6D6", "ā"}
	seed := uint32(1)
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for k := int(seed % 7); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(alpha[seed>>8%uint32(len(alpha))])
		}
		l := b.String()
		r := []rune(l)
		n, fffd := 0, false
		for i := range r {
			if suspicious(r, i) {
				n++
				fffd = fffd || r[i] == 0xFFFD || loneASCII(r[i])
			}
		}
		if got, want := mayNeedRepair(l), n >= 2 || fffd; got != want {
			t.Fatalf("mayNeedRepair(%q) = %v", l, got)
		}
	}
}

// trailingLead reports whether b ends with a lead byte left without its trail.
func trailingLead(cd *codec, b []byte) bool {
	i := 0
	for i < len(b) {
		if b[i] < 0x80 {
			i++
			continue
		}
		if cd == gbCodec && i+1 < len(b) && b[i+1] >= 0x30 && b[i+1] <= 0x39 {
			i += 4
			continue
		}
		if i+1 >= len(b) {
			return true
		}
		i += 2
	}
	return false
}

// TestDecodeTrailing compares decodeAcceptable, which finds a trailing lead
// byte while decoding, with trailingLead followed by a strict decoding of
// the rest and acceptable, on random byte strings.
func TestDecodeTrailing(t *testing.T) {
	alpha := []byte{0x20, 'a', '1', 0x05, 0x81, 0x82, 0xA1, 0xB0, 0xC4, 0xE3, 0xFE, 0x40, 0x7E, 0xFF, 0x30, 0x39, 0x80}
	seed := uint32(13)
	var g candGen
	for i := 0; i < 200000; i++ {
		var b []byte
		for k := int(seed % 9); k >= 0; k-- {
			seed = seed*1664525 + 1013904223
			b = append(b, alpha[seed>>8%uint32(len(alpha))])
		}
		g.limit = int(seed>>20) % 3
		for _, cd := range codecs {
			cd.tables()
			body, wantTrail := b, trailingLead(cd, b)
			if wantTrail {
				body = b[:len(b)-1]
			}
			d, wantOK := cd.appendDecodeStrict(nil, body)
			wantN, wantCost := 0, 0.0
			if wantOK {
				wantN, wantCost, wantOK = g.acceptable(d)
			}
			got, n, ok, trail, cost, costH := g.decodeAcceptable(cd, nil, b, runeCost('中'))
			if ok != wantOK || ok && (trail != wantTrail || n != wantN || string(got) != string(d)) {
				t.Fatalf("%s % x (limit %d): got %q %d %v %v, want %q %d %v %v", cd.name, b, g.limit, got, n, ok, trail, d, wantN, wantOK, wantTrail)
			}
			// costH is the cost with a first character in front
			if wantH, _ := stringCost("中" + string(d)); ok && (cost != wantCost || costH != wantH) {
				t.Fatalf("%s % x: costs %v %v, want %v %v", cd.name, b, cost, costH, wantCost, wantH)
			}
		}
	}
}

// TestDropCharsDistinct: bestDropPair finds words it tried already by
// membership alone, which holds when no character is listed twice under a
// lead or trail byte.
func TestDropCharsDistinct(t *testing.T) {
	for _, cd := range codecs {
		cd.tables()
		for b := 0; b < 256; b++ {
			for _, list := range [][]rune{cd.withLead[b], cd.withTail[b]} {
				seen := map[rune]bool{}
				for _, r := range list {
					if seen[r] {
						t.Fatalf("%s: %U twice under byte %#x", cd.name, r, b)
					}
					seen[r] = true
				}
			}
		}
	}
}

// TestDecodeResume: resuming an out-of-step decoding from any state of
// another one that read the same bytes before it gives the decoding from
// the start.
func TestDecodeResume(t *testing.T) {
	var g candGen
	texts := []string{"上海精神同和平共處五項原則", "第一,建設?!團結", "ab中文cd測試", "發(fā)展道路", "a,b!c?d中文"}
	for _, cd := range codecs {
		for _, s := range texts {
			b, ok := cd.encode(s)
			if !ok {
				continue
			}
			// states of a decoding under a limit serve a decoding under
			// another while they counted no more ASCII than it allows
			for _, lim := range []int{0, 1, 3, 6} {
				g.limit = 6
				var ran unfoldDec
				g.decodeFrom(cd, &ran, b, decState{costH: 1.5})
				g.limit = lim
				var full unfoldDec
				n0, ok0, tr0, c0, h0 := g.decodeFrom(cd, &full, b, decState{costH: 1.5})
				for _, st := range ran.ck {
					if st.ascii > lim {
						continue
					}
					var u unfoldDec
					u.out = append(u.out, ran.out[:st.outLen]...)
					n, ok, tr, c, h := g.decodeFrom(cd, &u, b, st)
					if n != n0 || ok != ok0 || tr != tr0 || c != c0 || h != h0 || ok && string(u.out) != string(full.out) {
						t.Fatalf("%s %q limit %d from %d: %d %v %v %v %v %q, want %d %v %v %v %v %q", cd.name, s, lim, st.at, n, ok, tr, c, h, u.out, n0, ok0, tr0, c0, h0, full.out)
					}
				}
			}
		}
	}
}

// TestRuneCostTable checks the cost table against the computed costs.
func TestRuneCostTable(t *testing.T) {
	for r := rune(-1); r <= 0x10FFFF+1; r++ {
		if got, want := runeCost(r), runeCostOf(r); got != want {
			t.Fatalf("runeCost(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestPairTables compares the two-byte table built from the encoding
// detector's pair tables with one decoded pair by pair with x/text, as it
// was first written.
func TestPairTables(t *testing.T) {
	for _, c := range codecs {
		c.codeTables()
		dec := c.enc.NewDecoder()
		for l := int(c.leadLo); l <= int(c.leadHi); l++ {
			for tr := 0x40; tr <= 0xFE; tr++ {
				if !c.trail(byte(tr)) {
					continue
				}
				want := rune(0)
				if s, err := dec.Bytes([]byte{byte(l), byte(tr)}); err == nil {
					if r, size := utf8.DecodeRune(s); r != utf8.RuneError && size == len(s) {
						want = r
					}
				}
				if got := c.dec2[l<<8|tr]; got != want {
					t.Fatalf("%s %02X %02X: %U, want %U", c.name, l, tr, got, want)
				}
			}
		}
	}
}
