package mojibake

import (
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// UTF-8 read as GBK/GB18030 (code page 936). Every two bytes of the UTF-8
// stream became one GBK character, and a pair GBK cannot decode became one
// U+FFFD or '?' (a hole: two bytes inside a run, the one or two that finish
// the last character at its end). Re-encoding the run in GBK gives back the
// UTF-8 bytes but the holes; UTF-8's own structure (a lead byte E2–EF, then
// two continuation bytes 80–BF) fixes how long each hole is and narrows
// what it held, and the word model chooses among the characters that fit.
// Width folding or a script conversion after the misreading changed some
// characters of the run: each is also tried in its full-width, Simplified
// and Traditional form. The search is bounded per run (maxRunRunes
// characters, maxParseSteps steps), so a line costs time linear in its
// length.

const (
	maxRunRunes   = 64  // characters of mojibake one parse reads
	maxParseSteps = 400 // parse steps from one start
	beamWidth     = 16
	holeCands     = 24 // characters kept for a slot with unknown bytes
)

// byteSpec is one byte of the UTF-8 stream: known, or a hole's (unknown).
type byteSpec struct {
	b     byte
	known bool
	hole  uint8 // holeFirst, holeSecond: a byte of a two-byte hole
}

const (
	holeFirst = 1 + iota
	holeSecond
	holeCP1252 // a byte Windows-1252 leaves undefined
)

// cp1252Byte maps the characters Windows-1252 decodes bytes 80–FF to back
// to those bytes (ISO-8859-1's for the five it leaves undefined, which a
// lenient decoder passes through as C1 controls).
var (
	cp1252Once sync.Once
	cp1252Byte map[rune]byte
)

func initCP1252() {
	cp1252Byte = map[rune]byte{}
	dec := charmap.Windows1252.NewDecoder()
	for b := 0x80; b <= 0xFF; b++ {
		out, _ := dec.Bytes([]byte{byte(b)})
		if r := []rune(string(out)); len(r) == 1 && r[0] != 0xFFFD {
			cp1252Byte[r[0]] = byte(b)
		}
		if _, ok := cp1252Byte[rune(b)]; !ok {
			cp1252Byte[rune(b)] = byte(b)
		}
	}
}

// cp1252Undefined are the bytes Windows-1252 does not decode.
func cp1252Undefined(b byte) bool {
	return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D
}

// The pairs GBK cannot decode: a two-byte hole held one of them, which
// narrows the bytes it may have held far below UTF-8's own ranges.
var (
	gbkBadOnce sync.Once
	gbkBad     [128][128]bool // [x-0x80][y-0x80]: the pair x y decodes to one U+FFFD
	// badBeforeLead[x]: x then some UTF-8 lead byte is such a pair;
	// badAfterCont[y]: some continuation byte then y is one
	badBeforeLead, badAfterCont [128]bool
)

func initGBKBad() {
	dec := simplifiedchinese.GBK.NewDecoder()
	for x := 0x80; x <= 0xFF; x++ {
		for y := 0x80; y <= 0xFF; y++ {
			out, _ := dec.Bytes([]byte{byte(x), byte(y)})
			if string(out) == "\uFFFD" {
				gbkBad[x-0x80][y-0x80] = true
				if isLeadUTF8(byte(y)) {
					badBeforeLead[x-0x80] = true
				}
				if isContUTF8(byte(x)) {
					badAfterCont[y-0x80] = true
				}
			}
		}
	}
}

// holeAllows reports whether the bytes c of a slot agree with its holes.
func holeAllows(s [3]byteSpec, c [3]byte) bool {
	for j := 0; j < 3; j++ {
		switch s[j].hole {
		case holeFirst:
			if j < 2 {
				if !gbkBad[c[j]-0x80][c[j+1]-0x80] {
					return false
				}
			} else if !badBeforeLead[c[j]-0x80] {
				return false
			}
		case holeSecond:
			if j == 0 && !badAfterCont[c[j]-0x80] {
				return false
			}
		case holeCP1252:
			if !cp1252Undefined(c[j]) {
				return false
			}
		}
	}
	return true
}

// variants are the GBK byte sequences rune r may stand for.
func gbkVariants(r rune) [][]byte {
	if r == 0xFFFD || r == '?' {
		return nil // a hole
	}
	gbCodec.codeTables()
	var out [][]byte
	add := func(x rune) {
		if b, ok := gbCodec.enc2(x); ok && b[0] >= 0x80 {
			// a trail byte below 0x80 is ASCII the pair swallowed
			for _, o := range out {
				if o[0] == b[0] && o[1] == b[1] {
					return
				}
			}
			out = append(out, []byte{b[0], b[1]})
		}
	}
	if r == '€' {
		out = append(out, []byte{0x80})
	}
	if r < 0x80 {
		if r > 0x20 && r < 0x7F {
			add(r - 0x21 + 0xFF01) // width-folded
		} else if r == ' ' {
			add(0x3000)
		}
		return out
	}
	add(r)
	for _, x := range convertedForms(r) {
		add(x)
	}
	return out
}

var convCache sync.Map // rune → []rune: its other-script forms

// convertedForms are r's single-character Simplified and Traditional forms.
func convertedForms(r rune) []rune {
	if !lexicon.IsIdeograph(r) {
		return nil
	}
	if v, ok := convCache.Load(r); ok {
		return v.([]rune)
	}
	t2s, s2t := converters()
	var out []rune
	for _, c := range [...]interface {
		Convert(string) (string, error)
	}{t2s, s2t} {
		if c == nil {
			continue
		}
		s, err := c.Convert(string(r))
		if rs := []rune(s); err == nil && len(rs) == 1 && rs[0] != r {
			out = append(out, rs[0])
		}
	}
	convCache.Store(r, out)
	return out
}

func isLeadUTF8(b byte) bool { return b >= 0xE2 && b <= 0xEF }
func isContUTF8(b byte) bool { return b >= 0x80 && b <= 0xBF }

// parse is the state of reading GBK-encoded runes as UTF-8 from one start.
type parse struct {
	rs      []rune
	steps   int
	bytes   []byteSpec // the stream so far
	best    int        // runes read at the longest boundary-ending parse
	bestB   []byteSpec
	holes   int
	bestHol int
	tail    rune // ASCII the last pair of the best parse swallowed, or 0
	cp1252  bool // the misreading was Windows-1252 (double-encoded UTF-8), not GBK
}

// minBytes is the shortest run read: one character when the misreading
// shows (Latin-1 letters between Han characters), else two, so that a
// character of real text whose GBK bytes happen to be UTF-8 (with a hole
// after it, as often as not) stays.
func (p *parse) minBytes() int {
	if p.cp1252 {
		return 3
	}
	return 6
}

// variants are the byte sequences r may stand for in p's misreading.
func (p *parse) variants(r rune) [][]byte {
	if !p.cp1252 {
		return gbkVariants(r)
	}
	cp1252Once.Do(initCP1252)
	if b, ok := cp1252Byte[r]; ok {
		return [][]byte{{b}}
	}
	return nil
}

// fits reports whether b may be at stream position pos (from a char start).
func fits(b byte, pos int) bool {
	if pos%3 == 0 {
		return isLeadUTF8(b)
	}
	return isContUTF8(b)
}

// walk reads rune i onward; the stream is aligned to its start.
func (p *parse) walk(i int) {
	if p.steps++; p.steps > maxParseSteps {
		return
	}
	if len(p.bytes)%3 == 0 && len(p.bytes) >= p.minBytes() && i > p.best {
		p.best, p.bestHol, p.tail = i, p.holes, 0
		p.bestB = append(p.bestB[:0], p.bytes...)
	}
	if i >= len(p.rs) || i >= maxRunRunes {
		return
	}
	n := len(p.bytes)
	r := p.rs[i]
	if (r == 0xFFFD || r == '?') && p.cp1252 {
		// a hole: one byte Windows-1252 does not decode
		p.bytes = append(p.bytes, byteSpec{hole: holeCP1252})
		p.holes++
		p.walk(i + 1)
		p.holes--
		p.bytes = p.bytes[:n]
		return
	}
	if r == 0xFFFD || r == '?' {
		// a hole: inside a run two bytes, at its end what finishes the
		// character (the pair's lead had no trail)
		for _, k := range [...]int{2, 1} {
			if k == 1 && n%3 == 0 {
				continue
			}
			if k == 2 {
				p.bytes = append(p.bytes, byteSpec{hole: holeFirst}, byteSpec{hole: holeSecond})
			} else {
				p.bytes = append(p.bytes, byteSpec{})
			}
			p.holes++
			p.walk(i + 1)
			p.holes--
			p.bytes = p.bytes[:n]
		}
		return
	}
	for _, v := range p.variants(r) {
		if !fits(v[0], n) {
			continue
		}
		if len(v) == 2 && v[1] < 0x80 {
			// the run ends inside this pair: its trail byte was ASCII
			if (n+1)%3 == 0 && n+1 >= p.minBytes() && i+1 > p.best {
				p.bytes = append(p.bytes, byteSpec{b: v[0], known: true})
				p.best, p.bestHol, p.tail = i+1, p.holes, rune(v[1])
				p.bestB = append(p.bestB[:0], p.bytes...)
				p.bytes = p.bytes[:n]
			}
			continue
		}
		if len(v) == 2 && !fits(v[1], n+1) {
			continue
		}
		for _, x := range v {
			p.bytes = append(p.bytes, byteSpec{b: x, known: true})
		}
		p.walk(i + 1)
		p.bytes = p.bytes[:n]
	}
}

// slotCands are the characters a three-byte slot may hold.
func slotCands(s [3]byteSpec) []rune {
	gbkBadOnce.Do(initGBKBad)
	if s[0].known && s[1].known && s[2].known {
		return slotCandsOf(s) // one character at most: not worth keeping
	}
	if v, ok := slotCache.Load(s); ok {
		return v.([]rune)
	}
	out := slotCandsOf(s)
	slotCache.Store(s, out)
	return out
}

// slotCache holds slotCands by slot with a hole: the patterns repeat, and
// there are at most 2^16 of each kind (two bytes known).
var slotCache sync.Map

func slotCandsOf(s [3]byteSpec) []rune {
	var out []rune
	lead := []byte{s[0].b}
	if !s[0].known {
		lead = []byte{0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF}
	}
	for _, l := range lead {
		for c1 := byte(0x80); c1 <= 0xBF; c1++ {
			if s[1].known && c1 != s[1].b {
				continue
			}
			for c2 := byte(0x80); c2 <= 0xBF; c2++ {
				if s[2].known && c2 != s[2].b {
					continue
				}
				r := rune(l&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
				if textRune(r) && holeAllows(s, [3]byte{l, c1, c2}) {
					out = append(out, r)
				}
			}
		}
	}
	if len(out) > holeCands {
		sort.SliceStable(out, func(i, j int) bool { return lmCharCost(out[i]) < lmCharCost(out[j]) })
		out = out[:holeCands]
	}
	return out
}

// textRune: a character Chinese text is made of, in UTF-8's three-byte range.
func textRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return lmCharCost(r) < lmUnseen
	case r >= 0x3400 && r <= 0x4DBF:
		return false // rare: a guess there is noise
	}
	return lexicon.IsCJKPunct(r) || r == '—' || r == '…' || r == '“' || r == '”' || r == '‘' || r == '’'
}

// A beam is one reading so far: its last character and the beam it
// extends (an index into the previous step's beams), so that a step copies
// nothing.
type beam struct {
	r      rune
	parent int32
	cost   float64 // after the left context, summed step by step
}

// decodeWindow is how many characters before a new one decodeSlots reads
// to price it: a word of the model is at most lmMaxWord long.
const decodeWindow = lmMaxWord + 1

// decodeSlots chooses a reading of the slots between left and right: a
// beam search that prices each character by the model over a window of the
// characters before it (constant work a step), then the best few readings
// whole, with their context.
func decodeSlots(slots [][]rune, left, right []rune) ([]rune, float64) {
	l := left[max(0, len(left)-lmContext):]
	sc := contextScript(left, right)
	steps := make([][]beam, 0, len(slots))
	var prev []beam
	var w [decodeWindow + 1]rune
	// window writes into w the last k characters of beam b of step i
	// (the left context before the first step) and returns them
	window := func(i, b, k int) []rune {
		n := 0
		var tmp [decodeWindow]rune
		for ; n < k && i >= 0; n++ {
			x := steps[i][b]
			tmp[n], b, i = x.r, int(x.parent), i-1
		}
		for j := len(l) - 1; n < k && j >= 0; j-- {
			tmp[n] = l[j]
			n++
		}
		for j := 0; j < n; j++ {
			w[j] = tmp[n-1-j]
		}
		return w[:n]
	}
	for si, cands := range slots {
		var next []beam
		nb := max(1, len(prev))
		for b := 0; b < nb; b++ {
			base, cost := 0.0, 0.0
			ctx := window(si-1, b, decodeWindow-1)
			if si > 0 {
				cost = prev[b].cost
			}
			base = lmCost(ctx)
			k := len(ctx)
			for _, c := range cands {
				w[k] = c
				cc := cost + lmCost(w[:k+1]) - base
				if len(cands) > 1 {
					cc += offScript(w[k:k+1], sc) // a guess, in the line's script
				}
				next = append(next, beam{r: c, parent: int32(b), cost: cc})
			}
		}
		sort.Slice(next, func(i, j int) bool { return next[i].cost < next[j].cost })
		next = next[:min(len(next), beamWidth)]
		steps = append(steps, next)
		prev = next
	}
	var best []rune
	bc, bestPen := 0.0, 0.0
	last := len(steps) - 1
	for b := 0; b < min(len(prev), 4); b++ {
		mid := make([]rune, len(steps))
		for i, x := last, b; i >= 0; i-- {
			mid[i] = steps[i][x].r
			x = int(steps[i][x].parent)
		}
		c := lmIn(left, mid, right)
		if pen := offScript(mid, sc); b == 0 || c+pen < bc+bestPen {
			best, bc, bestPen = mid, c, pen
		}
	}
	return best, bc
}

// repairUTF8AsGBK replaces the runs of rs that read as GBK-misread UTF-8
// and returns the new runes, how many runs it replaced, and the runs with
// holes it could not read (with two characters of context).
func repairUTF8AsGBK(rs []rune, unrepaired []string) ([]rune, int, []string) {
	var g int
	return repairMisreadUTF8(rs, unrepaired, false, &g)
}

// repairMisreadUTF8 is repairUTF8AsGBK for GBK, or with cp1252 for UTF-8
// read as Windows-1252 and encoded again (double-encoded UTF-8), whose
// holes are one byte each, one of the five Windows-1252 leaves undefined.
// A run read with holes is a guess: it is added to *guessed (its unknown
// bytes) and to unrepaired (as read, with two characters of context).
func repairMisreadUTF8(rs []rune, unrepaired []string, cp1252 bool, guessed *int) ([]rune, int, []string) {
	var out []rune
	n := 0
	p := &parse{cp1252: cp1252}
	for i := 0; i < len(rs); {
		r := rs[i]
		if r < 0x80 && r != '?' || !p.mayStartRun(r) {
			out = append(out, r)
			i++
			continue
		}
		p.rs, p.steps, p.bytes, p.best, p.holes, p.tail = rs[i:], 0, p.bytes[:0], 0, 0, 0
		p.walk(0)
		if p.best < 1 {
			out = append(out, r)
			i++
			continue
		}
		slots := make([][]rune, 0, len(p.bestB)/3)
		ok := true
		for k := 0; k+3 <= len(p.bestB); k += 3 {
			c := slotCands([3]byteSpec(p.bestB[k : k+3]))
			if len(c) == 0 {
				ok = false
				break
			}
			slots = append(slots, c)
		}
		if ok {
			left := out
			right := rs[i+p.best:]
			if p.tail != 0 {
				right = append([]rune{p.tail}, right...)
			}
			dec, dc := decodeSlots(slots, left, right)
			oc := lmIn(left, rs[i:i+p.best], right) + 12*float64(p.bestHol)
			if accepted(oc, p.best, dc, len(dec), p.bestHol) {
				start := len(out)
				out = append(out, dec...)
				if p.tail != 0 {
					out = append(out, p.tail)
				}
				i += p.best
				n++
				if p.bestHol > 0 {
					for _, b := range p.bestB {
						if !b.known {
							*guessed++
						}
					}
					after := rs[i:min(len(rs), i+2)]
					unrepaired = append(unrepaired, string(out[max(0, start-2):])+string(after))
				}
				continue
			}
		}
		if p.bestHol > 0 {
			a, b := max(0, i-2), min(len(rs), i+p.best+2)
			unrepaired = append(unrepaired, string(rs[a:b]))
			out = append(out, rs[i:i+p.best]...)
			i += p.best
			continue
		}
		out = append(out, r)
		i++
	}
	return out, n, unrepaired
}

// accepted: the reading is much cheaper per character than the run, and
// the saving grows with its length (a short run of real text that happens
// to read as UTF-8 stays).
func accepted(oc float64, on int, rc float64, rn, holes int) bool {
	rc += 2 * float64(holes)
	return oc-rc >= 8+3*float64(on)
}

// mayStartRun: the characters a GBK reading of a UTF-8 lead byte gives (its
// GBK lead E2–EF) or a hole.
func (p *parse) mayStartRun(r rune) bool {
	if r == 0xFFFD || r == '?' {
		return false // a run starts with a character, not a hole
	}
	if r >= 0x10000 {
		return p.mayStartRunOf(r)
	}
	// every line that may need repair asks for each of its characters:
	// the answers are kept, per misreading, two bits a character
	t := &startCache[0]
	if p.cp1252 {
		t = &startCache[1]
	}
	w, sh := &t[r>>4], uint(r&15)*2
	switch w.Load() >> sh & 3 {
	case 1:
		return true
	case 2:
		return false
	}
	ok := p.mayStartRunOf(r)
	bits := uint32(2)
	if ok {
		bits = 1
	}
	for {
		old := w.Load()
		if w.CompareAndSwap(old, old|bits<<sh) {
			return ok
		}
	}
}

// startCache[cp1252] holds mayStartRun's answers, two bits a character of
// the BMP: 0 not known yet, 1 it may start a run, 2 not.
var startCache [2][0x10000 / 16]atomic.Uint32

func (p *parse) mayStartRunOf(r rune) bool {
	for _, v := range p.variants(r) {
		if isLeadUTF8(v[0]) {
			return true
		}
	}
	return false
}
