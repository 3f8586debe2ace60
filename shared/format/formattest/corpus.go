// Package formattest builds the test corpus of the format readers: HTML
// pages in several layouts and encodings and DOCX files, written here from
// the clean reference texts (../shared/corpus/reference: a title line, then
// paragraphs), so that the expected title, date and article text of every
// file are known. The texts are split in a development half (tune on it)
// and a held-out half (report it; never tune on it), and two layouts are
// used only for the held-out half.
package formattest

import (
	"fmt"
	"hash/fnv"
	"html"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// Ref is one reference text.
type Ref struct {
	Name, Title string
	Paras       []string
	Hant        bool
	HeldOut     bool
}

// Body is the article as the readers should give it: the title line, a
// blank line, the paragraphs separated by blank lines.
func (r Ref) Body() string { return r.Title + "\n\n" + strings.Join(r.Paras, "\n\n") }

// Case is one generated file with what a reader should find in it.
type Case struct {
	Name    string // ref/layout
	Layout  string
	Format  string // "html" or "docx"
	Bytes   []byte
	Title   string
	Date    string // YYYY-MM-DD, "" when the file states none
	Want    string // expected text (title line first)
	HeldOut bool
	// Leaks are strings of the page's furniture, scripts and styles that
	// must not reach the text.
	Leaks []string
}

// Refs reads the reference texts (skips the test when ../shared is
// absent). Sorted by name, every second one is held out.
func Refs(tb testing.TB) []Ref {
	tb.Helper()
	dir := testcorpus.Shared(tb, "corpus", "reference")
	files, err := filepath.Glob(filepath.Join(dir, "*[0-9].txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no reference texts in %s: %v", dir, err)
	}
	sort.Strings(files)
	var refs []Ref
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var paras []string
		for _, p := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		hant := strings.HasPrefix(name, "pud") || strings.HasPrefix(name, "gsdt")
		refs = append(refs, Ref{Name: name, Title: paras[0], Paras: paras[1:], Hant: hant, HeldOut: i%2 == 1})
	}
	return refs
}

func seed(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// date is a deterministic date for a case.
func date(s string) string {
	h := seed(s)
	return fmt.Sprintf("%04d-%02d-%02d", 2015+h%10, 1+h/10%12, 1+h/120%28)
}

// Furniture of every layout: each string is unique enough that finding it
// in the text is a leak.
var (
	navItems     = []string{"首页", "国内新闻频道", "国际新闻频道", "财经频道", "体育频道", "娱乐频道", "科技频道", "图片频道"}
	sideItems    = []string{"热点排行榜第一名的新闻标题", "网友热议的另一条新闻标题", "编辑推荐阅读的专题报道", "今日要闻速览汇总"}
	relatedItems = []string{"相关阅读：去年同期的同类报道回顾", "延伸阅读：专家解读政策要点", "相关新闻：各地陆续出台配套措施"}
	footerText   = "版权所有 示例新闻网 京ICP备12345678号 违法和不良信息举报电话：010-12345678"
	scriptText   = `var 脚本变量 = "脚本文字不应出现"; window.dataLayer = [];`
	styleText    = `.样式类名 { color: #333; } body { margin: 0 }`
	longComments = []string{
		"网友丙：这篇文章让我想起了小时候在老家的日子，那时候条件虽然艰苦，但是大家的心很齐，遇到困难总是互相帮助，现在回想起来真是怀念。",
		"网友丁：作者写得很细致，不过我觉得有几个地方的说法还值得商榷，比如第三段提到的情况，在我们那里就不太一样，希望以后能看到更多不同地区的介绍。",
		"网友戊：转发给家里人看了，大家都说好，特别是我父亲，他年轻的时候也经历过类似的事情，看完以后感慨了很久，还给我讲了很多当年的故事。",
		"网友己：支持！这样的报道越多越好，让更多的人了解真实的情况，也希望有关部门能够重视起来，把该做的事情做好，让老百姓得到实实在在的好处。",
	}
	shareText   = []string{"微信", "微博", "QQ空间"}
	adText      = "广告：夏季特惠活动火热进行中，全场商品低至五折，点击了解详情，名额有限先到先得。"
	cardSummary = "这是一条推荐内容的摘要文字，介绍了另一篇文章的主要内容，吸引读者点击阅读。"
	govAddress  = "主办单位：示例市人民政府办公厅　地址：示例市人民路1号　邮编：100000"
	commentText = []string{"网友甲：写得很好，支持一下，希望多发这样的文章。", "网友乙：看完了，有些地方还想再了解，期待后续报道。"}
	aboutText   = "关于博主：一个喜欢读书和旅行的普通人，在这里记录生活。"
	leaksCommon = slices.Concat([]string{adText, cardSummary, govAddress, "打开App", "上一页", "分享到", footerText, "脚本文字", "样式类名", "dataLayer", "color: #333"},
		longComments, navItems[1:], sideItems, relatedItems, commentText)
)

func links(items []string) string {
	var b strings.Builder
	for i, it := range items {
		fmt.Fprintf(&b, `<li><a href="/n/%d.html">%s</a></li>`, i, html.EscapeString(it))
	}
	return b.String()
}

func ps(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	return b.String()
}

// splitLines breaks a paragraph's source across lines inside the text, as
// editors do; the reader must not turn those breaks into spaces.
func splitLines(p string, every int) string {
	rs := []rune(p)
	var b strings.Builder
	n := 0
	for i, r := range rs {
		b.WriteString(html.EscapeString(string(r)))
		if n++; n >= every && i+1 < len(rs) && unicode.Is(unicode.Han, r) && unicode.Is(unicode.Han, rs[i+1]) {
			b.WriteString("\n      ") // between two Han characters only, as editors wrap
			n = 0
		}
	}
	return b.String()
}

type layout struct {
	name    string
	heldOut bool // used only for the held-out half
	hant    int  // 0 both scripts, 1 Hans only, 2 Hant only
	page    func(r Ref, date string) (page string, wantDate string)
	encode  string // "", "gbk", "big5"
}

var layouts = []layout{
	{name: "news", page: newsPage},
	{name: "blog", page: blogPage},
	{name: "nodoctype", page: noDoctypePage},
	{name: "xhtml", page: xhtmlPage},
	{name: "gbk-as-gb2312", hant: 1, encode: "gbk", page: func(r Ref, d string) (string, string) {
		return portalPage(r, d, `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`)
	}},
	{name: "gbk-as-utf8", hant: 1, encode: "gbk", page: func(r Ref, d string) (string, string) {
		return portalPage(r, d, `<meta charset="utf-8">`)
	}},
	{name: "big5", hant: 2, encode: "big5", page: func(r Ref, d string) (string, string) {
		return portalPage(r, d, `<meta http-equiv="Content-Type" content="text/html; charset=big5">`)
	}},
	{name: "split-comments", page: splitCommentsPage},
	{name: "mobile", page: mobilePage},
	{name: "table-portal", heldOut: true, page: tablePortalPage},
	{name: "gov", heldOut: true, page: govPage},
	{name: "div-soup", heldOut: true, page: divSoupPage},
}

// HTML returns every page of the corpus.
func HTML(tb testing.TB) []Case {
	tb.Helper()
	s2t, err := zhconv.New("s2t")
	if err != nil {
		tb.Fatal(err)
	}
	var cases []Case
	for _, r := range Refs(tb) {
		for _, l := range layouts {
			if l.heldOut && !r.HeldOut || l.hant == 1 && r.Hant || l.hant == 2 && !r.Hant {
				continue
			}
			leaks := leaksCommon
			page, d := l.page(r, date(r.Name+l.name))
			if l.encode == "big5" {
				// A Big5 site writes its furniture in Traditional too: the
				// page is written around placeholders, converted, filled.
				ph := Ref{Name: r.Name, Title: "ZHDOCTITLE", Hant: true}
				for i := range r.Paras {
					ph.Paras = append(ph.Paras, fmt.Sprintf("ZHDOCPARA%dX", i))
				}
				page, d = l.page(ph, date(r.Name+l.name))
				if page, err = s2t.Convert(page); err != nil {
					tb.Fatal(err)
				}
				page = strings.ReplaceAll(page, "ZHDOCTITLE", html.EscapeString(r.Title))
				for i, p := range r.Paras {
					page = strings.ReplaceAll(page, fmt.Sprintf("ZHDOCPARA%dX", i), html.EscapeString(p))
				}
				leaks = nil
				for _, l := range leaksCommon {
					c, _ := s2t.Convert(l)
					leaks = append(leaks, c)
				}
			}
			b := []byte(page)
			switch l.encode {
			case "gbk":
				out, err := simplifiedchinese.GBK.NewEncoder().Bytes(b)
				if err != nil {
					tb.Fatalf("%s/%s: not encodable in GBK: %v", r.Name, l.name, err)
				}
				b = out
			case "big5":
				out, err := traditionalchinese.Big5.NewEncoder().Bytes(b)
				if err != nil {
					continue // a character Big5 lacks (£, ä in two texts): not built
				}
				b = out
			}
			cases = append(cases, Case{Name: r.Name + "/" + l.name, Layout: l.name, Format: "html", Bytes: b,
				Title: r.Title, Date: d, Want: r.Body(), HeldOut: r.HeldOut, Leaks: leaks})
		}
	}
	return cases
}

func site(r Ref) string {
	if r.Hant {
		return "示例新聞網"
	}
	return "示例新闻网"
}

func nav() string {
	return `<div class="top-nav"><ul>` + links(navItems) + `</ul></div>`
}

func sidebar() string {
	return `<div class="sidebar"><h3>热门排行</h3><ul>` + links(sideItems) + `</ul></div>`
}

func newsPage(r Ref, d string) (string, string) {
	return fmt.Sprintf(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>%[1]s_国内频道_%[2]s</title>
<meta property="og:site_name" content="%[2]s">
<meta property="og:title" content="%[1]s">
<meta property="article:published_time" content="%[3]sT08:30:00+08:00">
<meta name="author" content="记者 王明">
<script>%[4]s</script>
<style>%[5]s</style>
</head>
<body>
%[6]s
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/gn/">国内新闻频道</a> &gt; 正文</div>
<div class="wrap">
<div class="main-col">
<div class="article">
<h1>%[1]s</h1>
<div class="info"><span>%[3]s 08:30</span> <span>来源：新华社</span> <span>作者：王明</span></div>
%[7]s
<div class="editor">责任编辑：李华</div>
<div class="related"><h3>相关新闻</h3><ul>%[8]s</ul></div>
</div>
</div>
%[9]s
</div>
<div class="footer"><p>%[10]s</p></div>
<script>document.write("<p>脚本文字不应出现</p>");</script>
</body>
</html>
`, html.EscapeString(r.Title), site(r), d, scriptText, styleText, nav(), ps(r.Paras), links(relatedItems), sidebar(), footerText), d
}

func blogPage(r Ref, d string) (string, string) {
	var body strings.Builder
	for _, p := range r.Paras {
		fmt.Fprintf(&body, "<p>\n      %s\n    </p>\n", splitLines(p, 37))
	}
	var comments strings.Builder
	for _, c := range commentText {
		fmt.Fprintf(&comments, `<li class="comment"><p>%s</p></li>`, c)
	}
	return fmt.Sprintf(`<!doctype html>
<html>
<head>
<meta charset="UTF-8">
<title>%[1]s - 小林的读书笔记</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","headline":"%[1]s","datePublished":"%[2]s","author":{"@type":"Person","name":"小林"}}</script>
<style>%[3]s</style>
</head>
<body>
<header><div class="logo">小林的读书笔记</div><nav><a href="/">首页</a> <a href="/archive">国内新闻频道</a> <a href="/about">财经频道</a></nav></header>
<main>
<article>
<h1>%[1]s</h1>
<p class="meta">发布于 <time datetime="%[2]s">%[2]s</time></p>
%[4]s
</article>
<section class="comments"><h2>评论</h2><ul>%[5]s</ul></section>
</main>
<aside><p>%[6]s</p><ul>%[7]s</ul></aside>
<footer><p>%[8]s</p></footer>
<script src="/a.js"></script><script>%[9]s</script>
</body>
</html>
`, html.EscapeString(r.Title), d, styleText, body.String(), comments.String(), aboutText, links(sideItems), footerText, scriptText), d
}

// noDoctypePage: no doctype, no <html>, paragraphs separated by <br><br>
// with &nbsp; indents, a navigation table of links, a date meta.
func noDoctypePage(r Ref, d string) (string, string) {
	var body strings.Builder
	for _, p := range r.Paras {
		fmt.Fprintf(&body, "&nbsp;&nbsp;&nbsp;&nbsp;%s<br><br>\n", html.EscapeString(p))
	}
	var navTable strings.Builder
	for _, n := range navItems {
		fmt.Fprintf(&navTable, `<td><a href="#">%s</a></td>`, n)
	}
	return fmt.Sprintf(`<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>%[1]s|%[2]s</title>
<meta name="publishdate" content="%[3]s">
<script language="javascript">%[4]s</script>
</head>
<body bgcolor="#ffffff">
<table width="100%%"><tr>%[5]s</tr></table>
<center><font size="5"><b>%[1]s</b></font></center>
<div id="text">
%[6]s
</div>
<table><tr><td><ul>%[7]s</ul></td></tr></table>
<p align="center">%[8]s</p>
</body>
`, html.EscapeString(r.Title), site(r), d, scriptText, navTable.String(), body.String(), links(relatedItems), footerText), d
}

func xhtmlPage(r Ref, d string) (string, string) {
	var body strings.Builder
	for i, p := range r.Paras {
		if i%2 == 1 {
			fmt.Fprintf(&body, "<p>%s</p>\n", html.EscapeString(p))
			continue
		}
		// a paragraph split across two <span>s with an entity in between
		rs := []rune(p)
		half := len(rs) / 2
		fmt.Fprintf(&body, "<p><span>%s</span><span>%s</span></p>\n", html.EscapeString(string(rs[:half])), html.EscapeString(string(rs[half:])))
	}
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh">
<head>
<meta http-equiv="Content-Type" content="application/xhtml+xml; charset=UTF-8" />
<title>%[1]s | %[2]s</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"%[2]s"},{"@type":"NewsArticle","headline":"%[1]s","datePublished":"%[3]sT12:00:00Z","author":[{"@type":"Person","name":"张三"}],"publisher":{"@type":"Organization","name":"%[2]s"}}]}
</script>
<script type="text/javascript">//<![CDATA[
%[4]s
//]]></script>
</head>
<body>
<div id="header">%[5]s</div>
<div id="content">
<h2>%[1]s</h2>
%[6]s
</div>
<div id="sidebar">%[7]s</div>
<div id="footer"><p>%[8]s</p></div>
</body>
</html>
`, html.EscapeString(r.Title), site(r), d, scriptText, nav(), body.String(), sidebar(), footerText), d
}

// portalPage: an older portal layout, declared in its head by meta.
func portalPage(r Ref, d, charsetMeta string) (string, string) {
	src := "来源：人民网"
	if r.Hant {
		src = "來源：中央社"
	}
	return fmt.Sprintf(`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
%[1]s
<title>%[2]s-%[3]s</title>
<meta name="pubdate" content="%[4]s 10:12:00">
<meta name="source" content="%[5]s">
<style type="text/css">%[6]s</style>
</head>
<body>
%[7]s
<div class="content-wrap">
<div id="artibody">
<div class="title"><h1>%[2]s</h1></div>
<div class="time-source">%[4]s 10:12　%[5]s</div>
%[8]s
<p class="page-editor">責任編輯：陳大文</p>
</div>
<div class="side-bar">%[9]s</div>
</div>
<div class="foot"><p>%[10]s</p><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a></p></div>
<script type="text/javascript">%[11]s</script>
</body>
</html>
`, charsetMeta, html.EscapeString(r.Title), site(r), d, src, styleText, nav(), ps(r.Paras), sidebar(), footerText, scriptText), d
}

// tablePortalPage (held out only): layout by nested tables, the date only
// in the body's byline, no metadata but the <title>.
func tablePortalPage(r Ref, d string) (string, string) {
	y, m, dd := d[:4], strings.TrimPrefix(d[5:7], "0"), strings.TrimPrefix(d[8:], "0")
	var body strings.Builder
	for _, p := range r.Paras {
		fmt.Fprintf(&body, "<p>　　%s</p>\n", html.EscapeString(p))
	}
	var navCells strings.Builder
	for _, n := range navItems {
		fmt.Fprintf(&navCells, `<td class="n"><a href="#">%s</a></td>`, n)
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%[1]s_%[2]s</title></head>
<body>
<table width="960"><tr>%[3]s</tr></table>
<table width="960"><tr>
<td width="680" valign="top">
<table><tr><td class="t"><h1>%[1]s</h1></td></tr>
<tr><td class="b">发布时间：%[4]s年%[5]s月%[6]s日　作者：赵强</td></tr>
<tr><td class="c">%[7]s</td></tr></table>
</td>
<td width="280" valign="top"><table><tr><td><ul>%[8]s</ul></td></tr><tr><td><ul>%[9]s</ul></td></tr></table></td>
</tr></table>
<table><tr><td>%[10]s</td></tr></table>
<script>%[11]s</script>
</body></html>
`, html.EscapeString(r.Title), site(r), navCells.String(), y, m, dd, body.String(), links(sideItems), links(relatedItems), footerText, scriptText), d
}

// divSoupPage (held out only): class names that say nothing, no semantic
// elements, a date in a <time> element.
func divSoupPage(r Ref, d string) (string, string) {
	var body strings.Builder
	for _, p := range r.Paras {
		fmt.Fprintf(&body, `<div class="x7k">%s</div>`+"\n", html.EscapeString(p))
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%[1]s ｜ %[2]s</title>
<meta property="og:site_name" content="%[2]s">
<script>%[3]s</script></head>
<body>
<div class="a1"><div class="a2">%[4]s</div></div>
<div class="b1">
<div class="b2"><div class="q9">%[1]s</div><div class="q8"><time datetime="%[5]s">%[5]s</time></div>
%[6]s
</div>
<div class="b3"><div class="z">%[7]s</div><div class="z">%[8]s</div></div>
</div>
<div class="c1"><div>%[9]s</div></div>
<noscript><div>脚本文字不应出现</div></noscript>
</body></html>
`, html.EscapeString(r.Title), site(r), scriptText, links(navItems), d, body.String(), links(sideItems), links(relatedItems), footerText), d
}

// splitCommentsPage (development): the article in two sibling blocks with
// an advertisement between them, a share bar and page links inside the
// article, and a long thread of comments in full sentences after it.
func splitCommentsPage(r Ref, d string) (string, string) {
	half := (len(r.Paras) + 1) / 2
	var comments strings.Builder
	for _, c := range longComments {
		fmt.Fprintf(&comments, `<div class="cmt-item"><span class="user"><a href="/u/1">用户</a></span><p>%s</p><span class="reply"><a href="#">回复</a></span></div>`+"\n", c)
	}
	var share strings.Builder
	for _, sh := range shareText {
		fmt.Fprintf(&share, `<a href="#" class="s">%s</a>`, sh)
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%[1]s - %[2]s</title>
<meta name="publishdate" content="%[3]s">
<script>%[4]s</script></head>
<body>
%[5]s
<div id="page">
<div class="art-box">
<h1 class="art-title">%[1]s</h1>
<div class="share">分享到：%[6]s</div>
<div class="art-text">
%[7]s
</div>
<div class="ad-box"><p>%[8]s</p></div>
<div class="art-text">
%[9]s
</div>
<div class="pages"><a href="?p=1">上一页</a> <a href="?p=1">1</a> <a href="?p=2">2</a> <a href="?p=2">下一页</a></div>
</div>
<div class="cmt">
<h3>网友评论</h3>
%[10]s
</div>
</div>
<div class="footer">%[11]s</div>
</body></html>
`, html.EscapeString(r.Title), site(r), d, scriptText, nav(), share.String(), ps(r.Paras[:half]), adText, ps(r.Paras[half:]), comments.String(), footerText), d
}

// mobilePage (development): sections, paragraphs in divs, an app banner,
// recommendation cards with summaries outside links, the date in the text.
func mobilePage(r Ref, d string) (string, string) {
	var body strings.Builder
	for _, p := range r.Paras {
		fmt.Fprintf(&body, `<div class="p">%s</div>`+"\n", html.EscapeString(p))
	}
	var cards strings.Builder
	for _, it := range sideItems {
		fmt.Fprintf(&cards, `<div class="card"><a href="/x">%s</a><p>%s</p></div>`, it, cardSummary)
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>%[1]s</title>
<style>%[2]s</style></head>
<body>
<div class="app-bar"><a href="app://open">打开App，阅读体验更好</a></div>
<section class="art">
<h1>%[1]s</h1>
<div class="src">%[3]s %[4]s</div>
%[5]s
</section>
<section class="rec"><h2>推荐阅读</h2>%[6]s</section>
<div class="bottom"><a href="app://open">打开App查看更多精彩内容</a></div>
</body></html>
`, html.EscapeString(r.Title), styleText, site(r), d, body.String(), cards.String()), d
}

// govPage (held out only): a government site: a TRS editor block with
// indented paragraphs, the date and source in one line, related links in a
// table, the organiser's address in the footer.
func govPage(r Ref, d string) (string, string) {
	var body strings.Builder
	for _, p := range r.Paras {
		fmt.Fprintf(&body, `<p style="text-indent: 2em;">%s</p>`+"\n", html.EscapeString(p))
	}
	var rel strings.Builder
	for _, it := range relatedItems {
		fmt.Fprintf(&rel, `<tr><td><a href="/r">%s</a></td><td>%s</td></tr>`, it, d)
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="ArticleTitle" content="%[1]s"><meta name="PubDate" content="%[2]s 09:00">
<title>%[1]s_示例市人民政府门户网站</title></head>
<body>
<div class="header"><div class="logo">示例市人民政府</div>%[3]s</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a></div>
<div class="container">
<div class="article-title">%[1]s</div>
<div class="pages-date">发布日期：%[2]s　来源：示例市发展改革委　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="pages_content"><div class="TRS_Editor">
%[4]s
</div></div>
<div class="related-links"><h4>相关链接</h4><table>%[5]s</table></div>
</div>
<div class="footer"><p>%[6]s</p><p>%[7]s</p></div>
</body></html>
`, html.EscapeString(r.Title), d, nav(), body.String(), rel.String(), govAddress, footerText), d
}
