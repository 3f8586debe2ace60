// Package tagger is a character-level named-entity tagger: an averaged
// structured perceptron over BIO labels (PER, LOC, ORG) with hashed
// features, decoded by a constrained Viterbi search.
//
// The caller describes each character as a Cell: the character, the
// segmenter word it sits in (its position, length, coarse tag), the
// gazetteer kind of that word and the label the rule-based recogniser gave
// it. These are features the model weighs, not decisions.
//
// A model is a flat byte table (see Model) read in place: loading is a
// header check, no parsing and no pointers, so the embedded table costs
// nothing at cold start beyond the pages the tagger touches.
package tagger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// Labels. B-X opens an X mention, I-X continues it; I-X follows only B-X or
// I-X (the decoder enforces it).
const (
	O uint8 = iota
	BPER
	IPER
	BLOC
	ILOC
	BORG
	IORG
	NLabels = 7
)

// row is the stride of one feature's weights (labels padded to 8 so a row
// is 16 aligned bytes, one cache line at most).
const row = 8

// Type returns the entity type of a label ("PER", "LOC", "ORG"), "" for O.
func Type(l uint8) string {
	switch l {
	case BPER, IPER:
		return "PER"
	case BLOC, ILOC:
		return "LOC"
	case BORG, IORG:
		return "ORG"
	}
	return ""
}

// Begin returns the B- label of type typ ("PER", "LOC", "ORG"), O for another.
func Begin(typ string) uint8 {
	switch typ {
	case "PER":
		return BPER
	case "LOC":
		return BLOC
	case "ORG":
		return BORG
	}
	return O
}

// Word positions of a character in its segmenter word.
const (
	WB uint8 = iota // first of several
	WM              // inside
	WE              // last of several
	WS              // the whole word
)

// Coarse word tags (POS).
const (
	PosNone  uint8 = iota // unknown to the dictionary
	PosNR                 // person name
	PosNS                 // place name
	PosNT                 // organization
	PosNoun               // other nouns
	PosVerb               // verbs
	PosNum                // numerals, quantifiers
	PosFunc               // function words: prepositions, particles, conjunctions, pronouns
	PosPunct              // punctuation
	PosOther
)

// Cell is one character and what the caller knows of it.
type Cell struct {
	R       rune
	Word    uint32 // hash of the segmenter word the character is in
	WPos    uint8  // WB, WM, WE or WS
	WLen    uint8  // runes of the word, capped at 8
	POS     uint8  // coarse tag of the word (Pos…)
	NextPOS uint8  // of the word after
	Gaz     uint8  // 0, or 1+ the gazetteer kind of the word (1 PER, 2 LOC, 3 ORG)
	Rule    uint8  // the rules' label of the character (O, B-…, I-…)
	WLex    uint8  // the word's lexicon classes (WLex…)
}

// Lexicon classes of a word (bits of Cell.WLex).
const (
	WLexTitle       uint8 = 1 << iota // a title or role (总统, 外交部长)
	WLexOrgHead                       // ends organization names (委员会, 大学)
	WLexPlaceSuffix                   // ends place names (省, 半岛)
	WLexPrevTitle                     // the word before is a title
	WLexNextOrgHead                   // the word after ends organization names
	WLexNextPlaceSuffix
)

// Model is a trained weight table, read in place.
//
// Layout (little endian): "ZHNER01\x00", uint32 bits, uint32 reserved,
// float32 scale (weights are round(w·scale)), 12 bytes reserved (32 in
// all), then (NLabels+1)×row int16 transition weights (row NLabels is the
// start), then 2^bits rows of row int8 feature weights (index = feature hash's top
// bits; labels beyond NLabels are zero).
type Model struct {
	b     []byte
	bits  uint
	mask  uint32
	scale float32
	trans [(NLabels + 1) * row]int32
	w     []byte // feature rows
}

const (
	magic  = "ZHNER02\x00"
	header = 32 // so that the rows start 16-byte aligned
)

// Load reads a model from b without copying the feature rows: b must stay
// unchanged while the Model is used. The rows are read as native int16
// (little-endian machines only: amd64 and arm64, where Lambda runs).
func Load(b []byte) (*Model, error) {
	if one := uint16(1); *(*byte)(unsafe.Pointer(&one)) != 1 {
		return nil, errors.New("tagger: big-endian machine: the table is read in place as little-endian int16")
	}
	if len(b) < header || string(b[:8]) != magic {
		return nil, errors.New("tagger: not a model table (bad magic)")
	}
	bits := uint(binary.LittleEndian.Uint32(b[8:]))
	if bits < 8 || bits > 24 {
		return nil, fmt.Errorf("tagger: table of 2^%d rows out of range", bits)
	}
	m := &Model{b: b, bits: bits, mask: 1<<bits - 1, scale: math.Float32frombits(binary.LittleEndian.Uint32(b[16:]))}
	tr := header
	rows := header + (NLabels+1)*row*2
	if want := rows + (1<<bits)*row; len(b) != want {
		return nil, fmt.Errorf("tagger: table is %d bytes, want %d for 2^%d rows", len(b), want, bits)
	}
	for i := range m.trans {
		m.trans[i] = int32(int16(binary.LittleEndian.Uint16(b[tr+2*i:])))
	}
	m.w = b[rows:]
	return m, nil
}

// Bits returns log2 of the number of feature rows.
func (m *Model) Bits() uint { return m.bits }

// Size returns the table's size in bytes.
func (m *Model) Size() int { return len(m.b) }

// allowed[prev][l]: label l may follow prev (NLabels: the start); I-X
// follows only B-X or I-X.
var allowed = func() (a [NLabels + 1][NLabels]bool) {
	for p := range a {
		for l := range a[p] {
			switch uint8(l) {
			case IPER, ILOC, IORG:
				a[p][l] = uint8(p) == uint8(l) || uint8(p) == uint8(l)-1
			default:
				a[p][l] = true
			}
		}
	}
	return
}()

// Tagger holds buffers for one goroutine; a Model is shared.
type Tagger struct {
	m    *Model
	pre  []pre
	emit []int32 // n×row
	back []uint8 // n×row
	n    int
}

// New returns a tagger over m (not safe for concurrent use; make one per
// goroutine or pool them).
func (m *Model) New() *Tagger { return &Tagger{m: m} }

// Tag labels cells, writing one label per cell into out (grown as needed).
// Confidence then reads the scores of this call.
func (t *Tagger) Tag(cells []Cell, out []uint8) []uint8 {
	n := len(cells)
	out = out[:0]
	t.n = n
	if n == 0 {
		return out
	}
	if cap(t.emit) < n*row {
		t.emit = make([]int32, n*row+n*row/2)
		t.back = make([]uint8, n*row+n*row/2)
	}
	emit, back := t.emit[:n*row], t.back[:n*row]
	t.pre = prepare(cells, t.pre)
	var fs [maxFeatures]uint32
	w, mask := t.m.w, t.m.mask
	for i := range cells {
		k := features(cells, t.pre, i, &fs)
		var acc [row]int32
		for _, f := range fs[:k] {
			r := (*[row]int8)(unsafe.Pointer(&w[int(f&mask)*row]))
			acc[0] += int32(r[0])
			acc[1] += int32(r[1])
			acc[2] += int32(r[2])
			acc[3] += int32(r[3])
			acc[4] += int32(r[4])
			acc[5] += int32(r[5])
			acc[6] += int32(r[6])
		}
		copy(emit[i*row:i*row+row], acc[:])
	}
	return t.m.viterbi(emit, back, n, out)
}

func (m *Model) viterbi(emit []int32, back []uint8, n int, out []uint8) []uint8 {
	const neg = math.MinInt32 / 4
	var cur, next [row]int32
	for l := uint8(0); l < NLabels; l++ {
		cur[l] = neg
		if allowed[NLabels][l] {
			cur[l] = emit[l] + m.trans[NLabels*row+int(l)]
		}
	}
	// tr: the transitions with the disallowed ones at -inf, so the inner
	// loop has no test but the max.
	var tr [NLabels][NLabels]int32
	for p := range tr {
		for l := range tr[p] {
			tr[l][p] = neg
			if allowed[p][l] {
				tr[l][p] = m.trans[p*row+l]
			}
		}
	}
	for i := 1; i < n; i++ {
		e := (*[row]int32)(emit[i*row:])
		b := (*[row]uint8)(back[i*row:])
		// O and B-X may follow any label: one pass over the labels
		// before for the four of them
		for _, l := range [...]uint8{O, BPER, BLOC, BORG} {
			t := &tr[l]
			best, arg := cur[0]+t[0], uint8(0)
			for p := 1; p < NLabels; p++ {
				if s := cur[p] + t[p]; s > best {
					best, arg = s, uint8(p)
				}
			}
			next[l] = best + e[l]
			b[l] = arg
		}
		// only B-X and I-X may come before I-X
		for _, l := range [...]uint8{IPER, ILOC, IORG} {
			t := &tr[l]
			best, arg := cur[l-1]+t[l-1], l-1
			if s := cur[l] + t[l]; s > best {
				best, arg = s, l
			}
			next[l] = best + e[l]
			b[l] = arg
		}
		cur = next
	}
	best, arg := int32(math.MinInt32), uint8(0)
	for l := uint8(0); l < NLabels; l++ {
		if cur[l] > best {
			best, arg = cur[l], l
		}
	}
	for len(out) < n {
		out = append(out, 0)
	}
	out = out[:n]
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = back[i*row+int(arg)]
	}
	return out
}

// Confidence returns, for cell i of the last Tag call and its labels, the
// chosen label's share of a softmax over the labels allowed there (local
// scores plus the transition from the label before): a guide in [0, 1],
// not a calibrated probability.
func (t *Tagger) Confidence(labels []uint8, i int) float32 {
	if i < 0 || i >= t.n || i >= len(labels) {
		return 0
	}
	m := t.m
	prev := uint8(NLabels)
	if i > 0 {
		prev = labels[i-1]
	}
	e := t.emit[i*row:]
	top := int32(math.MinInt32)
	for l := uint8(0); l < NLabels; l++ {
		if allowed[prev][l] {
			top = max(top, e[l]+m.trans[int(prev)*row+int(l)])
		}
	}
	s := float64(m.scale)
	var z, mine float64
	for l := uint8(0); l < NLabels; l++ {
		if !allowed[prev][l] {
			continue
		}
		p := math.Exp(float64(e[l]+m.trans[int(prev)*row+int(l)]-top) / s)
		z += p
		if l == labels[i] {
			mine = p
		}
	}
	return float32(mine / z)
}

// Span is one labelled mention: runes [Start, End) of the cells.
type Span struct {
	Type       string
	Start, End int
}

// Spans returns the mentions a label sequence marks (an I- without its B-
// opens a mention, so any sequence reads).
func Spans(labels []uint8, out []Span) []Span {
	start, typ := -1, ""
	for i, l := range labels {
		t := Type(l)
		if start >= 0 && (l == O || l == BPER || l == BLOC || l == BORG || t != typ) {
			out = append(out, Span{typ, start, i})
			start = -1
		}
		if l != O && start < 0 {
			start, typ = i, t
		}
	}
	if start >= 0 {
		out = append(out, Span{typ, start, len(labels)})
	}
	return out
}
