package normalize

import (
	"sort"
	"testing"
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
