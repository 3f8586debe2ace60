package engine

import (
	"sort"
	"unicode/utf8"
)

// Node is a dictionary tree as written in an OpenCC config: a leaf, or a
// group whose members are tried in order (short circuit: the first member
// with any match wins) or all together (union: the longest match wins, the
// earlier member on a tie).
type Node struct {
	Leaf     *Leaf
	Union    bool
	Children []*Node
}

const (
	flagSingle = 1 << iota // a one-rune key matches; value in vals
	flagMulti              // some longer key starts with this rune
)

// info describes one rune that can start a key (or is an IDS operator).
type info struct {
	voff  uint32 // single-rune value: vals[voff : voff+vlen]
	multi uint32 // index into ranges: 2 per leaf
	vlen  uint16
	flags uint8
}

// Step is one compiled conversion (or segmentation) dictionary: greedy
// longest-prefix matching, left to right, with OpenCC's group semantics.
// A Step is immutable and safe for concurrent use.
type Step struct {
	root   *compiled
	leaves []*Leaf
	bmp    []uint16 // rune < 0x10000 → index into infos, 0 = cannot start a key
	astral []uint32 // sorted runes ≥ 0x10000 that can start a key
	astIdx []uint16
	infos  []info
	ranges []uint32 // per multi rune: lo, hi of each leaf's bucket
	vals   []byte
	// bigram is a bit set over hashed (first rune, second rune) pairs of all
	// keys longer than one rune: a clear bit proves that only one-rune keys
	// can match, so the full match is skipped.
	bigram []uint64
}

const bigramBits = 1 << 20

func bigramHash(r1, r2 uint32) uint32 {
	return (r1*0x9E3779B1 ^ r2*0x85EBCA77) >> (32 - 20)
}

type compiled struct {
	leaf     int // index into Step.leaves, or -1
	union    bool
	children []*compiled
}

// NewStep compiles a dictionary tree.
func NewStep(root *Node) *Step {
	s := &Step{bmp: make([]uint16, 0x10000), infos: make([]info, 1)}
	s.root = s.compile(root)
	astral := map[rune]uint16{}
	index := func(r rune) *info {
		var idx uint16
		if r < 0x10000 {
			idx = s.bmp[r]
		} else {
			idx = astral[r]
		}
		if idx == 0 {
			idx = uint16(len(s.infos))
			if int(idx) != len(s.infos) {
				panic("zhconv: too many key runes in one step")
			}
			s.infos = append(s.infos, info{})
			if r < 0x10000 {
				s.bmp[r] = idx
			} else {
				astral[r] = idx
			}
		}
		return &s.infos[idx]
	}
	// IDS operators must stop the fast scan: an unmatched operator may
	// start a sequence that is copied whole.
	for r := rune(0x2FF0); r <= 0x2FFF; r++ {
		index(r)
	}
	// Pass 1: flags and single-rune values. The first leaf in tree order
	// holding a one-rune key wins under both policies, since every candidate
	// then has the same length.
	for _, l := range s.leaves {
		for b := 0; b < l.nb; b++ {
			r, lo, hi := l.bucket(b)
			in := index(r)
			rl := utf8.RuneLen(r)
			if len(l.Key(lo)) == rl && in.flags&flagSingle == 0 {
				v := l.Value(lo)
				in.voff, in.vlen = uint32(len(s.vals)), uint16(len(v))
				s.vals = append(s.vals, v...)
				in.flags |= flagSingle
			}
			if hi-lo > 1 || len(l.Key(lo)) > rl {
				in.flags |= flagMulti
			}
		}
	}
	// Pass 2: bucket ranges of every leaf for runes that need a full match.
	nl := len(s.leaves)
	for i := range s.infos {
		if s.infos[i].flags&flagMulti != 0 {
			s.infos[i].multi = uint32(len(s.ranges))
			s.ranges = append(s.ranges, make([]uint32, 2*nl)...)
		}
	}
	for li, l := range s.leaves {
		for b := 0; b < l.nb; b++ {
			r, lo, hi := l.bucket(b)
			in := index(r)
			if in.flags&flagMulti != 0 {
				s.ranges[int(in.multi)+2*li] = uint32(lo)
				s.ranges[int(in.multi)+2*li+1] = uint32(hi)
			}
		}
	}
	s.bigram = make([]uint64, bigramBits/64)
	for _, l := range s.leaves {
		for i := 0; i < l.n; i++ {
			k := l.Key(i)
			r1, n1 := utf8.DecodeRune(k)
			if n1 == len(k) {
				continue
			}
			r2, _ := utf8.DecodeRune(k[n1:])
			h := bigramHash(uint32(r1), uint32(r2))
			s.bigram[h>>6] |= 1 << (h & 63)
		}
	}
	for r := range astral {
		s.astral = append(s.astral, uint32(r))
	}
	sort.Slice(s.astral, func(i, j int) bool { return s.astral[i] < s.astral[j] })
	for _, r := range s.astral {
		s.astIdx = append(s.astIdx, astral[rune(r)])
	}
	return s
}

func (s *Step) compile(n *Node) *compiled {
	if n.Leaf != nil {
		s.leaves = append(s.leaves, n.Leaf)
		return &compiled{leaf: len(s.leaves) - 1}
	}
	c := &compiled{leaf: -1, union: n.Union}
	for _, ch := range n.Children {
		c.children = append(c.children, s.compile(ch))
	}
	return c
}

// lookup returns the info index of rune r, 0 if r starts no key.
func (s *Step) lookupAstral(r uint32) uint16 {
	a, b := 0, len(s.astral)
	for a < b {
		m := int(uint(a+b) >> 1)
		if s.astral[m] < r {
			a = m + 1
		} else {
			b = m
		}
	}
	if a < len(s.astral) && s.astral[a] == r {
		return s.astIdx[a]
	}
	return 0
}

// scan returns the offset of the first rune at or after i that can start a
// key or is an IDS operator, with its info index and byte length.
func (s *Step) scan(src []byte, i int) (int, uint16, int) {
	bmp := s.bmp[:0x10000]
	for i < len(src) {
		c := src[i]
		switch {
		case c < 0x80:
			if idx := bmp[c]; idx != 0 {
				return i, idx, 1
			}
			i++
		case c < 0xE0:
			if i+1 >= len(src) {
				return len(src), 0, 0
			}
			r := uint32(c&0x1F)<<6 | uint32(src[i+1]&0x3F)
			if idx := bmp[r&0xFFFF]; idx != 0 {
				return i, idx, 2
			}
			i += 2
		case c < 0xF0:
			if i+2 >= len(src) {
				return len(src), 0, 0
			}
			r := uint32(c&0x0F)<<12 | uint32(src[i+1]&0x3F)<<6 | uint32(src[i+2]&0x3F)
			if idx := bmp[r&0xFFFF]; idx != 0 {
				return i, idx, 3
			}
			i += 3
		default:
			if i+3 >= len(src) {
				return len(src), 0, 0
			}
			if len(s.astral) > 0 {
				r := uint32(c&0x07)<<18 | uint32(src[i+1]&0x3F)<<12 | uint32(src[i+2]&0x3F)<<6 | uint32(src[i+3]&0x3F)
				if idx := s.lookupAstral(r); idx != 0 {
					return i, idx, 4
				}
			}
			i += 4
		}
	}
	return len(src), 0, 0
}

// matchAt matches at src[0], whose rune has info index idx and size bytes.
// It returns the key length and value, or n == 0 when nothing matches.
func (s *Step) matchAt(src []byte, idx uint16, size int) (n int, val []byte) {
	in := &s.infos[idx]
	if in.flags&flagMulti != 0 && s.maybeLonger(src, size) {
		rg := s.ranges[in.multi : int(in.multi)+2*len(s.leaves)]
		li, e := s.eval(s.root, rg, src, size)
		if e < 0 {
			return 0, nil
		}
		l := s.leaves[li]
		return len(l.Key(e)), l.Value(e)
	}
	if in.flags&flagSingle != 0 {
		return size, s.vals[in.voff : in.voff+uint32(in.vlen)]
	}
	return 0, nil
}

// maybeLonger reports whether a key of two or more runes may match src.
func (s *Step) maybeLonger(src []byte, size int) bool {
	if size >= len(src) {
		return false
	}
	r1, _ := decode(src, 0)
	r2, n := decode(src, size)
	if n == 0 {
		return false
	}
	h := bigramHash(uint32(r1), uint32(r2))
	return s.bigram[h>>6]&(1<<(h&63)) != 0
}

// eval returns the leaf and entry of the match chosen by node c, or e < 0.
func (s *Step) eval(c *compiled, rg []uint32, src []byte, size int) (li, e int) {
	if c.leaf >= 0 {
		lo, hi := rg[2*c.leaf], rg[2*c.leaf+1]
		if lo == hi {
			return c.leaf, -1
		}
		return c.leaf, s.leaves[c.leaf].longest(int(lo), int(hi), size, src)
	}
	bl, be, bn := 0, -1, 0
	for _, ch := range c.children {
		l, e := s.eval(ch, rg, src, size)
		if e < 0 {
			continue
		}
		if !c.union {
			return l, e
		}
		if n := len(s.leaves[l].Key(e)); n > bn {
			bl, be, bn = l, e, n
		}
	}
	return bl, be
}

// unmatched is the length of the unconverted unit at src[0]: a complete
// Ideographic Description Sequence, else one rune.
func unmatched(src []byte, size int) int {
	if size == 3 && src[0] == 0xE2 && src[1] == 0xBF && src[2] >= 0xB0 {
		if n := idsLen(src); n > 0 {
			return n
		}
	}
	return size
}

// Convert appends the conversion of src (valid UTF-8) to dst.
func (s *Step) Convert(dst, src []byte) []byte {
	i := 0
	for i < len(src) {
		j, idx, size := s.scan(src, i)
		dst = append(dst, src[i:j]...)
		if j >= len(src) {
			break
		}
		if n, v := s.matchAt(src[j:], idx, size); n > 0 {
			dst = append(dst, v...)
			i = j + n
			continue
		}
		n := unmatched(src[j:], size)
		dst = append(dst, src[j:j+n]...)
		i = j + n
	}
	return dst
}

// Untouched reports whether Convert(src) would copy src unchanged because
// no rune of it can start a key or an IDS.
func (s *Step) Untouched(src []byte) bool {
	j, _, _ := s.scan(src, 0)
	return j >= len(src)
}

// Segment appends to cuts the end offsets of OpenCC's maximum-match
// segments of src: each matched key is a segment, and each run of unmatched
// text between keys is one segment.
func (s *Step) Segment(cuts []int, src []byte) []int {
	i, start := 0, 0
	for i < len(src) {
		j, idx, size := s.scan(src, i)
		if j >= len(src) {
			break
		}
		if n, _ := s.matchAt(src[j:], idx, size); n > 0 {
			if j > start {
				cuts = append(cuts, j)
			}
			cuts = append(cuts, j+n)
			i, start = j+n, j+n
			continue
		}
		i = j + unmatched(src[j:], size)
	}
	if start < len(src) {
		cuts = append(cuts, len(src))
	}
	return cuts
}

// idsLen mirrors OpenCC's UTF8Util::NextIdeographicDescriptionSequenceLength:
// the byte length of a complete IDS at src[0], or 0.
func idsLen(src []byte) int {
	r, _ := utf8.DecodeRune(src)
	if idsArity(r) == 0 {
		return 0
	}
	codePoints := 0
	n, ok := idsConsume(src, 16, &codePoints)
	if !ok {
		return 0
	}
	return n
}

func idsArity(r rune) int {
	switch {
	case r == 0x2FF2 || r == 0x2FF3:
		return 3
	case r == 0x2FFE || r == 0x2FFF:
		return 1
	case r >= 0x2FF0 && r <= 0x2FFD:
		return 2
	}
	return 0
}

// idsConsume parses one IDS component; ok is false for an incomplete or
// invalid sequence (both make OpenCC fall back to a single rune).
func idsConsume(src []byte, depthLeft int, codePoints *int) (int, bool) {
	if len(src) == 0 || depthLeft == 0 || *codePoints >= 64 {
		return 0, false
	}
	r, size := utf8.DecodeRune(src)
	if r == utf8.RuneError && size <= 1 {
		return 0, false
	}
	*codePoints++
	ar := idsArity(r)
	off := size
	for k := 0; k < ar; k++ {
		if off >= len(src) {
			return 0, false
		}
		n, ok := idsConsume(src[off:], depthLeft-1, codePoints)
		if !ok {
			return 0, false
		}
		off += n
	}
	return off, true
}
