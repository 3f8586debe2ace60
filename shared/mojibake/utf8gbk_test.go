package mojibake

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/width"

	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// asGBK is UTF-8 text read as GBK, undecodable pairs replaced by repl.
func asGBK(s, repl string) string {
	out, _ := simplifiedchinese.GBK.NewDecoder().Bytes([]byte(s))
	return strings.ReplaceAll(string(out), "\uFFFD", repl)
}

// asCP1252 is UTF-8 read as Windows-1252 (the five bytes it leaves
// undefined become U+FFFD).
func asCP1252(s string) string {
	out, _ := charmap.Windows1252.NewDecoder().Bytes([]byte(s))
	return string(out)
}

func TestRepairUTF8AsGBK(t *testing.T) {
	s2t, err := zhconv.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	conv := func(s string) string { o, _ := s2t.Convert(s); return o }
	for _, c := range []struct {
		name, span string
		damage     func(string) string
	}{
		{"plain", "加快构建现代农业产业体系", func(s string) string { return asGBK(s, "\uFFFD") }},
		{"fffd", "乡村振兴战略", func(s string) string { return asGBK(s, "\uFFFD") }},
		{"qmark", "乡村振兴战略", func(s string) string { return asGBK(s, "?") }},
		{"fffd at the end", "产业兴旺是重点", func(s string) string { return asGBK(s, "\uFFFD") }},
		{"width folded", "农业发展质量", func(s string) string { return width.Fold.String(asGBK(s, "\uFFFD")) }},
		{"s2t after", "乡村振兴战略", func(s string) string { return conv(asGBK(s, "?")) }},
		{"double-encoded", "坚持质量兴农、绿色兴农", asCP1252},
		{"double-encoded, one character", "村", asCP1252},
	} {
		line := "我们认为" + c.damage(c.span) + "非常重要。"
		got, n, g, un := RepairGuessing(line, nil)
		if want := "我们认为" + c.span + "非常重要。"; got != want || n == 0 {
			t.Errorf("%s: Repair(%q) = %q, %d, %q; want %q", c.name, line, got, n, un, want)
		}
		// a repair that filled holes is a guess: counted and listed as
		// repaired; one without holes is neither
		holes := strings.Count(line, "\uFFFD") + strings.Count(line, "?")
		if holes > 0 && (g < holes || len(un) != 1 || !strings.Contains(un[0], c.span)) || holes == 0 && (g != 0 || len(un) != 0) {
			t.Errorf("%s: %d holes: guessed %d bytes, unrepaired %q", c.name, holes, g, un)
		}
	}
}

// TestUTF8AsGBKLeavesText: clean text whose GBK bytes happen to read as
// UTF-8 for a character or two is not touched.
func TestUTF8AsGBKLeavesText(t *testing.T) {
	for _, s := range []string{
		"乡村振兴，产业兴旺是重点。必须坚持质量兴农、绿色兴农。",
		"黄河流域生态保护和高质量发展座谈会在郑州召开。",
		"臺灣的經濟發展與產業轉型，一直是社會關注的焦點。",
	} {
		if got, n, _ := Repair(s, nil); got != s || n != 0 {
			t.Errorf("Repair(%q) = %q, %d", s, got, n)
		}
	}
}

func TestRepairCrossRead(t *testing.T) {
	big5Enc := func(s string) []byte { b, _ := traditionalchinese.Big5.NewEncoder().Bytes([]byte(s)); return b }
	asGBKBytes := func(b []byte, repl string) string {
		out, _ := simplifiedchinese.GBK.NewDecoder().Bytes(b)
		return strings.ReplaceAll(string(out), "\uFFFD", repl)
	}
	span := "經濟發展與產業轉型"
	g := asGBKBytes(big5Enc(span), "\uFFFD")
	if !strings.ContainsRune(g, 0xFFFD) {
		t.Skipf("no hole in %q", g)
	}
	line := "臺灣的" + g + "一直是社會關注的焦點。"
	got, n, _ := Repair(line, nil)
	// every character read back; the hole's is the word model's choice
	// among the Big5 characters GBK cannot decode (here 轉向 over 轉型)
	want := []rune("臺灣的" + span + "一直是社會關注的焦點。")
	gr := []rune(got)
	hole := len([]rune("臺灣的")) + strings.IndexRune(g, 0xFFFD)/3
	ok := len(gr) == len(want) && n > 0
	for i := 0; ok && i < len(want); i++ {
		ok = gr[i] == want[i] || i == hole && gr[i] != 0xFFFD
	}
	if !ok {
		t.Errorf("Repair(%q) = %q, %d; want %q but at %d", line, got, n, string(want), hole)
	}
	// holes in clean text stay holes, and are reported
	clean := "中文?内容\uFFFD很好"
	if got, _, un := Repair(clean, nil); got != clean || len(un) == 0 {
		t.Errorf("Repair(%q) = %q, %q", clean, got, un)
	}
}
