package segment

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestDictionaryLoaded fails when the shared segmenter has no dictionary,
// where cutting would silently fall back to HMM only; the check Shared makes
// rejects an empty image.
func TestDictionaryLoaded(t *testing.T) {
	s, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	toks := s.Tokens("上海合作组织成员国元首理事会")
	if len(toks) == 0 || toks[0].Pos == "" {
		t.Errorf("dictionary words have no tags: %+v", toks)
	}
	if newSegmenter(&dict{}).check() == nil {
		t.Error("an empty image passes the dictionary check")
	}
}

func TestIDFMedian(t *testing.T) {
	tab := IDF()
	if tab.Len() < 200000 || tab.Median <= 0 {
		t.Fatalf("idf table: %d words, median %.2f", tab.Len(), tab.Median)
	}
	if w := tab.Weight("阿斯塔纳峰会宣言zz"); w != tab.Median {
		t.Errorf("unknown word weighs %.2f, want the median %.2f", w, tab.Median)
	}
}

// TestImageIgnoresNe: the image does not depend on gse's embedded data, so
// a -tags ne build (where gse would silently cut with the HMM alone) still
// segments with the dictionary. Run `go test -tags ne ./shared/segment` to
// see it; here it checks the image directly.
func TestImageIgnoresNe(t *testing.T) {
	g, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	if err := g.check(); err != nil {
		t.Fatal(err)
	}
	toks := g.Tokens("上海合作组织成员国元首理事会")
	if len(toks) != 6 || toks[0] != (Token{Text: "上海", Pos: "ns", Freq: 16377}) {
		t.Errorf("dictionary words: %+v", toks)
	}
}

// TestLowerFixed: the runes the cutter does not pass to unicode.ToLower are
// indeed unchanged by it.
func TestLowerFixed(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if lowerFixed(r) && (unicode.ToLower(r) != r || r == utf8.RuneError) {
			t.Fatalf("%U is lowered to %U", r, unicode.ToLower(r))
		}
	}
	for _, s := range []string{"ABC中文", "ＡＢＣ中文", "中文Ω", "中\xff文", "中文"} {
		g, _ := Shared()
		var words []string
		for _, tk := range g.Tokens(s) {
			words = append(words, tk.Text)
		}
		if got := strings.Join(words, ""); got != strings.ToLower(s) {
			t.Errorf("%q cut into %q", s, words)
		}
	}
}
