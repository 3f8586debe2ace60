package normalize

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// canonicalRef is the definition Canonical implements with a byte scan.
var canonicalRef = strings.NewReplacer(
	"「", "“", "」", "”", "『", "‘", "』", "’",
	"﹁", "“", "﹂", "”", "﹃", "‘", "﹄", "’",
	"〝", "“", "〞", "”",
)

func TestCanonicalAsReplacer(t *testing.T) {
	marks := []string{"「", "」", "『", "』", "﹁", "﹂", "﹃", "﹄", "〝", "〞", "〜", "〟", "﹀", "﹅", "。", "，", "中", "a", "\xe3\x80", "\xef\xb9"}
	cases := []string{"", "「", "中「文」", "『a』﹁b﹂﹃c﹄〝d〞", "\xe3\x80", "x\xef\xb9"}
	rng := rand.New(rand.NewSource(1))
	for range 2000 {
		var b strings.Builder
		for range rng.Intn(12) {
			b.WriteString(marks[rng.Intn(len(marks))])
		}
		cases = append(cases, b.String())
	}
	files, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, string(raw))
	}
	for _, c := range cases {
		if got, want := Canonical(c), canonicalRef.Replace(c); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", c, got, want)
		}
	}
}
