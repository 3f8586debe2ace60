package pipeline

import (
	"archive/zip"
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/format/formattest"
)

// TestFormatCorpus runs every generated page and Word file (hand-built and
// pandoc's) through Process and reports per format and half: title right
// (the record's titleOriginal is the reference title), date right (where
// the file states one), the character similarity and line F1 of the
// normalized text to the article, and leaks of furniture, script, style
// or markup. Both halves must meet the bar.
func TestFormatCorpus(t *testing.T) {
	p := newPipeline(t)
	cases := append(formattest.HTML(t), formattest.DOCX(t)...)
	cases = append(cases, formattest.Pandoc(t)...)
	type agg struct {
		n, title, dated, date, leaks int
		sim, f1, minSim              float64
	}
	rows := map[string]*agg{}
	for _, c := range cases {
		r := p.Process(Source{Bucket: "b", Key: c.Name}, c.Bytes)
		d := r.Doc
		if d.Status != doc.StatusProcessed || d.Format != c.Format {
			t.Errorf("%s: status %s format %q error %+v", c.Name, d.Status, d.Format, d.Error)
			continue
		}
		wantEnc := encoding.UTF8
		switch {
		case strings.HasPrefix(c.Layout, "gbk"):
			wantEnc = encoding.GB18030
		case c.Layout == "big5":
			wantEnc = encoding.Big5HKSCS
		}
		if d.Encoding.Name != wantEnc {
			t.Errorf("%s: encoding %+v, want %s", c.Name, d.Encoding, wantEnc)
		}
		half := "dev"
		if c.HeldOut {
			half = "held-out"
		}
		kind := c.Format
		if c.Format == "docx" {
			kind = c.Layout
		}
		// The article itself, its table rows' tabs as the normalizer's one
		// space: what the record's normalized text should be. (The
		// normalizer's own repairs of clean text, such as joining a line
		// without final punctuation to the next, count against it.)
		want := strings.ReplaceAll(c.Want, "\t", " ")
		sim := formattest.CharSimilarity(r.Normalized, want)
		leaks := formattest.LeaksIn(r.Normalized, c.Leaks)
		for _, key := range []string{half + " " + kind, half + " all"} {
			a := rows[key]
			if a == nil {
				a = &agg{minSim: 1}
				rows[key] = a
			}
			a.n++
			if d.TitleOriginal == c.Title {
				a.title++
			}
			if c.Date != "" {
				a.dated++
				if d.Published == c.Date {
					a.date++
				}
			}
			a.sim += sim
			a.minSim = min(a.minSim, sim)
			a.f1 += formattest.LineF1(r.Normalized, want)
			if len(leaks) > 0 {
				a.leaks++
			}
		}
		if d.TitleOriginal != c.Title {
			t.Logf("%s: title %q, want %q", c.Name, d.TitleOriginal, c.Title)
		}
		if c.Date != "" && d.Published != c.Date {
			t.Logf("%s: published %q, want %q", c.Name, d.Published, c.Date)
		}
		if sim < 0.98 || len(leaks) > 0 {
			t.Logf("%s: similarity %.4f, leaks %q", c.Name, sim, leaks)
		}
	}
	var keys []string
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%-22s %4s %7s %7s %8s %8s %7s %5s", "half format", "n", "title", "date", "charSim", "minSim", "lineF1", "leaks")
	for _, k := range keys {
		a := rows[k]
		t.Logf("%-22s %4d %6.1f%% %7s %8.4f %8.4f %7.4f %5d", k, a.n, 100*frac(a.title, a.n), dateCell(a.date, a.dated),
			a.sim/float64(a.n), a.minSim, a.f1/float64(a.n), a.leaks)
	}
	for _, k := range keys {
		a := rows[k]
		if !strings.HasSuffix(k, " all") {
			continue
		}
		if f := frac(a.title, a.n); f < 0.95 {
			t.Errorf("%s: title right %.3f < 0.95", k, f)
		}
		if a.dated > 0 && frac(a.date, a.dated) < 0.95 {
			t.Errorf("%s: date right %.3f < 0.95", k, frac(a.date, a.dated))
		}
		if s := a.sim / float64(a.n); s < 0.98 {
			t.Errorf("%s: character similarity %.4f < 0.98", k, s)
		}
		if a.leaks > 0 {
			t.Errorf("%s: %d files leak", k, a.leaks)
		}
	}
}

func frac(k, n int) float64 {
	if n == 0 {
		return 1
	}
	return float64(k) / float64(n)
}

func dateCell(k, n int) string {
	if n == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*frac(k, n))
}

func zipOf(files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, _ := zw.Create(n)
		w.Write(files[n])
	}
	zw.Close()
	return buf.Bytes()
}

// Two hand-written one-page PDFs: text in a Type0 font, and a page that is
// one image (what a scanner writes).
const (
	pdfText = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >> endobj\n" +
		"4 0 obj << /Length 44 >> stream\nBT /F1 12 Tf 72 770 Td <4E2D6587> Tj ET\nendstream endobj\n" +
		"5 0 obj << /Type /Font /Subtype /Type0 /BaseFont /NotoSansCJK /Encoding /Identity-H >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
	pdfImage = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >> endobj\n" +
		"4 0 obj << /Length 31 >> stream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream endobj\n" +
		"5 0 obj << /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >> stream\n\x80\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)

// TestFormatFailures: what is not a document we read fails with a clear
// code, and hostile files are bounded.
func TestFormatFailures(t *testing.T) {
	p := newPipeline(t)
	p.MaxBytes = 4 << 20
	wdoc := func(inner string) []byte {
		return []byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + inner + `</w:body></w:document>`)
	}
	// 64 MiB of zeros inside a <w:t>: deflates to a few tens of KiB.
	bomb := zipOf(map[string][]byte{"word/document.xml": append(wdoc("<w:p><w:r><w:t>"), make([]byte, 64<<20)...)})
	deep := zipOf(map[string][]byte{"word/document.xml": wdoc(strings.Repeat("<w:sdt>", 10000) + strings.Repeat("</w:sdt>", 10000))})
	broken := zipOf(map[string][]byte{"word/document.xml": wdoc("<w:p><w:r><w:t>半截")})
	good := zipOf(map[string][]byte{"word/document.xml": wdoc("<w:p><w:r><w:t>一份文件</w:t></w:r></w:p>")})
	truncated := good[:len(good)-30]
	otherZip := zipOf(map[string][]byte{"readme.txt": []byte("这是一个压缩包")})
	cases := []struct {
		name, format, status, code string
		body                       []byte
	}{
		{"png", "", doc.StatusFailed, doc.CodeNotText, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")},
		{"elf", "", doc.StatusFailed, doc.CodeNotText, []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00")},
		{"other zip", "", doc.StatusFailed, doc.CodeNotText, otherZip},
		{"pdf with text", "pdf", doc.StatusFailed, doc.CodeUnsupportedFormat, []byte(pdfText)},
		{"pdf of a scanned page", "pdf", doc.StatusFailed, doc.CodeNoTextLayer, []byte(pdfImage)},
		{"pdf with broken object streams", "pdf", doc.StatusFailed, doc.CodeMalformed, []byte("%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 3 /First 20 /Filter /FlateDecode /Length 9 >>\nstream\nxxxxxxxxx\nendstream\nendobj\n")},
		{"zip bomb", "docx", doc.StatusFailed, doc.CodeTooLarge, bomb},
		{"deep xml", "docx", doc.StatusFailed, doc.CodeMalformed, deep},
		{"broken xml", "docx", doc.StatusFailed, doc.CodeMalformed, broken},
		{"truncated docx", "docx", doc.StatusFailed, doc.CodeMalformed, truncated},
		{"good docx", "docx", doc.StatusProcessed, "", good},
		{"deep html", "html", doc.StatusFailed, doc.CodeMalformed, []byte("<html><body>" + strings.Repeat("<div>", 100000) + "深")},
		{"text starting with <", "text", doc.StatusProcessed, "", []byte("<注>这是一段文字，不是网页。\n")},
		{"plain text", "text", doc.StatusProcessed, "", []byte("标题\n\n正文第一段。\n")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			r := p.Process(Source{Bucket: "b", Key: "k"}, c.body)
			d := r.Doc
			code := ""
			if d.Error != nil {
				code = d.Error.Code
			}
			if d.Format != c.format || d.Status != c.status || code != c.code {
				t.Errorf("format %q status %s code %q (%+v), want %q %s %q", d.Format, d.Status, code, d.Error, c.format, c.status, c.code)
			}
			if el := time.Since(start); el > 10*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
}

// TestHTMLOneLine: a 5 MB page in one line is read in bounded time.
func TestHTMLOneLine(t *testing.T) {
	p := newPipeline(t)
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>一行网页_示例网</title></head><body><div class="nav"><a href="/">首页</a></div><div class="content">`)
	para := "<p>这是一段很长的网页正文，用来检查五兆字节写在一行里的网页也能在有限时间内读完。</p>"
	for b.Len() < 5<<20 {
		b.WriteString(para)
	}
	b.WriteString(`</div></body></html>`)
	start := time.Now()
	r := p.Process(Source{Bucket: "b", Key: "one-line.html"}, []byte(b.String()))
	el := time.Since(start)
	t.Logf("5 MB one-line page: %v, status %s, %d chars", el, r.Doc.Status, r.Doc.Stats.Chars)
	if r.Doc.Status != doc.StatusProcessed || r.Doc.TitleOriginal != "一行网页" {
		t.Errorf("status %s title %q error %+v", r.Doc.Status, r.Doc.TitleOriginal, r.Doc.Error)
	}
	if el > 60*time.Second {
		t.Errorf("took %v", el)
	}
}
