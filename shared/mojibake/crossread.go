package mojibake

import (
	"slices"
	"sort"
	"sync"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// Big5 text read as GBK, and GBK text read as Big5, with the pairs the
// reading codec cannot decode replaced by U+FFFD or '?'. Both are two-byte
// encodings with the same lead range, so the misreading stays in step: each
// character of the run is one character of the original, read back through
// the original codec, and each hole is one pair that the reading codec
// rejects and the original decodes, which the word model chooses among.
// A run starts at a hole or at improbable characters close together (a
// misreading in step has no hole); each character of it may also stay as
// it is, so a run that reaches into text never misread keeps that text.

type crossRead struct {
	read, orig *codec
	readEnc    encoding.Encoding // x/text's decoder for read, for its rejects

	once  sync.Once
	holes []rune // what a hole may hold: orig's characters on pairs read rejects
}

var crossReads = []*crossRead{
	{read: gbCodec, orig: big5Codec, readEnc: simplifiedchinese.GBK},
	{read: big5Codec, orig: gbCodec, readEnc: traditionalchinese.Big5},
}

// maxCrossHoles is how many characters a hole may be, the likeliest alone.
const maxCrossHoles = 128

// maxCrossSide bounds how far a run reaches from its hole on either side.
const maxCrossSide = 16

func (x *crossRead) init() {
	x.once.Do(func() {
		x.read.codeTables()
		x.orig.codeTables()
		dec := x.readEnc.NewDecoder()
		for l := 0x81; l <= 0xFE; l++ {
			for t := 0x40; t <= 0xFE; t++ {
				r := x.orig.dec2[l<<8|t]
				if r == 0 || !textRune(r) {
					continue
				}
				out, _ := dec.Bytes([]byte{byte(l), byte(t)})
				if rs := []rune(string(out)); len(rs) >= 1 && rs[0] == 0xFFFD {
					x.holes = append(x.holes, r)
				}
			}
		}
		sort.SliceStable(x.holes, func(i, j int) bool { return lmCharCost(x.holes[i]) < lmCharCost(x.holes[j]) })
		if len(x.holes) > maxCrossHoles {
			x.holes = x.holes[:maxCrossHoles]
		}
	})
}

// reading is what r, a character of the misread run, was in the original:
// r itself and its other-script and full-width forms, each through read's
// bytes and orig's table.
func (x *crossRead) reading(r rune) []rune {
	var out []rune
	try := func(c rune) {
		b, ok := x.read.enc2(c)
		if !ok || b[0] < 0x81 {
			return
		}
		if o := x.orig.dec2[int(b[0])<<8|int(b[1])]; o != 0 && textRune(o) {
			for _, e := range out {
				if e == o {
					return
				}
			}
			out = append(out, o)
		}
	}
	try(r)
	if r > 0x20 && r < 0x7F {
		try(r - 0x21 + 0xFF01)
	}
	for _, c := range convertedForms(r) {
		try(c)
	}
	return out
}

// repairCrossRead reads the runs around holes of rs as x's misreading. A
// run read with holes is a guess: it adds two bytes a hole to *guessed and
// is listed in unrepaired (as read, with two characters of context).
func repairCrossRead(rs []rune, unrepaired []string, x *crossRead, guessed *int) ([]rune, int, []string) {
	hole := func(r rune) bool { return r == 0xFFFD || r == '?' }
	// a run starts at a hole, or at the first of three improbable
	// characters each within three of the one before (a misreading in step
	// has no hole; clean text has rare characters, seldom three together)
	seed := make([]bool, len(rs))
	last, start, count := -10, -1, 0
	for i := range rs {
		if hole(rs[i]) {
			seed[i] = true
		} else if suspicious(rs, i) && lexicon.IsCJK(rs[i]) {
			if i-last > 3 {
				start, count = i, 0
			}
			if count++; count == 3 {
				seed[start] = true
			}
			last = i
		}
	}
	first := -1
	for i, b := range seed {
		if b {
			first = i
			break
		}
	}
	if first < 0 {
		return rs, 0, unrepaired
	}
	x.init()
	var out []rune
	n := 0
	out = append(out, rs[:first]...)
	for i := first; i < len(rs); {
		if !seed[i] {
			out = append(out, rs[i])
			i++
			continue
		}
		// the run: readable characters and holes around this hole, back
		// into what out already holds (not yet repaired by this pass)
		a := len(out)
		for a > 0 && len(out)-a < maxCrossSide && len(x.reading(out[a-1])) > 0 {
			a--
		}
		b := i + 1 // the seed, readable or not: the loop moves on
		for b < len(rs) && b-i < maxCrossSide && (hole(rs[b]) || len(x.reading(rs[b])) > 0) {
			b++
		}
		run := append(append([]rune{}, out[a:]...), rs[i:b]...)
		slots := make([][]rune, len(run))
		holes := 0
		for k, r := range run {
			if hole(r) {
				slots[k] = x.holes
				holes++
			} else {
				// the character as it is, too: the run reaches into
				// text that was never misread
				slots[k] = append([]rune{r}, x.reading(r)...)
			}
		}
		left, right := out[:a], rs[b:]
		dec, _ := decodeSlots(slots, left, right)
		// the evidence is in the characters that were read, not in the
		// holes: they must read far better through the original codec
		var known, knownDec []rune
		for k, r := range run {
			if !hole(r) {
				known, knownDec = append(known, r), append(knownDec, dec[k])
			}
		}
		oc, dc := lmIn(left, known, right), lmIn(left, knownDec, right)
		if len(known) >= 2 && accepted(oc, len(known), dc, len(knownDec), 0) && !slices.Equal(known, knownDec) {
			// a character kept as it was that is still improbable
			// (6堎11日): the reading is partial, so the run is listed
			partial := false
			for k := range run {
				if dec[k] == run[k] && !hole(run[k]) && suspicious(dec, k) {
					partial = true
				}
			}
			out = append(out[:a], dec...)
			n++
			if holes > 0 || partial {
				*guessed += 2 * holes // (nothing for a partial reading)
				// the context after is what this pass has not read yet
				unrepaired = append(unrepaired, string(out[max(0, a-2):])+string(rs[b:min(len(rs), b+2)]))
			}
		} else {
			out = append(out, rs[i:b]...)
		}
		i = b
	}
	return out, n, unrepaired
}
