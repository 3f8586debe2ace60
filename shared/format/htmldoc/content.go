package htmldoc

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth bounds every walk of the tree: deeper elements are ignored
// (x/net/html itself nests at most a few hundred levels of some elements,
// but divs nest without limit).
const maxDepth = 256

// dropped elements never contribute text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Form: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Input: true, atom.Object: true, atom.Embed: true, atom.Head: true,
	atom.Audio: true, atom.Video: true, atom.Map: true,
}

// furniture elements are page furniture by their semantics.
var furniture = map[atom.Atom]bool{atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Menu: true}

// block elements end a paragraph.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Tr: true, atom.Blockquote: true, atom.Pre: true, atom.Header: true,
	atom.Footer: true, atom.Nav: true, atom.Aside: true, atom.Figure: true, atom.Figcaption: true,
	atom.Hr: true, atom.Center: true, atom.Address: true, atom.Caption: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Body: true, atom.Html: true,
}

// Class and id words: evidence, weighed with the structure, never alone.
var (
	reFurnitureName = regexp.MustCompile(`(?i)(^|[-_ ])(nav|navbar|menu|sidebar|side|aside|footer|foot|breadcrumbs?|crumbs?|related|recommend|comments?|share|social|ads?|advert|banner|copyright|toolbar|topbar|header|hot|rank|tags?|pager|pagination|widget|links?|friend)([-_ ]|$)`)
	reContentName   = regexp.MustCompile(`(?i)(^|[-_ ])(article|content|post|entry|text|body|main|story|detail|artibody)([-_ ]|$)`)
)

// stats of a subtree: visible characters, of them inside links, and the
// punctuation of sentences.
type stats struct{ chars, link, punct int }

type scorer struct {
	st    map[*html.Node]stats
	score map[*html.Node]float64
	order map[*html.Node]int // post-order index: the last tie-break, so the choice is deterministic
}

func visible(s string) (n, punct int) {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case strings.ContainsRune("，。；！？、：", r):
			n++
			punct++
		default:
			n++
		}
	}
	return n, punct
}

// measure fills st bottom-up.
func (s *scorer) measure(n *html.Node, depth int, inLink bool) stats {
	var t stats
	if depth > maxDepth {
		return t
	}
	switch n.Type {
	case html.TextNode:
		c, p := visible(n.Data)
		t = stats{chars: c, punct: p}
		if inLink {
			t.link = c
		}
		return t
	case html.ElementNode:
		if dropped[n.DataAtom] {
			return t
		}
		if n.DataAtom == atom.A {
			inLink = true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		ct := s.measure(c, depth+1, inLink)
		t.chars += ct.chars
		t.link += ct.link
		t.punct += ct.punct
	}
	if n.Type == html.ElementNode {
		s.st[n] = t
		s.order[n] = len(s.order)
	}
	return t
}

func linkDensity(t stats) float64 {
	if t.chars == 0 {
		return 1
	}
	return float64(t.link) / float64(t.chars)
}

// nameOf is an element's class and id.
func nameOf(n *html.Node) string { return attr(n, "class") + " " + attr(n, "id") }

// paragraphs scores runs of inline content (text between block elements
// and <br>s, the inside of a <p>): sentence punctuation and length, minus
// what is inside links. A run's container gets its score, the container's
// parent half of it.
func (s *scorer) paragraphs(n *html.Node, depth int) {
	if depth > maxDepth || n.Type != html.ElementNode || dropped[n.DataAtom] {
		return
	}
	var run stats
	flush := func() {
		if run.chars-run.link >= 10 {
			own := run.chars - run.link
			sc := 1 + float64(run.punct) + min(float64(own)/40, 4)
			sc *= 1 - float64(run.link)/float64(run.chars)
			c := n
			for c.Parent != nil && (c.DataAtom == atom.P || !block[c.DataAtom]) {
				c = c.Parent
			}
			s.score[c] += sc
			if c.Parent != nil {
				s.score[c.Parent] += sc / 2
			}
		}
		run = stats{}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			ch, p := visible(c.Data)
			run.chars += ch
			run.punct += p
		case c.Type == html.ElementNode && (block[c.DataAtom] || c.DataAtom == atom.Br):
			flush()
			s.paragraphs(c, depth+1)
		case c.Type == html.ElementNode && !dropped[c.DataAtom]:
			t := s.st[c]
			if c.DataAtom == atom.A {
				t.link = t.chars
			}
			run.chars += t.chars
			run.link += t.link
			run.punct += t.punct
		}
	}
	flush()
}

// weight is the evidence of the element's own tag and names.
func weight(n *html.Node) float64 {
	w := 1.0
	switch n.DataAtom {
	case atom.Article, atom.Main:
		w *= 1.5
	case atom.Nav, atom.Aside, atom.Footer, atom.Header, atom.Menu:
		w *= 0.2
	case atom.Body, atom.Html:
		w *= 0.8
	}
	if strings.EqualFold(attr(n, "itemprop"), "articleBody") || strings.EqualFold(attr(n, "role"), "main") {
		w *= 1.5
	}
	name := nameOf(n)
	if reContentName.MatchString(name) {
		w *= 1.25
	}
	if reFurnitureName.MatchString(name) {
		w *= 0.3
	}
	return w
}

// mainContent picks the elements holding the article: the highest score
// of its paragraphs, weighed by tag and name evidence and by how little of
// it is links, and those of its siblings that score at least a quarter as
// high with few links (an article split around an advertisement), in
// document order.
func mainContent(body *html.Node, s *scorer) []*html.Node {
	s.paragraphs(body, 0)
	final := func(n *html.Node) float64 { return s.score[n] * weight(n) * (1 - linkDensity(s.st[n])) }
	var best *html.Node
	bestScore := 0.0
	for n := range s.score {
		sc := final(n)
		if best == nil || sc > bestScore || sc == bestScore && (s.st[n].chars > s.st[best].chars ||
			s.st[n].chars == s.st[best].chars && s.order[n] < s.order[best]) {
			best, bestScore = n, sc
		}
	}
	if best == nil {
		return []*html.Node{body}
	}
	if best.Parent == nil {
		return []*html.Node{best}
	}
	var out []*html.Node
	for c := best.Parent.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c == best:
			out = append(out, c)
		case c.Type == html.ElementNode && !dropped[c.DataAtom] && !furniture[c.DataAtom] &&
			final(c) >= max(10, bestScore/4) && linkDensity(s.st[c]) < 0.25:
			out = append(out, c)
		}
	}
	return out
}

// renderer turns the chosen element into paragraphs, leaving out what is
// furniture inside it (a related list, a share bar, a nav inside the
// article), by semantics or by link density.
type renderer struct {
	st    map[*html.Node]stats
	paras []string
	cur   strings.Builder
	row   []string // cells of the table row being read
	inRow bool
}

func (r *renderer) flush() {
	p := tidy(r.cur.String())
	r.cur.Reset()
	if p != "" {
		r.paras = append(r.paras, p)
	}
}

// furnitureBlock: a block inside the article that is the page's and not
// the article's.
func (r *renderer) furnitureBlock(n *html.Node) bool {
	if furniture[n.DataAtom] {
		return true
	}
	t := r.st[n]
	if !block[n.DataAtom] || t.chars == 0 {
		return false
	}
	ld := linkDensity(t)
	if ld > 0.5 && n.DataAtom != atom.P {
		return true
	}
	return reFurnitureName.MatchString(nameOf(n)) && (ld > 0.2 || t.punct*40 < t.chars)
}

func (r *renderer) walk(n *html.Node, depth int) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		r.cur.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.walk(c, depth+1)
		}
		return
	}
	if dropped[n.DataAtom] || r.furnitureBlock(n) {
		return
	}
	switch n.DataAtom {
	case atom.Br:
		r.flush()
		return
	case atom.Tr:
		if layoutRow(n, 0) {
			break // a row of a layout table: its cells are blocks
		}
		r.flush()
		r.row, r.inRow = nil, true
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.walk(c, depth+1)
		}
		r.flush()
		if len(r.row) > 0 {
			r.paras = append(r.paras, strings.Join(r.row, "\t"))
		}
		r.row, r.inRow = nil, false
		return
	case atom.Td, atom.Th:
		if r.inRow {
			r.flush()
			start := len(r.paras)
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				r.walk(c, depth+1)
			}
			r.flush()
			r.row = append(r.row, strings.Join(r.paras[start:], " "))
			r.paras = r.paras[:start]
			return
		}
	}
	isBlock := block[n.DataAtom]
	if isBlock {
		r.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, depth+1)
	}
	if isBlock {
		r.flush()
	}
}

// layoutRow: a table row whose cells hold blocks (paragraphs, lists,
// other tables) lays out a page; a row of a data table holds text.
func layoutRow(n *html.Node, depth int) bool {
	if depth > maxDepth {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if depth > 0 && block[c.DataAtom] || c.DataAtom == atom.Table {
			return true
		}
		if layoutRow(c, depth+1) {
			return true
		}
	}
	return false
}

// tidy collapses white space in a paragraph: a run that holds a line
// break between Han characters or Chinese punctuation goes (source line
// breaks inside a Chinese paragraph are not spaces), any other run is one
// space.
func tidy(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !space(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j, brk := i, false
		for j < len(rs) && space(rs[j]) {
			brk = brk || rs[j] == '\n' || rs[j] == '\r'
			j++
		}
		if i > 0 && j < len(rs) && !(brk && (wide(rs[i-1]) || wide(rs[j]))) {
			b.WriteByte(' ')
		}
		i = j
	}
	return b.String()
}

func space(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' }

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// collapse turns runs of white space (also non-breaking spaces from
// &nbsp;) into one space and trims.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' }), " ")
}
