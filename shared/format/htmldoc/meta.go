package htmldoc

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// head is what the page's head (and a few body elements) say.
type head struct {
	title, ogTitle, siteName, h1        string
	published, author, source, publish  string
	ldHeadline, ldDate, ldAuthor, ldPub string
	timeAttr                            string
}

var reISODate = regexp.MustCompile(`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)

// isoDate reads the first date of s as YYYY-MM-DD ("" when none).
func isoDate(s string) string {
	m := reISODate.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	pad := func(x string) string {
		if len(x) == 1 {
			return "0" + x
		}
		return x
	}
	mo, d := pad(m[2]), pad(m[3])
	if mo < "01" || mo > "12" || d < "01" || d > "31" {
		return ""
	}
	return m[1] + "-" + mo + "-" + d
}

// readHead walks the tree once (bounded depth) for the metadata.
func readHead(root *html.Node) head {
	var h head
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if h.title == "" {
					h.title = collapse(textOf(n))
				}
			case atom.Meta:
				readMeta(&h, n)
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") {
					readLD(&h, textOf(n))
				}
			case atom.H1:
				if h.h1 == "" {
					h.h1 = collapse(textOf(n))
				}
			case atom.Time:
				if h.timeAttr == "" {
					h.timeAttr = isoDate(attr(n, "datetime"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return h
}

func readMeta(h *head, n *html.Node) {
	key := strings.ToLower(attr(n, "property"))
	if key == "" {
		key = strings.ToLower(attr(n, "name"))
	}
	if key == "" {
		key = strings.ToLower(attr(n, "itemprop"))
	}
	v := collapse(attr(n, "content"))
	if v == "" {
		return
	}
	set := func(dst *string) {
		if *dst == "" {
			*dst = v
		}
	}
	switch key {
	case "og:title":
		set(&h.ogTitle)
	case "og:site_name", "sitename", "site_name":
		set(&h.siteName)
	case "article:published_time", "datepublished", "og:published_time":
		set(&h.published)
	case "publishdate", "pubdate", "publish_date", "publishtime", "publish-date", "date":
		set(&h.publish)
	case "author", "article:author":
		set(&h.author)
	case "source", "mediaid", "contentsource":
		set(&h.source)
	}
}

// readLD reads a JSON-LD block: one object, an array, or an @graph, for
// the first Article-like object's headline, datePublished, author and
// publisher.
func readLD(h *head, s string) {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			t := strings.ToLower(ldString(x["@type"]))
			if !strings.Contains(t, "article") && t != "blogposting" && t != "reportagenewsarticle" {
				return
			}
			if h.ldHeadline == "" {
				h.ldHeadline = collapse(ldString(x["headline"]))
			}
			if h.ldDate == "" {
				h.ldDate = ldString(x["datePublished"])
			}
			if h.ldAuthor == "" {
				h.ldAuthor = ldName(x["author"])
			}
			if h.ldPub == "" {
				h.ldPub = ldName(x["publisher"])
			}
		}
	}
	visit(v, 0)
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldName is a Person/Organization's name, a plain string, or the first of
// a list.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return collapse(x)
	case map[string]any:
		return collapse(ldString(x["name"]))
	case []any:
		var names []string
		for _, e := range x {
			if n := ldName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, "、")
	}
	return ""
}

// reTitleSep splits a <title> into the article's title and the site's
// parts: 标题_频道_网站, 标题 - 网站, 标题|网站, 标题——网站.
var reTitleSep = regexp.MustCompile(`\s*[_|｜]\s*|\s+[-–—]\s+|\s*——\s*|\s+·\s+`)

// pageTitle chooses the title by structure: a headline the page states
// (JSON-LD, the h1) that the <title> contains wins; otherwise the <title>
// (or og:title) without the site's name: the part before the separators,
// the og:site_name cut off when the page gives one.
func pageTitle(h head) string {
	full := h.title
	if full == "" {
		full = h.ogTitle
	}
	for _, c := range []string{h.ldHeadline, h.h1, h.ogTitle} {
		if c != "" && full != "" && strings.HasPrefix(full, c) && c != full {
			return c
		}
	}
	if h.ldHeadline != "" {
		return h.ldHeadline
	}
	t := full
	if i := strings.LastIndex(t, h.siteName); h.siteName != "" && i > 0 {
		// Cut where the site's name begins, then the short channel parts
		// before it (标题_国内_网站, 标题 @ 博客名 :: 平台): the title may
		// itself hold a separator (游记_第二天).
		t = strings.TrimRight(t[:i], " _-|｜@·—–:：")
		for {
			seps := reTitleSep.FindAllStringIndex(t, -1)
			if len(seps) == 0 {
				break
			}
			last := seps[len(seps)-1]
			if tail := t[last[1]:]; utf8.RuneCountInString(tail) > 4 || last[0] == 0 {
				break
			}
			t = t[:last[0]]
		}
		if t = strings.TrimSpace(t); t != "" {
			return t
		}
		t = full
	}
	if parts := reTitleSep.Split(t, -1); len(parts) > 1 {
		t = strings.TrimSpace(parts[0])
		// a title that itself holds the separator: the h1 says so
		if h.h1 != "" && strings.HasPrefix(h.h1, t) && strings.HasPrefix(full, h.h1) {
			t = h.h1
		}
	}
	t = strings.TrimSpace(t)
	if t == "" || t == h.siteName && h.h1 != "" {
		t = h.h1 // a <title> that names only the site
	}
	return t
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// textOf is all text below n, bounded in depth.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}
