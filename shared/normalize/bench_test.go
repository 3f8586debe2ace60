package normalize

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// BenchmarkNormalizeSeed measures each seed on its own.
func BenchmarkNormalizeSeed(b *testing.B) {
	m := seeds(b)
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		doc := m[id]
		b.Run(id, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				Normalize(doc)
			}
		})
	}
}

// garbled is about 100 KB of the reference texts, every line UTF-8 read as
// GBK with the undecodable pairs replaced by U+FFFD, and in the second
// variant by '?' (a whole document of mojibake).
func garbled(b *testing.B, repl string) string {
	var sb strings.Builder
	refs := references(b)
	names := make([]string, 0, len(refs))
	for n := range refs {
		names = append(names, n)
	}
	sort.Strings(names)
	for sb.Len() < 100<<10 {
		for _, n := range names {
			out, _ := simplifiedchinese.GBK.NewDecoder().Bytes([]byte(refs[n]))
			sb.WriteString(strings.ReplaceAll(string(out), "\uFFFD", repl))
		}
	}
	return sb.String()[:100<<10]
}

// BenchmarkNormalizeGarbled: the mojibake search is bounded per run, so a
// document of nothing but mojibake takes time linear in its length.
func BenchmarkNormalizeGarbled(b *testing.B) {
	for _, repl := range []string{"\uFFFD", "?"} {
		doc := strings.ToValidUTF8(garbled(b, repl), "")
		b.Run(fmt.Sprintf("%U", []rune(repl)[0]), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				Normalize(doc)
			}
		})
	}
}
