package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"maps"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/lexicon"
	"github.com/zhdoc/zhdoc/shared/mojibake/mojibaketest"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// identityInputs are the texts whose results TestIdentity guards: the seeds,
// the reference texts, the repairs-alone cases and generated damage (every
// mojibake damage at two offsets of every reference paragraph, and OCR
// spacing), sorted by name.
func identityInputs(t *testing.T) (names []string, texts map[string]string) {
	texts = map[string]string{}
	for k, v := range seeds(t) {
		texts["seed/"+k] = v
	}
	for k, v := range references(t) {
		texts["ref/"+k] = v
	}
	ps := paragraphs(t)
	maps.Copy(texts, mojibaketest.DamagedParagraphs(ps))
	for i, p := range ps {
		rs := []rune(p)
		var b strings.Builder
		for k, r := range rs {
			if k > 0 && k%13 == 0 && lexicon.IsIdeograph(r) && lexicon.IsIdeograph(rs[k-1]) {
				b.WriteByte(' ')
			}
			if k == len(rs)/2 {
				b.WriteString("\n\n")
			}
			b.WriteRune(r)
		}
		texts[fmt.Sprintf("ocr/%04d", i)] = b.String()
	}
	for i, s := range []string{
		"\uFEFF第一行。\r\n第二行。\r\n", "中文\x00\x07内容\u200b很好。", "Cafe\u0301 是一家咖啡店。",
		"２０２４年ＡＰＥＣ会议。", "他说:\"你好,世界!\"然后(笑)走了;好吗?", "發(fā)展經（jīng）濟。",
		"ä¸\u008aæµ·å\u0090\u0088ä½\u009cç»\u0084ç»\u0087æ\u0088\u0090ç«\u008bã\u0080\u0082",
		"首页 > 新闻 > 国内\n标题在这里\n来源：新华网\n正文第一段，内容。\n责任编辑：张三\n相关阅读\n• 另一条新闻标题\n时间：05-22\n免责声明：本网转载仅供参考。",
		"中文?内容\uFFFD很好", "\uE000\uE001\uE002中文", "", "a", "?\uFFFD??中",
	} {
		texts[fmt.Sprintf("small/%02d", i)] = s
	}
	for k := range texts {
		names = append(names, k)
	}
	sort.Strings(names)
	return names, texts
}

func hashResult(h hash.Hash, r Result) {
	fmt.Fprintf(h, "T%q\n", r.Text)
	for _, a := range r.Articles {
		fmt.Fprintf(h, "A%q %d %d\n", a.Title, a.StartLine, a.EndLine)
	}
	keys := make([]string, 0, len(r.Counts))
	for k := range r.Counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "C%s=%d\n", k, r.Counts[k])
	}
	for _, b := range r.Boilerplate {
		fmt.Fprintf(h, "B%q\n", b)
	}
	for _, u := range r.Unrepaired {
		fmt.Fprintf(h, "U%q\n", u)
	}
}

// TestIdentity guards the output of Normalize: a digest of every field of
// the result over identityInputs must equal the committed one
// (testdata/normalize/identity.sha256). Speed work must not change it;
// a deliberate change of behaviour rewrites it with ZHDOC_UPDATE_IDENTITY=1,
// and ZHDOC_IDENTITY_DUMP=file writes one digest per input to compare.
func TestIdentity(t *testing.T) {
	names, texts := identityInputs(t)
	h := sha256.New()
	var dump strings.Builder // per input, for finding what changed
	for _, n := range names {
		fmt.Fprintf(h, "=%s\n", n)
		r := Normalize(texts[n])
		hashResult(h, r)
		one := sha256.New()
		hashResult(one, r)
		fmt.Fprintf(&dump, "%s %x\n", n, one.Sum(nil)[:8])
	}
	if p := os.Getenv("ZHDOC_IDENTITY_DUMP"); p != "" {
		if err := os.WriteFile(p, []byte(dump.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := fmt.Sprintf("%s %d\n", hex.EncodeToString(h.Sum(nil)), len(names))
	path := testcorpus.Testdata(t, "normalize", "identity.sha256")
	if os.Getenv("ZHDOC_UPDATE_IDENTITY") != "" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("digest of Normalize over %d inputs changed:\n got  %s want %s", len(names), got, want)
	}
}
