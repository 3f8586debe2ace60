// Package mojibake repairs text that was misread in a legacy Chinese
// encoding: GB18030 or Big5 read one byte out of step (a lost byte), with
// the private-use characters of such a reading dropped, and UTF-8 read as
// GB18030. Repair looks for spans that are improbable under a character
// model (model.go) and replaces each by the most probable of their
// re-readings under a word model (lm.go, lm.bin).
package mojibake

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	zhencoding "github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/lexicon"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// A codec is a multi-byte legacy encoding a document may have been misread in.
//
// What each two-byte pair decodes to comes from the encoding detector's
// pair tables (encoding.PairRune), so that detection and repair read the
// legacy encodings alike; the tables here are the repairer's own layouts of
// those facts and what it needs beyond them: the inverse (a character's
// first two-byte sequence) to re-encode readings, the characters beyond the
// BMP, GB18030's four-byte sequences and user-defined area (from x/text),
// and per byte the candidate characters ranked by its character model.
type codec struct {
	name string
	enc  encoding.Encoding
	big5 bool // which of the detector's pair tables is enc's
	// lead/trail byte ranges of its two-byte characters
	leadLo, leadHi byte
	trail          func(b byte) bool

	once      sync.Once
	withTail  [256][]rune // CJK characters whose trail byte is b
	withLead  [256][]rune // CJK characters whose lead byte is b
	cheapHead [256]rune   // the most frequent of withTail[b]
	cheapTail [256]rune   // the most frequent of withLead[b]

	tabOnce sync.Once
	dec2    []rune           // two-byte sequence lead<<8|trail → character (0: invalid)
	enc2bmp []uint16         // the inverse for U+0000–U+FFFF, first sequence wins (0: none)
	enc2hi  map[rune][2]byte // the inverse beyond U+FFFF

	// dropped as bit sets: dropNext[x] holds every y with dropped(x, y)
	// and dropPrev[y] every such x; tailLeads[t] holds the lead bytes of
	// withTail[t].
	dropNext, dropPrev, tailLeads [256]byteSet
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (b *byteSet) add(x byte)      { b[x>>6] |= 1 << (x & 63) }
func (b *byteSet) has(x byte) bool { return b[x>>6]&(1<<(x&63)) != 0 }
func (b *byteSet) meets(o *byteSet) bool {
	return b[0]&o[0] != 0 || b[1]&o[1] != 0 || b[2]&o[2] != 0 || b[3]&o[3] != 0
}

// enc2 returns the two-byte sequence of r, if it has one.
func (c *codec) enc2(r rune) ([2]byte, bool) {
	if r >= 0 && r < 0x10000 {
		v := c.enc2bmp[r]
		return [2]byte{byte(v >> 8), byte(v)}, v != 0
	}
	b, ok := c.enc2hi[r]
	return b, ok
}

// codeTables derives the two-byte tables once, so that the many trial
// readings of a span are table lookups.
func (c *codec) codeTables() {
	c.tabOnce.Do(func() {
		c.dec2 = make([]rune, 1<<16)
		c.enc2bmp = make([]uint16, 1<<16)
		c.enc2hi = map[rune][2]byte{}
		dec := c.enc.NewDecoder()
		for l := int(c.leadLo); l <= int(c.leadHi); l++ {
			for t := 0x40; t <= 0xFE; t++ {
				if !c.trail(byte(t)) {
					continue
				}
				r := c.pairRune(dec, byte(l), byte(t))
				if r == 0 {
					continue
				}
				c.dec2[l<<8|t] = r
				if r < 0x10000 {
					if c.enc2bmp[r] == 0 {
						c.enc2bmp[r] = uint16(l<<8 | t)
					}
				} else if _, ok := c.enc2hi[r]; !ok {
					c.enc2hi[r] = [2]byte{byte(l), byte(t)}
				}
			}
		}
		for x := 0; x < 256; x++ {
			for y := 0; y < 256; y++ {
				if c.dropped(byte(x), byte(y)) {
					c.dropNext[x].add(byte(y))
					c.dropPrev[y].add(byte(x))
				}
			}
		}
	})
}

// pairRune is the one character the pair l t decodes to, 0 when it is
// invalid or decodes to two: the encoding detector's pair table says, and
// x/text decodes the valid pairs that table does not spell out (characters
// beyond the BMP).
func (c *codec) pairRune(dec *encoding.Decoder, l, t byte) rune {
	r, ok := zhencoding.PairRune(c.big5, l, t)
	if !ok || r != 0 {
		return r
	}
	s, err := dec.Bytes([]byte{l, t})
	if err != nil {
		return 0
	}
	r, size := utf8.DecodeRune(s)
	if r == utf8.RuneError || size != len(s) {
		return 0
	}
	return r
}

var (
	gbCodec = &codec{name: "GB18030", enc: simplifiedchinese.GB18030, leadLo: 0x81, leadHi: 0xFE,
		trail: func(b byte) bool { return b >= 0x40 && b <= 0xFE && b != 0x7F }}
	big5Codec = &codec{name: "Big5", enc: traditionalchinese.Big5, big5: true, leadLo: 0x81, leadHi: 0xFE,
		trail: func(b byte) bool { return b >= 0x40 && b <= 0x7E || b >= 0xA1 && b <= 0xFE }}
	codecs = []*codec{gbCodec, big5Codec}
)

// tables lists, per byte, the CJK characters that have it as trail or lead.
func (c *codec) tables() {
	c.once.Do(func() {
		c.codeTables()
		for l := int(c.leadLo); l <= int(c.leadHi); l++ {
			for t := 0x40; t <= 0xFE; t++ {
				if r := c.dec2[l<<8|t]; r != 0 && lexicon.IsCJK(r) && c.enc2first(r) == [2]byte{byte(l), byte(t)} {
					c.withTail[t] = append(c.withTail[t], r)
					c.tailLeads[t].add(byte(l))
					c.withLead[l] = append(c.withLead[l], r)
					if h := c.cheapHead[t]; h == 0 || runeCost(r) < runeCost(h) {
						c.cheapHead[t] = r
					}
					if h := c.cheapTail[l]; h == 0 || runeCost(r) < runeCost(h) {
						c.cheapTail[l] = r
					}
				}
			}
		}
	})
}

func (c *codec) enc2first(r rune) [2]byte {
	b, _ := c.enc2(r)
	return b
}

// guessHead returns the most probable CJK character with trail byte t
// between the characters left and right of it; 0 when there is none.
func (c *codec) guessHead(t byte, left, right []rune) rune {
	c.tables()
	return bestBetween(c.withTail[t], left, right)
}

// guessTail is guessHead for a character with lead byte l.
func (c *codec) guessTail(l byte, left, right []rune) rune {
	c.tables()
	return bestBetween(c.withLead[l], left, right)
}

func bestBetween(cands []rune, left, right []rune) rune {
	best, bc := rune(0), math.Inf(1)
	// only the character between changes: the window keeps the words
	// of the sides
	var w lmWindow
	w.reset(left, []rune{0}, right)
	at := min(len(left), lmContext)
	for _, r := range cands {
		w.set(at, r)
		if k := w.cost(); k < bc {
			best, bc = r, k
		}
	}
	return best
}

func (c *codec) encode(s string) ([]byte, bool) {
	return c.appendEncode(make([]byte, 0, 2*len(s)/3+4), s)
}

// appendEncode appends the encoding of s to out.
func (c *codec) appendEncode(out []byte, s string) ([]byte, bool) {
	c.codeTables()
	for _, r := range s {
		var ok bool
		if out, ok = c.appendRune(out, r); !ok {
			return nil, false
		}
	}
	return out, true
}

// appendRune appends the encoding of r (codeTables must have run).
func (c *codec) appendRune(out []byte, r rune) ([]byte, bool) {
	switch {
	case r < 0x80:
		return append(out, byte(r)), true
	case c == gbCodec && r >= 0xE000 && r <= 0xE765:
		return append(out, gbPUA(r)...), true
	}
	if b, ok := c.enc2(r); ok {
		return append(out, b[0], b[1]), true
	}
	if c != gbCodec {
		return out, false
	}
	b, err := c.enc.NewEncoder().Bytes([]byte(string(r)))
	if err != nil {
		return out, false
	}
	return append(out, b...), true
}

// encodeXText is the reference encoder the tables are derived from.
func (c *codec) encodeXText(s string) ([]byte, bool) {
	if c == gbCodec {
		hasPUA := false
		for _, r := range s {
			if r >= 0xE000 && r <= 0xE765 {
				hasPUA = true
				break
			}
		}
		if hasPUA {
			var out []byte
			for _, r := range s {
				if r >= 0xE000 && r <= 0xE765 {
					out = append(out, gbPUA(r)...)
					continue
				}
				b, err := c.enc.NewEncoder().Bytes([]byte(string(r)))
				if err != nil {
					return nil, false
				}
				out = append(out, b...)
			}
			return out, true
		}
	}
	b, err := c.enc.NewEncoder().Bytes([]byte(s))
	return b, err == nil
}

// gbPUA returns the GB18030 user-defined-area bytes of a private-use
// character (decoders that map those bytes to U+E000–U+E765 leave them in
// mojibake).
func gbPUA(r rune) []byte {
	switch {
	case r < 0xE234:
		k := int(r - 0xE000)
		return []byte{byte(0xAA + k/94), byte(0xA1 + k%94)}
	case r < 0xE4C6:
		k := int(r - 0xE234)
		return []byte{byte(0xF8 + k/94), byte(0xA1 + k%94)}
	}
	k := int(r - 0xE4C6)
	t := 0x40 + k%96
	if t >= 0x7F {
		t++
	}
	return []byte{byte(0xA1 + k/96), byte(t)}
}

// decodeStrict decodes b, failing on any invalid sequence.
func (c *codec) decodeStrict(b []byte) (string, bool) {
	c.codeTables()
	out := make([]byte, 0, 3*len(b)/2+4)
	for i := 0; i < len(b); {
		x := b[i]
		if x < 0x80 {
			out = append(out, x)
			i++
			continue
		}
		if i+1 >= len(b) {
			return "", false
		}
		if r := c.dec2[int(x)<<8|int(b[i+1])]; r != 0 {
			out = utf8.AppendRune(out, r)
			i += 2
			continue
		}
		if c == gbCodec && i+3 < len(b) && b[i+1] >= 0x30 && b[i+1] <= 0x39 {
			s, ok := c.decodeXText(b[i : i+4])
			if !ok {
				return "", false
			}
			out = append(out, s...)
			i += 4
			continue
		}
		return "", false
	}
	return string(out), true
}

// decodeXText decodes b with x/text, failing on any invalid sequence.
func (c *codec) decodeXText(b []byte) (string, bool) {
	s, err := c.enc.NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(s) {
		return "", false
	}
	if strings.ContainsRune(string(s), utf8.RuneError) {
		return "", false
	}
	return string(s), true
}

var (
	convOnce sync.Once
	t2s, s2t *zhconv.Converter
)

func converters() (*zhconv.Converter, *zhconv.Converter) {
	convOnce.Do(func() {
		t2s, _ = zhconv.New("t2s")
		s2t, _ = zhconv.New("s2t")
	})
	return t2s, s2t
}

// suspicious reports whether rs[i] hints at mojibake: a rare character under
// the model, U+FFFD, a private-use character, a lone '?' touching CJK.
func suspicious(rs []rune, i int) bool {
	r := rs[i]
	switch {
	case r == 0xFFFD:
		return true
	case r == '?':
		return i > 0 && lexicon.IsCJK(rs[i-1]) || i+1 < len(rs) && lexicon.IsCJK(rs[i+1])
	case r >= 0xE000 && r <= 0xF8FF:
		return true
	case foreignSymbol(rs[i : i+1]):
		return true
	case r >= 0xFF01 && r <= 0xFF5E:
		return r != 0xFF0C && r != 0xFF1A && r != 0xFF1B && r != 0xFF01 && r != 0xFF1F && r != 0xFF08 && r != 0xFF09 && r != 0xFF05
	case r > 0x20 && r < 0x7F:
		return strayASCII(rs, i)
	case lexicon.IsIdeograph(r):
		return runeCost(r) >= 11.5
	}
	return false
}

// loneASCII: a stray ASCII character (strayASCII) that is reported even
// alone: not a capital letter, which Chinese text writes alone (X光, A股),
// and not a '?' (a hole, searched as such).
func loneASCII(r rune) bool { return r < 0x7F && r != '?' && (r < 'A' || r > 'Z') }

// foreignSymbol: rs holds a character a misreading through another
// legacy codec makes of Chinese punctuation and that Chinese text does not
// write: bopomofo (，read as ㄛ), kana, the small form variants (。 as ﹝),
// IPA letters.
func foreignSymbol(rs []rune) bool {
	for _, r := range rs {
		switch {
		case r >= 0x3100 && r <= 0x312F, r >= 0x3040 && r <= 0x30FF && r != 0x30FB,
			r >= 0xFE50 && r <= 0xFE6F, r >= 0x0250 && r <= 0x02AF:
			return true
		}
	}
	return false
}

// Repair looks for improbable spans in one line and replaces each by the
// most probable reading among the known corruptions. It returns the line,
// how many spans it replaced, and unrepaired with the spans no corruption
// explains appended (each with two characters of context on either side).
// line must be valid UTF-8.
func Repair(line string, unrepaired []string) (string, int, []string) {
	s, n, _, u := RepairGuessing(line, unrepaired)
	return s, n, u
}

// RepairGuessing is Repair that also returns how many bytes its repairs
// rebuilt without evidence of their own: the bytes of the holes that
// U+FFFD or '?' stand for, and the byte a lost-byte stream lost. Such a
// repair is the word model's guess, so each is also listed in unrepaired,
// as repaired, with two characters of context on either side.
func RepairGuessing(line string, unrepaired []string) (string, int, int, []string) {
	if !mayNeedRepair(line) {
		return line, 0, 0, unrepaired
	}
	guessed := 0
	rs := []rune(line)
	rs, pre, unrepaired := repairMisreadUTF8(rs, unrepaired, false, &guessed)
	rs, pre2, unrepaired := repairMisreadUTF8(rs, unrepaired, true, &guessed)
	pre += pre2
	for _, x := range crossReads {
		var k int
		rs, k, unrepaired = repairCrossRead(rs, unrepaired, x, &guessed)
		pre += k
	}
	if pre > 0 {
		line = string(rs)
	}
	var sus []int
	for i := range rs {
		if suspicious(rs, i) {
			sus = append(sus, i)
		}
	}
	if len(sus) < 2 && !(len(sus) == 1 && (rs[sus[0]] == 0xFFFD || loneASCII(rs[sus[0]]))) {
		return line, pre, guessed, unrepaired
	}
	type cluster struct{ lo, hi, n int }
	var cl []cluster
	for _, i := range sus {
		if len(cl) > 0 && i-cl[len(cl)-1].hi <= 4 {
			cl[len(cl)-1].hi = i
			cl[len(cl)-1].n++
			continue
		}
		cl = append(cl, cluster{i, i, 1})
	}
	repaired := 0
	for k := len(cl) - 1; k >= 0; k-- {
		x := cl[k]
		strong := false
		for i := x.lo; i <= x.hi; i++ {
			if rs[i] == 0xFFFD || rs[i] == '?' {
				strong = true
			}
		}
		if x.n < 2 && !strong || x.n < 3 && x.hi-x.lo > 3 && !strong {
			if x.n == 1 && strayASCII(rs, x.lo) && loneASCII(rs[x.lo]) {
				// a lone lowercase letter or symbol between Chinese
				// characters, which Chinese text does not write: the
				// trail byte of a character a lost byte cut (系y记录 for
				// 系统记录), too little to read back
				unrepaired = append(unrepaired, string(rs[max(0, x.lo-2):min(len(rs), x.lo+3)]))
			}
			continue
		}
		// the search is costly: only clusters that are improbable under
		// the word model, or that hold a lost-byte mark, are searched
		var lo, hi, g int
		var rep string
		ok := false
		if strong || improbability(rs, x.lo, x.hi) >= minImprobability {
			lo, hi, rep, g, ok = bestRepair(rs, x.lo, x.hi)
		}
		if ok {
			nrs := make([]rune, 0, len(rs))
			nrs = append(nrs, rs[:lo]...)
			nrs = append(nrs, []rune(rep)...)
			end := len(nrs)
			nrs = append(nrs, rs[hi:]...)
			if g > 0 {
				guessed += g
				unrepaired = append(unrepaired, string(nrs[max(0, lo-2):min(len(nrs), end+2)]))
			}
			rs = nrs
			repaired++
			continue
		}
		// a short cluster is reported when it holds a symbol Chinese text
		// does not write between its characters (a rare word of real text
		// is as improbable as mojibake under the character model)
		k, n := stringCost(string(rs[x.lo : x.hi+1]))
		if strong || x.n >= 4 && k/float64(n) >= 12 || x.n >= 2 && foreignSymbol(rs[x.lo:x.hi+1]) {
			a, b := max(0, x.lo-2), min(len(rs), x.hi+3)
			unrepaired = append(unrepaired, string(rs[a:b]))
		}
	}
	if repaired == 0 {
		return line, pre, guessed, unrepaired
	}
	return string(rs), pre + repaired, guessed, unrepaired
}

// mayNeedRepair is the first test of Repair without converting the
// line: two suspicious characters, or one U+FFFD. Every line of a document
// meets it, so it scans bytes: a non-ASCII character is suspicious on its
// own (a table lookup; U+FFFD is in the table), and only printable ASCII
// looks at its neighbours. line is valid UTF-8, as every line Repair
// handles.
func mayNeedRepair(line string) bool {
	suspOnce.Do(initSuspTable)
	n := 0
	prev, hasPrev := rune(0), false
	for i := 0; i < len(line); {
		b := line[i]
		var r rune
		size := 3
		switch {
		case b < 0x80:
			if b > 0x20 && b < 0x7F && asciiNeedsContext(b) {
				next, hasNext := rune(0), i+1 < len(line)
				if hasNext {
					next = decodeAt(line, i+1)
				}
				if suspiciousASCII(rune(b), prev, next, hasPrev, hasNext) {
					if n++; n >= 2 || loneASCII(rune(b)) {
						return true
					}
				}
			}
			prev, hasPrev = rune(b), true
			i++
			continue
		case b >= 0xE0 && b < 0xF0 && i+2 < len(line):
			r = rune(b&0x0F)<<12 | rune(line[i+1]&0x3F)<<6 | rune(line[i+2]&0x3F)
			if suspTable[r>>6]&(1<<(r&63)) != 0 {
				if r == 0xFFFD {
					return true
				}
				if n++; n >= 2 {
					return true
				}
			}
		default:
			r, size = utf8.DecodeRuneInString(line[i:])
			if r == 0xFFFD {
				return true
			}
			if suspiciousAlone(r) {
				if n++; n >= 2 {
					return true
				}
			}
		}
		prev, hasPrev = r, true
		i += size
	}
	return false
}

// decodeAt is the character at byte i of s.
func decodeAt(s string, i int) rune {
	if s[i] < 0x80 {
		return rune(s[i])
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// asciiNeedsContext: the printable ASCII bytes suspicious may flag ('?' and
// the stray letters and symbols of strayASCII).
func asciiNeedsContext(b byte) bool {
	return b == '?' || !(b >= '0' && b <= '9') && strings.IndexByte(",;:!()\"'.-/%", b) < 0
}

// suspiciousASCII is suspicious for printable ASCII r between prev and next
// (hasPrev, hasNext: whether they exist).
func suspiciousASCII(r, prev, next rune, hasPrev, hasNext bool) bool {
	if r == '?' {
		return hasPrev && lexicon.IsCJK(prev) || hasNext && lexicon.IsCJK(next)
	}
	return hasPrev && hasNext && lexicon.IsIdeograph(prev) && lexicon.IsIdeograph(next) && !lexicon.IsDigit(r) && !strings.ContainsRune(",;:?!()\"'.-/%", r)
}

// suspiciousAlone is suspicious for a non-ASCII character, which does not
// depend on its neighbours; the Basic Multilingual Plane is a bit table.
func suspiciousAlone(r rune) bool {
	if r < 0x10000 {
		suspOnce.Do(initSuspTable)
		return suspTable[r>>6]&(1<<(r&63)) != 0
	}
	return suspiciousAloneSlow(r)
}

func suspiciousAloneSlow(r rune) bool {
	rs := [1]rune{r}
	return r >= 0x80 && suspicious(rs[:], 0)
}

var (
	suspOnce  sync.Once
	suspTable [0x10000 / 64]uint64
)

func initSuspTable() {
	for r := rune(0x80); r < 0x10000; r++ {
		if suspiciousAloneSlow(r) {
			suspTable[r>>6] |= 1 << (r & 63)
		}
	}
}

// spanChar: characters a corrupted span may contain.
func spanChar(r rune) bool {
	return r > 0x20 && r != 0x3000 && r != '\n' && r != '\t'
}

// candGens keeps the buffers of candidate generators between searches.
var candGens = sync.Pool{New: func() any { return new(candGen) }}

// bestRepair tries spans around rs[lo..hi] and returns the best accepted one
// and how many of its bytes were guessed (a lost byte at either edge).
func bestRepair(rs []rune, lo, hi int) (int, int, string, int, bool) {
	const reach = 4
	bestGain := 0.0
	var bLo, bHi int
	var bRep cand
	minS := lo
	for minS > 0 && lo-minS < reach && spanChar(rs[minS-1]) {
		minS--
	}
	maxE := hi + 1
	for maxE < len(rs) && maxE-hi-1 < reach+1 && spanChar(rs[maxE]) {
		maxE++
	}
	g := candGens.Get().(*candGen)
	defer candGens.Put(g)
	g.forget()
	try := func(s, e int) {
		span := string(rs[s:e])
		oc, on := stringCost(span)
		for i := s; i < e; i++ {
			if strayASCII(rs, i) {
				oc += 6
			}
		}
		// candidates are only those with two characters or more, plausible
		// and with no more ASCII than the span
		for i, cd := range g.winners(span, oc, on) {
			gain, ok := acceptedGain(oc, on, g.costs[i].rc, g.costs[i].rn, cd.guesses)
			if ok && gain > bestGain+1e-9 {
				bestGain, bLo, bHi, bRep = gain, s, e, cd
			}
		}
	}
	// coordinate search: the end with the cluster's start, then the start
	for e := hi + 1; e <= maxE; e++ {
		try(lo, e)
	}
	if bestGain == 0 {
		return 0, 0, "", 0, false
	}
	e := bHi
	for s := minS; s < lo; s++ {
		try(s, e)
	}
	if bestGain == 0 {
		return 0, 0, "", 0, false
	}
	rep := bRep.s
	lost := bRep.guesses
	if bRep.head {
		lost++
	}
	if bRep.tail {
		lost++
	}
	if bRep.cd != nil {
		left, right := rs[max(0, bLo-lmContext):bLo], rs[bHi:min(len(rs), bHi+lmContext)]
		bRep = guessEdges(bRep, left, right)
		rep = refineDrops(bRep.cd, bRep, left, right)
	}
	return bLo, bHi, rep, lost, true
}

// acceptedGain is the gain of a reading of cost rc (before 5 nats for
// each of its guesses guessed characters) and rn characters over a span of
// cost oc and on characters, and whether the gain is acceptable: the
// reading cheap enough per character and the gain large enough. It does not
// depend on the other readings, so candGen.winners drops the readings it
// turns down before they become strings.
func acceptedGain(oc float64, on int, rc float64, rn, guesses int) (float64, bool) {
	rc += 5 * float64(guesses)
	oavg, ravg := oc/float64(on), rc/float64(rn)
	if ravg > 9.8 || ravg > oavg-2.0 {
		return 0, false
	}
	// gain: how much cheaper the repaired span is, each character it has
	// fewer counted at a typical 8 nats.
	gain := oc - rc - 8*float64(on-rn)
	return gain, gain >= 10+1.5*float64(on)
}

// plausible: the repaired text is made of Chinese text characters.
func plausible(s string) bool {
	for _, r := range s {
		if r == 0xFFFD || r < 0x20 || r >= 0x7F && r < 0xA0 || r >= 0xE000 && r <= 0xF8FF {
			return false
		}
		if !(r < 0x80 || lexicon.IsCJK(r) || r >= 0xFF01 && r <= 0xFF5E) {
			return false
		}
	}
	return true
}

// candidates returns the readings of span under every known corruption.
type cand struct {
	s           string
	guesses     int    // characters completed from a guessed byte at the end
	cd          *codec // the codec of an out-of-step reading
	head, tail  bool   // its first / last character was guessed
	trail, lead byte   // from these bytes
}

// guessEdges replaces the characters of an out-of-step reading that were
// guessed from one byte (cheaply, by character frequency, during the search)
// by the most probable ones between their neighbours.
func guessEdges(c cand, left, right []rune) cand {
	rs := []rune(c.s)
	if c.tail {
		l := append(left[max(0, len(left)-lmContext):len(left):len(left)], rs[:len(rs)-1]...)
		if t := c.cd.guessTail(c.lead, l, right); t != 0 {
			rs[len(rs)-1] = t
		}
	}
	if c.head {
		r := append(rs[1:len(rs):len(rs)], right...)
		if h := c.cd.guessHead(c.trail, left, r); h != 0 {
			rs[0] = h
		}
	}
	c.s = string(rs)
	return c
}

// Dropped characters. Some decoders drop what they cannot map, and some
// pipelines strip private-use characters afterwards: a mojibake character
// lost that way takes two bytes of the out-of-step stream with it, the trail
// byte of one original character and the lead byte of the next. Realigned,
// the two characters around the gap read as one wrong character (p,q)
// instead of (p,X)(Y,q). refineDrops looks for such characters and restores
// the pair when the bigram model finds it far more probable than the reading
// without it and than every other pair.

// dropped reports whether a decoder could have dropped the two-byte sequence
// x y: it decodes to a private-use character or to nothing.
func (c *codec) dropped(x, y byte) bool {
	if x < c.leadLo || x > c.leadHi || !c.trail(y) {
		return false
	}
	r := c.dec2[int(x)<<8|int(y)]
	return r == 0 || r >= 0xE000 && r <= 0xF8FF
}

const (
	dropGain   = 6.0 // nats the restored pair must gain over the character it replaces
	dropMargin = 0.5 // nats it must lead every other pair by
)

func refineDrops(cd *codec, c cand, left, right []rune) string {
	rs := []rune(c.s)
	lo, hi := 0, len(rs)
	if c.head {
		lo++
	}
	if c.tail {
		hi--
	}
	cd.tables()
	ctx := func(j int) ([]rune, []rune) {
		l := append(left[max(0, len(left)-lmContext):len(left):len(left)], rs[:j]...)
		r := append(rs[j+1:len(rs):len(rs)], right...)
		return l, r
	}
	// per position: whether it was scored, and the split it offers
	type split struct {
		done, ok bool
		gain     float64
		pair     [2]rune
	}
	sp := make([]split, len(rs))
	drops := map[[2]byte]*dropSet{} // a character scored again keeps its sets
	for iter := 0; iter < 8 && lo < hi; iter++ {
		bestJ, best := -1, dropGain
		for j := lo; j < hi; j++ {
			if !sp[j].done {
				sp[j].done = true
				r := rs[j]
				pq, ok := cd.enc2(r)
				if !lexicon.IsIdeograph(r) || !ok {
					continue
				}
				l, n := ctx(j)
				base := lmIn(l, rs[j:j+1], n)
				// a character cheap in its place cannot hide two
				if base-lmIn(l, nil, n) < dropGain+4 {
					continue
				}
				ds := drops[pq]
				if ds == nil {
					ds = newDropSet(cd, pq)
					drops[pq] = ds
				}
				top, second, pair := bestDropPair(cd, ds, l, n)
				sp[j].ok, sp[j].gain, sp[j].pair = second-top >= dropMargin, base-top, pair
			}
			if sp[j].ok && sp[j].gain >= best {
				best, bestJ = sp[j].gain, j
			}
		}
		if bestJ < 0 {
			break
		}
		p := sp[bestJ].pair
		rs = append(rs[:bestJ], append([]rune{p[0], p[1]}, rs[bestJ+1:]...)...)
		hi++
		// the restored pair stays; its neighbours are scored again
		sp = append(sp[:bestJ], append([]split{{done: true}, {done: true}}, sp[bestJ+1:]...)...)
		for j := max(0, bestJ-lmContext); j < min(len(sp), bestJ+2+lmContext); j++ {
			if j != bestJ && j != bestJ+1 {
				sp[j] = split{}
			}
		}
	}
	return string(rs)
}

// dropSet holds what bestDropPair needs of a character pq apart from its
// context, so that refineDrops finds it once per character: firsts, the
// characters of lead pq[0] whose trail byte a decoder could drop with the
// lead byte of a character of trail pq[1]; seconds, those of trail pq[1]
// whose lead byte goes with the trail byte of one of firsts; and words,
// the pairs of them that the model knows as words, in the order tried.
type dropSet struct {
	firsts, seconds []rune
	words           [][2]rune
}

func newDropSet(cd *codec, pq [2]byte) *dropSet {
	ds := &dropSet{}
	var firstTrails byteSet
	for _, c1 := range cd.withLead[pq[0]] {
		x := cd.enc2first(c1)[1]
		if cd.dropNext[x].meets(&cd.tailLeads[pq[1]]) {
			ds.firsts = append(ds.firsts, c1)
			firstTrails.add(x)
		}
	}
	leads := make([]byte, 0, len(cd.withTail[pq[1]]))
	for _, c2 := range cd.withTail[pq[1]] {
		if x := cd.enc2first(c2)[0]; cd.dropPrev[x].meets(&firstTrails) {
			ds.seconds = append(ds.seconds, c2)
			leads = append(leads, x)
		}
	}
	// the hash of c1 is shared by its pairs
	for _, c1 := range ds.firsts {
		next := &cd.dropNext[cd.enc2first(c1)[1]]
		h1 := lmHashRune(lmHashStart, c1)
		for i, c2 := range ds.seconds {
			if !next.has(leads[i]) {
				continue
			}
			if _, ok := lmLookup(lmHashEnd(lmHashRune(h1, c2))); ok {
				ds.words = append(ds.words, [2]rune{c1, c2})
			}
		}
	}
	return ds
}

// bestDropPair returns the most probable pair (p,X)(Y,q) between l and n
// whose middle bytes X Y a decoder could have dropped, its cost and the cost
// of the runner-up. Full readings are scored for the pairs that make a word
// and for the pairs of the characters most probable on each side.
func bestDropPair(cd *codec, ds *dropSet, l, n []rune) (top, second float64, pair [2]rune) {
	const k1, k2 = 8, 12
	type sc struct {
		r rune
		k float64
	}
	pick := func(rs []rune, cost func(r rune) float64, k int) []sc {
		var out []sc
		for _, r := range rs {
			c := sc{r, cost(r)}
			if len(out) < k {
				out = append(out, c)
			} else if c.k < out[k-1].k {
				out[k-1] = c
			} else {
				continue
			}
			for i := len(out) - 1; i > 0 && out[i].k < out[i-1].k; i-- {
				out[i], out[i-1] = out[i-1], out[i]
			}
		}
		return out
	}
	firsts, seconds := ds.firsts, ds.seconds
	top, second = math.Inf(1), math.Inf(1)
	// the trial windows change in one or two characters from call to
	// call: lmWindow asks the model only for the words over those
	var wl, wn, wp lmWindow
	wl.reset(l, []rune{0}, nil)
	wn.reset(nil, []rune{0}, n)
	wp.reset(l, []rune{0, 0}, n)
	at := min(len(l), lmContext)
	try := func(c1, c2 rune) {
		p := [2]rune{c1, c2}
		if !cd.dropNext[cd.enc2first(c1)[1]].has(cd.enc2first(c2)[0]) {
			return
		}
		wp.set(at, c1)
		wp.set(at+1, c2)
		k := wp.cost()
		if k < top {
			top, second, pair = k, top, p
		} else if k < second {
			second = k
		}
	}
	f := pick(firsts, func(r rune) float64 { wl.set(at, r); return wl.cost() }, k1)
	g := pick(seconds, func(r rune) float64 { wn.set(0, r); return wn.cost() }, k2)
	for _, a := range f {
		for _, b := range g {
			try(a.r, b.r)
		}
	}
	// a word already tried above is not tried again: the characters of
	// firsts and of seconds are distinct, so the pairs above are too, and
	// a word was among them when both its characters were picked
	in := func(r rune, s []sc) bool {
		for _, x := range s {
			if x.r == r {
				return true
			}
		}
		return false
	}
	for _, p := range ds.words {
		if !in(p[0], f) || !in(p[1], g) {
			try(p[0], p[1])
		}
	}
	return top, second, pair
}

func asciiCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < 0x80 {
			n++
		}
	}
	return n
}

// strayASCII: a lone ASCII letter or symbol between two Han characters, as
// left by a trail byte read as ASCII.
func strayASCII(rs []rune, i int) bool {
	r := rs[i]
	if r <= 0x20 || r >= 0x7F || lexicon.IsDigit(r) || strings.ContainsRune(",;:?!()\"'.-/%", r) {
		return false
	}
	return i > 0 && i+1 < len(rs) && lexicon.IsIdeograph(rs[i-1]) && lexicon.IsIdeograph(rs[i+1])
}

// minImprobability is the mean cost (nats per character) a cluster needs
// before the search runs. On the reference texts clean clusters of rare
// characters (names, terms) score 5–14, three quarters of them under 8;
// every repaired generated damage scored at least 9.4.
const minImprobability = 8.0

// improbability is the mean cost per character of the cluster rs[lo..hi]
// with one character on each side, under the word model.
func improbability(rs []rune, lo, hi int) float64 {
	a, b := max(0, lo-1), min(len(rs), hi+2)
	return lmCost(rs[a:b]) / float64(b-a)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
