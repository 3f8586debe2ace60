package pipeline

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/format/formattest"
)

// TestPDFCorpus runs the Chromium-printed PDFs through Process and reports
// per layout and half: title right (titleOriginal), date right where the
// page states one, character similarity of the normalized text to the
// article, furniture leaks; scanned pages fail with no_text_layer. Both
// halves must meet the bar.
func TestPDFCorpus(t *testing.T) {
	p := newPipeline(t)
	type agg struct {
		n, title, dated, date, leaks int
		sim, minSim                  float64
	}
	rows := map[string]*agg{}
	for _, c := range formattest.PDF(t) {
		d := p.Process(Source{Bucket: "b", Key: c.Name}, c.Bytes)
		if c.Layout == "pdf-scan" {
			if d.Doc.Status != doc.StatusFailed || d.Doc.Error == nil || d.Doc.Error.Code != doc.CodeNoTextLayer || d.Doc.Format != "pdf" {
				t.Errorf("%s: status %s format %q error %+v, want failed no_text_layer", c.Name, d.Doc.Status, d.Doc.Format, d.Doc.Error)
			}
			continue
		}
		if d.Doc.Status != doc.StatusProcessed || d.Doc.Format != "pdf" {
			t.Errorf("%s: status %s format %q error %+v", c.Name, d.Doc.Status, d.Doc.Format, d.Doc.Error)
			continue
		}
		half := "dev"
		if c.HeldOut {
			half = "held-out"
		}
		sim := formattest.CharSimilarity(d.Normalized, c.Want)
		leaks := formattest.LeaksIn(d.Normalized, c.Leaks)
		for _, k := range []string{half + " " + c.Layout, half + " all"} {
			a := rows[k]
			if a == nil {
				a = &agg{minSim: 1}
				rows[k] = a
			}
			a.n++
			if d.Doc.TitleOriginal == c.Title {
				a.title++
			}
			if c.Date != "" {
				a.dated++
				if d.Doc.Published == c.Date {
					a.date++
				}
			}
			a.sim += sim
			a.minSim = min(a.minSim, sim)
			if len(leaks) > 0 {
				a.leaks++
			}
		}
		if d.Doc.TitleOriginal != c.Title {
			t.Logf("%s: title %q, want %q", c.Name, d.Doc.TitleOriginal, c.Title)
		}
		if c.Date != "" && d.Doc.Published != c.Date {
			t.Logf("%s: published %q, want %q", c.Name, d.Doc.Published, c.Date)
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
	t.Logf("%-22s %4s %7s %7s %8s %8s %5s", "half layout", "n", "title", "date", "charSim", "minSim", "leaks")
	for _, k := range keys {
		a := rows[k]
		t.Logf("%-22s %4d %6.1f%% %7s %8.4f %8.4f %5d", k, a.n, 100*frac(a.title, a.n), dateCell(a.date, a.dated),
			a.sim/float64(a.n), a.minSim, a.leaks)
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

// buildPDF writes a PDF of the given objects (1-based, in order) with a
// correct cross-reference table; "STREAM:<data>" objects become Flate
// streams.
func buildPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		if data, ok := strings.CutPrefix(o, "STREAM:"); ok {
			var z bytes.Buffer
			w := zlib.NewWriter(&z)
			w.Write([]byte(data))
			w.Close()
			fmt.Fprintf(&b, "%d 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n", i+1, z.Len(), z.Bytes())
			continue
		}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

const (
	catalog  = "<< /Type /Catalog /Pages 2 0 R >>"
	onePage  = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
	pageObj  = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
	type0    = "<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansCJK /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>"
	cidFont  = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSansCJK /DW 1000 >>"
	toUni    = "STREAM:/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <4E2D> <0002> <6587> endbfchar 1 beginbfrange <0010> <0012> [<6587> <4EF6> <5185>] endbfrange endcmap end end"
	showText = "STREAM:BT /F1 12 Tf 72 770 Td <00010002> Tj 0 -20 Td [<0010> 120 <0011>] TJ ET"
)

// TestPDFFailures: PDFs that are not read fail with a clear code in
// bounded time: no Unicode mapping, loops, bombs, nesting, truncation.
func TestPDFFailures(t *testing.T) {
	p := newPipeline(t)
	good := buildPDF(catalog, onePage, pageObj, showText, type0, toUni, cidFont)
	noMap := buildPDF(catalog, onePage, pageObj, showText,
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] >>", cidFont)
	loop := buildPDF(catalog, "<< /Type /Pages /Kids [2 0 R] /Count 1 >>")
	selfLength := buildPDF(catalog, onePage, pageObj, "<< /Length 4 0 R >>\nstream\nBT ET\nendstream", type0, toUni, cidFont)
	// 512 MiB of zeros: a few hundred KiB deflated, beyond the budget
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zero := make([]byte, 1<<20)
	for i := 0; i < 512; i++ {
		w.Write(zero)
	}
	w.Close()
	bomb := []byte(strings.Replace(string(buildPDF(catalog, onePage, pageObj, "<< /Length 1 >>\nstream\nX\nendstream", type0, toUni, cidFont)),
		"<< /Length 1 >>\nstream\nX\n", fmt.Sprintf("<< /Filter /FlateDecode /Length %d >>\nstream\n%s\n", z.Len(), z.Bytes()), 1))
	deep := buildPDF(catalog, onePage, "<< /Type /Page /Parent 2 0 R /Annots "+strings.Repeat("[", 100000)+" >>")
	cases := []struct {
		name, status, code, text string
		body                     []byte
	}{
		{"type0 with ToUnicode", doc.StatusProcessed, "", "中文文件", good},
		{"type0 without ToUnicode", doc.StatusFailed, doc.CodeUnsupportedFormat, "", noMap},
		{"page tree loop", doc.StatusFailed, doc.CodeMalformed, "", loop},
		{"stream length refers to itself", doc.StatusFailed, doc.CodeNoTextLayer, "", selfLength},
		{"flate bomb", doc.StatusFailed, doc.CodeTooLarge, "", bomb},
		{"deep nesting", doc.StatusFailed, doc.CodeMalformed, "", deep},
		{"truncated", doc.StatusProcessed, "", "中文文件", good[:len(good)*3/4]},
		{"no objects", doc.StatusFailed, doc.CodeMalformed, "", []byte("%PDF-1.7\n%%EOF\n")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			r := p.Process(Source{Bucket: "b", Key: "k.pdf"}, c.body)
			d := r.Doc
			code := ""
			if d.Error != nil {
				code = d.Error.Code
			}
			if d.Format != "pdf" || d.Status != c.status || code != c.code {
				t.Errorf("format %q status %s code %q (%+v), want pdf %s %q", d.Format, d.Status, code, d.Error, c.status, c.code)
			}
			if c.text != "" && r.Normalized != c.text {
				t.Errorf("text %q, want %q", r.Normalized, c.text)
			}
			if el := time.Since(start); el > 10*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
}
