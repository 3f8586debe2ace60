package mojibake

import (
	"sync"
	"sync/atomic"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// The script of a repair's surroundings. A guessed character (from a hole,
// or completed from one byte) is chosen by the word model, which was built
// over text in both scripts: in Simplified text it may choose 說 for a
// hole where 被 was, a reading no Simplified writer gives. The characters
// one script writes and the other does not (their conversion changes them)
// show which script a line is in; a guess in the other one costs
// scriptCost nats.

const scriptCost = 6.0

const (
	scriptBoth = 1 + iota // written in both scripts (or not Chinese)
	scriptSimp            // Simplified only: s2t changes it
	scriptTrad            // Traditional only: t2s changes it
)

// scriptTable holds scriptOf's answers, two bits a BMP character (0: not
// known yet).
var (
	scriptTable [0x10000 / 16]atomic.Uint32
	scriptMu    sync.Mutex
)

// scriptOf is the script a character is written in.
func scriptOf(r rune) int {
	if !lexicon.IsIdeograph(r) || r >= 0x10000 {
		return scriptBoth
	}
	w, sh := &scriptTable[r>>4], uint(r&15)*2
	if v := int(w.Load() >> sh & 3); v != 0 {
		return v
	}
	v := scriptBoth
	t2s, s2t := converters()
	if t2s != nil && s2t != nil {
		if s, err := t2s.Convert(string(r)); err == nil && s != string(r) {
			v = scriptTrad
		} else if s, err := s2t.Convert(string(r)); err == nil && s != string(r) {
			v = scriptSimp
		}
	}
	for {
		old := w.Load()
		if w.CompareAndSwap(old, old|uint32(v)<<sh) {
			return v
		}
	}
}

// contextScript is the script of the characters around a span: the one
// whose own characters outnumber the other's by two or more, else
// scriptBoth (no evidence).
func contextScript(left, right []rune) int {
	var n [4]int
	for _, r := range left[max(0, len(left)-60):] {
		n[scriptOf(r)]++
	}
	for _, r := range right[:min(len(right), 60)] {
		n[scriptOf(r)]++
	}
	switch {
	case n[scriptSimp] >= n[scriptTrad]+2:
		return scriptSimp
	case n[scriptTrad] >= n[scriptSimp]+2:
		return scriptTrad
	}
	return scriptBoth
}

// offScript is the cost of the characters of rs that the script sc does
// not write.
func offScript(rs []rune, sc int) float64 {
	if sc == scriptBoth {
		return 0
	}
	c := 0.0
	for _, r := range rs {
		if s := scriptOf(r); s != scriptBoth && s != sc {
			c += scriptCost
		}
	}
	return c
}
