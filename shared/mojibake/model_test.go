package mojibake

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"
)

// charModelDigest is the SHA-256 of the cost of every character of the
// Basic Multilingual Plane and of the distinct costs beyond it, as
// runeCostOf gives them (float64 bits, little-endian).
const charModelDigest = "fdf8e3eb74421eb71f7d531ee4c7d19393a3c4bbf319e840492464574fa0e0b6"

// TestCharModelDigest pins the character model the repairs are scored with
// (see model.go): a change of the encoding detector's table or of the class
// costs changes repairs, and must be made on purpose.
func TestCharModelDigest(t *testing.T) {
	h := sha256.New()
	var b [8]byte
	put := func(r rune) {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(runeCostOf(r)))
		h.Write(b[:])
	}
	for r := rune(0); r < 0x10000; r++ {
		put(r)
	}
	// beyond the BMP the costs are by class: one sample of each
	for _, r := range []rune{0x10000, 0x1F600, 0x20000, 0x2A6D6, 0x30000, 0x3FFFF, 0x40000, 0xE0001, 0x10FFFF, -1} {
		put(r)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != charModelDigest {
		t.Errorf("character model digest %s, want %s: the repairs' character costs changed", got, charModelDigest)
	}
}
