package normalize

//go:generate go run gen_model.go

// costTab holds, per BMP code point, 1 + the cost bucket of the character in
// modelBuckets, or 0 when the character is not modelled.
var costTab [0x10000]uint8

func init() {
	for i, b := range modelBuckets {
		for _, r := range b {
			if r < 0x10000 {
				costTab[r] = uint8(i + 1)
			}
		}
	}
}

// runeCost is the cost in nats of r under the character model. Characters
// outside Chinese text (Latin-1 letters, symbols, U+FFFD) are expensive so
// that mojibake scores badly; ASCII is moderately cheap.
func runeCost(r rune) float64 {
	if r < 0x80 {
		switch {
		case isDigit(r):
			return 5
		case isLetter(r):
			return 6
		case r == ' ':
			return 6
		}
		return 8
	}
	if r < 0x10000 && costTab[r] > 0 {
		return modelBase + float64(costTab[r]-1)*modelStep
	}
	switch {
	case isHan(r):
		return modelUnseenHan
	case r == 0xFFFD:
		return 25
	case isCJKPunct(r):
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
