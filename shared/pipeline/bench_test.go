package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zhdoc/zhdoc/shared/format/formattest"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// BenchmarkProcessSeeds is the whole pipeline over the five seeds, per core
// with -cpu 1 (make bench reports the same end to end beside naive gse).
func BenchmarkProcessSeeds(b *testing.B) {
	p, err := New()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(testcorpus.Testdata(b, "seeds", "*.txt"))
	var bodies [][]byte
	n := 0
	for _, f := range files {
		x, _ := os.ReadFile(f)
		bodies = append(bodies, x)
		n += len(x)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, x := range bodies {
			p.Process(Source{Bucket: "b", Key: "k"}, x)
		}
	}
}

// BenchmarkProcessFormats is the whole pipeline per document format of the
// generated corpus (MB/s over the file bytes: a page's markup counts, and
// a PDF's embedded fonts).
func BenchmarkProcessFormats(b *testing.B) {
	p, err := New()
	if err != nil {
		b.Fatal(err)
	}
	byFormat := map[string][][]byte{}
	cases := append(formattest.HTML(b), formattest.DOCX(b)...)
	for _, c := range append(cases, formattest.PDF(b)...) {
		if c.HeldOut || c.Layout == "pdf-scan" { // the development half is enough for speed
			continue
		}
		byFormat[c.Format] = append(byFormat[c.Format], c.Bytes)
	}
	for _, f := range []string{"html", "docx", "pdf"} {
		b.Run(f, func(b *testing.B) {
			n := 0
			for _, x := range byFormat[f] {
				n += len(x)
			}
			b.SetBytes(int64(n))
			for b.Loop() {
				for _, x := range byFormat[f] {
					p.Process(Source{Bucket: "b", Key: "k"}, x)
				}
			}
		})
	}
}
