// Package analyzetest says how a user may type a line of a document as a
// query, for the tests that check search finds the document by it
// (shared/analyze and shared/pipeline): one definition, so both check the
// same contract.
package analyzetest

import (
	"fmt"

	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// Typist converts lines the ways users write them.
type Typist struct{ s2t, t2s, tw2s *zhconv.Converter }

// New loads the conversions.
func New() (*Typist, error) {
	var ty Typist
	for _, c := range []struct {
		name string
		dst  **zhconv.Converter
	}{{"s2t", &ty.s2t}, {"t2s", &ty.t2s}, {"tw2s", &ty.tw2s}} {
		var err error
		if *c.dst, err = zhconv.New(c.name); err != nil {
			return nil, fmt.Errorf("load %s: %w", c.name, err)
		}
	}
	return &ty, nil
}

// Forms returns the line as written and as typed in the other script, by
// name. A Simplified line is typed in Traditional only where t2s undoes s2t
// (了望 → 瞭望 → 瞭望 cannot be read back by any analyzer): lossy reports
// such a line. A Traditional line is typed in Simplified both as t2s writes
// it and as tw2s does (t2s keeps 著 in 隨著 where a mainland writer has 着).
func (ty *Typist) Forms(line string) (forms map[string]string, lossy bool) {
	forms = map[string]string{"as written": line}
	switch script.Classify(line).Script {
	case script.Hans:
		if trad, _ := ty.s2t.Convert(line); trad != line {
			if back, _ := ty.t2s.Convert(trad); back == line {
				forms["typed in Traditional"] = trad
			} else {
				lossy = true
			}
		}
	case script.Hant:
		if simp, _ := ty.t2s.Convert(line); simp != line {
			forms["typed in Simplified"] = simp
		}
		if simp, _ := ty.tw2s.Convert(line); simp != line {
			forms["typed in mainland Simplified"] = simp
		}
	}
	return forms, lossy
}
