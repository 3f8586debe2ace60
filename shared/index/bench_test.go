package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/segment"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// BenchmarkBuild indexes the seeds (converted to Simplified, cut per line).
func BenchmarkBuild(b *testing.B) {
	seg, err := segment.Shared()
	if err != nil {
		b.Fatal(err)
	}
	t2s, _ := zhconv.New("t2s")
	files, _ := filepath.Glob(testcorpus.Testdata(b, "seeds", "*.txt"))
	type in struct {
		text  string
		lines [][]segment.Token
	}
	var docs []in
	n := 0
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		text, _ := t2s.Convert(string(raw))
		var lines [][]segment.Token
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, seg.Tokens(l))
		}
		docs = append(docs, in{text, lines})
		n += len(text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Build(doc.Document{Title: "标题"}, d.lines, d.text, nil)
		}
	}
}
