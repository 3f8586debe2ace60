package encoding

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/saintfish/chardet"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// benchDocs returns ~10 KB documents: seed 003 (Traditional, so it is
// representable in Big5) cut to 10 KB of UTF-8 and encoded.
func benchDocs(b *testing.B) map[string][]byte {
	files, _ := filepath.Glob(filepath.Join(testcorpus.Testdata(b, "seeds"), "003_*.txt"))
	if len(files) != 1 {
		b.Fatal("seed 003 missing")
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	docs := map[string][]byte{}
	for _, form := range []string{"UTF-8", "GB18030", "Big5-HKSCS", "UTF-16LE"} {
		// Cut so that the encoded document is about 10 KB.
		n := 6000
		for {
			enc, ok := encodeAs(prefixRunes(text, n), form)
			if !ok {
				b.Fatalf("seed not representable in %s", form)
			}
			if len(enc) <= 10240 || n < 100 {
				docs[form] = enc
				break
			}
			n -= 50
		}
	}
	return docs
}

func BenchmarkDetect(b *testing.B) {
	docs := benchDocs(b)
	getTables()
	for _, form := range []string{"UTF-8", "GB18030", "Big5-HKSCS", "UTF-16LE"} {
		doc := docs[form]
		b.Run(form, func(b *testing.B) {
			if r := Detect(doc); r.Name != map[string]string{"UTF-8": UTF8, "GB18030": GB18030, "Big5-HKSCS": Big5HKSCS, "UTF-16LE": UTF16LE}[form] {
				b.Fatalf("detected %+v", r)
			}
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				Detect(doc)
			}
		})
		b.Run(form+"/chardet", func(b *testing.B) {
			d := chardet.NewTextDetector()
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				d.DetectBest(doc)
			}
		})
	}
}
