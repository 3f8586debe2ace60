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
	text string
	feat
	n   int
	fl  uint32   // flags with fKnown (e.word)
	gaz gazEntry // with fGaz in fl
	idf float64
}

// wordCache remembers the entries of recently seen words: news vocabulary
// repeats within and across documents, and a hit costs one hash and a
// string compare instead of the character scan, the word-list look-up and
// the IDF look-up. Direct-mapped, each slot an atomic pointer to an
// immutable entry, so it is safe for concurrent use; a collision only
// replaces the slot's entry.
type wordCache struct {
	seed  maphash.Seed
	slots [1 << 14]atomic.Pointer[wordEntry]
}

// wordOf returns the entry of w.
func (e *Extractor) wordOf(w string) *wordEntry {
	c := e.wc
	s := &c.slots[maphash.String(c.seed, w)&(uint64(len(c.slots))-1)]
	if p := s.Load(); p != nil && p.text == w {
		return p
	}
	p := e.newWordEntry(w)
	s.Store(p)
	return p
}

// newWordEntry computes the entry of w (a copy of w: w may be part of a
// document's text, which the cache must not keep).
func (e *Extractor) newWordEntry(w string) *wordEntry {
	p := &wordEntry{text: strings.Clone(w)}
	p.feat, p.n = featOf(w)
	wi := e.word(w)
	p.fl, p.gaz = wi.fl, wi.gaz
	if p.fl&fGaz != 0 {
		p.idf = e.idfWeight(p.gaz.Canonical)
	} else {
		p.idf = e.idfWeight(w)
	}
	return p
}

// newTok returns the word w with tag pos and frequency freq at rune offset
// start, with what its entry tells.
func (e *Extractor) newTok(w, pos string, freq float64, start int) tok {
	p := e.wordOf(w)
	t := tok{text: w, pos: pos, freq: freq, start: start, end: start + p.n, fl: p.fl, idf: p.idf, feat: p.feat}
	if p.fl&fGaz != 0 {
		t.gaz = &p.gaz
	}
	return t
}
