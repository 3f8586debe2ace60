// Package htmldoc reads a saved web page: the charset (declared, verified
// by the bytes), the article's text without the page's furniture, and the
// metadata the page gives (title, date, author, source, site).
//
// The main content is found by structure: runs of inline text (paragraphs,
// text between <br>s) score by their sentence punctuation and length minus
// what is inside links; a run's container gets its score and the
// container's parent half of it; the highest container, weighed by the
// evidence of its tag (<article>, <main>, itemprop=articleBody up;
// nav/aside/footer down), its class and id words, and its link density,
// is the article. Inside it, blocks that are mostly links or named and
// shaped as furniture are left out, and byline lines (来源, 作者, 编辑,
// a date alone) go to the metadata, not the text. <script>, <style> and
// the like never contribute text.
package htmldoc

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"github.com/zhdoc/zhdoc/shared/format"
)

// Extract reads page. contentType is the object's Content-Type when the
// caller has it ("" otherwise).
func Extract(page []byte, contentType string) (format.Document, error) {
	text, declared, enc, err := decode(page, contentType)
	if err != nil {
		return format.Document{}, err
	}
	if d := nesting(text); d > maxNesting {
		return format.Document{}, fmt.Errorf("htmldoc: %w: elements nest %d deep (the limit is %d)", format.ErrMalformed, d, maxNesting)
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return format.Document{}, fmt.Errorf("htmldoc: %w: %v", format.ErrMalformed, err)
	}
	h := readHead(root)
	meta := format.Meta{Charset: declared, Encoding: enc.Name, EncodingConfidence: enc.Confidence, BOM: enc.BOM, SiteName: h.siteName}
	meta.Title = pageTitle(h)
	meta.Author = firstOf(h.ldAuthor, h.author)
	meta.Publisher = h.ldPub
	meta.Source = h.source
	meta.Published = firstOf(isoDate(h.published), isoDate(h.ldDate), isoDate(h.publish), h.timeAttr)

	body := find(root, "body", 0)
	if body == nil {
		body = root
	}
	s := &scorer{st: map[*html.Node]stats{}, score: map[*html.Node]float64{}, order: map[*html.Node]int{}}
	s.measure(body, 0, false)
	r := &renderer{st: s.st}
	for _, n := range mainContent(body, s) {
		r.walk(n, 0)
		r.flush()
	}

	var paras []string
	for i, p := range r.paras {
		if i < 3 && (p == meta.Title || p == h.h1) {
			continue // the headline, written once as the title line
		}
		// Credits stand at the article's head or foot; a date line in the
		// middle (or a document's signature date) is text.
		head, foot := i < 4, i >= len(r.paras)-3
		if bl, ok := byline(p); ok && (head || foot && bl.date == "") {
			if meta.Author == "" {
				meta.Author = bl.author
			}
			if meta.Source == "" {
				meta.Source = bl.source
			}
			if meta.Published == "" {
				meta.Published = bl.date
			}
			continue
		}
		paras = append(paras, p)
	}
	var out strings.Builder
	if meta.Title != "" {
		out.WriteString(meta.Title)
		out.WriteString("\n\n")
	}
	out.WriteString(strings.Join(paras, "\n\n"))
	return format.Document{Text: out.String(), Meta: meta}, nil
}

// maxNesting bounds how deep a page's elements may nest before it is
// parsed: the tree builder's scope checks walk the stack of open elements,
// so a page of 100,000 nested <div>s would take quadratic time. Real pages
// nest well under a hundred deep.
const maxNesting = 4096

// optionalEnd are elements whose end tag pages commonly omit (closed by
// the parser), void elements have none: neither counts as nesting.
var optionalEnd = map[string]bool{
	"p": true, "li": true, "td": true, "th": true, "tr": true, "dt": true, "dd": true,
	"option": true, "optgroup": true, "tbody": true, "thead": true, "tfoot": true,
	"colgroup": true, "rt": true, "rp": true, "br": true, "img": true, "meta": true,
	"link": true, "input": true, "hr": true, "area": true, "base": true, "col": true,
	"embed": true, "param": true, "source": true, "track": true, "wbr": true,
}

// nesting is the deepest nesting of start tags over end tags, by the
// tokenizer (linear time).
func nesting(text string) int {
	z := html.NewTokenizer(strings.NewReader(text))
	depth, deepest := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return deepest
		case html.StartTagToken:
			name, _ := z.TagName()
			if !optionalEnd[string(name)] {
				if depth++; depth > deepest {
					deepest = depth
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if !optionalEnd[string(name)] && depth > 0 {
				depth--
			}
		}
	}
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func find(n *html.Node, tag string, depth int) *html.Node {
	if depth > maxDepth {
		return nil
	}
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, tag, depth+1); f != nil {
			return f
		}
	}
	return nil
}

type bylineInfo struct{ author, source, date string }

var (
	reBylineField = regexp.MustCompile(`(来源|來源|作者|编辑|編輯|责任编辑|責任編輯|记者|記者|发布时间|發佈時間|发布日期|時間|时间|日期|出处|出處|稿源)\s*[：:]\s*([^\s　|｜]*)`)
	reDateTime    = regexp.MustCompile(`[\d\s\-/.:年月日时分秒時T+Z]+`)
	reDateOnly    = regexp.MustCompile(`^[\d\s\-/.:年月日时分秒時]+$`)
)

// byline reads a short line of the page's credits: fields such as 来源：
// and 作者：, or a date alone. A sentence (with its punctuation) is not one.
func byline(p string) (bylineInfo, bool) {
	var bl bylineInfo
	if len([]rune(p)) > 80 || strings.ContainsAny(p, "。！？") {
		return bl, false
	}
	if reDateOnly.MatchString(p) {
		if d := isoDate(p); d != "" {
			bl.date = d
			return bl, true
		}
		return bl, false
	}
	ms := reBylineField.FindAllStringSubmatch(p, -1)
	if len(ms) == 0 {
		// a date with a word or two (发布于, 更新于, Posted on)
		if d := isoDate(p); d != "" {
			rest := reDateTime.ReplaceAllString(p, "")
			if len([]rune(strings.TrimSpace(rest))) <= 6 {
				bl.date = d
				return bl, true
			}
		}
		return bl, false
	}
	for _, m := range ms {
		switch m[1] {
		case "来源", "來源", "出处", "出處", "稿源":
			bl.source = m[2]
		case "作者", "记者", "記者":
			bl.author = m[2]
		}
	}
	bl.date = isoDate(p)
	return bl, true
}

// Byline reads a short credits line (来源：, 作者：, a date alone or with
// a word or two) as the page reader does; the PDF reader reads the same
// lines of a printed page.
func Byline(p string) (author, source, date string, ok bool) {
	bl, ok := byline(p)
	return bl.author, bl.source, bl.date, ok
}
