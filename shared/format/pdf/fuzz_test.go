package pdf

import (
	"errors"
	"testing"

	"github.com/zhdoc/zhdoc/shared/format"
)

// FuzzExtract: any bytes give a document or one of the reader's errors,
// never a panic (recovering is turned off to see them).
func FuzzExtract(f *testing.F) {
	objs := []string{cat, pages, "<< /Title (t) >>", page4, stm("", content), type0F, simpleF, cidF, stm("", cmapS)}
	f.Add(classic("/Info 3 0 R", objs...))
	f.Add(compressed(map[int]bool{1: true, 2: true, 4: true, 6: true}, objs...))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj 2 0 obj << /Kids [3 0 R] >> endobj " +
		"3 0 obj << /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj 4 0 obj << /Length 20 >> stream\nBT /F1 9 Tf (ab) Tj ET\nendstream endobj " +
		"5 0 obj << /Subtype /Type1 /Encoding << /Differences [97 /uni4E2D /b] >> >> endobj trailer << /Root 1 0 R >>"))
	recoverPanics = false
	defer func() { recoverPanics = true }()
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := Extract(b, Limits{MaxPages: 50, Inflated: 8 << 20, MaxOps: 1 << 20})
		if err != nil && !errors.Is(err, format.ErrMalformed) && !errors.Is(err, format.ErrTooLarge) &&
			!errors.Is(err, ErrNoText) && !errors.Is(err, ErrUnsupported) {
			t.Errorf("error of no kind: %v", err)
		}
	})
}
