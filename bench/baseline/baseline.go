// Package baseline is what bench compares the pipeline's segmenter with:
// gse loaded as shared/segment did before its precomputed image
// (LoadDictEmbed("zh_s") at start, the IDF table parsed from gse's embedded
// idf.txt), behind the interfaces extract takes (extract.Segmenter,
// extract.IDF). Only bench uses it.
package baseline

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/go-ego/gse"

	"github.com/zhdoc/zhdoc/shared/extract"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/segment"
)

// Segmenter is a gse segmenter with the methods extract calls.
type Segmenter struct {
	// Gse is the segmenter itself; bench's stage baselines (gse's Cut and
	// ExtractTags) call it directly.
	Gse *gse.Segmenter

	extendMu sync.Mutex
}

// ErrEmptyDictionary: gse holds (almost) no dictionary, as when built with
// -tags ne; gse would silently cut with the HMM alone.
var ErrEmptyDictionary = errors.New("gse dictionary is empty (built with -tags ne?): segmentation would be HMM only")

// NewSegmenter loads gse's Simplified dictionary ("zh_s, zh_t" would load
// only zh_s too).
func NewSegmenter() (*Segmenter, error) {
	g := new(gse.Segmenter)
	g.SkipLog = true
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	if g.Dict == nil || g.Dict.NumTokens() < 100000 {
		return nil, ErrEmptyDictionary
	}
	if f, _, ok := g.Dict.Find([]byte("中国")); !ok || f <= 0 {
		return nil, ErrEmptyDictionary
	}
	return &Segmenter{Gse: g}, nil
}

// Tokens is gse's DAG+HMM Cut(text, true) with each word's dictionary tag
// and frequency.
func (s *Segmenter) Tokens(text string) []segment.Token {
	words := s.Gse.Cut(text, true)
	out := make([]segment.Token, len(words))
	for i, w := range words {
		out[i] = segment.Token{Text: w}
		if f, p, ok := s.Gse.Dict.Find([]byte(w)); ok && f > 0 {
			out[i].Pos, out[i].Freq = p, f
		}
	}
	return out
}

// Lookup returns the dictionary frequency and tag of word (ok false when the
// dictionary does not hold it).
func (s *Segmenter) Lookup(word string) (freq float64, pos string, ok bool) {
	f, p, found := s.Gse.Dict.Find([]byte(word))
	if !found || f <= 0 {
		return 0, "", false
	}
	return f, p, true
}

// Extend adds words (word → tag) the dictionary lacks with frequency freq,
// and re-adds those it knows more rarely or under another tag. gse's trie is
// not safe to change while others cut: Extend must run before the segmenter
// is shared (extract.NewWith calls it at start-up).
func (s *Segmenter) Extend(words map[string]string, freq float64) int {
	s.extendMu.Lock()
	defer s.extendMu.Unlock()
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	n := 0
	for _, w := range keys {
		if f, p, ok := s.Lookup(w); ok {
			if f >= freq && p == words[w] {
				continue
			}
			// Known but rare or mistagged (普京/ns, 莱西/ns): re-add.
			if err := s.Gse.ReAddToken(w, max(f, freq), words[w]); err == nil {
				n++
			}
			continue
		}
		if err := s.Gse.AddToken(w, freq, words[w]); err == nil {
			n++
		}
	}
	// No CalcToken: Cut with HMM reads frequencies directly; CalcToken
	// would re-walk the whole dictionary (seconds).
	return n
}

// IDFTable maps words to inverse document frequency; unknown words get the
// median (gse's own loaders read idf.txt from the module folder, absent on
// Lambda, and set no median).
type IDFTable struct {
	m      map[string]float32
	Median float64
}

// NewIDF parses gse's embedded idf.txt ("word weight" lines).
func NewIDF() *IDFTable {
	src := gse.ZhIdf
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

// Weight returns the IDF of word, or the median for unknown words.
func (t *IDFTable) Weight(word string) float64 {
	if v, ok := t.m[word]; ok {
		return float64(v)
	}
	return t.Median
}

// NewExtractor is extract.New over a baseline segmenter and IDF table of its
// own.
func NewExtractor() (*extract.Extractor, error) {
	seg, err := NewSegmenter()
	if err != nil {
		return nil, err
	}
	idf := NewIDF()
	return extract.NewWith(seg, idf, idf.Median)
}

// NewPipeline is pipeline.New over NewExtractor.
func NewPipeline() (*pipeline.Pipeline, error) {
	ext, err := NewExtractor()
	if err != nil {
		return nil, err
	}
	return pipeline.NewWith(ext)
}
