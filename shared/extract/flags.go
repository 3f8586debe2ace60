package extract

import "strings"

// Word flags: membership of a word in the word lists the rules consult,
// looked up once per word (one map access instead of one per list).
const (
	fTitle uint32 = 1 << iota
	fSpeech
	fOrgHead
	fWeakOrgHead
	fStandaloneOrg
	fPlaceSuffix
	fStrongPlaceSuffix
	fListEnd
	fRunStop
	fNotPlace
	fModifier
	fConcept
	fLoneAbbrAfter
	fRelation
	fStopKeyword
	fGaz                    // a gazetteer name
	fKnown uint32 = 1 << 31 // the flags have been looked up
)

var wordFlags = func() map[string]uint32 {
	m := map[string]uint32{}
	for _, l := range []struct {
		set  map[string]bool
		flag uint32
	}{
		{titles, fTitle}, {speechVerbs, fSpeech}, {orgHeads, fOrgHead}, {weakOrgHeads, fWeakOrgHead},
		{standaloneOrg, fStandaloneOrg}, {placeSuffixes, fPlaceSuffix}, {strongPlaceSuffix, fStrongPlaceSuffix},
		{listEnd, fListEnd}, {runStop, fRunStop}, {notPlace, fNotPlace}, {modifierWords, fModifier},
		{conceptAfterPlace, fConcept}, {loneAbbrAfter, fLoneAbbrAfter}, {relationWords, fRelation},
		{stopKeywords, fStopKeyword},
	} {
		for w := range l.set {
			m[w] |= l.flag
		}
	}
	return m
}()

// flags returns the word flags of t's text.
func (t *ntok) flags() uint32 { return t.w.fl }

func (t *ntok) is(f uint32) bool { return t.flags()&f != 0 }

// lastRuneSet returns the set of the last characters of the words.
func lastRuneSet(words ...[]string) *runeBits {
	var rs []rune
	for _, l := range words {
		for _, w := range l {
			rs = append(rs, lastRune(w))
		}
	}
	return runeSet(string(rs))
}

// wordInfo is what one look-up tells about a word: its flags (with fKnown)
// and, with fGaz, its gazetteer entry.
type wordInfo struct {
	fl  uint32
	gaz gazEntry
}

// word looks w up in the word lists and the gazetteer at once.
func (e *Extractor) word(w string) wordInfo {
	if !e.mayWord(w) {
		return wordInfo{fl: fKnown}
	}
	if i, ok := e.words[w]; ok {
		return i
	}
	return wordInfo{fl: fKnown}
}

// buildWords merges the word lists and the gazetteer into one map.
func (e *Extractor) buildWords() {
	e.words = make(map[string]wordInfo, len(e.gaz)+len(wordFlags))
	for w, f := range wordFlags {
		e.words[w] = wordInfo{fl: f | fKnown}
	}
	for w, g := range e.gaz {
		i := e.words[w]
		i.fl |= fGaz | fKnown
		i.gaz = g
		e.words[w] = i
	}
	e.wordBits = new([1 << 12]uint64)
	for w := range e.words {
		h := wordHash(w)
		e.wordBits[h>>6] |= 1 << (h & 63)
	}
}

// mayWord: w may be in e.words (and so in the gazetteer); false for most
// words, without a map access.
func (e *Extractor) mayWord(w string) bool {
	h := wordHash(w)
	return e.wordBits[h>>6]&(1<<(h&63)) != 0
}

// wordHash mixes the length and a few bytes of w (the last bytes of the
// first and last characters vary most in UTF-8 Han text) into 18 bits.
func wordHash(w string) uint32 {
	n := len(w)
	if n == 0 {
		return 0
	}
	x := uint32(n)*0x9E3779B1 ^ uint32(w[n-1])*0x85EBCA77 ^ uint32(w[n/2])*0xC2B2AE3D
	if n >= 3 {
		x ^= uint32(w[2]) * 0x27D4EB2F
	}
	if n >= 2 {
		x ^= uint32(w[n-2]) * 0x165667B1
	}
	x ^= x >> 15
	x *= 0x2C1B3C6D
	x ^= x >> 13
	return x >> (32 - 18)
}

// pairHash indexes the bitmap of the first two characters of gazetteer
// names (a quick test before the map).
func pairHash(p [2]rune) uint32 {
	return (uint32(p[0])*0x9E3779B1 ^ uint32(p[1])*0x85EBCA77) >> (32 - 16)
}

// Text flags: what rules ask of a word's characters against the
// Extractor's tables, found once per word (the word cache keeps them).
const (
	tKnown      uint16 = 1 << iota // the text flags have been found
	tGazStart                      // the word may start a gazetteer name (gazStart): one character that starts one, or two or more whose first two start one
	tAbbrGate                      // markAbbr looks into the word: at most eight characters, the first an abbreviation, a verb that takes one, or a surname (two characters or more)
	tAbbr1                         // one character, an abbreviation that pairs with another (abbrTok)
	tStrongEnd                     // three Han characters or more ending with a strongOrgEnd head (orgHeadToken)
	tStrongTail                    // strongOrgTail
	tNtOrg                         // ntOrg
	tMinistry                      // ministry but for the tag
	tCongress                      // an ordinal and 大 (十五大)
	tOrdinal                       // ordinalText but for the tag: characters of ordinals only
	tDot                           // a middle dot: · or • (dottedNames)
)

// textFlags returns the text flags of a word of n characters and features
// f.
func (e *Extractor) textFlags(text string, f feat, n int) uint16 {
	tf := tKnown
	if n > 0 && e.gazFirst.has(f.r0) && (n == 1 || e.gazPair(f.r0, f.r1)) {
		tf |= tGazStart
	}
	if r0 := f.r0; n > 0 && n <= 8 && abbrStart.has(r0) && (abbrPlace(r0) != "" || abbrVerbs.has(r0) || surnames.has(r0) && n >= 2) {
		tf |= tAbbrGate
	}
	if n == 1 && abbrPlace(f.r0) != "" && !noPairAbbr.has(f.r0) {
		tf |= tAbbr1
	}
	if n >= 3 && f.han && strongOrgLast.has(f.rl) {
		for _, s := range strongOrgEnd {
			if strings.HasSuffix(text, s) {
				tf |= tStrongEnd
				break
			}
		}
	}
	if strongOrgTail(text) {
		tf |= tStrongTail
	}
	if ntOrg(text) {
		tf |= tNtOrg
	}
	if ministryText(n, f) {
		tf |= tMinistry
	}
	if n >= 2 && f.rl == '大' && ordinalText(strings.TrimSuffix(text, "大"), "m") {
		tf |= tCongress
	}
	if ordinalText(text, "") {
		tf |= tOrdinal
	}
	if text == "·" || text == "•" {
		tf |= tDot
	}
	return tf
}

// tflags returns t's text flags.
func (e *Extractor) tflags(t *ntok) uint16 { return t.w.tf }
