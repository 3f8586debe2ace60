package extract

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// idfCache remembers the IDF of recently weighed words: news vocabulary
// repeats from document to document, and a hit costs a hash and a string
// compare instead of a walk of the IDF trie. Direct-mapped, a slot holding
// an immutable entry behind an atomic pointer, so it is safe for concurrent
// use; a collision only replaces the slot's entry.
type idfCache struct {
	seed  maphash.Seed
	slots [1 << 13]atomic.Pointer[idfEntry]
}

type idfEntry struct {
	word   string
	weight float64
}

// idfWeight is e.idf.Weight(w).
func (e *Extractor) idfWeight(w string) float64 {
	c := e.idfc
	s := &c.slots[maphash.String(c.seed, w)&(uint64(len(c.slots))-1)]
	if p := s.Load(); p != nil && p.word == w {
		return p.weight
	}
	v := e.idf.Weight(w)
	// a copy: w may be part of a document's text, which the cache must not keep
	s.Store(&idfEntry{word: strings.Clone(w), weight: v})
	return v
}
