// Package corpusgen builds a varied, reproducible corpus of test documents
// from real sentences: wire-style articles with datelines, agencies and
// dates, in Simplified or Traditional script and in several encodings. The
// integration tests upload it through S3 to exercise search, filters,
// pagination and facets at a realistic size.
package corpusgen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// Doc is one generated upload.
type Doc struct {
	Name     string // file name, unique
	Body     []byte // encoded bytes
	Encoding string // the encoding used (detection must find it)
	Script   string // "Hans" or "Hant"
	Date     string // YYYY-MM-DD in the dateline
	Agency   string
}

// Sentences splits texts into sentences ending in 。！？ of reasonable length.
func Sentences(texts ...string) []string {
	var out []string
	for _, t := range texts {
		for _, line := range strings.Split(t, "\n") {
			var b strings.Builder
			for _, r := range strings.TrimSpace(line) {
				b.WriteRune(r)
				if r == '。' || r == '！' || r == '？' {
					if s := b.String(); len([]rune(s)) >= 12 && len([]rune(s)) <= 160 {
						out = append(out, s)
					}
					b.Reset()
				}
			}
		}
	}
	return out
}

var (
	agencies = []string{"新华社", "中新社", "人民日报", "央视新闻"}
	cities   = []string{"北京", "上海", "阿斯塔纳", "莫斯科", "香港", "日内瓦", "纽约", "广州"}
	extras   = []string{
		"外交部长王毅当天会见了到访的代表团。",
		"上海合作组织秘书长出席开幕式并致辞。",
		"国家主席习近平向大会致贺信。",
		"联合国秘书长古特雷斯发表视频讲话。",
		"哈萨克斯坦总统托卡耶夫主持会议。",
		"双方就共建“一带一路”合作深入交换意见。",
	}
)

// Generate returns n documents built from sentences (Simplified), seeded so
// the corpus is the same on every run.
func Generate(n int, sentences []string, seed uint64) ([]Doc, error) {
	if len(sentences) < 20 {
		return nil, fmt.Errorf("corpusgen: need at least 20 sentences, have %d", len(sentences))
	}
	s2t, err := zhconv.New("s2t")
	if err != nil {
		return nil, err
	}
	t2s, err := zhconv.New("t2s")
	if err != nil {
		return nil, err
	}
	// Sources may be in either script; documents start Simplified.
	simp := make([]string, len(sentences))
	for i, s := range sentences {
		if simp[i], err = t2s.Convert(s); err != nil {
			return nil, err
		}
	}
	sentences = simp
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	docs := make([]Doc, 0, n)
	for i := 0; i < n; i++ {
		agency := agencies[rng.IntN(len(agencies))]
		city := cities[rng.IntN(len(cities))]
		month, day := 1+rng.IntN(12), 1+rng.IntN(28)
		var b strings.Builder
		title := strings.TrimRight(sentences[rng.IntN(len(sentences))], "。！？")
		if r := []rune(title); len(r) > 28 {
			title = string(r[:28])
		}
		fmt.Fprintf(&b, "%s\n\n", title)
		// Most pages carry a header date; the dateline alone has no year.
		if rng.IntN(4) != 0 {
			fmt.Fprintf(&b, "2024-%02d-%02d %02d:%02d:00 来源：%s\n\n", month, day, rng.IntN(24), rng.IntN(60), agency)
		}
		fmt.Fprintf(&b, "%s%s%d月%d日电 ", agency, city, month, day)
		paras := 2 + rng.IntN(4)
		for p := 0; p < paras; p++ {
			for k := 1 + rng.IntN(4); k > 0; k-- {
				b.WriteString(sentences[rng.IntN(len(sentences))])
			}
			if rng.IntN(3) == 0 {
				b.WriteString(extras[rng.IntN(len(extras))])
			}
			b.WriteString("\n\n")
		}
		text := b.String()
		d := Doc{Script: "Hans", Agency: agency, Date: fmt.Sprintf("2024-%02d-%02d", month, day)}
		if rng.IntN(3) == 0 {
			if text, err = s2t.Convert(text); err != nil {
				return nil, err
			}
			d.Script = "Hant"
		}
		var encodings []string
		if d.Script == "Hans" {
			encodings = []string{"UTF-8", "GB18030", "UTF-16LE"}
		} else {
			encodings = []string{"UTF-8", "Big5-HKSCS", "UTF-16BE"}
		}
		d.Encoding = encodings[rng.IntN(len(encodings))]
		if d.Body, err = encode(text, d.Encoding); err != nil {
			// Not representable (rare characters): keep it in UTF-8.
			d.Encoding, d.Body = "UTF-8", []byte(text)
		}
		d.Name = fmt.Sprintf("gen-%04d.txt", i)
		docs = append(docs, d)
	}
	return docs, nil
}

func encode(text, name string) ([]byte, error) {
	switch name {
	case "GB18030":
		return simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	case "Big5-HKSCS":
		return traditionalchinese.Big5.NewEncoder().Bytes([]byte(text))
	case "UTF-16LE":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	case "UTF-16BE":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(text))
	}
	return []byte(text), nil
}
