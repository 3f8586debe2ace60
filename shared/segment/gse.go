package segment

import (
	"sort"

	"github.com/go-ego/gse"
)

// extendGse is Extend on a gse segmenter of the caller's own.
func extendGse(s *gse.Segmenter, words map[string]string, freq float64) int {
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
