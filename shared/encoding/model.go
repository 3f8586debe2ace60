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
// characters the table does not hold. The mojibake repairer scores text with
// it too, so both judge alike what reads as Chinese; its TestCharModelDigest
// pins the costs it sees, so regenerating this table fails that test until
// the repairs have been looked at.
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
