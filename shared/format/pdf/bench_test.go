package pdf_test

import (
	"testing"

	"github.com/zhdoc/zhdoc/shared/format/formattest"
	"github.com/zhdoc/zhdoc/shared/format/pdf"
)

// BenchmarkExtract reads the development half of the PDF corpus (MB/s
// over the file bytes, embedded fonts included).
func BenchmarkExtract(b *testing.B) {
	var files [][]byte
	n := 0
	for _, c := range formattest.PDF(b) {
		if !c.HeldOut && c.Layout != "pdf-scan" {
			files = append(files, c.Bytes)
			n += len(c.Bytes)
		}
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, f := range files {
			if _, err := pdf.Extract(f, pdf.DefaultLimits); err != nil {
				b.Fatal(err)
			}
		}
	}
}
