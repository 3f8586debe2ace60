package extract

import (
	"fmt"
	"hash/maphash"
	"sync"

	"github.com/zhdoc/zhdoc/shared/segment"
)

// Extractor holds what is loaded once per process: the shared segmenter,
// the IDF table and the gazetteers. It is safe for concurrent use.
//
// The segmenter is reached only through shared/segment's functions, held as
// closures so that this package does not depend on the segmenter's type.
type Extractor struct {
	tokens func(string) []segment.Token         // segment.Tokens
	lookup func(string) (float64, string, bool) // segment.Lookup
	idf    *segment.IDFTable
	idfc   *idfCache // of idf
	wc     *wordCache
	gaz    gazetteer

	gazPrefix map[[2]rune]bool // first two characters of names of 3+ characters
	gazFirst  *runeBits        // their first characters
	gazPairs  *[1 << 10]uint64 // bitmap of pairHash over gazPrefix

	words    map[string]wordInfo // word lists and gazetteer, one look-up (flags.go)
	wordBits *[1 << 12]uint64    // bitmap of wordHash over words
}

var (
	newOnce sync.Once
	newExt  *Extractor
	newErr  error
)

// Tokens cuts text exactly as Extract expects its Input.Lines: with the
// shared segmenter extended by the gazetteers (上海合作组织 is one word).
// Ingestion and queries both cut through it, so they agree.
func (e *Extractor) Tokens(text string) []segment.Token { return e.tokens(text) }

// New returns the process-wide extractor, loading dictionaries on the first
// call only (later calls return the same value).
func New() (*Extractor, error) {
	newOnce.Do(func() {
		seg, err := segment.Default()
		if err != nil {
			newErr = err
			return
		}
		g, err := loadGazetteer()
		if err != nil {
			newErr = fmt.Errorf("load gazetteers: %w", err)
			return
		}
		words := make(map[string]string, len(g))
		for w, en := range g {
			words[w] = posOf(en.Type)
		}
		segment.Extend(seg, words, 2000)
		newExt = &Extractor{
			tokens: func(s string) []segment.Token { return segment.Tokens(seg, s) },
			lookup: func(w string) (float64, string, bool) { return segment.Lookup(seg, w) },
			idf:    segment.IDF(),
			idfc:   &idfCache{seed: maphash.MakeSeed()},
			wc:     &wordCache{seed: maphash.MakeSeed()},
			gaz:    g,
		}
		newExt.gazPrefix = map[[2]rune]bool{}
		newExt.gazPairs = new([1 << 10]uint64)
		newExt.buildWords()
		var first []rune
		for w := range g {
			rs := []rune(w)
			if len(rs) >= 3 && len(rs) <= gazMaxRunes && allHanRunes(rs) {
				newExt.gazPrefix[[2]rune{rs[0], rs[1]}] = true
				h := pairHash([2]rune{rs[0], rs[1]})
				newExt.gazPairs[h>>6] |= 1 << (h & 63)
				first = append(first, rs[0])
			}
		}
		newExt.gazFirst = runeSet(string(first))
	})
	return newExt, newErr
}

// gazMaxRunes: longer gazetteer names are not re-joined across words.
const gazMaxRunes = 10

func posOf(typ string) string {
	switch typ {
	case PER:
		return "nr"
	case LOC:
		return "ns"
	}
	return "nt"
}
