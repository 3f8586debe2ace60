package htmldoc_test

import (
	"testing"

	"github.com/zhdoc/zhdoc/shared/format/formattest"
	"github.com/zhdoc/zhdoc/shared/format/htmldoc"
)

// BenchmarkExtract reads the news and GBK pages of the corpus (MB/s over
// the page bytes).
func BenchmarkExtract(b *testing.B) {
	var pages [][]byte
	n := 0
	for _, c := range formattest.HTML(b) {
		if c.Layout == "news" || c.Layout == "gbk-as-gb2312" {
			pages = append(pages, c.Bytes)
			n += len(c.Bytes)
		}
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, p := range pages {
			if _, err := htmldoc.Extract(p, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
}
