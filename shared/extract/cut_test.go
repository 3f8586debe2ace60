package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestCutMatchesGse: cutLine gives, line by line, the words and tags of
// segment.Tokens (gse's DAG+HMM cut); gse lower-cases Latin letters, cutLine
// keeps the case of the text.
func TestCutMatchesGse(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	files, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	for _, f := range files {
		in := seedInput(t, filepath.Base(f))
		lines = append(lines, strings.Split(in.Text, "\n")...)
	}
	lines = append(lines, "WTO和APEC的Ａ股 3.5%增长，a x 中美关系", "  ", "，。", "abc", "")
	// The first MSRA sentences too, when the shared material is there.
	base := os.Getenv("ZHDOC_SHARED")
	if base == "" {
		base = filepath.Join(filepath.Dir(testcorpus.Root(t)), "shared")
	}
	{
		if f, err := os.Open(filepath.Join(base, "peers", "ner-zh", "test.jsonl")); err == nil {
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for i := 0; sc.Scan() && i < 1500; i++ {
				var rec struct{ Text string }
				if json.Unmarshal(sc.Bytes(), &rec) == nil {
					lines = append(lines, rec.Text)
				}
			}
			f.Close()
		}
	}
	bad := 0
	var ts []tok
	for _, l := range lines {
		want := e.tokens(l)
		ts = e.cutLine(l, ts[:0])
		same := len(want) == len(ts)
		off := 0
		for i := 0; same && i < len(ts); i++ {
			w, g := want[i], ts[i]
			n := len([]rune(g.text))
			if w.Text != strings.ToLower(g.text) || w.Pos != g.pos || w.Freq != g.freq || g.start != off || g.end != off+n {
				same = false
			}
			off += n
		}
		if !same {
			bad++
			if bad <= 5 {
				var a, b []string
				for _, w := range want {
					a = append(a, w.Text+"/"+w.Pos)
				}
				for _, g := range ts {
					b = append(b, g.text+"/"+g.pos)
				}
				t.Errorf("line %q:\n gse %v\n got %v", l, a, b)
			}
		}
	}
	t.Logf("%d lines compared, %d differ", len(lines), bad)
}

func benchText(b *testing.B) string {
	in := seedInput(b, "002_999ae4f09e75931b.txt")
	s := in.Text
	for len(s) < 10<<10 {
		s += "\n" + s
	}
	return s
}

// BenchmarkCutGse and BenchmarkCutLine compare gse's cut with cutLine on the
// same text, line by line.
func BenchmarkCutGse(b *testing.B) {
	e, _ := New()
	s := benchText(b)
	lines := strings.Split(s, "\n")
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			e.tokens(l)
		}
	}
}

func BenchmarkCutLine(b *testing.B) {
	e, _ := New()
	s := benchText(b)
	lines := strings.Split(s, "\n")
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	var ts []tok
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			ts = e.cutLine(l, ts[:0])
		}
	}
}
