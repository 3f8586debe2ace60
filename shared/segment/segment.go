// Package segment owns the process-wide word segmenter and the IDF table that
// goes with it.
//
// Both come from gse (github.com/go-ego/gse): internal/gen loads gse's
// Simplified dictionary, its embedded IDF table and its character HMM at `go
// generate` time and writes them as one pointer-free image
// (data/segment.bin) that is embedded in the binary and read in place. At
// run time nothing is parsed and nothing is allocated per word: start-up
// costs microseconds, and the operating system pages in the parts of the
// image that documents touch. Segmenter cuts exactly as gse's Cut(text,
// true) does (DAG over dictionary words, maximum log-frequency route, HMM for
// runs of single characters), which the tests check against gse itself.
//
// gse facts this package works around (measured on gse v0.80.3):
//   - LoadDictEmbed parses text and builds a cedar trie (about 1.6 s and
//     200 MB for zh_s) and links gse's 23.7 MB Japanese dictionary into the
//     binary: this package never calls it at run time;
//   - creating a gse segmenter rewrites gse's package-level HMM model, which
//     races with goroutines that are cutting; this package has its own copy
//     of the model and never touches gse's;
//   - LoadDictEmbed("zh_s, zh_t") loads only the Simplified dictionary; text
//     is converted to Simplified before segmentation, so only "zh_s" is used;
//   - built with -tags ne, gse embeds no dictionary and Cut silently falls
//     back to HMM only; the image does not depend on that tag;
//   - gse's IDF loaders read a file from the module folder (absent on
//     Lambda) and set no median, so unknown words weigh 0: IDF reads the
//     image and gives unknown words the median.
package segment

import (
	"errors"
	"fmt"
	"math"
	"sync"
)

var (
	once    sync.Once
	shared  *Segmenter
	loadErr error
	imgDict *dict
)

func load() {
	once.Do(func() {
		d, err := parseImage(image)
		if err != nil {
			loadErr = fmt.Errorf("load segmentation dictionary: %w", err)
			return
		}
		imgDict = d
		shared = newSegmenter(d)
		if err := shared.check(); err != nil {
			loadErr = err
			shared = nil
		}
	})
}

// Shared returns the process-wide segmenter (the one extract.New extends
// with its gazetteers).
func Shared() (*Segmenter, error) {
	load()
	return shared, loadErr
}

// New returns a segmenter of its own (its own Extend words) over the shared
// image.
func New() (*Segmenter, error) {
	load()
	if loadErr != nil {
		return nil, loadErr
	}
	return newSegmenter(imgDict), nil
}

// ErrEmptyDictionary: the dictionary holds (almost) nothing, as when gse is
// built with -tags ne; segmentation would silently be HMM only.
var ErrEmptyDictionary = errors.New("segmentation dictionary is empty (gse built with -tags ne?): segmentation would be HMM only")

func (g *Segmenter) check() error {
	if g == nil || g.NumWords() < 100000 {
		return ErrEmptyDictionary
	}
	if f, _, ok := g.Lookup("中国"); !ok || f <= 0 {
		return ErrEmptyDictionary
	}
	return nil
}

// Token is one segmented word with its dictionary part-of-speech tag and
// frequency. Pos and Freq are empty/0 for words the dictionary does not know
// (joined by the HMM: often names).
type Token struct {
	Text string
	Pos  string
	Freq float64
}

// IDFTable maps words to inverse document frequency; unknown words get the
// median.
type IDFTable struct {
	d      *dict
	Median float64
}

var (
	idfOnce sync.Once
	idf     *IDFTable
)

// IDF returns the shared table (gse's embedded idf.txt, from the image).
func IDF() *IDFTable {
	idfOnce.Do(func() {
		load()
		if imgDict == nil {
			idf = &IDFTable{}
			return
		}
		idf = &IDFTable{d: imgDict, Median: imgDict.hdr.IDFMedian}
	})
	return idf
}

// Len is the number of words in the table.
func (t *IDFTable) Len() int {
	if t.d == nil {
		return 0
	}
	return int(t.d.hdr.IDFWords)
}

func (t *IDFTable) lookup(word string) (float64, bool) {
	if t.d == nil {
		return 0, false
	}
	s := t.d.find(word)
	if s == 0 {
		return 0, false
	}
	e := t.d.entry(s)
	if e < 0 {
		return 0, false
	}
	v := t.d.idf[e]
	if math.IsNaN(float64(v)) {
		return 0, false
	}
	return float64(v), true
}

// Weight returns the IDF of word, or the median for unknown words.
func (t *IDFTable) Weight(word string) float64 {
	if v, ok := t.lookup(word); ok {
		return v
	}
	return t.Median
}

// Known reports whether word is in the table.
func (t *IDFTable) Known(word string) bool {
	_, ok := t.lookup(word)
	return ok
}
