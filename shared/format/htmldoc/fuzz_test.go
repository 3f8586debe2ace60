package htmldoc_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/format/htmldoc"
)

// FuzzExtract: any bytes give a document or an error, never a panic, and
// the text is valid UTF-8 without markup from <script> or <style>.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"<html><head><title>标题_站</title></head><body><p>正文，句子。</p></body></html>",
		"<script>var a='<p>x</p>';</script><p>段落。</p><br><br>",
		"<table><tr><td><table><tr><td>甲</td></tr></table></td></tr></table>",
		`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"x","author":[{"name":"y"}]}]}</script>`,
		"<meta charset=gbk><p>\xd6\xd0\xce\xc4</p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := htmldoc.Extract(b, "")
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) {
			t.Fatalf("invalid UTF-8 text %q", d.Text)
		}
		if strings.Contains(string(b), "<script>SCRIPTMARK") && strings.Contains(d.Text, "SCRIPTMARK") {
			t.Fatalf("script text leaked: %q", d.Text)
		}
	})
}
