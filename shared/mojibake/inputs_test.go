package mojibake

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
	"github.com/zhdoc/zhdoc/shared/mojibake/mojibaketest"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// identityInputs are the texts the reference tests run the search over:
// the seeds, the reference texts, generated damage (every damage of
// mojibaketest at two offsets of every reference paragraph), OCR spacing
// and a few small cases, sorted by name. They are the inputs of the
// normalizer's TestIdentity, read here as the raw lines Repair may see.
func identityInputs(t *testing.T) (names []string, texts map[string]string) {
	texts = map[string]string{}
	files, err := filepath.Glob(filepath.Join(testcorpus.Testdata(t, "seeds"), "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	for _, f := range files {
		texts["seed/"+filepath.Base(f)[:3]] = readFile(t, f)
	}
	refs, _ := filepath.Glob(filepath.Join(testcorpus.Shared(t, "corpus", "reference"), "*.txt"))
	sort.Strings(refs)
	var ps []string // the reference paragraphs of more than 60 characters
	for _, f := range refs {
		if strings.HasPrefix(filepath.Base(f), "pool-") {
			continue
		}
		s := readFile(t, f)
		texts["ref/"+filepath.Base(f)] = s
		for _, p := range strings.Split(s, "\n") {
			if utf8.RuneCountInString(p) > 60 {
				ps = append(ps, p)
			}
		}
	}
	if len(ps) == 0 {
		t.Skip("no reference paragraphs")
	}
	maps.Copy(texts, mojibaketest.DamagedParagraphs(ps))
	for i, p := range ps {
		rs := []rune(p)
		var b strings.Builder
		for k, r := range rs {
			if k > 0 && k%13 == 0 && lexicon.IsIdeograph(r) && lexicon.IsIdeograph(rs[k-1]) {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
		}
		texts[fmt.Sprintf("ocr/%04d", i)] = b.String()
	}
	for i, s := range []string{
		"中文?内容\uFFFD很好", "\uE000\uE001\uE002中文", "", "a", "?\uFFFD??中", "２０２４年ＡＰＥＣ会议。",
		"ä¸\u008aæµ·å\u0090\u0088ä½\u009cç»\u0084ç»\u0087æ\u0088\u0090ç«\u008bã\u0080\u0082",
	} {
		texts[fmt.Sprintf("small/%02d", i)] = s
	}
	for k := range texts {
		names = append(names, k)
	}
	sort.Strings(names)
	return names, texts
}

func readFile(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
