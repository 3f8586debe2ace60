package extract

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// wordEntry is everything a word's text alone tells the rules: its
// characters' features, its word-list flags and gazetteer entry, and its
// IDF weight (of the canonical name for a gazetteer name, the form keywords
// count). Entries are immutable once published.
type wordEntry struct {
	key  [16]byte // the text when it is 16 bytes or shorter: compared in place
	klen int32    // len(text)
	n    int32
	feat
	fl   uint32 // flags with fKnown (e.word)
	tf   uint16 // e.textFlags
	idf  float64
	gaz  *gazEntry // with fGaz in fl
	th   uint32    // the entity tagger's hash of the text (tag.go)
	text string
	abbr []sub // with tAbbrGate in tf: abbrInWord (shared: copied before a change)
}

// is reports whether the entry is the word w.
func (p *wordEntry) is(w string) bool {
	if int(p.klen) != len(w) {
		return false
	}
	if len(w) <= len(p.key) {
		return string(p.key[:len(w)]) == w
	}
	return p.text == w
}

// wordCache remembers the entries of recently seen words: news vocabulary
// repeats within and across documents, and a hit costs one hash and a
// compare instead of the character scan, the word-list look-up and the IDF
// look-up. Two-way set-associative (a document's few thousand words seldom
// evict each other), each slot an atomic pointer to an immutable entry, so
// it is safe for concurrent use: a reader sees an old entry or a new one,
// and checks it is its word.
type wordCache struct {
	seed  maphash.Seed
	slots [1 << 15]atomic.Pointer[wordEntry]
}

// wordOf returns the entry of w.
func (e *Extractor) wordOf(w string) *wordEntry {
	c := e.wc
	i := maphash.String(c.seed, w) & (uint64(len(c.slots)) - 2)
	s := c.slots[i : i+2 : i+2]
	if p := s[0].Load(); p != nil && p.is(w) {
		return p
	}
	if p := s[1].Load(); p != nil && p.is(w) {
		return p
	}
	// the newest word first; the one it displaces goes second
	p := e.newWordEntry(w)
	s[1].Store(s[0].Load())
	s[0].Store(p)
	return p
}

// newWordEntry computes the entry of w (a copy of w: w may be part of a
// document's text, which the cache must not keep).
func (e *Extractor) newWordEntry(w string) *wordEntry {
	p := &wordEntry{klen: int32(len(w))}
	if len(w) <= len(p.key) {
		copy(p.key[:], w)
	}
	p.text = strings.Clone(w)
	p.th = tagWordHash(w)
	var n int
	p.feat, n = featOf(w)
	p.n = int32(n)
	p.tf = e.textFlags(w, p.feat, n)
	if p.tf&tAbbrGate != 0 {
		p.abbr = e.abbrInWord(runesOf(w))
	}
	wi := e.word(w)
	p.fl = wi.fl
	if p.fl&fGaz != 0 {
		g := wi.gaz
		p.gaz = &g
		p.idf = e.idfWeight(g.Canonical)
	} else {
		p.idf = e.idfWeight(w)
	}
	return p
}

// newTok returns the word w with tag pos and frequency freq at rune offset
// start, with what its entry tells.
func (e *Extractor) newTok(w, pos string, freq float64, start int) tok {
	p := e.wordOf(w)
	return tok{text: w, pos: pos, freq: freq, start: start, end: start + int(p.n), w: p}
}
