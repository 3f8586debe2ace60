package extract

import (
	"fmt"
	"hash/maphash"
	"sync"

	"github.com/zhdoc/zhdoc/shared/segment"
)

// Segmenter is what extraction needs of the word segmenter: the cut, the
// dictionary look-up and the gazetteer words New adds. New uses
// *segment.Segmenter (segment.Shared); bench/baseline passes gse loaded the
// way the package did before the precomputed image, to compare the two.
type Segmenter interface {
	Tokens(text string) []segment.Token
	Lookup(word string) (freq float64, pos string, ok bool)
	Extend(words map[string]string, freq float64) int
}

// IDF is the weight table keywords rank by (*segment.IDFTable in New):
// Weight gives unknown words the table's median.
type IDF interface {
	Weight(word string) float64
}

// Extractor holds what is loaded once per process: the shared segmenter,
// the IDF table and the gazetteers. It is safe for concurrent use.
type Extractor struct {
	seg       Segmenter
	idf       IDF
	idfMedian float64
	idfc      *idfCache // of idf
	wc        *wordCache
	gaz       gazetteer

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
// extractor's segmenter extended by the gazetteers (上海合作组织 is one word).
// Ingestion and queries both cut through it, so they agree.
func (e *Extractor) Tokens(text string) []segment.Token { return e.seg.Tokens(text) }

// lookup is the segmenter's dictionary frequency and tag of word.
func (e *Extractor) lookup(word string) (float64, string, bool) { return e.seg.Lookup(word) }

// New returns the process-wide extractor over the shared segmenter and IDF
// table, loading dictionaries on the first call only (later calls return
// the same value).
func New() (*Extractor, error) {
	newOnce.Do(func() {
		seg, err := segment.Shared()
		if err != nil {
			newErr = err
			return
		}
		idf := segment.IDF()
		newExt, newErr = NewWith(seg, idf, idf.Median)
	})
	return newExt, newErr
}

// NewWith returns an extractor of its own over seg, which it extends with
// the gazetteers, and idf, whose weight for unknown words is median.
func NewWith(seg Segmenter, idf IDF, median float64) (*Extractor, error) {
	// The tagger's table is read in place: loading it now costs a header
	// check, and a bad table fails here rather than at the first document.
	if _, err := nerModel(); err != nil {
		return nil, err
	}
	return newWith(seg, idf, median)
}

// NewForTraining returns an extractor that does not check the tagger's
// table: the trainer (internal/train) reads only the rules' view
// (TagCells), and must run when the committed table is stale or absent.
func NewForTraining() (*Extractor, error) {
	seg, err := segment.Shared()
	if err != nil {
		return nil, fmt.Errorf("segmenter: %w", err)
	}
	idf := segment.IDF()
	return newWith(seg, idf, idf.Median)
}

func newWith(seg Segmenter, idf IDF, median float64) (*Extractor, error) {
	g, err := loadGazetteer()
	if err != nil {
		return nil, fmt.Errorf("load gazetteers: %w", err)
	}
	words := make(map[string]string, len(g))
	for w, en := range g {
		words[w] = posOf(en.Type)
	}
	seg.Extend(words, 2000)
	e := &Extractor{
		seg:       seg,
		idf:       idf,
		idfMedian: median,
		idfc:      &idfCache{seed: maphash.MakeSeed()},
		wc:        &wordCache{seed: maphash.MakeSeed()},
		gaz:       g,
	}
	e.gazPrefix = map[[2]rune]bool{}
	e.gazPairs = new([1 << 10]uint64)
	e.buildWords()
	var first []rune
	for w := range g {
		rs := []rune(w)
		if len(rs) >= 3 && len(rs) <= gazMaxRunes && allHanRunes(rs) {
			e.gazPrefix[[2]rune{rs[0], rs[1]}] = true
			h := pairHash([2]rune{rs[0], rs[1]})
			e.gazPairs[h>>6] |= 1 << (h & 63)
			first = append(first, rs[0])
		}
	}
	e.gazFirst = runeSet(string(first))
	return e, nil
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
