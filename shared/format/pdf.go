package format

import "bytes"

// PDFHasText tells, without parsing the file, whether a PDF can hold a
// text layer: text needs a font, so a PDF that names no /Font anywhere in
// its uncompressed objects, and keeps none of them in compressed object
// streams (/ObjStm, where a font could hide), is images only (scanned
// pages). It errs towards "may have text".
func PDFHasText(b []byte) bool {
	return bytes.Contains(b, []byte("/Font")) || bytes.Contains(b, []byte("/ObjStm"))
}
