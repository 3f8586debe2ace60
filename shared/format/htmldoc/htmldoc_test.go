package htmldoc_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/format"
	"github.com/zhdoc/zhdoc/shared/format/htmldoc"
)

func gbk(s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func big5(s string) []byte {
	b, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s { // BMP only
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// The body uses 镕 and 喆, characters of GBK that GB2312 lacks.
const article = "<p>朱镕基与陶喆出席了今天的会议，会议讨论了很多重要问题。</p><p>第二段正文也在这里，说明情况。</p>"

func page(meta string) string {
	return "<!DOCTYPE html><html><head>" + meta + "<title>会议报道_示例网</title></head><body>" + article + "</body></html>"
}

func TestCharset(t *testing.T) {
	cases := []struct {
		name        string
		body        []byte
		contentType string
		wantEnc     string
		wantDecl    string
	}{
		{"utf-8 declared", []byte(page(`<meta charset="utf-8">`)), "", encoding.UTF8, "utf-8"},
		{"gb2312 declared, GBK bytes", gbk(page(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`)), "", encoding.GB18030, "gb2312"},
		{"utf-8 declared, GBK bytes", gbk(page(`<meta charset="utf-8">`)), "", encoding.GB18030, "utf-8"},
		{"gbk declared, UTF-8 bytes", []byte(page(`<meta charset="gbk">`)), "", encoding.UTF8, "gbk"},
		{"nothing declared, GBK bytes", gbk(page("")), "", encoding.GB18030, ""},
		{"Content-Type gbk, no meta", gbk(page("")), "text/html; charset=GBK", encoding.GB18030, "GBK"},
		{"Content-Type wins over meta", gbk(page(`<meta charset="utf-8">`)), "text/html;charset=gb18030", encoding.GB18030, "gb18030"},
		{"utf-16le with BOM over a utf-8 meta", utf16le(page(`<meta charset="utf-8">`)), "", encoding.UTF16LE, "UTF-16LE"},
		{"xml declaration only", gbk(`<?xml version="1.0" encoding="GBK"?>` + page("")), "", encoding.GB18030, "GBK"},
		{"unknown charset name", gbk(page(`<meta charset="x-mac-chinesesimp">`)), "", encoding.GB18030, "x-mac-chinesesimp"},
		{"BOM over a wrong meta", append([]byte("\xEF\xBB\xBF"), page(`<meta charset="big5">`)...), "", encoding.UTF8, "UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := htmldoc.Extract(c.body, c.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if d.Meta.Encoding != c.wantEnc || d.Meta.Charset != c.wantDecl {
				t.Errorf("encoding %q declared %q, want %q %q", d.Meta.Encoding, d.Meta.Charset, c.wantEnc, c.wantDecl)
			}
			if !strings.Contains(d.Text, "朱镕基与陶喆") || d.Meta.Title != "会议报道" {
				t.Errorf("title %q text %q", d.Meta.Title, d.Text)
			}
		})
	}
	t.Run("big5", func(t *testing.T) {
		b := big5(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"><title>會議報導 - 示例網</title></head><body><p>今天舉行了會議，會議討論了許多重要問題。</p></body></html>`)
		d, err := htmldoc.Extract(b, "")
		if err != nil {
			t.Fatal(err)
		}
		if d.Meta.Encoding != encoding.Big5HKSCS || d.Meta.Title != "會議報導" || !strings.Contains(d.Text, "討論了許多") {
			t.Errorf("%+v %q", d.Meta, d.Text)
		}
	})
}

func TestMetadataAndStructure(t *testing.T) {
	cases := []struct {
		name, html                  string
		title, date, author, source string
		contains, absent            []string
	}{
		{
			name:  "title with channel and site, og site name",
			html:  `<html><head><title>标题甲_国内_新闻网</title><meta property="og:site_name" content="新闻网"></head><body><p>正文第一段，有足够的长度和句子。</p></body></html>`,
			title: "标题甲",
		},
		{
			name:  "title holding the separator, h1 says so",
			html:  `<html><head><title>上海 - 北京高铁开通 - 新闻网</title></head><body><h1>上海 - 北京高铁开通</h1><p>正文第一段，有足够的长度和句子。</p></body></html>`,
			title: "上海 - 北京高铁开通",
		},
		{
			name:  "the site's name inside a platform suffix, the title holding a separator",
			html:  `<html><head><title>新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天 :: 痞客邦 PIXNET ::</title><meta property="og:site_name" content="史蒂文的家_藍天"></head><body><h1><a href="/">史蒂文的家_藍天</a></h1><p>正文第一段，有足够的长度和句子。</p></body></html>`,
			title: "新竹尖石_美樹營地賞楓 (2)",
		},
		{
			name:  "title is only the site's name",
			html:  `<html><head><title>新闻网</title><meta property="og:site_name" content="新闻网"></head><body><h1>真正的标题</h1><p>正文第一段，有足够的长度和句子。</p></body></html>`,
			title: "真正的标题",
		},
		{
			name:  "json-ld headline, date, author",
			html:  `<html><head><title>x | y</title><script type="application/ld+json">[{"@type":"NewsArticle","headline":"真正的标题","datePublished":"2023-7-9T10:00:00+08:00","author":[{"name":"甲"},{"name":"乙"}]}]</script></head><body><p>正文第一段，有足够的长度和句子。</p></body></html>`,
			title: "真正的标题", date: "2023-07-09", author: "甲、乙",
		},
		{
			name:  "meta pubdate, source; byline in the body",
			html:  `<html><head><title>某标题</title><meta name="pubdate" content="2020/02/03"><meta name="source" content="新华社"></head><body><div>作者：张三　编辑：李四</div><p>正文第一段，有足够的长度和句子。</p></body></html>`,
			title: "某标题", date: "2020-02-03", author: "张三", source: "新华社",
			absent: []string{"作者：张三"},
		},
		{
			name:     "a date line in the middle is text, at the head a byline",
			html:     `<html><body><div><p>2020年1月2日</p><p>第一段正文，写得很长很长的句子。</p><p>第二段正文，也是很长的句子。</p><p>第三段正文，也是很长的句子。</p><p>第四段正文，也是很长的句子。</p><p>2019年5月6日</p><p>第五段正文，也是很长的句子。</p><p>第六段正文，也是很长的句子。</p><p>第七段正文，也是很长的句子。</p><p>第八段正文，也是很长的句子。</p></div></body></html>`,
			date:     "2020-01-02",
			contains: []string{"2019年5月6日"},
			absent:   []string{"2020年1月2日"},
		},
		{
			name:     "br paragraphs, entities, table rows",
			html:     `<html><body><div>第一段&mdash;内容，写得很长很长的句子。<br><br>第二段&amp;内容，也是很长的句子。<br>第三段内容，&lt;不是标签&gt;。<table><tr><td>甲</td><td>乙</td></tr><tr><td>丙</td><td>丁</td></tr></table></div></body></html>`,
			contains: []string{"第一段—内容，写得很长很长的句子。\n\n第二段&内容，也是很长的句子。\n\n第三段内容，<不是标签>。", "甲\t乙\n\n丙\t丁"},
		},
		{
			name:   "script, style, noscript, template never",
			html:   `<html><head><style>p{}</style></head><body><script>var a="脚本";</script><noscript>请启用脚本</noscript><template><p>模板文字</p></template><p>正文第一段，有足够的长度和句子。</p></body></html>`,
			absent: []string{"脚本", "模板", "p{}"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := htmldoc.Extract([]byte(c.html), "")
			if err != nil {
				t.Fatal(err)
			}
			m := d.Meta
			if c.title != "" && m.Title != c.title || m.Published != c.date || m.Author != c.author || m.Source != c.source {
				t.Errorf("meta %+v, want title %q date %q author %q source %q", m, c.title, c.date, c.author, c.source)
			}
			for _, s := range c.contains {
				if !strings.Contains(d.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, d.Text)
				}
			}
			for _, s := range c.absent {
				if strings.Contains(d.Text, s) {
					t.Errorf("text has %q:\n%s", s, d.Text)
				}
			}
		})
	}
}

func TestDeepNesting(t *testing.T) {
	_, err := htmldoc.Extract([]byte("<html><body>"+strings.Repeat("<div><span>", 5000)+"字"), "")
	if !errors.Is(err, format.ErrMalformed) {
		t.Errorf("err = %v, want ErrMalformed", err)
	}
	// many unclosed <p> and <li> are not nesting
	if _, err := htmldoc.Extract([]byte("<html><body>"+strings.Repeat("<p>一段文字，很长。<li>项", 6000)), ""); err != nil {
		t.Errorf("err = %v", err)
	}
}
