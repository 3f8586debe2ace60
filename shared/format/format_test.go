package format_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/zhdoc/zhdoc/shared/format"
)

func zipWith(names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, _ := zw.Create(n)
		w.Write([]byte("<x/>"))
	}
	zw.Close()
	return buf.Bytes()
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s { // BMP only
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestDetect(t *testing.T) {
	docx := zipWith("[Content_Types].xml", "word/document.xml")
	cases := []struct {
		name, want string
		body       []byte
	}{
		{"empty", format.Text, nil},
		{"chinese text", format.Text, []byte("标题\n\n正文。")},
		{"text starting with a tag-like", format.Text, []byte("<注> 本文不是网页。<p> 也不是。")},
		{"text mentioning html later", format.Text, []byte("如何写 <html> 标签：<body> 里放正文。")},
		{"doctype", format.HTML, []byte("<!DOCTYPE html>\n<html><body>x</body></html>")},
		{"doctype lowercase after BOM", format.HTML, []byte("\xEF\xBB\xBF<!doctype html><title>x</title>")},
		{"comment first", format.HTML, []byte("<!-- saved from url=(0014)about:internet -->\n<html>\n<head><title>页</title></head>")},
		{"no doctype, head first", format.HTML, []byte("<head>\n<meta charset=gbk>\n<title>页</title></head><body></body>")},
		{"no doctype, div soup", format.HTML, []byte("<div class=a><p>正文</p></div>")},
		{"xhtml", format.HTML, []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml">`)},
		{"xhtml without doctype", format.HTML, []byte(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head></html>`)},
		{"plain xml", format.Text, []byte(`<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>`)},
		{"docx", format.DOCX, docx},
		{"docx named .txt is still docx", format.DOCX, docx},
		{"other zip", format.Unknown, zipWith("a.txt")},
		{"xlsx", format.Unknown, zipWith("[Content_Types].xml", "xl/workbook.xml")},
		{"pdf", format.PDF, []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")},
		{"pdf after junk", format.PDF, append(bytes.Repeat([]byte{' '}, 100), []byte("%PDF-1.7\n")...)},
		{"utf-16le page with BOM", format.HTML, utf16le("<!DOCTYPE html><html><body>页</body></html>")},
		{"utf-16le text with BOM", format.Text, utf16le("标题\n\n正文。")},
		{"png", format.Text, []byte("\x89PNG\r\n\x1a\n")}, // the decoder says not_text
	}
	for _, c := range cases {
		if got := format.Detect(c.body); got != c.want {
			t.Errorf("%s: Detect = %q, want %q", c.name, got, c.want)
		}
	}
}
