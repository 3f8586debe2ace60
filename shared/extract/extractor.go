package extract

import (
	"fmt"
	"sync"

	"github.com/go-ego/gse"

	"github.com/zhdoc/zhdoc/shared/segment"
)

// Extractor holds what is loaded once per process: the shared gse segmenter,
// the IDF table and the gazetteers. It is safe for concurrent use.
type Extractor struct {
	seg *gse.Segmenter
	idf *segment.IDFTable
	gaz gazetteer
}

var (
	newOnce sync.Once
	newExt  *Extractor
	newErr  error
)

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
		newExt = &Extractor{seg: seg, idf: segment.IDF(), gaz: g}
	})
	return newExt, newErr
}

func posOf(typ string) string {
	switch typ {
	case PER:
		return "nr"
	case LOC:
		return "ns"
	}
	return "nt"
}
