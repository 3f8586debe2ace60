package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFeatOf: the features agree with the functions they stand for.
func TestFeatOf(t *testing.T) {
	words := []string{"", " ", "  ", "   ", "中", "中国", "上海合作组织", "a", "ab1", "，", "、", "·", "阿·布", "2024年", "\xe4\xb8", "中\xff", "𠀀", "　", " ", "ＡＢ", "》", "普京", "我们"}
	for _, in := range referenceInputs(t) {
		for _, l := range strings.Split(in.Text, "\n") {
			words = append(words, strings.Fields(l)...)
			for _, r := range l {
				words = append(words, string(r))
			}
		}
	}
	for _, w := range words {
		f, n := featOf(w)
		r1 := rune(-1)
		if n >= 2 {
			_, size := utf8.DecodeRuneInString(w)
			r1, _ = utf8.DecodeRuneInString(w[size:])
		}
		want := feat{r0: firstRune(w), r1: r1, rl: lastRune(w), han: allHan(w), tr: allRunes(w, translit), word: wordToken(w)}
		if f != want || n != utf8.RuneCountInString(w) {
			t.Errorf("featOf(%q) = %+v, %d; want %+v, %d", w, f, n, want, utf8.RuneCountInString(w))
		}
	}
}

// TestTokChineseName: the method agrees with the function.
func TestTokChineseName(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"王毅", "欧阳修", "司马光明", "万人", "张", "高水平", "托卡耶夫", "王a", "诸葛亮", "上官婉儿", "李", "abcdefg", "习近平"} {
		k := &ntok{}
		e.setText(k, w)
		if k.chineseName() != chineseName(w) {
			t.Errorf("%q: %v, want %v", w, k.chineseName(), chineseName(w))
		}
	}
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if placeSuffix1.has(r) != placeSuffixes[string(r)] {
			t.Errorf("placeSuffix1 %q", r)
		}
	}
}

// TestKind: a type's kind names it again, and any other name is no kind.
func TestKind(t *testing.T) {
	for _, c := range []struct {
		name string
		k    kind
		back string
	}{
		{PER, kPER, PER},
		{LOC, kLOC, LOC},
		{ORG, kORG, ORG},
		{"", kNone, ""},
		{"MISC", kNone, ""},
		{"per", kNone, ""},
	} {
		if k := kindOf(c.name); k != c.k || k.String() != c.back {
			t.Errorf("kindOf(%q) = %d (%q), want %d (%q)", c.name, k, k.String(), c.k, c.back)
		}
	}
}
