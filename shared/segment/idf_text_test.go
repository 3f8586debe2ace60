//go:build !ne

package segment

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-ego/gse"
)

// parseIDFText is how the package parsed gse's idf.txt at run time before the
// image (kept as the reference for the image's table).
func parseIDFText(src string) (map[string]float32, float64) {
	m := make(map[string]float32, 280000)
	var vals []float64
	for _, line := range strings.Split(src, "\n") {
		sp := strings.LastIndexByte(line, ' ')
		if sp <= 0 {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(line[sp+1:]), 64)
		if err != nil {
			continue
		}
		m[line[:sp]] = float32(v)
		vals = append(vals, v)
	}
	sort.Float64s(vals)
	return m, vals[len(vals)/2]
}

// TestIDFSameAsText: every word of gse's idf.txt has its weight in the
// image, unknown words weigh the median (gse's loaders would give 0).
func TestIDFSameAsText(t *testing.T) {
	if len(gse.ZhIdf) == 0 {
		t.Skip("gse built without embedded data (-tags ne)")
	}
	m, median := parseIDFText(gse.ZhIdf)
	tab := IDF()
	if tab.Len() != len(m) || tab.Median != median {
		t.Fatalf("image: %d words, median %v; idf.txt: %d words, median %v", tab.Len(), tab.Median, len(m), median)
	}
	for w, v := range m {
		if got := tab.Weight(w); got != float64(v) || !tab.Known(w) {
			t.Fatalf("Weight(%q) = %v, want %v", w, got, v)
		}
	}
	for _, w := range []string{"", "阿斯塔纳峰会宣言zz", "中国人民解放军海军陆战队第一旅", "\xff"} {
		if tab.Known(w) || tab.Weight(w) != median {
			t.Errorf("unknown %q: known %v, weight %v", w, tab.Known(w), tab.Weight(w))
		}
	}
}
