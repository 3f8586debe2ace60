package doc

import (
	"errors"
	"strings"
)

// ErrStale is returned by a store for a write older than the state its
// record (or tombstone) already reflects: an event delivered twice late, or
// out of order. The write changed nothing; it is not a failure.
var ErrStale = errors.New("the change is older than the record's state")

// CompareSequencers orders two S3 event sequencers: hexadecimal strings
// whose numeric order is the order of the changes of one key. As S3
// documents, the shorter is left-padded with zeros before comparing; case is
// ignored. It returns -1, 0 or +1.
func CompareSequencers(a, b string) int {
	a, b = strings.ToUpper(a), strings.ToUpper(b)
	if n := len(b) - len(a); n > 0 {
		a = strings.Repeat("0", n) + a
	} else if n < 0 {
		b = strings.Repeat("0", -n) + b
	}
	return strings.Compare(a, b)
}

// LaterSequencer returns the later of two sequencers ("" is earliest).
func LaterSequencer(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case CompareSequencers(a, b) >= 0:
		return a
	}
	return b
}

// Supersedes reports whether a change with sequencer next may replace the
// state a store holds for a document, last being the latest sequencer it
// has seen for it (its record's or its tombstone's). The rules every store
// keeps:
//
//   - a change without a sequencer (an S3 Batch Operations task re-reading
//     the object as it is now) always applies and inherits last;
//   - nothing seen yet, or a record written without one: it applies;
//   - otherwise it applies when next >= last: an equal sequencer is the
//     same event again, and rewriting is idempotent.
func Supersedes(next, last string) bool {
	return next == "" || last == "" || CompareSequencers(next, last) >= 0
}
