package tagger

import "unicode"

// Character classes: a feature that carries over to characters the
// training data never showed (another digit, another Latin letter).
const (
	cHan uint8 = iota + 1
	cDigit
	cLatin
	cDot // the middle dot of transliterated names
	cPunct
	cSpace
	cOther
	cBound // before the first or after the last character
)

// class is the character class of r; prepare folds all digits to '0' and
// all Latin letters to 'a' (their identity carries little here and would
// spread weights thin).
func class(r rune) uint8 {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // most characters: no table look-up
		return cHan
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return cLatin
	case r >= '0' && r <= '9':
		return cDigit
	case r < 0x80 && r >= 0:
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
			return cSpace
		}
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return cPunct
		}
		return cOther
	}
	switch {
	case r < 0:
		return cBound
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, unicode.Is(unicode.Han, r):
		return cHan
	case r >= '0' && r <= '9', r >= '０' && r <= '９', r == '〇':
		return cDigit
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= 'ａ' && r <= 'ｚ', r >= 'Ａ' && r <= 'Ｚ':
		return cLatin
	case r == '·' || r == '•' || r == '‧' || r == '・':
		return cDot
	case unicode.IsSpace(r):
		return cSpace
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return cPunct
	}
	return cOther
}

// Feature templates (the hash's first input; never renumber one, or a
// trained table means something else).
const (
	fBias uint64 = iota + 1
	fC0
	fCm1
	fCp1
	fCm2
	fCp2
	fCm1C0
	fC0Cp1
	fCm2Cm1
	fCp1Cp2
	fCm1Cp1
	fCm1C0Cp1
	fWPosPOS
	fWPosLen
	fWordWPos
	fPrevPOS
	fNextPOS
	fGaz
	fRule
	fRule3
	fClass3
	fC0WPos
	fRuleWPos
	fRuleC0
	fLex3
	fWLex
	fPrevW
	fNextW
	fLexC0WPos
	fRuleGaz
	fC0POS
	fWordPOSNext
)

// pre is what features read of a cell, computed once per cell.
type pre struct {
	r     uint64 // fold(R)
	class uint64
}

// prepare fills p with the folded character and class of each cell.
func prepare(cs []Cell, p []pre) []pre {
	p = p[:0]
	for i := range cs {
		r := cs[i].R
		c := class(r)
		switch c {
		case cDigit:
			r = '0'
		case cLatin:
			r = 'a'
		}
		p = append(p, pre{uint64(r), uint64(c)})
	}
	return p
}

// Hashing: one multiply per value. The template goes first so equal values
// of different templates land apart.
const (
	k0 = 0x9E3779B97F4A7C15
	k1 = 0xC2B2AE3D27D4EB4F
)

func h1(t, a uint64) uint32 {
	h := (t*k0 ^ a) * k1
	return uint32(h>>32 ^ h)
}

func h2(t, a, b uint64) uint32 {
	h := (t*k0 ^ a) * k1
	h = (h ^ b) * k0
	return uint32(h>>32 ^ h)
}

func h3(t, a, b, c uint64) uint32 {
	h := (t*k0 ^ a) * k1
	h = (h ^ b) * k0
	h = (h ^ c) * k1
	return uint32(h>>32 ^ h)
}

// maxFeatures bounds the features of one cell.
const maxFeatures = 16

var boundPre = [2]pre{{r: 1 << 40, class: uint64(cBound)}, {r: 2 << 40, class: uint64(cBound)}}

// features writes the hashed features of cell i into fs and returns how
// many.
func features(cs []Cell, p []pre, i int, fs *[maxFeatures]uint32) int {
	at := func(j int) *pre {
		if j < 0 {
			return &boundPre[0]
		}
		if j >= len(p) {
			return &boundPre[1]
		}
		return &p[j]
	}
	const bound = 15
	rule := func(j int) uint64 {
		if j < 0 || j >= len(cs) {
			return bound
		}
		return uint64(cs[j].Rule)
	}
	c := &cs[i]
	pm2, pm1, p0, pp1, pp2 := at(i-2), at(i-1), at(i), at(i+1), at(i+2)
	m2, m1, c0, p1, p2 := pm2.r, pm1.r, p0.r, pp1.r, pp2.r
	wpos, pos := uint64(c.WPos), uint64(c.POS)
	r0 := rule(i)
	k := 0
	fs[k] = h1(fC0, c0)
	k++
	fs[k] = h1(fCp1, p1)
	k++
	fs[k] = h1(fCp2, p2)
	k++
	fs[k] = h2(fC0Cp1, c0, p1)
	k++
	fs[k] = h2(fCm2Cm1, m2, m1)
	k++
	fs[k] = h3(fCm1C0Cp1, m1, c0, p1)
	k++
	fs[k] = h2(fWordWPos, uint64(c.Word), wpos)
	k++
	fs[k] = h2(fGaz, uint64(c.Gaz), wpos)
	k++
	fs[k] = h1(fRule, r0)
	k++
	fs[k] = h3(fRule3, rule(i-1), r0, rule(i+1))
	k++
	fs[k] = h2(fC0WPos, c0, wpos)
	k++
	fs[k] = h3(fRuleWPos, r0, wpos, pos)
	k++
	fs[k] = h2(fRuleC0, r0, c0)
	k++
	fs[k] = h2(fWLex, uint64(c.WLex), wpos)
	k++
	return k
}
