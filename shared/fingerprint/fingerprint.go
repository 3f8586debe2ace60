// Package fingerprint computes near-duplicate sketches of canonical
// (Simplified) text: a bottom-k MinHash over character 5-gram shingles.
//
// Layout of the []uint32 that Of returns (stored in doc.Document.Fingerprint):
//
//	[0]      layout version (1)
//	[1]      number of distinct shingles in the text (saturates at 2^32-1)
//	[2:]     the K smallest distinct 32-bit shingle hashes, ascending
//	         (fewer than K when the text has fewer shingles)
//
// Only Han characters, letters and digits are shingled (punctuation, spaces
// and line breaks are dropped), so an OCR copy with spaces inside words or a
// copy with ASCII instead of full-width punctuation shingles like the clean
// one. Because the sketch is a bottom-k sample of the shingle set, it answers
// both whole-document similarity (Jaccard) and containment per pair: the
// share of a's shingles that b also holds, which stays high when b holds a's
// story among others (a paper page that reprints a wire story).
package fingerprint

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

const (
	// Version is the layout version in element 0.
	Version = 1
	// K is the sketch size.
	K = 128
	// Shingle is the shingle length in characters.
	Shingle = 5
)

// keepPunct caches keepSlow for the CJK symbols and punctuation block and
// the full-width forms, which fill Chinese text and are slow to look up
// in the Unicode tables.
var keepPunct = func() (b [0x40 + 0xF0]bool) {
	for r := rune(0x3000); r < 0x3040; r++ {
		b[r-0x3000] = keepSlow(r)
	}
	for r := rune(0xFF00); r < 0xFFF0; r++ {
		b[0x40+r-0xFF00] = keepSlow(r)
	}
	return b
}()

func keep(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs
		return true
	case r >= 0x3000 && r < 0x3040:
		return keepPunct[r-0x3000]
	case r >= 0xFF00 && r < 0xFFF0:
		return keepPunct[0x40+r-0xFF00]
	}
	return keepSlow(r)
}

func keepSlow(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs
		return true
	}
	return lexicon.IsHan(r) || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func lower(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0x4E00 && r <= 0x9FFF:
		return r
	}
	return unicode.ToLower(r)
}

// mix is a 64-bit finaliser (splitmix64) used as the shingle hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Of returns the sketch of text; nil when text has no shingle.
//
// Hashes are gathered in chunks of at most chunkHashes, each sorted and
// merged into the sorted distinct hashes so far, so a long text holds its
// distinct shingles (few, where it repeats itself) and one chunk, not a
// hash for every character.
func Of(text string) []uint32 {
	b := bufPool.Get().(*bufs)
	defer putBufs(b)
	// The last Shingle kept characters: each is written twice, Shingle
	// apart, so win[p:p+Shingle] is always the window oldest first with
	// nothing shifted. Each full window is hashed as it forms.
	var win [2 * Shingle]rune
	p := 0
	kept := 0
	hs := b.hs[:0]
	b.set = b.set[:0]
	for i := 0; i < len(text); {
		var r rune
		if b0 := text[i]; b0 >= 0xE4 && b0 <= 0xE9 && i+2 < len(text) && (b0 != 0xE4 || text[i+1] >= 0xB8) &&
			text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// U+4E00..U+9FFF, kept and its own lower case
			r = rune(b0&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			i += 3
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(text[i:])
			i += n
			if !keep(r) {
				continue
			}
			r = lower(r)
		}
		win[p], win[p+Shingle] = r, r
		if p++; p == Shingle {
			p = 0
		}
		kept++
		if kept >= Shingle {
			var h uint64 = 1469598103934665603
			for _, c := range win[p : p+Shingle] {
				h = mix(h ^ uint64(c))
			}
			hs = append(hs, uint32(h>>32))
			if len(hs) == chunkHashes {
				b.hs = hs
				b.add()
				hs = b.hs[:0]
			}
		}
	}
	if kept == 0 {
		b.hs = hs
		return nil
	}
	if kept < Shingle { // one shingle of all the characters
		var h uint64 = 1469598103934665603
		for _, c := range win[p-kept+Shingle : p+Shingle] {
			h = mix(h ^ uint64(c))
		}
		hs = append(hs, uint32(h>>32))
	}
	b.hs = hs
	b.add()
	distinct := len(b.set)
	out := make([]uint32, 2, 2+min(distinct, K))
	out[0] = Version
	out[1] = uint32(min(distinct, 1<<32-1))
	return append(out, b.set[:min(distinct, K)]...)
}

// chunkHashes bounds the hashes gathered before they are merged (4 MB; a
// variable for the tests of merging).
var chunkHashes = 1 << 20

// bufs are the hash buffers of one call, pooled: the chunk being gathered,
// the radix sort's scratch, and the sorted distinct hashes so far with a
// second array to merge into.
type bufs struct{ hs, tmp, set, merged []uint32 }

// add sorts the chunk, drops its repeats and merges it into set.
func (b *bufs) add() {
	hs := b.hs
	b.tmp = radixSort(hs, b.tmp)
	u := 0
	for i, h := range hs {
		if i == 0 || h != hs[u-1] {
			hs[u] = h
			u++
		}
	}
	hs = hs[:u]
	if len(b.set) == 0 {
		// the first chunk (a page's only one): it is the set
		b.set, b.hs = hs, b.set[:0]
		return
	}
	m := b.merged[:0]
	i, j := 0, 0
	for i < len(b.set) && j < len(hs) {
		switch x, y := b.set[i], hs[j]; {
		case x < y:
			m = append(m, x)
			i++
		case y < x:
			m = append(m, y)
			j++
		default:
			m = append(m, x)
			i++
			j++
		}
	}
	m = append(append(m, b.set[i:]...), hs[j:]...)
	b.set, b.merged = m, b.set[:0]
	b.hs = hs[:0]
}

var bufPool = sync.Pool{New: func() any { return new(bufs) }}

func putBufs(b *bufs) {
	if cap(b.hs) > 1<<22 || cap(b.set) > 1<<22 || cap(b.merged) > 1<<22 { // a huge document's buffers go to the collector
		return
	}
	bufPool.Put(b)
}

// radixSort sorts a in place (LSD, four passes of 8 bits, the four
// histograms taken in one pass; several times faster than a comparison sort
// on the thousands of hashes of a page). buf is scratch space, returned
// (grown when too small) for reuse.
func radixSort(a, buf []uint32) []uint32 {
	if len(a) < 128 {
		slices.Sort(a)
		return buf
	}
	if cap(buf) < len(a) {
		buf = make([]uint32, len(a), len(a)+len(a)/4)
	}
	buf = buf[:len(a)]
	var count [4][256]int
	for _, v := range a {
		count[0][byte(v)]++
		count[1][byte(v>>8)]++
		count[2][byte(v>>16)]++
		count[3][byte(v>>24)]++
	}
	src, dst := a, buf
	for p := range 4 {
		shift := uint(8 * p)
		c := &count[p]
		sum := 0
		for i, n := range c {
			c[i] = sum
			sum += n
		}
		for _, v := range src {
			d := byte(v >> shift)
			dst[c[d]] = v
			c[d]++
		}
		src, dst = dst, src
	}
	// an even number of passes: the sorted data is back in a
	return buf
}

func valid(a []uint32) bool { return len(a) > 2 && a[0] == Version }

// Similarity estimates the Jaccard similarity of the two shingle sets (0..1).
func Similarity(a, b []uint32) float64 {
	if !valid(a) || !valid(b) {
		return 0
	}
	sa, sb := a[2:], b[2:]
	// Bottom-k of the union: merge the two sorted lists, take k smallest
	// distinct values, count those present in both.
	k := K
	if len(sa) < K && len(sb) < K { // both exact
		k = len(sa) + len(sb)
	}
	i, j, taken, both := 0, 0, 0, 0
	for taken < k && (i < len(sa) || j < len(sb)) {
		switch {
		case j >= len(sb) || (i < len(sa) && sa[i] < sb[j]):
			i++
		case i >= len(sa) || sb[j] < sa[i]:
			j++
		default:
			i++
			j++
			both++
		}
		taken++
	}
	if taken == 0 {
		return 0
	}
	return float64(both) / float64(taken)
}

// Containment estimates the share of a's shingles that b also holds (0..1):
// high when a's text is contained in b's, whatever else b holds.
func Containment(a, b []uint32) float64 {
	if !valid(a) || !valid(b) {
		return 0
	}
	sa, sb := a[2:], b[2:]
	// Only hashes below both sketches' thresholds are comparable.
	limit := sa[len(sa)-1]
	if len(sb) >= K && sb[len(sb)-1] < limit {
		limit = sb[len(sb)-1]
	}
	inB := make(map[uint32]bool, len(sb))
	for _, h := range sb {
		inB[h] = true
	}
	n, hit := 0, 0
	for _, h := range sa {
		if h > limit {
			break
		}
		n++
		if inB[h] {
			hit++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(hit) / float64(n)
}
