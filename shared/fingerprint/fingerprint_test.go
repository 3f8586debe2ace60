package fingerprint

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	canonicalpkg "github.com/zhdoc/zhdoc/shared/canonical"
	"github.com/zhdoc/zhdoc/shared/normalize"
	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// canonical prepares a file as the pipeline does: normalize, convert to
// Simplified through the chain of its variant, Simplified finishing touches.
func canonical(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := canonicalpkg.New()
	if err != nil {
		t.Fatal(err)
	}
	norm := normalize.Normalize(string(b))
	s, err := c.Convert(norm.Text, script.Classify(norm.Text).Variant)
	if err != nil {
		t.Fatal(err)
	}
	return normalize.Canonical(s)
}

// reference is the sketch computed the plain way (hash set, sort of the
// distinct hashes), to check Of against.
func reference(text string) []uint32 {
	var rs []rune
	for _, r := range text {
		if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	if len(rs) == 0 {
		return nil
	}
	n := min(Shingle, len(rs))
	set := map[uint32]bool{}
	for i := 0; i+n <= len(rs); i++ {
		var h uint64 = 1469598103934665603
		for _, r := range rs[i : i+n] {
			h = mix(h ^ uint64(r))
		}
		set[uint32(h>>32)] = true
	}
	var hs []uint32
	for h := range set {
		hs = append(hs, h)
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
	if len(hs) > K {
		hs = hs[:K]
	}
	return append([]uint32{Version, uint32(len(set))}, hs...)
}

func TestMatchesReference(t *testing.T) {
	texts := []string{"", "，。 ", "ab", "上海", "上海合作组织", "Ａ股和A股 ÀÉ 3.5%", "上海合作组织成员国元首理事会第二十四次会议"}
	seeds, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	for _, s := range seeds {
		texts = append(texts, canonical(t, s))
	}
	// short texts after long ones: pooled buffers are reused
	texts = append(texts, "a", "abcd", "abcde", "abcdef", "，a，b。c d e f g")
	for _, x := range texts {
		if got, want := Of(x), reference(x); !slices.Equal(got, want) {
			t.Errorf("Of(%.40q) = %v…, want %v…", x, got[:min(4, len(got))], want[:min(4, len(want))])
		}
	}
}

// TestChunksMatchReference: a text of many chunks, and one with repeats
// across chunks, give the sketch of the plain way.
func TestChunksMatchReference(t *testing.T) {
	seeds, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	var all []string
	for _, s := range seeds {
		all = append(all, canonical(t, s))
	}
	defer func(n int) { chunkHashes = n }(chunkHashes)
	for _, tc := range []struct {
		name  string
		chunk int
		text  string
	}{
		{"seeds, chunks of 100", 100, strings.Join(all, "\n")},
		{"seeds twice, chunks of 1000", 1000, strings.Repeat(strings.Join(all, "\n"), 2)},
		{"chunk of one", 1, all[0][:300]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chunkHashes = tc.chunk
			got, want := Of(tc.text), reference(tc.text)
			if len(want) < 3 || int(want[1]) <= tc.chunk {
				t.Fatalf("the text has %v distinct shingles: not several chunks", want[1])
			}
			if !slices.Equal(got, want) {
				t.Errorf("Of = %v…, want %v…", got[:min(4, len(got))], want[:min(4, len(want))])
			}
		})
	}
}

func BenchmarkOf(b *testing.B) {
	raw, err := os.ReadFile(testcorpus.Testdata(b, "seeds", "002_999ae4f09e75931b.txt"))
	if err != nil {
		b.Fatal(err)
	}
	s := string(raw)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Of(s)
	}
}

func TestLayout(t *testing.T) {
	if Of("") != nil || Of("，。 ") != nil {
		t.Error("empty text must have no fingerprint")
	}
	a := Of("上海合作组织成员国元首理事会第二十四次会议")
	if a[0] != Version || a[1] != uint32(len(a)-2) {
		t.Errorf("layout: %v", a[:2])
	}
	if Similarity(a, a) != 1 || Containment(a, a) != 1 {
		t.Error("self similarity must be 1")
	}
	// Spaces and punctuation do not matter (OCR copies).
	if s := Similarity(a, Of("上海合作组织 成员国元首理事会，第二十四次 会议")); s != 1 {
		t.Errorf("spacing changed the sketch: %.2f", s)
	}
}

func TestSeedPairs(t *testing.T) {
	seeds, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	if len(seeds) < 5 {
		t.Skip("seeds absent")
	}
	fp := make([][]uint32, len(seeds))
	for i, s := range seeds {
		fp[i] = Of(canonical(t, s))
	}
	ref := testcorpus.Shared(t, "corpus", "reference")
	refs, _ := filepath.Glob(filepath.Join(ref, "*.txt"))
	var rfp [][]uint32
	for _, r := range refs {
		if strings.HasPrefix(filepath.Base(r), "pool-") {
			continue
		}
		rfp = append(rfp, Of(canonical(t, r)))
	}
	// 000 (Traditional) and 002 (Simplified) share the 上海合作组织+ speech;
	// 001 (OCR) and 002 lead with the same story.
	for _, p := range [][2]int{{0, 2}, {1, 2}} {
		a, b := fp[p[0]], fp[p[1]]
		s, c1, c2 := Similarity(a, b), Containment(a, b), Containment(b, a)
		t.Logf("seeds %03d/%03d: similarity %.2f, containment %.2f / %.2f", p[0], p[1], s, c1, c2)
		if s < 0.15 || max(c1, c2) < 0.3 {
			t.Errorf("seeds %03d/%03d should be near duplicates in part", p[0], p[1])
		}
	}
	worst := 0.0
	for i := range rfp {
		for j := range rfp {
			if i != j {
				worst = max(worst, Similarity(rfp[i], rfp[j]), Containment(rfp[i], rfp[j]))
			}
		}
		for _, s := range fp {
			worst = max(worst, Similarity(rfp[i], s), Containment(rfp[i], s))
		}
	}
	t.Logf("unrelated reference texts: max similarity/containment %.2f", worst)
	if worst > 0.1 {
		t.Errorf("unrelated texts score %.2f", worst)
	}
}

// TestKeepTables: the cached blocks agree with the Unicode tables.
func TestKeepTables(t *testing.T) {
	for r := rune(0); r < 0x20000; r++ {
		if keep(r) != keepSlow(r) {
			t.Fatalf("keep(%U) = %v, want %v", r, keep(r), keepSlow(r))
		}
	}
}
