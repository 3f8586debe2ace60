package fingerprint

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

var rePinyin = regexp.MustCompile(`\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)`)

// canonical is a TEMPORARY stand-in for the normalizer: Simplified, pinyin
// annotations dropped (spaces and punctuation are ignored by Of anyway).
func canonical(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := zhconv.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Convert(rePinyin.ReplaceAllString(string(b), ""))
	if err != nil {
		t.Fatal(err)
	}
	return s
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
