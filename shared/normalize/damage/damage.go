// Package damage builds damaged documents from clean text, one class of
// damage at a time, for the normalizer's and the pipeline's evaluation
// (issue 17): mojibake by every path (with real encoders), web-page
// furniture around an article, OCR breaks and spacing, pinyin annotations.
// Everything is deterministic: the same text and seed give the same
// document. Texts are split into a development and a held-out half by a
// hash of their name, so tuning on one half says nothing about the other.
//
// The figures per class and half: go test -run TestDamageReport -v ./shared/pipeline
package damage

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/width"

	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// Heldout reports whether the text named name belongs to the held-out half.
func Heldout(name string) bool {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()%2 == 1
}

// Doc is a damaged document with what a perfect repair gives back.
type Doc struct {
	Class, Kind string
	Text        string   // the damaged document
	Clean       string   // the clean text it was made from
	Spans       []string // the clean spans that were garbled (mojibake)
	Furniture   []string // the furniture lines added (pages)
	Title       string   // pages: the headline
	Published   string   // pages: YYYY-MM-DD
	Source      string   // pages: the source named on the page
	Author      string   // pages: the author, "" when none is named
	Editor      string   // pages: the editor, "" when none is named
}

// Split cuts a reference text into its title and paragraphs.
func Split(text string) (title string, paras []string) {
	for i, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if i == 0 {
			title = p
			continue
		}
		paras = append(paras, p)
	}
	return title, paras
}

func join(title string, paras []string) string {
	return title + "\n\n" + strings.Join(paras, "\n\n") + "\n"
}

func rng(name, kind string, seed uint64) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s", name, kind)
	return rand.New(rand.NewPCG(h.Sum64(), seed))
}

// A Path is one way a span of Chinese text turns into mojibake; F reports
// false when the path cannot garble that span.
type Path struct {
	Name string
	F    func(string) (string, bool)
}

func enc(e encoding.Encoding, s string) ([]byte, bool) {
	b, err := e.NewEncoder().Bytes([]byte(s))
	return b, err == nil
}

// decodeReplacing decodes b with e, each undecodable byte replaced by repl
// (the decoders emit U+FFFD; a "?" writer is the other common one).
func decodeReplacing(e encoding.Encoding, b []byte, repl string) string {
	out, _ := e.NewDecoder().Bytes(b)
	s := string(out)
	if repl != "\uFFFD" {
		s = strings.ReplaceAll(s, "\uFFFD", repl)
	}
	return s
}

// Paths are the mojibake paths, each alone; Post adds the passes that
// follow them.
func Paths() []Path {
	gbk, gb18030, big5 := simplifiedchinese.GBK, simplifiedchinese.GB18030, traditionalchinese.Big5
	changed := func(orig, s string) bool { return s != orig && s != "" }
	asGBK := func(repl string) func(string) (string, bool) {
		return func(s string) (string, bool) {
			out := decodeReplacing(gbk, []byte(s), repl)
			return out, changed(s, out) && (repl == "" || strings.Contains(out, repl))
		}
	}
	return []Path{
		{"utf8-as-gbk", func(s string) (string, bool) {
			out := decodeReplacing(gbk, []byte(s), "\uFFFD")
			return out, changed(s, out) && !strings.ContainsRune(out, 0xFFFD)
		}},
		{"utf8-as-gbk-fffd", asGBK("\uFFFD")},
		{"utf8-as-gbk-qmark", asGBK("?")},
		{"utf8-as-gb18030", func(s string) (string, bool) {
			// GB18030 decodes the pairs GBK rejects in its user-defined
			// areas to private-use characters: no hole, but odd characters
			out := decodeReplacing(gb18030, []byte(s), "\uFFFD")
			return out, changed(s, out)
		}},
		{"utf8-as-big5", func(s string) (string, bool) {
			out := decodeReplacing(big5, []byte(s), "\uFFFD")
			return out, changed(s, out)
		}},
		{"gb18030-lost-byte", func(s string) (string, bool) {
			b, ok := enc(gb18030, s)
			if !ok || len(b) < 4 || b[0] < 0x80 {
				return "", false // the lost byte is one of a two-byte character
			}
			out, err := gb18030.NewDecoder().Bytes(b[1:])
			return string(out), err == nil && !strings.ContainsRune(string(out), 0xFFFD)
		}},
		{"gbk-as-big5", func(s string) (string, bool) {
			b, ok := enc(gbk, s)
			if !ok {
				return "", false
			}
			out := decodeReplacing(big5, b, "\uFFFD")
			return out, changed(s, out)
		}},
		{"big5-as-gbk", func(s string) (string, bool) {
			b, ok := enc(big5, s)
			if !ok {
				return "", false
			}
			out := decodeReplacing(gbk, b, "\uFFFD")
			return out, changed(s, out)
		}},
		{"double-utf8", func(s string) (string, bool) {
			out, _ := charmap.Windows1252.NewDecoder().Bytes([]byte(s))
			return string(out), changed(s, string(out))
		}},
		{"utf8-as-latin1", func(s string) (string, bool) {
			out, _ := charmap.ISO8859_1.NewDecoder().Bytes([]byte(s))
			return string(out), changed(s, string(out))
		}},
	}
}

// Post are the passes that may follow a path: none, width folding, a
// Simplified-to-Traditional or Traditional-to-Simplified conversion.
func Post() []Path {
	conv := func(cfg string) func(string) (string, bool) {
		c, err := zhconv.New(cfg)
		if err != nil {
			panic(err)
		}
		return func(s string) (string, bool) {
			if !utf8.ValidString(s) {
				return "", false
			}
			out, err := c.Convert(s)
			return out, err == nil
		}
	}
	return []Path{
		{"", func(s string) (string, bool) { return s, true }},
		{"+width", func(s string) (string, bool) { return width.Fold.String(s), true }},
		{"+s2t", conv("s2t")},
		{"+t2s", conv("t2s")},
	}
}

// Mojibake garbles up to three clause-sized spans of different paragraphs
// of a reference text by path p followed by pass post (over the whole
// garbled span, as a later tool would see it).
func Mojibake(name, text string, p, post Path) (Doc, bool) {
	title, paras := Split(text)
	r := rng(name, p.Name+post.Name, 1)
	d := Doc{Class: "mojibake", Kind: p.Name + post.Name, Clean: text}
	for i := range paras {
		if len(d.Spans) == 3 || i%2 == 1 && len(paras) > 4 {
			continue
		}
		rs := []rune(paras[i])
		if len(rs) < 40 {
			continue
		}
		a := 5 + r.IntN(len(rs)/3)
		b := min(a+6+r.IntN(10), len(rs))
		span := string(rs[a:b])
		g, ok := p.F(span)
		if !ok {
			continue
		}
		if g, ok = post.F(g); !ok || g == span {
			continue
		}
		paras[i] = string(rs[:a]) + g + string(rs[b:])
		d.Spans = append(d.Spans, span)
	}
	if len(d.Spans) == 0 {
		return d, false
	}
	d.Text = join(title, paras)
	return d, true
}

// OCR joins a paragraph's characters into columns: a line break (and for
// some texts a space) every 12–16 characters, some paragraphs split in
// the middle by a blank line, ASCII punctuation for some of the Chinese.
func OCR(name, text string) Doc {
	title, paras := Split(text)
	r := rng(name, "ocr", 2)
	spaces := r.IntN(2) == 0
	ascii := map[rune]rune{'，': ',', '：': ':', '；': ';', '？': '?', '！': '!', '（': '(', '）': ')'}
	var b strings.Builder
	b.WriteString(title + "\n\n")
	for pi, p := range paras {
		rs := []rune(p)
		next := 12 + r.IntN(5)
		mid := -1
		if pi%3 == 1 {
			mid = len(rs) / 2
		}
		col := 0
		for k, c := range rs {
			if k == mid && unicode.Is(unicode.Han, c) && k > 0 && unicode.Is(unicode.Han, rs[k-1]) {
				b.WriteString("\n\n")
				col = 0
			} else if col >= next && k+1 < len(rs) {
				b.WriteByte('\n')
				col, next = 0, 12+r.IntN(5)
			} else if spaces && k > 0 && col > 0 && r.IntN(9) == 0 && unicode.Is(unicode.Han, c) && unicode.Is(unicode.Han, rs[k-1]) {
				b.WriteByte(' ')
			}
			if a, ok := ascii[c]; ok && r.IntN(2) == 0 {
				c = a
			}
			b.WriteRune(c)
			col++
		}
		b.WriteString("\n\n")
	}
	return Doc{Class: "ocr", Kind: "columns", Text: b.String(), Clean: text}
}

// Pinyin annotates about one character in twenty with its tone-marked
// pinyin in ASCII or full-width parentheses.
func Pinyin(name, text string) Doc {
	title, paras := Split(text)
	r := rng(name, "pinyin", 3)
	args := pinyin.NewArgs()
	args.Style = pinyin.Tone
	for i, p := range paras {
		var b strings.Builder
		for _, c := range p {
			b.WriteRune(c)
			if unicode.Is(unicode.Han, c) && r.IntN(20) == 0 {
				py := pinyin.SinglePinyin(c, args)
				if len(py) == 0 {
					continue
				}
				if r.IntN(2) == 0 {
					b.WriteString("(" + py[0] + ")")
				} else {
					b.WriteString("（" + py[0] + "）")
				}
			}
		}
		paras[i] = b.String()
	}
	return Doc{Class: "pinyin", Kind: "annotations", Text: join(title, paras), Clean: text}
}
