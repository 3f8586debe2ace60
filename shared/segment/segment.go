// Package segment owns the process-wide gse segmenter: its dictionaries are
// large, so they are loaded once per process and shared by every document.
package segment

import (
	"fmt"
	"sync"

	"github.com/go-ego/gse"
)

var (
	once    sync.Once
	shared  *gse.Segmenter
	loadErr error
)

// Default returns the shared segmenter, loading the Simplified dictionary on
// first use. Text is converted to Simplified before segmentation, so the
// Traditional dictionary would only cost start-up time.
func Default() (*gse.Segmenter, error) {
	once.Do(func() {
		s := new(gse.Segmenter)
		s.SkipLog = true
		if err := s.LoadDictEmbed("zh_s"); err != nil {
			loadErr = fmt.Errorf("load gse dictionary: %w", err)
			return
		}
		shared = s
	})
	return shared, loadErr
}

// Token is one segmented word with its part-of-speech tag.
type Token struct {
	Text string
	Pos  string
}

// Tokens segments text (HMM on, so unknown names are still joined) and keeps
// the part-of-speech tags extraction needs.
func Tokens(s *gse.Segmenter, text string) []Token {
	pos := s.Pos(text, false)
	out := make([]Token, len(pos))
	for i, p := range pos {
		out[i] = Token{Text: p.Text, Pos: p.Pos}
	}
	return out
}
