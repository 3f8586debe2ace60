package segment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// doc10K is seed 002 repeated to about 10 KB.
func doc10K(tb testing.TB) string {
	b, err := os.ReadFile(testcorpus.Testdata(tb, "seeds", "002_999ae4f09e75931b.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	s := string(b)
	for len(s) < 10<<10 {
		s += "\n" + s
	}
	return s
}

// BenchmarkTokens: the image-backed segmenter on ~10 KB.
func BenchmarkTokens(b *testing.B) {
	g, err := Shared()
	if err != nil {
		b.Fatal(err)
	}
	text := doc10K(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		g.Tokens(text)
	}
}

// BenchmarkTokensGse: gse's Cut(text, true) plus tag lookups, the baseline.
func BenchmarkTokensGse(b *testing.B) {
	ref := naive(b)
	text := doc10K(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		naiveTokens(ref, text)
	}
}

// BenchmarkIDFWeight: IDF look-ups of the words of ~10 KB.
func BenchmarkIDFWeight(b *testing.B) {
	g, _ := Shared()
	text := doc10K(b)
	toks := g.Tokens(text)
	tab := IDF()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		for _, t := range toks {
			tab.Weight(t.Text)
		}
	}
}

// BenchmarkInit: parsing the image (what a cold start pays).
func BenchmarkInit(b *testing.B) {
	for b.Loop() {
		d, err := parseImage(image)
		if err != nil {
			b.Fatal(err)
		}
		newSegmenter(d)
	}
}

// BenchmarkTokensExtendedLines: as the pipeline cuts (extract.Tokens): a
// segmenter extended with the extractor's gazetteers, one call per line of
// every seed.
func BenchmarkTokensExtendedLines(b *testing.B) {
	g, err := New()
	if err != nil {
		b.Fatal(err)
	}
	g.Extend(gazetteerWords(b), 2000)
	files, _ := filepath.Glob(testcorpus.Testdata(b, "seeds", "*.txt"))
	var lines []string
	size := 0
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Split(string(t), "\n") {
			lines = append(lines, l)
			size += len(l)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			g.Tokens(l)
		}
	}
}
