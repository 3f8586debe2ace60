package mojibake

import (
	"sync"

	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// The character model. Repairs are scored with the character-frequency
// table of the encoding detector (encoding.ModelCost, encoding.UnseenHanCost:
// shared/encoding/model_table.go, written by its gen_model.go), completed by
// the class costs below, so that the detector and the repairer judge alike
// what reads as Chinese. The dependency is pinned: TestCharModelDigest
// checks a digest of the whole cost table runeCost answers from, so
// regenerating the detector's table, or changing a cost here, fails that
// test until the digest is updated on purpose, after looking at what the
// repairs do with the new costs (the normalizer's TestIdentity and the
// pipeline snapshot show it).

// runeCost is the cost in nats of r under the character model. Characters
// outside Chinese text (Latin-1 letters, symbols, U+FFFD) are expensive so
// that mojibake scores badly; ASCII is moderately cheap.
func runeCost(r rune) float64 {
	if r >= 0 && r < 0x10000 {
		costOnce.Do(initCostTable)
		return costValues[costIndex[r]]
	}
	return runeCostOf(r)
}

// The costs of the Basic Multilingual Plane take few values (22): a byte
// per character indexes them, so that the many costs the mojibake search
// asks for are one lookup.
var (
	costOnce   sync.Once
	costIndex  [0x10000]uint8
	costValues []float64
)

func initCostTable() {
	idx := map[float64]uint8{}
	for r := rune(0); r < 0x10000; r++ {
		c := runeCostOf(r)
		i, ok := idx[c]
		if !ok {
			if len(costValues) == 256 {
				panic("mojibake: too many distinct character costs")
			}
			i = uint8(len(costValues))
			idx[c] = i
			costValues = append(costValues, c)
		}
		costIndex[r] = i
	}
}

// runeCostOf is runeCost computed.
func runeCostOf(r rune) float64 {
	if r < 0x80 {
		switch {
		case lexicon.IsDigit(r):
			return 5
		case lexicon.IsLetter(r):
			return 6
		case r == ' ':
			return 6
		}
		return 8
	}
	if c, ok := encoding.ModelCost(r); ok {
		return c
	}
	switch {
	case lexicon.IsIdeograph(r):
		return encoding.UnseenHanCost
	case r == 0xFFFD:
		return 25
	case lexicon.IsCJKPunct(r):
		return 8
	case r >= 0xFF10 && r <= 0xFF5A:
		return 10
	case r >= 0xE000 && r <= 0xF8FF:
		return 22
	}
	return 15
}

func stringCost(s string) (cost float64, n int) {
	for _, r := range s {
		cost += runeCost(r)
		n++
	}
	return
}
