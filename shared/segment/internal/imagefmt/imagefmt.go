// Package imagefmt is the header of the segmentation image, shared by the
// generator that writes it (internal/gen) and the package that reads it in
// place (shared/segment), so the two cannot drift apart.
package imagefmt

// Magic identifies the image layout ("ZHSEG03").
const Magic = 0x3330474553485a

// HeaderSize is the space reserved for Header at the start of the image.
const HeaderSize = 512

// Section locates one table: byte offset and element count.
type Section struct{ Off, Len uint32 }

// Header is written little endian with encoding/binary.
type Header struct {
	Magic                uint64
	Codes, Entries       uint32
	DictWords, IDFWords  uint32
	TotalFreq, IDFMedian float64
	BMP, Supp            Section
	Slots, Idf           Section
	TagOff, TagBytes     Section
	Emit                 Section
	FreqVal, LogVal      Section
	MaxBase, _           uint32
	Start                [4]float64
	Trans                [4][4]float64
}
