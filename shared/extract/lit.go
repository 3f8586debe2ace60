package extract

import "strings"

// indexLit is strings.Index(s, lit) for a non-empty lit, found by its last
// byte: the last byte of a Han character is a continuation byte, far rarer
// in Han text than the lead bytes on which strings.Index would stop at
// nearly every character.
func indexLit(s, lit string) int {
	n := len(lit)
	last := lit[n-1]
	for i := n - 1; i < len(s); {
		j := strings.IndexByte(s[i:], last)
		if j < 0 {
			return -1
		}
		i += j
		if s[i-n+1:i+1] == lit {
			return i - n + 1
		}
		i++
	}
	return -1
}

func containsLit(s, lit string) bool { return indexLit(s, lit) >= 0 }
