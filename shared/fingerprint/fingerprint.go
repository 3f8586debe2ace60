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
	"unicode"
)

const (
	// Version is the layout version in element 0.
	Version = 1
	// K is the sketch size.
	K = 128
	// Shingle is the shingle length in characters.
	Shingle = 5
)

func keep(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs
		return true
	}
	return unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r)
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
func Of(text string) []uint32 {
	rs := make([]rune, 0, len(text)/3)
	for _, r := range text {
		if keep(r) {
			rs = append(rs, lower(r))
		}
	}
	if len(rs) == 0 {
		return nil
	}
	n := Shingle
	if len(rs) < n {
		n = len(rs)
	}
	// All shingle hashes, sorted: the distinct ones are counted and the K
	// smallest kept (a sort of a flat slice is cheaper than a hash set).
	hs := make([]uint32, 0, len(rs)-n+1)
	for i := 0; i+n <= len(rs); i++ {
		var h uint64 = 1469598103934665603
		for _, r := range rs[i : i+n] {
			h = mix(h ^ uint64(r))
		}
		hs = append(hs, uint32(h>>32))
	}
	radixSort(hs)
	distinct := 0
	for i, h := range hs {
		if i == 0 || h != hs[i-1] {
			if distinct < K {
				hs[distinct] = h
			}
			distinct++
		}
	}
	out := make([]uint32, 2, 2+min(distinct, K))
	out[0] = Version
	out[1] = uint32(min(distinct, 1<<32-1))
	return append(out, hs[:min(distinct, K)]...)
}

// radixSort sorts a in place (LSD, four passes of 8 bits; several times
// faster than a comparison sort on the thousands of hashes of a page).
func radixSort(a []uint32) {
	if len(a) < 128 {
		slices.Sort(a)
		return
	}
	buf := make([]uint32, len(a))
	src, dst := a, buf
	for shift := uint(0); shift < 32; shift += 8 {
		var count [256]int
		for _, v := range src {
			count[byte(v>>shift)]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			d := byte(v >> shift)
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	// an even number of passes: the sorted data is back in a
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
