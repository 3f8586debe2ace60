package mojibake

import (
	"math/bits"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// candGen lists the readings of a span under every known corruption (an
// encoding read one byte out of step, UTF-8 read in a two-byte encoding,
// each after undoing width folding and in both scripts), keeping only those
// bestRepair can accept: two characters or more, plausible Chinese text, no
// more ASCII than the span. The trial encodings and decodings run in its
// buffers; only accepted readings become strings.
type candGen struct {
	out    []cand
	costs  []candCost // stringCost of each of out, summed while decoding
	vrs    []rune     // the variant being unfolded
	urs    []rune     // one unfolding of it
	pos    []int      // ASCII positions of vrs
	enc    []byte
	pieces [2]encPieces // per codec (codecs)
	trial  []byte
	limit  int       // asciiCount of the span
	span   *spanCost // winners: the span's cost, which readings must beat
	// per slot (see gen), codec and unfolding k: the last out-of-step
	// decoding, which later unfoldings of the variant and the same
	// unfolding of the next, longer span resume (see outOfStep)
	ud      [udSlots][2][16]unfoldDec
	scratch unfoldDec // for decodeAcceptable
}

// unfoldDec is the out-of-step decoding of one unfolding: ok when it ran,
// enc the encoding it read, out its text and ck the state at the start of
// every step, in order.
type unfoldDec struct {
	ok  bool
	enc []byte
	out []byte
	ck  []decState
}

// udSlots: variants are kept by their place in gen, the span's own and its
// two conversions, for the span and for it less a first '?'.
const udSlots = 6

// forget drops the decodings kept from earlier spans; bestRepair starts
// each search without them (they would be valid, being checked byte for
// byte, but a search should not get faster for having run before).
func (g *candGen) forget() {
	for i := range g.ud {
		for j := range g.ud[i] {
			for k := range g.ud[i][j] {
				g.ud[i][j][k].ok = false
			}
		}
	}
}

// decState is the decoder's state before byte at of the body: the length
// of out and what decodeAcceptable has summed so far.
type decState struct {
	at, outLen, n, ascii int
	cost, costH          float64
}

// candCost is stringCost of a candidate: the sum of its characters' costs,
// in order from zero, and their number.
type candCost struct {
	rc float64
	rn int
}

// candidates returns the accepted readings of span, in the order of the
// original search (candidatesRef); the slice is reused by the next call.
func (g *candGen) candidates(span string) []cand {
	g.out, g.costs = g.out[:0], g.costs[:0]
	g.limit = asciiCount(span)
	g.span = nil
	g.gen(span)
	return g.out
}

// winners is candidates without the readings bestRepair would turn down
// whatever the other candidates (see acceptedGain): those are neither made
// into strings nor listed. The order of the others is kept.
func (g *candGen) winners(span string, oc float64, on int) []cand {
	g.out, g.costs = g.out[:0], g.costs[:0]
	g.limit = asciiCount(span)
	g.span = &spanCost{oc, on}
	g.gen(span)
	g.span = nil
	return g.out
}

// spanCost is stringCost of a span with the stray-ASCII penalty
// (bestRepair's oc and on).
type spanCost struct {
	oc float64
	on int
}

// mayWin: whether a reading of cost rc, rn characters and guesses guessed
// ones passes acceptedGain for the span of winners (always for candidates).
func (g *candGen) mayWin(rc float64, rn, guesses int) bool {
	if g.span == nil {
		return true
	}
	_, ok := acceptedGain(g.span.oc, g.span.on, rc, rn, guesses)
	return ok
}

func (g *candGen) gen(span string) {
	g.genFrom(span, 1)
}

// genFrom is gen with the slots of span's variants: slot, slot+1, slot+2
// (the span less its first character takes the slots before).
func (g *candGen) genFrom(span string, slot int) {
	// a '?' or U+FFFD that opens the span marks the lost byte itself
	if r := firstRune(span); (r == '?' || r == 0xFFFD) && runeLen(span) > 2 {
		g.genFrom(span[utf8.RuneLen(r):], max(0, slot-1))
	}
	slot = 3 * slot
	g.variant(span, slot)
	if ts, st := converters(); ts != nil && st != nil {
		if v, err := ts.Convert(span); err == nil && v != span {
			g.variant(v, slot+1)
		}
		if v, err := st.Convert(span); err == nil && v != span {
			g.variant(v, slot+2)
		}
	}
}

// variant tries every unfolding of v (see unfoldings) with every codec.
// The unfoldings differ only at the ASCII positions, so each codec encodes
// v once, and each position's full-width form once; an unfolding's
// encoding is put together from those pieces.
func (g *candGen) variant(v string, slot int) {
	g.vrs = g.vrs[:0]
	g.pos = g.pos[:0]
	for _, r := range v {
		if r > 0x20 && r < 0x7F {
			g.pos = append(g.pos, len(g.vrs))
		}
		g.vrs = append(g.vrs, r)
	}
	nm := 1
	if n := len(g.pos); n > 0 && n <= 4 {
		nm = 1 << n
	} else if n > 4 {
		nm = 2
	}
	for i, cd := range codecs {
		g.pieces[i].encode(cd, g.vrs, g.pos)
	}
	for k := 0; k < nm; k++ {
		m := k
		if len(g.pos) > 4 && k == 1 {
			m = 1<<len(g.pos) - 1
		}
		// an earlier unfolding (parent) that agrees with this one up to
		// the position of the highest bit of k: their encodings agree up
		// to it, and so do their out-of-step decodings, which this one
		// resumes
		parent := -1
		if k > 0 {
			parent = 0
			if len(g.pos) <= 4 {
				parent = k &^ (1 << (bits.Len(uint(k)) - 1))
			}
		}
		g.urs = append(g.urs[:0], g.vrs...)
		for j, p := range g.pos {
			if m&(1<<j) != 0 {
				g.urs[p] = g.vrs[p] - 0x21 + 0xFF01
			}
		}
		for i, cd := range codecs {
			n := g.pieces[i].assemble(&g.enc, m)
			u := &g.ud[slot][i][k]
			if n == len(g.urs) {
				var par *unfoldDec
				if parent >= 0 {
					par = &g.ud[slot][i][parent]
				}
				g.outOfStep(cd, g.enc, u, par)
			} else {
				u.ok = false
			}
			g.utf8Misread(cd, g.urs, &g.pieces[i], m, n)
		}
	}
}

// encPieces holds the encoding of a variant in one codec: base is the
// encoding of its runes up to the first that has none (n of them), off[i]
// the start of rune i in base, and wide[j] the encoding of the full-width
// form of the j-th ASCII position (wideOK[j]: whether it has one).
type encPieces struct {
	base   []byte
	off    []int
	n      int
	pos    []int
	wide   [][4]byte
	wideN  []int
	wideOK []bool
}

func (e *encPieces) encode(cd *codec, rs []rune, pos []int) {
	cd.codeTables()
	e.base, e.off, e.n, e.pos = e.base[:0], e.off[:0], 0, pos
	for _, r := range rs {
		e.off = append(e.off, len(e.base))
		var ok bool
		if e.base, ok = cd.appendRune(e.base, r); !ok {
			break
		}
		e.n++
	}
	e.off = append(e.off[:e.n], len(e.base))
	e.wide, e.wideN, e.wideOK = e.wide[:0], e.wideN[:0], e.wideOK[:0]
	for _, p := range pos {
		var w [4]byte
		b, ok := cd.appendRune(w[:0], rs[p]-0x21+0xFF01)
		if len(b) > 4 {
			ok = false // not in the pieces' size; never for these forms
		}
		copy(w[:], b)
		e.wide, e.wideN, e.wideOK = append(e.wide, w), append(e.wideN, len(b)), append(e.wideOK, ok)
	}
}

// assemble writes to *out the encoding of the unfolding m as far as it
// goes and returns how many runes it covers (all when it has one).
func (e *encPieces) assemble(out *[]byte, m int) int {
	b := (*out)[:0]
	n := e.n
	from := 0 // next rune of base to copy
	for j, p := range e.pos {
		if m&(1<<j) == 0 {
			continue
		}
		if p >= n {
			break
		}
		if !e.wideOK[j] {
			n = p
			break
		}
		b = append(b, e.base[e.off[from]:e.off[p]]...)
		b = append(b, e.wide[j][:e.wideN[j]]...)
		from = p + 1
	}
	if from < n {
		b = append(b, e.base[e.off[from]:e.off[n]]...)
	}
	*out = b
	return n
}

// prefixLen is the length of the encoding of the first k runes of the
// unfolding m (k at most what assemble covers).
func (e *encPieces) prefixLen(m, k int) int {
	l := e.off[k]
	for j, p := range e.pos {
		if p < k && m&(1<<j) != 0 {
			l += e.wideN[j] - 1
		}
	}
	return l
}

// appendEncodeRunes is appendEncode over runes.
func (c *codec) appendEncodeRunes(out []byte, rs []rune) ([]byte, bool) {
	c.codeTables()
	for _, r := range rs {
		var ok bool
		if out, ok = c.appendRune(out, r); !ok {
			return out, false
		}
	}
	return out, true
}

// acceptable reports whether the UTF-8 text b passes the filters of
// bestRepair that do not depend on the characters guessed at its edges
// (those are CJK): plausible and not more ASCII than the span. It returns
// its length in characters and stringCost of it.
func (g *candGen) acceptable(b []byte) (int, float64, bool) {
	n, ascii := 0, 0
	cost := 0.0
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRune(b[i:])
		} else {
			ascii++
		}
		if r == 0xFFFD || r < 0x20 || r >= 0x7F && r < 0xA0 || r >= 0xE000 && r <= 0xF8FF {
			return 0, 0, false
		}
		if !(r < 0x80 || lexicon.IsCJK(r) || r >= 0xFF01 && r <= 0xFF5E) {
			return 0, 0, false
		}
		cost += runeCost(r)
		n++
		i += size
	}
	return n, cost, ascii <= g.limit
}

// outOfStep is outOfStep of the reference search on b, the encoding of the
// unfolding: decode from
// the second byte, guess the characters of the orphan bytes at the edges
// (cheaply here; guessEdges chooses them in context).
//
// u receives the decoding. It resumes the decoding it holds (of the same
// unfolding of the last span, one character shorter in the search) or that
// of par (nil or an earlier unfolding of the variant), whichever goes further
// on bytes that b shares.
func (g *candGen) outOfStep(cd *codec, b []byte, u, par *unfoldDec) {
	if len(b) < 3 {
		u.ok = false
		return
	}
	cd.tables()
	body := b[1:]
	var tail rune
	var lead byte
	// decoding walks body as trailingLead does, so it finds a lead byte
	// left at the end itself; a failure before it fails the shorter body
	// as well (same bytes).
	h := cd.cheapHead[b[0]]
	hc := 0.0
	if h != 0 {
		hc = runeCost(h)
	}
	st := decState{costH: hc}
	ku, kp := g.resumePoint(u, b), g.resumePoint(par, b)
	switch {
	case ku > 0 && ku >= kp:
		st = u.ck[ku]
		u.out, u.ck = u.out[:st.outLen], u.ck[:ku]
	case kp > 0:
		st = par.ck[kp]
		u.out = append(u.out[:0], par.out[:st.outLen]...)
		u.ck = append(u.ck[:0], par.ck[:kp]...)
	default:
		u.out, u.ck = u.out[:0], u.ck[:0]
	}
	u.enc = append(u.enc[:0], b...)
	n, ok, trailing, cost, costH := g.decodeFrom(cd, u, body, st)
	u.ok = true
	d := u.out
	if !ok {
		return
	}
	if trailing {
		lead = body[len(body)-1]
		if tail = cd.cheapTail[lead]; tail == 0 {
			return
		}
	}
	c := cand{cd: cd, lead: lead, trail: b[0]}
	if tail != 0 {
		d = utf8.AppendRune(d, tail)
		c.guesses, c.tail = 1, true
		n++
		cost += runeCost(tail)
		costH += runeCost(tail)
	}
	if n >= 2 && g.mayWin(cost, n, c.guesses) {
		c.s = string(d)
		g.out = append(g.out, c)
		g.costs = append(g.costs, candCost{cost, n})
	}
	if h != 0 && n+1 >= 2 && g.mayWin(costH, n+1, c.guesses) {
		c.s, c.head = string(h)+string(d), true
		g.out = append(g.out, c)
		g.costs = append(g.costs, candCost{costH, n + 1})
	}
}

// resumePoint returns the index of the last state of the decoding d (nil or
// not ok: none) that a decoding of the encoding b can start from, 0 when
// none: the state depends only on bytes b shares with d.enc (the first byte
// among them, which sets the cost of the head guess), and the ASCII it
// counted passes the current limit (d may have run under another).
func (g *candGen) resumePoint(d *unfoldDec, b []byte) int {
	if d == nil || !d.ok {
		return 0
	}
	same := 0
	for same < len(b) && same < len(d.enc) && b[same] == d.enc[same] {
		same++
	}
	// body byte i is b[i+1]: a state at i read body bytes before i only
	k := len(d.ck) - 1
	for k > 0 && (d.ck[k].at > same-1 || d.ck[k].ascii > g.limit) {
		k--
	}
	return k
}

// plausibleRune is plausible for one character.
func plausibleRune(r rune) bool {
	if r == 0xFFFD || r < 0x20 || r >= 0x7F && r < 0xA0 || r >= 0xE000 && r <= 0xF8FF {
		return false
	}
	return r < 0x80 || lexicon.IsCJK(r) || r >= 0xFF01 && r <= 0xFF5E
}

// decodeAcceptable is appendDecodeStrict followed by acceptable, stopping
// at the first character that fails either. A lead byte alone at the end
// is not a failure: it returns what came before it and trailing true
// (trailingLead of b). It sums the costs of the characters as stringCost
// would, from zero (cost) and from headCost (costH, for the reading with a
// guessed first character).
func (g *candGen) decodeAcceptable(c *codec, out, b []byte, headCost float64) (_ []byte, n int, ok, trailing bool, cost, costH float64) {
	u := &g.scratch
	u.out, u.ck = out, u.ck[:0]
	n, ok, trailing, cost, costH = g.decodeFrom(c, u, b, decState{costH: headCost})
	return u.out, n, ok, trailing, cost, costH
}

// decodeFrom is decodeAcceptable from the state st (the state before b[st.at],
// u.out holding the text before it), appending to u.out and recording the
// state before every step in u.ck.
func (g *candGen) decodeFrom(c *codec, u *unfoldDec, b []byte, st decState) (n int, ok, trailing bool, cost, costH float64) {
	out := u.out
	ascii := st.ascii
	n, cost, costH = st.n, st.cost, st.costH
	for i := st.at; i < len(b); {
		u.ck = append(u.ck, decState{i, len(out), n, ascii, cost, costH})
		x := b[i]
		if x < 0x80 {
			if x < 0x20 || x == 0x7F {
				u.out = out
				return 0, false, false, 0, 0
			}
			if ascii++; ascii > g.limit {
				u.out = out
				return 0, false, false, 0, 0
			}
			out = append(out, x)
			k := runeCost(rune(x))
			cost, costH = cost+k, costH+k
			n++
			i++
			continue
		}
		if i+1 >= len(b) {
			u.out = out
			return n, true, true, cost, costH
		}
		if r := c.dec2[int(x)<<8|int(b[i+1])]; r != 0 {
			if !plausibleRune(r) {
				u.out = out
				return 0, false, false, 0, 0
			}
			out = utf8.AppendRune(out, r)
			k := runeCost(r)
			cost, costH = cost+k, costH+k
			n++
			i += 2
			continue
		}
		if c == gbCodec && i+3 < len(b) && b[i+1] >= 0x30 && b[i+1] <= 0x39 {
			s, ok := c.decodeXText(b[i : i+4])
			if !ok {
				u.out = out
				return 0, false, false, 0, 0
			}
			for _, r := range s {
				if !plausibleRune(r) {
					u.out = out
					return 0, false, false, 0, 0
				}
				if r < 0x80 {
					if ascii++; ascii > g.limit {
						u.out = out
						return 0, false, false, 0, 0
					}
				}
				k := runeCost(r)
				cost, costH = cost+k, costH+k
				n++
			}
			out = append(out, s...)
			i += 4
			continue
		}
		u.out = out
		return 0, false, false, 0, 0
	}
	u.out = out
	return n, true, false, cost, costH
}

// appendDecodeStrict appends the decoding of b to out, failing on any
// invalid sequence.
func (c *codec) appendDecodeStrict(out, b []byte) ([]byte, bool) {
	c.codeTables()
	for i := 0; i < len(b); {
		x := b[i]
		if x < 0x80 {
			out = append(out, x)
			i++
			continue
		}
		if i+1 >= len(b) {
			return out, false
		}
		if r := c.dec2[int(x)<<8|int(b[i+1])]; r != 0 {
			out = utf8.AppendRune(out, r)
			i += 2
			continue
		}
		if c == gbCodec && i+3 < len(b) && b[i+1] >= 0x30 && b[i+1] <= 0x39 {
			s, ok := c.decodeXText(b[i : i+4])
			if !ok {
				return out, false
			}
			out = append(out, s...)
			i += 4
			continue
		}
		return out, false
	}
	return out, true
}

// utf8Misread is utf8Misread of the reference search: re-encode, read as
// UTF-8; a trailing U+FFFD or '?' stands for one lost byte. rs is the
// unfolding m, whose first encoded runes e and g.enc cover.
func (g *candGen) utf8Misread(cd *codec, rs []rune, e *encPieces, m, encoded int) {
	lost := 0
	for len(rs) > 0 && (rs[len(rs)-1] == 0xFFFD || rs[len(rs)-1] == '?') {
		// TrimSuffix of U+FFFD then of '?' per round: "?\uFFFD" loses
		// both in one round
		if rs[len(rs)-1] == '?' {
			rs = rs[:len(rs)-1]
		} else {
			rs = rs[:len(rs)-1]
			if len(rs) > 0 && rs[len(rs)-1] == '?' {
				rs = rs[:len(rs)-1]
			}
		}
		lost++
	}
	if lost > 1 || len(rs) == 0 || len(rs) > encoded {
		return
	}
	// the encoding of rs is the start of the unfolding's, in g.enc
	b := g.enc[:e.prefixLen(m, len(rs))]
	i := 0
	for i < len(b) && i < 3 && b[i]&0xC0 == 0x80 {
		i++
	}
	b = b[i:]
	if lost == 1 {
		// the most probable completion of the last character; the cost of
		// the text before that character is the same for every byte
		j := len(b)
		for j > 0 && b[j-1]&0xC0 == 0x80 {
			j--
		}
		if j > 0 {
			j--
		}
		if !utf8.Valid(b[:j]) {
			return
		}
		pre, _ := stringCostBytes(0, b[:j])
		var best byte
		found, bc := false, 1e9
		for x := 0x80; x <= 0xBF; x++ {
			t := append(append(g.trial[:0], b[j:]...), byte(x))
			g.trial = t
			if !utf8.Valid(t) {
				continue
			}
			if k, _ := stringCostBytes(pre, t); k < bc {
				best, bc, found = byte(x), k, true
			}
		}
		if !found {
			return
		}
		g.emit(append(append(g.trial[:0], b...), best))
		return
	}
	for j := len(b) - 1; j >= 0 && j >= len(b)-3; j-- {
		if b[j]&0xC0 != 0x80 {
			if b[j] >= 0xC0 && !utf8.FullRune(b[j:]) {
				b = b[:j]
			}
			break
		}
	}
	if len(b) == 0 || !utf8.Valid(b) {
		return
	}
	g.emit(b)
}

// emit adds the reading b (UTF-8) when it passes the filters.
func (g *candGen) emit(b []byte) {
	if n, cost, ok := g.acceptable(b); ok && n >= 2 && g.mayWin(cost, n, 0) {
		g.out = append(g.out, cand{s: string(b)})
		g.costs = append(g.costs, candCost{cost, n})
	}
}

// stringCostBytes adds the cost of the characters of b to cost, in order
// (the same sum as stringCost of the whole text).
func stringCostBytes(cost float64, b []byte) (float64, int) {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		cost += runeCost(r)
		n++
		b = b[size:]
	}
	return cost, n
}
