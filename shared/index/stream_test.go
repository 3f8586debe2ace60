package index

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/segment"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestAccumulatorEqualsBuild: the seeds' text cut into windows of whole
// lines, added in order, give what Build gives for the whole text —
// including a text long enough to be pruned to MaxTerms.
func TestAccumulatorEqualsBuild(t *testing.T) {
	files, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no seeds")
	}
	var all []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, strings.Split(strings.TrimSpace(string(b)), "\n")...)
	}
	seg, err := segment.Shared()
	if err != nil {
		t.Fatal(err)
	}
	d := doc.Document{Title: "上海合作组织峰会", People: []string{"王毅"}, Keywords: []string{"合作"}, Fingerprint: []uint32{1, 3, 5, 6, 7}}
	title := seg.Tokens(d.Title)
	for _, tc := range []struct {
		name          string
		lines, window int
	}{
		{"one window", 40, 40},
		{"one line each", 12, 1},
		{"uneven windows", 200, 7},
		{"pruned", len(all), 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := all[:min(tc.lines, len(all))]
			text := strings.Join(lines, "\n")
			toks := make([][]segment.Token, len(lines))
			for i, l := range lines {
				toks[i] = seg.Tokens(l)
			}
			want := Build(d, toks, text, title)
			acc := NewAccumulator()
			start := 0 // byte offset of window w in text
			for w := 0; w < len(lines); w += tc.window {
				end := min(w+tc.window, len(lines))
				n := len(strings.Join(lines[w:end], "\n"))
				acc.Add(toks[w:end], text[start:start+n])
				start += n + 1
			}
			got := acc.Finish(d, title)
			if tc.name == "pruned" && len(want.Terms) != MaxTerms {
				t.Fatalf("the long text has %d terms, want it pruned to %d", len(want.Terms), MaxTerms)
			}
			if got.Length != want.Length || len(got.Terms) != len(want.Terms) {
				t.Fatalf("length %d terms %d, want %d and %d", got.Length, len(got.Terms), want.Length, len(want.Terms))
			}
			for term, p := range want.Terms {
				q := got.Terms[term]
				if q == nil || q.Weight != p.Weight || q.Snippet != p.Snippet || !reflect.DeepEqual(q.Positions, p.Positions) {
					t.Fatalf("term %q: got %+v, want %+v", term, q, p)
				}
			}
			if !reflect.DeepEqual(got.Facets, want.Facets) || !reflect.DeepEqual(got.Sketch, want.Sketch) {
				t.Fatalf("facets or sketch differ: %v %v, want %v %v", got.Facets, got.Sketch, want.Facets, want.Sketch)
			}
		})
	}
}
