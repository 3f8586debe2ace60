package formattest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The table and footnote every DOCX case holds, and the page header and
// footer that must stay out of the text.
var (
	docxTable    = [][]string{{"项目", "数量", "说明"}, {"甲类", "12", "已完成"}, {"乙类", "7", "进行中"}}
	docxFootnote = "注：本文据公开资料整理，仅供参考。"
	docxHeader   = "示例单位内部资料页眉"
	docxFooter   = "第一页页脚文字"
)

func xmlEsc(s string) string {
	var b bytes.Buffer
	_ = xmlEscape(&b, s)
	return b.String()
}

func xmlEscape(b *bytes.Buffer, s string) error {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	_, err := b.WriteString(r.Replace(s))
	return err
}

// runs writes p as runs split every n characters (mid-word), alternating
// bold, with the proofing and bookmark marks Word puts between runs.
func runs(p string, n int) string {
	rs := []rune(p)
	var b strings.Builder
	for i := 0; i < len(rs); i += n {
		chunk := string(rs[i:min(i+n, len(rs))])
		if i/n%3 == 1 {
			fmt.Fprintf(&b, `<w:r><w:rPr><w:b/><w:lang w:eastAsia="zh-CN"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, xmlEsc(chunk))
		} else {
			fmt.Fprintf(&b, `<w:r><w:t>%s</w:t></w:r>`, xmlEsc(chunk))
		}
		if i/n%4 == 2 {
			b.WriteString(`<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>`)
		}
	}
	return b.String()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// BuildDOCX writes a Word document by hand: a Title-styled paragraph,
// paragraphs in runs split mid-word, a table after the second paragraph, a
// footnote, a header and a footer, core properties.
func BuildDOCX(r Ref) (docx []byte, want string) {
	var body strings.Builder
	fmt.Fprintf(&body, `<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>%s</w:p>`, runs(r.Title, 5))
	wantParas := []string{r.Title}
	for i, p := range r.Paras {
		fmt.Fprintf(&body, `<w:p><w:pPr><w:ind w:firstLine="420"/></w:pPr>%s`, runs(p, 7))
		if i == 0 {
			body.WriteString(`<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>`)
		}
		body.WriteString(`</w:p>`)
		wantParas = append(wantParas, p)
		if i == 1 {
			body.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>`)
			for _, row := range docxTable {
				body.WriteString(`<w:tr>`)
				for _, c := range row {
					fmt.Fprintf(&body, `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p>%s</w:p></w:tc>`, runs(c, 1))
				}
				body.WriteString(`</w:tr>`)
				wantParas = append(wantParas, strings.Join(row, "\t"))
			}
			body.WriteString(`</w:tbl>`)
		}
	}
	wantParas = append(wantParas, docxFootnote)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document ` + wNS + `><w:body>` + body.String() +
		`<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/></w:sectPr></w:body></w:document>`
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   doc,
		"word/header1.xml":    `<?xml version="1.0" encoding="UTF-8"?><w:hdr ` + wNS + `><w:p>` + runs(docxHeader, 4) + `</w:p></w:hdr>`,
		"word/footer1.xml":    `<?xml version="1.0" encoding="UTF-8"?><w:ftr ` + wNS + `><w:p>` + runs(docxFooter, 4) + `</w:p></w:ftr>`,
		"word/footnotes.xml": `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ` + wNS + `>` +
			`<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
			`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` +
			`<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>` + runs(docxFootnote, 6) + `</w:p></w:footnote></w:footnotes>`,
		"docProps/core.xml": `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` + xmlEsc(r.Title) + `</dc:title><dc:creator>王明</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2021-06-01T09:00:00Z</dcterms:created></cp:coreProperties>`,
	}
	return Zip(files), strings.Join(wantParas, "\n\n")
}

// Zip writes files (deflated) in a stable order.
func Zip(files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml", "docProps/core.xml"} {
		body, ok := files[name]
		if !ok {
			continue
		}
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	for name, body := range files { // any others
		switch name {
		case "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml", "docProps/core.xml":
			continue
		}
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

// DOCX returns the hand-built DOCX of every reference text.
func DOCX(tb testing.TB) []Case {
	var cases []Case
	for _, r := range Refs(tb) {
		b, want := BuildDOCX(r)
		cases = append(cases, Case{Name: r.Name + "/docx-go", Layout: "docx-go", Format: "docx", Bytes: b, Title: r.Title,
			Want: want, HeldOut: r.HeldOut, Leaks: []string{docxHeader, docxFooter}})
	}
	return cases
}

// Pandoc returns a DOCX of every reference text written by Debian's pandoc
// (from an HTML page with the title, the paragraphs and a table). It
// fails the test when pandoc is missing: `make test` installs it.
func Pandoc(tb testing.TB) []Case {
	tb.Helper()
	bin, err := exec.LookPath("pandoc")
	if err != nil {
		tb.Fatalf("pandoc is required for the DOCX producer test (make unit installs Debian's pandoc): %v", err)
	}
	dir := tb.TempDir()
	var cases []Case
	for _, r := range Refs(tb) {
		var page strings.Builder
		fmt.Fprintf(&page, "<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n", html.EscapeString(r.Title))
		want := []string{r.Title}
		for i, p := range r.Paras {
			fmt.Fprintf(&page, "<p>%s</p>\n", html.EscapeString(p))
			want = append(want, p)
			if i == 1 {
				page.WriteString("<table>")
				for _, row := range docxTable {
					page.WriteString("<tr>")
					for _, c := range row {
						fmt.Fprintf(&page, "<td>%s</td>", c)
					}
					page.WriteString("</tr>")
					want = append(want, strings.Join(row, "\t"))
				}
				page.WriteString("</table>\n")
			}
		}
		page.WriteString("</body></html>\n")
		in, out := filepath.Join(dir, r.Name+".html"), filepath.Join(dir, r.Name+".docx")
		if err := os.WriteFile(in, []byte(page.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
		if msg, err := exec.Command(bin, "-f", "html", "-t", "docx", "-o", out, in).CombinedOutput(); err != nil {
			tb.Fatalf("pandoc %s: %v\n%s", r.Name, err, msg)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			tb.Fatal(err)
		}
		cases = append(cases, Case{Name: r.Name + "/docx-pandoc", Layout: "docx-pandoc", Format: "docx", Bytes: b, Title: r.Title,
			Want: strings.Join(want, "\n\n"), HeldOut: r.HeldOut})
	}
	return cases
}
