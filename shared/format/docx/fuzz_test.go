package docx_test

import (
	"testing"

	"github.com/zhdoc/zhdoc/shared/format/docx"
	"github.com/zhdoc/zhdoc/shared/format/formattest"
)

// FuzzParts: any XML in document.xml gives a document or an error, never a
// panic.
func FuzzParts(f *testing.F) {
	for _, s := range []string{
		`<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:body></w:document>`,
		`<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`,
		`</w:tc></w:tr></w:tbl><w:t>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = docx.Extract(formattest.Zip(map[string]string{"word/document.xml": s, "word/footnotes.xml": s}), 1<<20)
	})
}
