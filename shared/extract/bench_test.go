package extract

import (
	"strings"
	"testing"
)

// BenchmarkExtract runs Extract on seed 002 prepared as the pipeline does,
// repeated (with its articles) to 10 KB or more (17 KB).
func BenchmarkExtract(b *testing.B) {
	benchExtract(b, benchInput(b))
}

// BenchmarkExtractLines: the same with the words of each line given
// (Input.Lines), as the pipeline calls it.
func BenchmarkExtractLines(b *testing.B) {
	benchExtract(b, withLines(b, benchInput(b)))
}

// BenchmarkExtractSeeds: the five seeds, with Lines.
func BenchmarkExtractSeeds(b *testing.B) { benchSeeds(b, true) }

// BenchmarkExtractSeedsCut: the five seeds, cut by Extract.
func BenchmarkExtractSeedsCut(b *testing.B) { benchSeeds(b, false) }

func benchSeeds(b *testing.B, lines bool) {
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	var ins []Input
	size := 0
	for _, f := range []string{"000_e3df99f5fa6e625c.txt", "001_2c1f59ae4494a09e.txt", "002_999ae4f09e75931b.txt", "003_8dd8231aff3203e7.txt", "004_14086ad8159a262e.txt"} {
		in := seedInput(b, f)
		if lines {
			in = withLines(b, in)
		}
		ins = append(ins, in)
		size += len(in.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, in := range ins {
			e.Extract(in)
		}
	}
}

func benchExtract(b *testing.B, in Input) {
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in.Text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Extract(in)
	}
}

func benchInput(b *testing.B) Input {
	in := seedInput(b, "002_999ae4f09e75931b.txt")
	for len(in.Text) < 10<<10 {
		// the copy's articles follow the original's
		shift := strings.Count(in.Text, "\n") + 1
		for _, a := range in.Articles[:len(in.Articles):len(in.Articles)] {
			in.Articles = append(in.Articles, Article{Title: a.Title, StartLine: a.StartLine + shift, EndLine: a.EndLine + shift})
		}
		in.Text += "\n" + in.Text
		in.Original += "\n" + in.Original
	}
	return in
}
