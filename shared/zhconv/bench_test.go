package zhconv

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/liuzl/gocc"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// BenchmarkConvert converts the five seed documents (8–12 KB each, mixed
// Traditional and Simplified) one by one, with zhconv and with gocc.
//
//	go test -run '^$' -bench BenchmarkConvert -benchmem ./shared/zhconv
func BenchmarkConvert(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(testcorpus.Testdata(b, "seeds"), "*.txt"))
	if len(files) == 0 {
		b.Skip("no seeds")
	}
	var docs []string
	total := 0
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, string(d))
		total += len(d)
	}
	for _, cfg := range []string{"t2s", "tw2sp", "s2t"} {
		b.Run(cfg+"/zhconv", func(b *testing.B) {
			c, err := New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					if _, err := c.Convert(d); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(cfg+"/zhconv-bytes", func(b *testing.B) {
			c, _ := New(cfg)
			src := make([][]byte, len(docs))
			for i, d := range docs {
				src[i] = []byte(d)
			}
			var dst []byte
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range src {
					dst, _ = c.ConvertBytes(dst[:0], s)
				}
			}
		})
		b.Run(cfg+"/gocc", func(b *testing.B) {
			c, err := gocc.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					if _, err := c.Convert(d); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkLoad measures compiling the t2s converter from the embedded
// tables (New caches; this bypasses the cache).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load("t2s", map[string]*leafT{}); err != nil {
			b.Fatal(err)
		}
	}
}
