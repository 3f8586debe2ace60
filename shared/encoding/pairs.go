package encoding

// PairRune is what the two-byte sequence lead trail decodes to in GB18030
// (big5 false) or Big5-HKSCS (big5 true), as the pair tables Detect scans
// with hold it: ok is false for an invalid pair; r is 0 with ok true for a
// valid pair that decodes to a character beyond the Basic Multilingual
// Plane or to two characters, which the tables do not spell out. Lead bytes
// are 0x81–0xFE, trail bytes 0x40–0xFE. The mojibake repairer derives its
// codec tables from it, so that both read the legacy encodings alike.
func PairRune(big5 bool, lead, trail byte) (r rune, ok bool) {
	if lead < 0x81 || lead == 0xFF || trail < 0x40 || trail == 0xFF {
		return 0, false
	}
	t := getTables()
	tab := &t.gb
	if big5 {
		tab = &t.big5
	}
	switch v := tab[int(lead-0x81)*pairCols+int(trail-0x40)]; v {
	case 0:
		return 0, false
	case bigMulti:
		return 0, true
	default:
		return rune(v), true
	}
}
