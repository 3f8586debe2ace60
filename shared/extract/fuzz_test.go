package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtract: any valid UTF-8 text, with or without an article range,
// extracts without panicking; every string out is valid UTF-8, every
// mention lies inside the text and is what the text holds there, and the
// statistics are consistent.
func FuzzExtract(f *testing.F) {
	e, err := New()
	if err != nil {
		f.Fatal(err)
	}
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.txt"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b), uint8(0), uint8(0))
		}
	}
	for _, s := range []string{
		"", "\n", "新华社北京7月4日电", "（（（（新华社））））", "习近平\n\n\n王毅",
		"2024年5月6日 据路透社报道，联合国秘书长古特雷斯在纽约表示。\n标题\n正文",
		strings.Repeat("北京", 200), "A\u0301\u200d\ufeff中\x7f国",
	} {
		f.Add(s, uint8(1), uint8(2))
	}
	f.Fuzz(func(t *testing.T, text string, a, b uint8) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		in := Input{Text: text, Original: text}
		if lines := strings.Count(text, "\n") + 1; a > 0 && int(a) <= lines {
			end := int(a) + int(b)%4
			if end > lines {
				end = lines
			}
			in.Articles = []Article{{Title: "", StartLine: int(a) - 1, EndLine: end}}
		}
		m := e.Extract(in)
		runes := []rune(text)
		for _, s := range append([]string{m.Title, m.TitleOriginal, m.Published, m.Dateline, m.Summary},
			append(append(append(append(append(m.Dates, m.Agencies...), m.People...), m.Places...), m.Organizations...), m.Keywords...)...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 out: %q", s)
			}
		}
		for _, en := range m.Entities {
			if en.Name == "" || en.Count < len(en.Mentions) && en.Count <= 0 {
				t.Errorf("entity %+v", en)
			}
			for _, mn := range en.Mentions {
				if mn.Start < 0 || mn.End <= mn.Start || mn.End > len(runes) {
					t.Fatalf("mention %+v outside the text (%d runes)", mn, len(runes))
				}
				if got := string(runes[mn.Start:mn.End]); got != mn.Text {
					t.Fatalf("mention %+v: the text holds %q there", mn, got)
				}
				if mn.Score < 0 || mn.Score > 1 {
					t.Errorf("mention score %v", mn.Score)
				}
			}
		}
		if s := m.Stats; s.HanChars > s.Chars || s.Chars > len(runes) || s.Tokens < 0 {
			t.Errorf("stats %+v for %d runes", s, len(runes))
		}
	})
}
