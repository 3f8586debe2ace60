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
//     back to HMM only (see CheckDictionary); the image does not depend on
//     that tag;
//   - gse's IDF loaders read a file from the module folder (absent on
//     Lambda) and set no median, so unknown words weigh 0: IDF reads the
//     image and gives unknown words the median.
package segment

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/go-ego/gse"
)

var (
	once    sync.Once
	shared  *Segmenter
	handle  *gse.Segmenter
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
			return
		}
		handle = &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
	})
}

// Shared returns the process-wide segmenter.
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

// Default returns a handle on the shared segmenter for the package-level
// functions (Tokens, Lookup, Extend). It is a *gse.Segmenter for
// compatibility only: it holds no gse dictionary, so call the functions of
// this package with it, not gse's methods.
func Default() (*gse.Segmenter, error) {
	load()
	if loadErr != nil {
		return nil, loadErr
	}
	return handle, nil
}

// of returns the segmenter behind s, or nil when s is a gse segmenter of the
// caller's own.
func of(s *gse.Segmenter) *Segmenter {
	load()
	if s != nil && s == handle {
		return shared
	}
	return nil
}

// ErrEmptyDictionary: the dictionary holds (almost) nothing, as when gse is
// built with -tags ne; segmentation would silently be HMM only.
var ErrEmptyDictionary = errors.New("segmentation dictionary is empty (gse built with -tags ne?): segmentation would be HMM only")

// CheckDictionary fails when s has no usable dictionary.
func CheckDictionary(s *gse.Segmenter) error {
	if g := of(s); g != nil {
		return g.check()
	}
	if s == nil || s.Dict == nil || s.Dict.NumTokens() < 100000 {
		return ErrEmptyDictionary
	}
	if f, _, ok := s.Dict.Find([]byte("中国")); !ok || f <= 0 {
		return ErrEmptyDictionary
	}
	return nil
}

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

// Tokens segments text with the DAG+HMM cutter (HMM on, so unknown names are
// joined) and looks up each word's tag in the dictionary. s is the handle
// from Default (or any gse segmenter, which is then used as it is).
func Tokens(s *gse.Segmenter, text string) []Token {
	if g := of(s); g != nil {
		return g.Tokens(text)
	}
	words := s.Cut(text, true)
	out := make([]Token, len(words))
	for i, w := range words {
		out[i] = Token{Text: w}
		if f, p, ok := s.Dict.Find([]byte(w)); ok && f > 0 {
			out[i].Pos, out[i].Freq = p, f
		}
	}
	return out
}

// Lookup returns the dictionary frequency and tag of word (ok false when the
// dictionary does not hold it).
func Lookup(s *gse.Segmenter, word string) (freq float64, pos string, ok bool) {
	if g := of(s); g != nil {
		return g.Lookup(word)
	}
	f, p, found := s.Dict.Find([]byte(word))
	if !found || f <= 0 {
		return 0, "", false
	}
	return f, p, true
}

var extendMu sync.Mutex

// Extend adds words (word → part-of-speech tag) that the dictionary lacks,
// with frequency freq (words it knows more rarely or under another tag are
// re-added). Words already present are kept as they are. On the handle from
// Default it is safe while other goroutines cut; on a gse segmenter it must
// run before that segmenter is used concurrently.
func Extend(s *gse.Segmenter, words map[string]string, freq float64) int {
	if g := of(s); g != nil {
		return g.Extend(words, freq)
	}
	extendMu.Lock()
	defer extendMu.Unlock()
	return extendGse(s, words, freq)
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
