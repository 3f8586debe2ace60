package mojibake

import (
	_ "embed"
	"encoding/binary"
	"math"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
	"github.com/zhdoc/zhdoc/shared/mojibake/internal/lmhash"
)

//go:generate go run gen_lm.go

// lm.bin is the word model written by gen_lm.go (its comment names the
// sources and the measurements behind it): the cost of each character of
// U+3400–U+9FFF as a one-character word, and a hash table of frequent words
// of two to four characters.
//
//go:embed lm.bin
var lmData string

const (
	lmHanLo, lmHanHi = 0x3400, 0x9FFF
	lmHeader         = 14
	lmMaxWord        = 4
)

var (
	lmSlots  uint64
	lmUnseen float64 // cost of a Han character the model lacks
	lmChars  string  // per character: cost*8 (255: absent)
	lmTable  string  // 4 bytes per slot: 24-bit fingerprint, cost*8
)

func init() {
	if len(lmData) < lmHeader || lmData[:6] != "ZHLM2\x00" {
		panic("mojibake: bad lm.bin")
	}
	lmSlots = uint64(binary.LittleEndian.Uint32([]byte(lmData[6:10])))
	logF := float64(math.Float32frombits(binary.LittleEndian.Uint32([]byte(lmData[10:14]))))
	lmUnseen = logF + 1.2 // a count of 0.3
	n := lmHanHi - lmHanLo + 1
	lmChars = lmData[lmHeader : lmHeader+n]
	lmTable = lmData[lmHeader+n:]
	if uint64(len(lmTable)) != 4*lmSlots {
		panic("mojibake: bad lm.bin size")
	}
	initSeen()
}

// lmHash is the model's word hash (one definition, in internal/lmhash).
func lmHash(s string) uint64 { return lmhash.Sum(s) }

// lmWordCost is the cost (nats) of a word of two to four Han characters, or
// false when the model does not have it.
func lmWordCost(w []rune) (float64, bool) {
	h := uint64(lmHashStart)
	for _, r := range w {
		h = lmHashRune(h, r)
	}
	return lmLookup(lmHashEnd(h))
}

// lmHashStart, lmHashRune and lmHashEnd compute lmHash of the UTF-8 text
// of runes without writing it: FNV-1a over the bytes, then a final mix.
const lmHashStart = 14695981039346656037

func lmHashRune(h uint64, r rune) uint64 {
	const p = 1099511628211
	switch {
	case r < 0:
		r = utf8.RuneError
		fallthrough
	case r >= 0x800 && r < 0x10000:
		if r >= 0xD800 && r <= 0xDFFF {
			r = utf8.RuneError
		}
		h = (h ^ uint64(0xE0|r>>12)) * p
		h = (h ^ uint64(0x80|(r>>6)&0x3F)) * p
		h = (h ^ uint64(0x80|r&0x3F)) * p
	case r < 0x80:
		h = (h ^ uint64(r)) * p
	case r < 0x800:
		h = (h ^ uint64(0xC0|r>>6)) * p
		h = (h ^ uint64(0x80|r&0x3F)) * p
	case r <= utf8.MaxRune:
		h = (h ^ uint64(0xF0|r>>18)) * p
		h = (h ^ uint64(0x80|(r>>12)&0x3F)) * p
		h = (h ^ uint64(0x80|(r>>6)&0x3F)) * p
		h = (h ^ uint64(0x80|r&0x3F)) * p
	default:
		h = (h ^ 0xEF) * p
		h = (h ^ 0xBF) * p
		h = (h ^ 0xBD) * p
	}
	return h
}

func lmHashEnd(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// lmLookup finds the word of hash h; lmSeen, a bit per 21-bit slice of
// the fingerprints in the table, answers most absent words without reading
// the table.
func lmLookup(h uint64) (float64, bool) {
	fp := uint32(h>>40) | 1
	if b := fp >> 1 & (1<<lmSeenBits - 1); lmSeen[b>>6]&(1<<(b&63)) == 0 {
		return 0, false
	}
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

const lmSeenBits = 21

var lmSeen [1 << lmSeenBits / 64]uint64

func initSeen() {
	for i := 0; i+4 <= len(lmTable); i += 4 {
		fp := uint32(lmTable[i]) | uint32(lmTable[i+1])<<8 | uint32(lmTable[i+2])<<16
		if fp != 0 {
			b := fp >> 1 & (1<<lmSeenBits - 1)
			lmSeen[b>>6] |= 1 << (b & 63)
		}
	}
}

// lmCharCost is the cost of r on its own: a one-character word for Han
// characters, the character model's cost for anything else.
func lmCharCost(r rune) float64 {
	if !lexicon.IsIdeograph(r) {
		return runeCost(r)
	}
	if r < lmHanLo || r > lmHanHi {
		return lmUnseen
	}
	if q := lmChars[r-lmHanLo]; q != 255 {
		return float64(q) / 8
	}
	return lmUnseen
}

// lmCost is the cost (nats) of rs under the word model: the cheapest
// segmentation into known words and single characters.
func lmCost(rs []rune) float64 {
	var stack [24]float64
	best := stack[:0]
	if len(rs)+1 > len(stack) {
		best = make([]float64, 0, len(rs)+1)
	}
	best = append(best, 0)
	for k := 1; k <= len(rs); k++ {
		c := best[k-1] + lmCharCost(rs[k-1])
		if lexicon.IsIdeograph(rs[k-1]) {
			for l := 2; l <= lmMaxWord && l <= k; l++ {
				if !lexicon.IsIdeograph(rs[k-l]) {
					break
				}
				if w, ok := lmWordCost(rs[k-l : k]); ok && best[k-l]+w < c {
					c = best[k-l] + w
				}
			}
		}
		best = append(best, c)
	}
	return best[len(rs)]
}

// lmContext is how many characters on each side lmIn reads.
const lmContext = 3

// lmIn is the cost of mid between the last lmContext characters of left and
// the first lmContext of right.
func lmIn(left, mid, right []rune) float64 {
	var stack [24]rune
	w := stack[:0]
	w = append(w, left[max(0, len(left)-lmContext):]...)
	w = append(w, mid...)
	w = append(w, right[:min(len(right), lmContext)]...)
	return lmCost(w)
}

// lmWindow is lmIn for a window whose characters change in a few places
// from one call to the next (the trial pairs of refineDrops): it keeps the
// model's answer for every word of the window and asks again only for the
// words over a changed character. cost is lmCost of the window.
type lmWindow struct {
	w    [lmWindowMax]rune
	n    int
	word [lmWindowMax][lmMaxWord + 1]lmWordMemo // by last character and length
	// best[k] is the cost of w[:k] for k <= valid: a change at position i
	// leaves the costs of the prefixes before it as they were
	best  [lmWindowMax + 1]float64
	valid int
}

const lmWindowMax = 2*lmContext + 4

type lmWordMemo struct {
	known, ok bool
	cost      float64
}

// reset makes the window left's last lmContext characters, mid and right's
// first lmContext, as lmIn reads them; it reports false when they do not fit.
func (x *lmWindow) reset(left, mid, right []rune) bool {
	left = left[max(0, len(left)-lmContext):]
	right = right[:min(len(right), lmContext)]
	if len(left)+len(mid)+len(right) > lmWindowMax {
		return false
	}
	x.n = copy(x.w[:], left)
	x.n += copy(x.w[x.n:], mid)
	x.n += copy(x.w[x.n:], right)
	x.word = [lmWindowMax][lmMaxWord + 1]lmWordMemo{}
	x.valid = 0
	return true
}

// set puts r at position i and forgets the words over it.
func (x *lmWindow) set(i int, r rune) {
	if x.w[i] == r {
		return
	}
	x.w[i] = r
	x.valid = min(x.valid, i)
	for end := i; end < min(x.n, i+lmMaxWord); end++ {
		for l := end - i + 1; l <= lmMaxWord; l++ {
			x.word[end][l].known = false
		}
	}
}

// cost is lmCost(x.w[:x.n]), step for step.
func (x *lmWindow) cost() float64 {
	best := &x.best
	rs := x.w[:x.n]
	for k := x.valid + 1; k <= len(rs); k++ {
		c := best[k-1] + lmCharCost(rs[k-1])
		if lexicon.IsIdeograph(rs[k-1]) {
			for l := 2; l <= lmMaxWord && l <= k; l++ {
				if !lexicon.IsIdeograph(rs[k-l]) {
					break
				}
				m := &x.word[k-1][l]
				if !m.known {
					m.cost, m.ok = lmWordCost(rs[k-l : k])
					m.known = true
				}
				if m.ok && best[k-l]+m.cost < c {
					c = best[k-l] + m.cost
				}
			}
		}
		best[k] = c
	}
	x.valid = len(rs)
	return best[len(rs)]
}
