package extract

import (
	"strings"
	"testing"
)

func TestIndexLit(t *testing.T) {
	for _, c := range []struct{ s, lit string }{
		{"", "月"}, {"月", "月"}, {"七月四日", "月"}, {"岁月月", "月"}, {"abc", "c"}, {"abc", "a"}, {"abc", "abcd"},
		{"记者记", "记者"}, {"记记者", "记者"}, {"通讯", "通讯员"}, {"据新华社电", "电"}, {"aaab", "aab"},
		{"\xe6\x9c", "月"}, {"x\xe6\x9c\x88", "月"}, {"新华社消息", "消息"}, {"人民日报讯", "讯"},
	} {
		if got, want := indexLit(c.s, c.lit), strings.Index(c.s, c.lit); got != want {
			t.Errorf("indexLit(%q, %q) = %d, want %d", c.s, c.lit, got, want)
		}
	}
	for _, in := range referenceInputs(t) {
		for _, l := range strings.Split(in.Text, "\n") {
			for _, lit := range []string{"月", "据", "均据", "来源", "消息", "讯", "电", "记者", "通讯员", "－", "／", "\xef\xbc", "】"} {
				if got, want := indexLit(l, lit), strings.Index(l, lit); got != want {
					t.Fatalf("indexLit(%q, %q) = %d, want %d", l, lit, got, want)
				}
			}
		}
	}
}

func TestHanNumeral(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if hanNumeral(r) != hn2[r] {
			t.Fatalf("hanNumeral(%q)", r)
		}
	}
}

func TestBookTitles(t *testing.T) {
	texts := []string{"", "《》", "《a》", "《ab》", "《《ab》》", "《ab\ncd》", "《上海合作组织成员国元首理事会阿斯塔纳宣言》和《宣言》",
		"《" + strings.Repeat("字", 30) + "》", "《" + strings.Repeat("字", 31) + "》", "《" + strings.Repeat("𠀀", 30) + "》", "《ab《cd》", "《ab》cd》《ef》", "《a\xffb》", "《ab"}
	for _, in := range referenceInputs(t) {
		texts = append(texts, in.Text)
	}
	for _, s := range texts {
		var want []string
		for _, m := range reBook.FindAllStringSubmatch(s, -1) {
			want = append(want, m[1])
		}
		if got := bookTitles(s); strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("bookTitles(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestCountRare: the count by the rarest byte is strings.Count.
func TestCountRare(t *testing.T) {
	cases := []struct{ text, p string }{
		{"aaaa", "aa"}, {"aaaaa", "aa"}, {"abab", "bab"}, {"", "a"}, {"a", "ab"}, {"xyz", "z"}, {"xyzxyz", "zx"},
		{"上海精神上海精神，上海", "上海精神"}, {"一一一一一", "一一"}, {"中国中国人中国", "中国人"}, {"中国", "中国人"},
		{"《宣言》和《宣言》", "宣言"}, {"ab\xe4\xb8ab", "\xe4\xb8a"},
	}
	for _, in := range referenceInputs(t) {
		for _, q := range append(quotedTerms(in.Text), bookTitles(in.Text)...) {
			cases = append(cases, struct{ text, p string }{in.Text, q})
		}
	}
	for _, c := range cases {
		want := strings.Count(c.text, c.p)
		if got := countRare(c.text, c.p, byteHist(c.text)); got != want {
			t.Errorf("countRare(%q, %q) = %d, want %d", c.text, c.p, got, want)
		}
		for j := range c.p {
			if got := countAt(c.text, c.p, j); got != want {
				t.Errorf("countAt(%q, %q, %d) = %d, want %d", c.text, c.p, j, got, want)
			}
		}
	}
}

// TestLitsOf: litsOf finds exactly the litChars of a line, and a literal
// may be in a line only when may says so.
func TestLitsOf(t *testing.T) {
	lines := []string{"", "电", "据新华社电", "均据", "来源：新华社", "新华社消息", "人民日报讯", "（记者 张三）", "通讯员", "电视", "x\xe7\x94", "\x94\xb5电", "岁月", "\xe7\x94电", "\xe7电", "\xe7a电", "\xe7\x94\xe7\x94\xb5", "a\xc3\xa9电", "𠀀电"}
	for _, in := range referenceInputs(t) {
		lines = append(lines, strings.Split(in.Text, "\n")...)
	}
	lits := []string{"电", "据", "均据", "来源", "消息", "讯", "记者", "通讯员", "月", "本报"}
	for _, l := range lines {
		s := litsOf(l)
		for i, c := range litChars {
			if (s&(1<<i) != 0) != strings.Contains(l, c) {
				t.Errorf("litsOf(%q) = %b: bit %d (%s) wrong", l, s, i, c)
			}
		}
		for _, lit := range lits {
			if strings.Contains(l, lit) && !s.may(lit) {
				t.Errorf("litsOf(%q).may(%q) = false", l, lit)
			}
		}
		if datelineIndexLits(l, s) == nil != (datelineIndex(l) == nil) || len(reporterIndexLits(l, s)) != len(reporterIndex(l)) {
			t.Errorf("%q: the gates with litsOf answer otherwise", l)
		}
		for _, g := range reAgencyAt {
			if g.mayLits(l, s) != g.may(l) {
				t.Errorf("%q: mayLits != may", l)
			}
		}
	}
}
