// Package engine holds the dictionary format and the matching machinery of
// zhconv. It is shared by the package and by its generator, which needs a
// working t2s converter to derive one of OpenCC's tables.
package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"unicode/utf8"
)

// Leaf binary layout (little endian, no pointers, read in place):
//
//	magic   "ZHC1"
//	n       uint32  number of entries
//	nb      uint32  number of buckets (distinct first runes)
//	poolLen uint32
//	runes   [nb]uint32    first rune of each bucket, ascending
//	starts  [nb+1]uint32  first entry index of each bucket
//	entries [n]uint64     pool offset (32 bits) | key length (16) | value length (16)
//	pool    [poolLen]byte key bytes immediately followed by value bytes
//
// Entries are sorted by key bytes (UTF-8 order is code point order), so the
// keys sharing a prefix form a contiguous run.
const magic = "ZHC1"

// Leaf is a read-only view of one dictionary.
type Leaf struct {
	Name    string
	runes   []byte
	starts  []byte
	entries []byte
	pool    []byte
	n, nb   int
}

// Entry is one dictionary entry: only the first value of OpenCC's list.
type Entry struct {
	Key, Value string
}

// EncodeLeaf serialises entries. Keys must be unique, non-empty, valid UTF-8.
func EncodeLeaf(entries []Entry) ([]byte, error) {
	es := append([]Entry(nil), entries...)
	sort.Slice(es, func(i, j int) bool { return es[i].Key < es[j].Key })
	var pool []byte
	var runes, starts []uint32
	packed := make([]uint64, len(es))
	for i, e := range es {
		if e.Key == "" || !utf8.ValidString(e.Key) || !utf8.ValidString(e.Value) {
			return nil, fmt.Errorf("bad entry %q", e.Key)
		}
		if i > 0 && es[i-1].Key == e.Key {
			return nil, fmt.Errorf("duplicate key %q", e.Key)
		}
		if len(e.Key) > 0xffff || len(e.Value) > 0xffff {
			return nil, fmt.Errorf("entry %q too long", e.Key)
		}
		r, _ := utf8.DecodeRuneInString(e.Key)
		if len(runes) == 0 || runes[len(runes)-1] != uint32(r) {
			runes = append(runes, uint32(r))
			starts = append(starts, uint32(i))
		}
		packed[i] = uint64(len(pool)) | uint64(len(e.Key))<<32 | uint64(len(e.Value))<<48
		pool = append(pool, e.Key...)
		pool = append(pool, e.Value...)
	}
	starts = append(starts, uint32(len(es)))
	out := []byte(magic)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(es)))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(runes)))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(pool)))
	for _, r := range runes {
		out = binary.LittleEndian.AppendUint32(out, r)
	}
	for _, s := range starts {
		out = binary.LittleEndian.AppendUint32(out, s)
	}
	for _, p := range packed {
		out = binary.LittleEndian.AppendUint64(out, p)
	}
	return append(out, pool...), nil
}

// ParseLeaf returns a view of b, which must stay unmodified.
func ParseLeaf(name string, b []byte) (*Leaf, error) {
	if len(b) < 16 || string(b[:4]) != magic {
		return nil, fmt.Errorf("zhconv: dictionary %s: bad header", name)
	}
	n := int(binary.LittleEndian.Uint32(b[4:]))
	nb := int(binary.LittleEndian.Uint32(b[8:]))
	pl := int(binary.LittleEndian.Uint32(b[12:]))
	need := 16 + 4*nb + 4*(nb+1) + 8*n + pl
	if len(b) != need {
		return nil, fmt.Errorf("zhconv: dictionary %s: size %d, want %d", name, len(b), need)
	}
	l := &Leaf{Name: name, n: n, nb: nb}
	p := 16
	l.runes = b[p : p+4*nb]
	p += 4 * nb
	l.starts = b[p : p+4*(nb+1)]
	p += 4 * (nb + 1)
	l.entries = b[p : p+8*n]
	p += 8 * n
	l.pool = b[p:]
	// Cheap structural check of the offsets so that matching never panics.
	for i := 0; i < n; i++ {
		off, kl, vl := l.entry(i)
		if kl == 0 || off+kl+vl > len(l.pool) {
			return nil, errors.New("zhconv: dictionary " + name + ": corrupt entry")
		}
	}
	return l, nil
}

// Len is the number of entries.
func (l *Leaf) Len() int { return l.n }

func (l *Leaf) entry(i int) (off, kl, vl int) {
	v := binary.LittleEndian.Uint64(l.entries[8*i:])
	return int(uint32(v)), int(uint16(v >> 32)), int(uint16(v >> 48))
}

// Key returns the key bytes of entry i.
func (l *Leaf) Key(i int) []byte {
	off, kl, _ := l.entry(i)
	return l.pool[off : off+kl : off+kl]
}

// Value returns the value bytes of entry i.
func (l *Leaf) Value(i int) []byte {
	off, kl, vl := l.entry(i)
	return l.pool[off+kl : off+kl+vl : off+kl+vl]
}

func (l *Leaf) bucket(b int) (r rune, lo, hi int) {
	return rune(binary.LittleEndian.Uint32(l.runes[4*b:])),
		int(binary.LittleEndian.Uint32(l.starts[4*b:])),
		int(binary.LittleEndian.Uint32(l.starts[4*b+4:]))
}

// Lookup returns the value of the exact key k.
func (l *Leaf) Lookup(k string) (string, bool) {
	i := sort.Search(l.n, func(i int) bool { return string(l.Key(i)) >= k })
	if i < l.n && string(l.Key(i)) == k {
		return string(l.Value(i)), true
	}
	return "", false
}

// longest finds the longest key that prefixes src among the entries [lo,hi),
// which all start with src's first rune (off bytes long). It returns the entry
// index or -1.
func (l *Leaf) longest(lo, hi, off int, src []byte) int {
	best := -1
	for lo < hi {
		if len(l.Key(lo)) == off {
			best = lo
			lo++
		}
		if lo >= hi || off >= len(src) {
			break
		}
		c, n := decode(src, off)
		if n == 0 {
			break
		}
		// Keys in [lo,hi) share src[:off] and are ordered by the rune at off
		// (a key ending at off sorts first; UTF-8 order is rune order).
		a, b := lo, hi
		for a < b {
			m := int(uint(a+b) >> 1)
			if l.runeAt(m, off) < c {
				a = m + 1
			} else {
				b = m
			}
		}
		lo = a
		b = hi
		for a < b {
			m := int(uint(a+b) >> 1)
			if l.runeAt(m, off) <= c {
				a = m + 1
			} else {
				b = m
			}
		}
		hi = a
		off += n
	}
	return best
}

// runeAt returns the rune at byte offset off of key i, -1 past its end.
func (l *Leaf) runeAt(i, off int) int32 {
	o, kl, _ := l.entry(i)
	if off >= kl {
		return -1
	}
	c, _ := decode(l.pool[o:o+kl], off)
	return c
}

// decode decodes the rune of valid UTF-8 b at off; n is 0 if truncated.
func decode(b []byte, off int) (int32, int) {
	c := b[off]
	switch {
	case c < 0x80:
		return int32(c), 1
	case c < 0xE0:
		if off+1 < len(b) {
			return int32(c&0x1F)<<6 | int32(b[off+1]&0x3F), 2
		}
	case c < 0xF0:
		if off+2 < len(b) {
			return int32(c&0x0F)<<12 | int32(b[off+1]&0x3F)<<6 | int32(b[off+2]&0x3F), 3
		}
	default:
		if off+3 < len(b) {
			return int32(c&0x07)<<18 | int32(b[off+1]&0x3F)<<12 | int32(b[off+2]&0x3F)<<6 | int32(b[off+3]&0x3F), 4
		}
	}
	return 0, 0
}

// runeLen is the length of the UTF-8 sequence starting with lead byte b in
// valid UTF-8.
func runeLen(b byte) int {
	switch {
	case b < 0x80:
		return 1
	case b < 0xE0:
		return 2
	case b < 0xF0:
		return 3
	}
	return 4
}
