package segment

import (
	"sort"

	"github.com/go-ego/gse"
)

// What the package did on gse segmenters before the image, kept here as
// the reference the tests compare the image-backed Segmenter with.

// naiveTokens is gse's Cut(text, true) with each word's tag and frequency.
func naiveTokens(s *gse.Segmenter, text string) []Token {
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

// gseLookup is Segmenter.Lookup on gse's dictionary.
func gseLookup(s *gse.Segmenter, word string) (freq float64, pos string, ok bool) {
	f, p, found := s.Dict.Find([]byte(word))
	if !found || f <= 0 {
		return 0, "", false
	}
	return f, p, true
}

// extendGse is Segmenter.Extend on a gse segmenter.
func extendGse(s *gse.Segmenter, words map[string]string, freq float64) int {
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	n := 0
	for _, w := range keys {
		if f, p, ok := gseLookup(s, w); ok {
			if f >= freq && p == words[w] {
				continue
			}
			if err := s.ReAddToken(w, max(f, freq), words[w]); err == nil {
				n++
			}
			continue
		}
		if err := s.AddToken(w, freq, words[w]); err == nil {
			n++
		}
	}
	// No CalcToken: Cut with HMM reads frequencies directly.
	return n
}
