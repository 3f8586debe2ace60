// Package canonical converts text to the one form everything is indexed and
// searched in: Simplified Chinese, through the OpenCC chain that fits the
// text's regional variant (Hong Kong and Taiwan forms differ from generic
// Traditional). Ingestion and queries share it, so both sides agree.
package canonical

import (
	"fmt"

	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// Simplifier holds the three conversion chains.
type Simplifier struct {
	t2s, hk2s, tw2s *zhconv.Converter
}

// New loads the chains (cheap: the tables are read in place).
func New() (*Simplifier, error) {
	s := &Simplifier{}
	for _, c := range []struct {
		name string
		dst  **zhconv.Converter
	}{{"t2s", &s.t2s}, {"hk2s", &s.hk2s}, {"tw2s", &s.tw2s}} {
		var err error
		if *c.dst, err = zhconv.New(c.name); err != nil {
			return nil, fmt.Errorf("load %s conversion: %w", c.name, err)
		}
	}
	return s, nil
}

// Convert converts text known to be of the given variant ("hk", "tw", or
// anything else for generic Traditional/Simplified input).
func (s *Simplifier) Convert(text, variant string) (string, error) {
	c := s.t2s
	switch variant {
	case "hk":
		c = s.hk2s
	case "tw":
		c = s.tw2s
	}
	return c.Convert(text)
}

// Auto classifies text and converts it.
func (s *Simplifier) Auto(text string) (string, error) {
	return s.Convert(text, script.Classify(text).Variant)
}
