package extract

import (
	"github.com/zhdoc/zhdoc/shared/extract/tagger"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
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

// BenchmarkExtractSeedsRules: the five seeds, with Lines, the rules alone
// (no tagger): the speed before the tagger, to compare in the same run.
func BenchmarkExtractSeedsRules(b *testing.B) {
	rulesOnly = true
	defer func() { rulesOnly = false }()
	benchSeeds(b, true)
}

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

// BenchmarkTag: the tagger alone over every line of the five seeds (cells
// made once).
func BenchmarkTag(b *testing.B) {
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	m, err := nerModel()
	if err != nil {
		b.Fatal(err)
	}
	var lines [][]tagger.Cell
	n := 0
	for _, f := range []string{"000_e3df99f5fa6e625c.txt", "001_2c1f59ae4494a09e.txt", "002_999ae4f09e75931b.txt", "003_8dd8231aff3203e7.txt", "004_14086ad8159a262e.txt"} {
		for _, cs := range e.TagCells(seedInput(b, f).Text) {
			lines = append(lines, cs)
			n += len(cs)
		}
	}
	tg := m.New()
	var out []uint8
	b.ReportMetric(float64(n), "cells")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, cs := range lines {
			out = tg.Tag(cs, out)
		}
	}
}

// BenchmarkExtractSeedsVsRules alternates the five seeds with the tagger
// and with the rules alone, and reports both speeds from the thread's CPU
// time (on a shared machine, wall time mostly measures the other
// processes): cpu-MB/s with the tagger, rules-cpu-MB/s without, and their
// ratio. The rules alone are the extractor as it was before the tagger.
func BenchmarkExtractSeedsVsRules(b *testing.B) {
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	var ins []Input
	size := 0
	for _, f := range []string{"000_e3df99f5fa6e625c.txt", "001_2c1f59ae4494a09e.txt", "002_999ae4f09e75931b.txt", "003_8dd8231aff3203e7.txt", "004_14086ad8159a262e.txt"} {
		in := withLines(b, seedInput(b, f))
		ins = append(ins, in)
		size += len(in.Text)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var full, rules time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, only := range []bool{false, true} {
			rulesOnly = only
			t0 := threadCPU(b)
			for _, in := range ins {
				e.Extract(in)
			}
			d := threadCPU(b) - t0
			if only {
				rules += d
			} else {
				full += d
			}
		}
	}
	rulesOnly = false
	mb := float64(size) * float64(b.N) / 1e6
	b.ReportMetric(mb/full.Seconds(), "cpu-MB/s")
	b.ReportMetric(mb/rules.Seconds(), "rules-cpu-MB/s")
	b.ReportMetric(rules.Seconds()/full.Seconds(), "ratio")
}

// threadCPU is the CPU time of the calling thread (Linux).
func threadCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
