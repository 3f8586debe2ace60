package segment

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/zhdoc/zhdoc/shared/segment/internal/imagefmt"
)

//go:generate go run ./internal/gen -o data/segment.bin

// image is the precomputed dictionary, IDF table and HMM model, built from gse
// by internal/gen. It is read in place: every table below is a view into it.
//
//go:embed data/segment.bin
var image string

// The layout (little endian; every section starts on an 8-byte boundary):
//
//	header (imageHeader, padded to headerSize bytes)
//	bmp      []uint16  rune → code for runes below U+10000 (0: no code)
//	supp     []uint32  (rune, code) pairs above U+FFFF, sorted by rune
//	slots    []slot    double array over codes: the child of slot s by code c
//	                   is t = s.base+c when slots[t].check == s; slot 0 is
//	                   the root. A slot also holds its entry+1 (0: none) with
//	                   bit 31 set when gse's trie holds the prefix (a prefix of
//	                   a dictionary key), and its word: an index into
//	                   freqVal/logVal (0: not a dictionary word) | tag<<16
//	idf      []float32 per entry: IDF, NaN when not in the IDF table
//	tagOff   []uint32  tag i is tagBytes[tagOff[i]:tagOff[i+1]]
//	tagBytes []byte
//	emit     []float64 HMM emission log-probabilities, 4 per code (states
//	                   B, E, M, S), -3.14e100 where gse's model has none
//	freqVal  []float64 the distinct dictionary frequencies (freqVal[0] = 0)
//	logVal   []float64 their natural logarithms
const (
	imageMagic = imagefmt.Magic
	headerSize = imagefmt.HeaderSize
	inDictBit  = 1 << 31
	minFloat   = -3.14e100
)

type (
	section     = imagefmt.Section
	imageHeader = imagefmt.Header
)

// dict is the parsed image: slices over its bytes, no copies.
type dict struct {
	hdr      imageHeader
	bmp      []uint16
	supp     []uint32
	slots    []slot
	freqVal  []float64
	logVal   []float64
	idf      []float32
	tags     []string
	emit     []float64
	logTotal float64
}

var errImage = errors.New("segment: corrupt dictionary image")

// parseImage maps the sections of img without copying them (when img is
// 8-byte aligned, as the linker places large embedded data; otherwise the
// sections are copied once).
func parseImage(img string) (*dict, error) {
	if len(img) < headerSize {
		return nil, errImage
	}
	d := &dict{}
	if err := binary.Read(bytes.NewReader([]byte(img[:headerSize])), binary.LittleEndian, &d.hdr); err != nil {
		return nil, err
	}
	if d.hdr.Magic != imageMagic {
		return nil, errImage
	}
	var err error
	get := func(s section, size int) unsafe.Pointer {
		end := uint64(s.Off) + uint64(s.Len)*uint64(size)
		if err != nil || s.Off%8 != 0 || end > uint64(len(img)) {
			err = errImage
			return nil
		}
		if s.Len == 0 {
			return nil
		}
		p := unsafe.Pointer(unsafe.StringData(img[s.Off:]))
		if uintptr(p)%8 != 0 {
			// Misaligned (not expected): copy into aligned memory.
			buf := make([]uint64, (s.Len*uint32(size)+7)/8)
			q := unsafe.Pointer(unsafe.SliceData(buf))
			copy(unsafe.Slice((*byte)(q), int(s.Len)*size), img[s.Off:end])
			return q
		}
		return p
	}
	h := &d.hdr
	d.bmp = unsafe.Slice((*uint16)(get(h.BMP, 2)), h.BMP.Len)
	d.supp = unsafe.Slice((*uint32)(get(h.Supp, 4)), h.Supp.Len)
	d.slots = unsafe.Slice((*slot)(get(h.Slots, 4)), h.Slots.Len/4)
	d.freqVal = unsafe.Slice((*float64)(get(h.FreqVal, 8)), h.FreqVal.Len)
	d.logVal = unsafe.Slice((*float64)(get(h.LogVal, 8)), h.LogVal.Len)
	d.idf = unsafe.Slice((*float32)(get(h.Idf, 4)), h.Idf.Len)
	tagOff := unsafe.Slice((*uint32)(get(h.TagOff, 4)), h.TagOff.Len)
	tagBytes := img[h.TagBytes.Off : h.TagBytes.Off+h.TagBytes.Len]
	d.emit = unsafe.Slice((*float64)(get(h.Emit, 8)), h.Emit.Len)
	if err != nil {
		return nil, err
	}
	if len(d.bmp) != 65536 || h.Slots.Len%4 != 0 || len(d.idf) != int(h.Entries) ||
		len(d.emit) != 4*(int(h.Codes)+1) || len(tagOff) == 0 || len(d.supp)%2 != 0 ||
		len(d.freqVal) == 0 || len(d.freqVal) != len(d.logVal) || d.freqVal[0] != 0 {
		return nil, errImage
	}
	if len(tagOff)-1 > 1<<15 {
		// A word (frequency index | tag<<16) must fit a positive int32.
		return nil, fmt.Errorf("%w: too many tags", errImage)
	}
	d.tags = make([]string, len(tagOff)-1)
	for i := range d.tags {
		if tagOff[i] > tagOff[i+1] || int(tagOff[i+1]) > len(tagBytes) {
			return nil, errImage
		}
		d.tags[i] = tagBytes[tagOff[i]:tagOff[i+1]]
	}
	// Every transition base+code must stay inside the arrays (the generator
	// padded them; checking every base here would page them all in).
	if int(h.MaxBase)+int(h.Codes)+1 > len(d.slots) {
		return nil, fmt.Errorf("%w: double array too short", errImage)
	}
	d.logTotal = math.Log(h.TotalFreq)
	return d, nil
}

// code returns the dense code of r (0 when no dictionary word or HMM state
// knows it).
func (d *dict) code(r rune) uint32 {
	if uint32(r) < 65536 {
		return uint32(d.bmp[r])
	}
	lo, hi := 0, len(d.supp)/2
	for lo < hi {
		m := (lo + hi) / 2
		switch v := d.supp[2*m]; {
		case v == uint32(r):
			return d.supp[2*m+1]
		case v < uint32(r):
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0
}

// next follows code c from slot s; it returns 0 when there is no such child
// (slot 0, the root, is never a child).
func (d *dict) next(s int32, c uint32) int32 {
	if c == 0 {
		return 0
	}
	t := d.slots[s].base + int32(c)
	if d.slots[t].check != s {
		return 0
	}
	return t
}

// find walks key from the root; it returns the slot (0 when absent).
func (d *dict) find(key string) int32 {
	if key == "" {
		return 0
	}
	s := int32(0)
	for _, r := range key {
		if s = d.next(s, d.code(r)); s == 0 {
			return 0
		}
	}
	return s
}

// slot is one cell of the double array.
type slot struct {
	base, check int32
	val         uint32 // entry+1 | inDictBit
	word        uint32 // frequency index | tag<<16 (0: not a dictionary word)
}

// entry returns the entry at slot s (-1 for none).
func (d *dict) entry(s int32) int32 {
	return int32(d.slots[s].val&^inDictBit) - 1
}

// inDict reports whether gse's trie holds the prefix at slot s.
func (d *dict) inDict(s int32) bool { return d.slots[s].val&inDictBit != 0 }

// wordOf decodes a slot's word: frequency and tag.
func (d *dict) wordOf(w uint32) (float64, string) {
	return d.freqVal[w&0xffff], d.tags[w>>16]
}

// word returns the dictionary frequency and tag of the word at slot s (freq
// 0 when it is not a dictionary word).
func (d *dict) word(s int32) (float64, string) {
	if s == 0 || d.slots[s].word == 0 {
		return 0, ""
	}
	return d.wordOf(d.slots[s].word)
}
