// Package segment owns the process-wide gse segmenter and the IDF table that
// goes with it. Both are large, so they are loaded once per process and
// shared by every document and goroutine.
//
// gse facts this package works around (measured on gse v0.80.3):
//   - creating a segmenter rewrites gse's package-level HMM model, which races
//     with goroutines that are cutting; the segmenter is created exactly once;
//   - LoadDictEmbed("zh_s, zh_t") loads only the Simplified dictionary, and
//     text is converted to Simplified before segmentation anyway, so only
//     "zh_s" is loaded;
//   - built with -tags ne, gse embeds no dictionary and Cut silently falls back
//     to HMM only: Default reports that as an error (see CheckDictionary);
//   - gse's IDF loaders read a file from the module folder (absent on Lambda)
//     and set no median, so unknown words weigh 0: IDF parses the embedded
//     copy (gse.ZhIdf) and gives unknown words the median.
package segment

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/go-ego/gse"
)

var (
	once    sync.Once
	shared  *gse.Segmenter
	loadErr error

	idfOnce sync.Once
	idf     *IDFTable
)

// Default returns the shared segmenter, loading the Simplified dictionary on
// first use.
func Default() (*gse.Segmenter, error) {
	once.Do(func() {
		s := new(gse.Segmenter)
		s.SkipLog = true
		if err := s.LoadDictEmbed("zh_s"); err != nil {
			loadErr = fmt.Errorf("load gse dictionary: %w", err)
			return
		}
		if err := CheckDictionary(s); err != nil {
			loadErr = err
			return
		}
		shared = s
	})
	return shared, loadErr
}

// ErrEmptyDictionary: the gse dictionary holds (almost) nothing, as when the
// binary was built with -tags ne; segmentation would silently be HMM only.
var ErrEmptyDictionary = errors.New("gse dictionary is empty (built with -tags ne?): segmentation would be HMM only")

// CheckDictionary fails when s has no usable dictionary.
func CheckDictionary(s *gse.Segmenter) error {
	if s == nil || s.Dict == nil || s.Dict.NumTokens() < 100000 {
		return ErrEmptyDictionary
	}
	if f, _, ok := s.Dict.Find([]byte("中国")); !ok || f <= 0 {
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
// joined) and looks up each word's tag in the dictionary.
func Tokens(s *gse.Segmenter, text string) []Token {
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
	f, p, found := s.Dict.Find([]byte(word))
	if !found || f <= 0 {
		return 0, "", false
	}
	return f, p, true
}

// IDFTable maps words to inverse document frequency; unknown words get the
// median.
type IDFTable struct {
	m      map[string]float32
	Median float64
}

// IDF returns the shared table parsed from gse's embedded idf.txt.
func IDF() *IDFTable {
	idfOnce.Do(func() { idf = parseIDF(gse.ZhIdf) })
	return idf
}

func parseIDF(src string) *IDFTable {
	t := &IDFTable{m: make(map[string]float32, 280000)}
	vals := make([]float64, 0, 280000)
	for len(src) > 0 {
		var line string
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, ""
		}
		sp := strings.LastIndexByte(line, ' ')
		if sp <= 0 {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(line[sp+1:]), 64)
		if err != nil {
			continue
		}
		t.m[line[:sp]] = float32(v)
		vals = append(vals, v)
	}
	if len(vals) > 0 {
		sort.Float64s(vals)
		t.Median = vals[len(vals)/2]
	}
	return t
}

// Len is the number of words in the table.
func (t *IDFTable) Len() int { return len(t.m) }

// Weight returns the IDF of word, or the median for unknown words.
func (t *IDFTable) Weight(word string) float64 {
	if v, ok := t.m[word]; ok {
		return float64(v)
	}
	return t.Median
}

// Known reports whether word is in the table.
func (t *IDFTable) Known(word string) bool {
	_, ok := t.m[word]
	return ok
}

var extendMu sync.Mutex

// Extend adds words (word → part-of-speech tag) that the dictionary lacks,
// with frequency freq (words it knows more rarely or under another tag are
// re-added). It must run before the segmenter is used concurrently
// (extract.New calls it once at start-up); words already present are kept as
// they are.
func Extend(s *gse.Segmenter, words map[string]string, freq float64) int {
	extendMu.Lock()
	defer extendMu.Unlock()
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	n := 0
	for _, w := range keys {
		if f, p, ok := Lookup(s, w); ok {
			if f >= freq && p == words[w] {
				continue
			}
			// Known but rare or mistagged (普京/ns, 莱西/ns): re-add with our
			// tag and frequency.
			if err := s.ReAddToken(w, max(f, freq), words[w]); err == nil {
				n++
			}
			continue
		}
		if err := s.AddToken(w, freq, words[w]); err == nil {
			n++
		}
	}
	// No CalcToken: the DAG+HMM cutter (Cut with hmm) reads frequencies
	// directly; CalcToken would re-walk the whole dictionary (seconds).
	return n
}
