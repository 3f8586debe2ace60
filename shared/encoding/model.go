package encoding

import "sync"

// UnseenHanCost is the model's cost in nats of a common-plane Han character
// that is not in its table.
const UnseenHanCost = modelUnseenHan

var (
	bucketOnce sync.Once
	bucketOf   *[0x10000]uint8 // 1 + cost bucket, 0 when not modelled
)

// ModelCost is the cost in nats (negative log-probability) of r under the
// character-frequency model that ranks candidate encodings; ok is false for
// characters the table does not hold. Other packages judging whether text
// reads as Chinese (the normalizer's mojibake detection) share it, so both
// judge text alike.
func ModelCost(r rune) (cost float64, ok bool) {
	bucketOnce.Do(func() {
		t := new([0x10000]uint8)
		for i, s := range modelBuckets {
			for _, c := range s {
				if c < 0x10000 {
					t[c] = uint8(i + 1)
				}
			}
		}
		bucketOf = t
	})
	if r < 0 || r >= 0x10000 || bucketOf[r] == 0 {
		return 0, false
	}
	return modelBase + float64(bucketOf[r]-1)*modelStep, true
}
