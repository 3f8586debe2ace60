package segment

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// TestDoubleArrayCodes: every child slot is base+c of its parent with c a
// code (1..Codes), so following code 0 never finds a child, which route
// relies on instead of testing for it.
func TestDoubleArrayCodes(t *testing.T) {
	g, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	d := g.d
	for s := range d.slots {
		p := d.slots[s].check
		if p < 0 {
			continue
		}
		if s == 0 {
			t.Fatal("the root is a child")
		}
		if c := int32(s) - d.slots[p].base; c < 1 || c > int32(d.hdr.Codes) {
			t.Fatalf("slot %d: child of %d by code %d", s, p, c)
		}
	}
	if d.slots[0].check >= 0 {
		t.Fatal("slot 0 has a parent")
	}
}

// TestOverlayTrie: the overlay's trie holds exactly the words and the valid
// rune prefixes of the maps it indexes, with their frequencies and tags.
func TestOverlayTrie(t *testing.T) {
	g, err := New()
	if err != nil {
		t.Fatal(err)
	}
	words := gazetteerWords(t)
	for _, w := range []string{"中\xff国", "\xff乙", "甲乙", "甲乙丙", "甲", "𠀀𠀁", "ab\xffcd", "零", "a\xe4\xb8"} {
		words[w] = "nz"
	}
	// A character with a code (the HMM knows it) that gse's trie lacks,
	// beginning an added word: where no added word starts, it is a prefix
	// (log(0)) because of the overlay alone, which makes every route
	// before it tie (研究生命: the longest words win).
	var lone rune
	for r := rune(0x4e00); r <= 0x9fff && lone == 0; r++ {
		if c := g.d.code(r); c != 0 {
			if s := g.d.next(0, c); s == 0 || !g.d.inDict(s) {
				lone = r
			}
		}
	}
	if lone == 0 {
		t.Fatal("no coded character outside the trie")
	}
	words[string(lone)+"甲乙"] = "nz"
	g.Extend(words, 2000)
	g.Extend(map[string]string{"甲乙": "n", "零": "m"}, 0)
	o := g.ov.Load()
	walk := func(key string) int32 {
		if !utf8.ValidString(key) {
			return 0
		}
		r := []rune(key)
		return o.find(r, g.d.code(r[0]))
	}
	for key, w := range o.words {
		for i := range key {
			_, size := utf8.DecodeRuneInString(key[i:])
			p := key[:i+size]
			if n := walk(p); utf8.ValidString(p) != (n != 0) {
				t.Errorf("prefix %q of %q: node %d", p, key, n)
			}
		}
		n := walk(key)
		if !utf8.ValidString(key) {
			continue
		}
		if n == 0 || !o.nodes[n].word || o.nodes[n].ovWord != w {
			t.Errorf("word %q: node %d %+v, want %+v", key, n, o.nodes[n], w)
		}
	}
	// The cutter's filter misses no added word.
	for key, w := range o.words {
		r := []rune(key)
		if !utf8.ValidString(key) || g.d.code(r[0]) == 0 {
			continue
		}
		c1 := g.d.code(r[0])
		switch {
		case len(r) >= 2 && !o.mayStart(c1, g.d.code(r[1])):
			t.Errorf("filter misses %q", key)
		case len(r) == 1 && w.freq > 0 && !o.mayStart(c1, 0):
			t.Errorf("filter misses one-rune word %q", key)
		}
	}
	for _, k := range []string{"甲丙", "乙", "中国人", "中", "甲乙丙丁", "甲乙"} {
		n := walk(k)
		if (n != 0) != o.prefixes[k] || n != 0 && o.nodes[n].word != hasKey(o.words, k) {
			t.Errorf("%q: node %d %+v, prefix %v", k, n, o.nodes[n], o.prefixes[k])
		}
	}
	if n := walk("零"); n == 0 || !o.nodes[n].word || o.nodes[n].freq != 2000 {
		t.Errorf("零: %+v", o.nodes[n])
	}
	// Cutting over the added words, including invalid UTF-8 ones, as gse
	// does.
	ref := new(gse.Segmenter)
	ref.SkipLog = true
	if err := ref.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	extendGse(ref, words, 2000)
	extendGse(ref, map[string]string{"甲乙": "n", "零": "m"}, 0)
	l := string(lone)
	for _, text := range []string{"甲乙丙丁，中\xff国和ab\xffcd。零零零", "\xff乙甲乙丙中国人", "中\uFFFD国", l + "乙丙", l + "甲乙丙", "丙" + l + "甲", l + l + "甲乙" + l, "研究生命" + l + "乙"} {
		if got, want := g.Tokens(text), naiveTokens(ref, text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %s", text, firstDiff(got, want))
		}
	}
}

func hasKey(m map[string]ovWord, k string) bool { _, ok := m[k]; return ok }

// TestAppendTokensOverStale: AppendTokens into spare capacity holding old
// tokens gives what Tokens gives (unknown words with no tag, frequency 0).
func TestAppendTokensOverStale(t *testing.T) {
	g, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	text := "阿斯塔纳独立宫，GDP增长6.5%。李克强说：“好。”"
	want := g.Tokens(text)
	buf := make([]Token, 1, len(want)+8)
	stale := buf[:cap(buf)]
	for i := range stale {
		stale[i] = Token{Text: "旧", Pos: "x", Freq: 9}
	}
	got := g.AppendTokens(buf, text)
	if &got[0] != &buf[0] || !reflect.DeepEqual(got[1:], want) || got[0] != (Token{Text: "旧", Pos: "x", Freq: 9}) {
		t.Errorf("AppendTokens over stale tokens:\n%v\nwant %v", got, want)
	}
	unknown := 0
	for _, tk := range want {
		if tk.Freq == 0 {
			unknown++
		}
	}
	if unknown == 0 {
		t.Error("the text has no unknown word to test")
	}
}
