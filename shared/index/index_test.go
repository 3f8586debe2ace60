package index

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/segment"
)

func toks(words ...string) []segment.Token {
	out := make([]segment.Token, len(words))
	for i, w := range words {
		out[i] = segment.Token{Text: w}
	}
	return out
}

func TestBuild(t *testing.T) {
	first := []string{"王毅", "在", "阿斯塔纳", "会见", "了", "客人", "。"}
	second := []string{"王毅", "说", "，", "Hello", " ", "World", "。"}
	text := strings.Join(first, "") + "\n" + strings.Join(second, "")
	d := doc.Document{Title: "王毅会见客人", Status: doc.StatusProcessed, Script: "Hans", People: []string{"王毅"}, Agencies: []string{"新华社", "新华社"}}
	e := Build(d, [][]segment.Token{toks(first...), toks(second...)}, text, toks("王毅", "会见", "客人"))
	if e.Length != 9 { // 王毅 阿斯塔纳 会见 客人 | 王毅 说 hello world, one position between the lines
		t.Errorf("length %d", e.Length)
	}
	p := e.Terms["王毅"]
	if p == nil || len(p.Positions) != 2 || p.Positions[0] != 0 {
		t.Fatalf("王毅 posting %+v", p)
	}
	// 2 in the body, the title weight, the entity weight.
	if p.Weight != 2+titleWeight+entityWeight {
		t.Errorf("weight %d", p.Weight)
	}
	if !strings.Contains(p.Snippet, "王毅在阿斯塔纳") {
		t.Errorf("snippet %q", p.Snippet)
	}
	if w := e.Terms["world"]; w == nil || !strings.Contains(w.Snippet, "Hello World") || strings.Contains(w.Snippet, "\n") {
		t.Errorf("snippet of a second-line term: %+v", w)
	}
	// Positions do not run across a line break.
	if a, b := e.Terms["客人"].Positions[0], e.Terms["王毅"].Positions[1]; b != a+2 {
		t.Errorf("positions across the line break: %d, %d", a, b)
	}
	for _, stop := range []string{"在", "了", "。", "，", " "} {
		if _, ok := e.Terms[stop]; ok {
			t.Errorf("%q indexed", stop)
		}
	}
	if e.Terms["hello"] == nil || e.Terms["Hello"] != nil {
		t.Error("Latin terms are not folded to lower case")
	}
	if got := e.Facets[FieldAgency]; len(got) != 1 || got[0] != "新华社" {
		t.Errorf("agency facet %v", got)
	}
	if got := e.Facets[FieldStatus]; len(got) != 1 || got[0] != doc.StatusProcessed {
		t.Errorf("status facet %v", got)
	}
	// Adjacent positions survive for phrase queries: 阿斯塔纳 then 会见.
	if a, b := e.Terms["阿斯塔纳"].Positions[0], e.Terms["会见"].Positions[0]; b != a+1 {
		t.Errorf("positions %d, %d not adjacent", a, b)
	}
}

func TestSketch(t *testing.T) {
	fp := make([]uint32, 2+128)
	for i := range fp[2:] {
		fp[2+i] = uint32(i)
	}
	if s := Sketch(fp); len(s) != SketchSize || s[0] != 0 {
		t.Errorf("sketch %v", s)
	}
	if Sketch(nil) != nil || Sketch([]uint32{1, 0}) != nil {
		t.Error("empty fingerprint gives a sketch")
	}
}

// TestRuneIndexAround: the indexed snippet equals the walking one for every
// span on rune boundaries, whatever the widths of the characters around it.
func TestRuneIndexAround(t *testing.T) {
	for _, line := range []string{
		"",
		"abc",
		"上海合作组织成员国元首理事会第二十四次会议在阿斯塔纳举行",
		"2024年7月4日，SCO 峰会𠀀𠀁（新华社）ok",
		"\x80\x80中文", // starts inside a character: both stop at byte 0
	} {
		var x runeIndex
		var bounds []int
		for i := 0; i <= len(line); i++ {
			if i == len(line) || utf8.RuneStart(line[i]) {
				bounds = append(bounds, i)
			}
		}
		for _, n := range []int{0, 1, 3, 18} {
			for a, start := range bounds {
				for _, end := range bounds[a:] {
					want := around(line, start, end, n)
					if got := x.around(line, start, end, n); got != want {
						t.Errorf("%q [%d:%d] n=%d: got %q, want %q", line, start, end, n, got, want)
					}
				}
			}
		}
	}
}

func TestWordRune(t *testing.T) {
	for r := rune(0); r < 0x30000; r++ {
		if got, want := wordRune(r), unicode.IsLetter(r) || unicode.IsDigit(r); got != want {
			t.Fatalf("wordRune(%U) = %v, want %v", r, got, want)
		}
	}
}

// around is the reference for runeIndex.around: it returns s[start:end] widened by up to n runes on each side, found
// by stepping over UTF-8 continuation bytes (no decoding).
func around(s string, start, end, n int) string {
	lo := start
	for k := 0; k < n && lo > 0; k++ {
		lo--
		for lo > 0 && !utf8.RuneStart(s[lo]) {
			lo--
		}
	}
	hi := end
	for k := 0; k < n && hi < len(s); k++ {
		hi++
		for hi < len(s) && !utf8.RuneStart(s[hi]) {
			hi++
		}
	}
	return s[lo:hi]
}

func TestHanWord(t *testing.T) {
	ref := func(s string) bool {
		for _, r := range s {
			if r < 0x3400 || r > 0x9FFF {
				return false
			}
		}
		return true
	}
	cases := []string{"", "中", "中文", "a", "中a", "\xe4\xb8", "\xe4\x41\x41", "\xe3\x8f\xbf", "\xe3\x90\x80", "𠀀", "\xe9\xbf\xbf\xea\x80\x80"}
	for r := rune(0); r < 0x10400; r++ {
		cases = append(cases, string(r), "中"+string(r))
	}
	for _, c := range cases {
		if got, want := hanWord(c), ref(c); got != want {
			t.Errorf("hanWord(%q) = %v, want %v", c, got, want)
		}
	}
}
