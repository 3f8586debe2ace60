package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/format/formattest"
)

func TestDetectCommand(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"gb.txt":   {0xD6, 0xD0, 0xBB, 0xAA, 0xC8, 0xCB, 0xC3, 0xF1, 0xB9, 0xB2, 0xBA, 0xCD, 0xB9, 0xFA, 0xB5, 0xC4, 0xB9, 0xFA, 0xBC, 0xD2, 0xD6, 0xF7, 0xCF, 0xAF}, // 中华人民共和国的国家主席
		"big5.txt": {0xAD, 0xBB, 0xB4, 0xE4, 0xAF, 0x53, 0xA7, 0x4F, 0xA6, 0xE6, 0xAC, 0x46, 0xB0, 0xCF, 0xAC, 0x46, 0xA9, 0xB2, 0xA4, 0xBD, 0xA7, 0x47},             // 香港特別行政區政府公佈
		"bin.png":  []byte("\x89PNG\r\n\x1a\n\x00\x00"),
	}
	var args []string
	for _, name := range []string{"gb.txt", "big5.txt", "bin.png", "missing.txt"} {
		p := filepath.Join(dir, name)
		if b, ok := files[name]; ok {
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		args = append(args, p)
	}
	var out, errOut bytes.Buffer
	code := dispatch(append([]string{"detect"}, args...), nil, &out, &errOut)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines, got %q", out.String())
	}
	type rec struct {
		File     string
		Encoding *struct {
			Name       string
			Confidence float64
			BOM        bool
		}
		Script, Variant, Error string
	}
	want := []struct{ enc, script, variant string }{
		{"GB18030", "Hans", "cn"},
		{"Big5-HKSCS", "Hant", ""},
		{"", "", ""},
		{"", "", ""},
	}
	for i, line := range lines {
		var r rec
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if r.File != args[i] {
			t.Errorf("file %q, want %q", r.File, args[i])
		}
		w := want[i]
		if w.enc == "" {
			if r.Error == "" || r.Encoding != nil {
				t.Errorf("%s: want an error, got %s", args[i], line)
			}
			continue
		}
		if r.Encoding == nil || r.Encoding.Name != w.enc || r.Script != w.script || r.Variant != w.variant {
			t.Errorf("%s: got %s, want %v", args[i], line, w)
		}
	}
	if !strings.Contains(lines[2], "PNG") {
		t.Errorf("png line lacks the reason: %s", lines[2])
	}
}

// Pages, Word files and PDFs are detected by their bytes and read by their
// format readers: the encoding is the page's (GBK here), the script that
// of the extracted text, the title the document's own.
func TestDetectFormats(t *testing.T) {
	var html, docx, pdf formattest.Case
	for _, c := range formattest.HTML(t) {
		if c.Layout == "gbk-as-gb2312" && html.Name == "" {
			html = c
		}
	}
	docx = formattest.DOCX(t)[0]
	for _, c := range formattest.PDF(t) {
		if c.Layout == "pdf-article" && pdf.Name == "" {
			pdf = c
		}
	}
	dir := t.TempDir()
	cases := []struct {
		c   formattest.Case
		enc string
	}{{html, "GB18030"}, {docx, "UTF-8"}, {pdf, "UTF-8"}}
	for _, tc := range cases {
		f := filepath.Join(dir, "file") // no extension: the bytes decide
		if err := os.WriteFile(f, tc.c.Bytes, 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		if code := dispatch([]string{"detect", f}, nil, &out, &errOut); code != 0 {
			t.Fatalf("%s: exit %d: %s %s", tc.c.Name, code, out.String(), errOut.String())
		}
		var r struct {
			Format, Title, Script string
			Encoding              struct{ Name string }
		}
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		wantScript := "Hans"
		if strings.HasPrefix(tc.c.Name, "pud") || strings.HasPrefix(tc.c.Name, "gsdt") {
			wantScript = "Hant"
		}
		if r.Format != tc.c.Format || r.Title != tc.c.Title || r.Encoding.Name != tc.enc || r.Script != wantScript {
			t.Errorf("%s: got %s, want format %s title %q encoding %s script %s", tc.c.Name, out.String(), tc.c.Format, tc.c.Title, tc.enc, wantScript)
		}
	}
}

// A scanned PDF is no text: detect says why, once.
func TestDetectScannedPDF(t *testing.T) {
	var scan []byte
	for _, c := range formattest.PDF(t) {
		if c.Layout == "pdf-scan" {
			scan = c.Bytes
		}
	}
	f := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(f, scan, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := dispatch([]string{"detect", f}, nil, &out, &errOut); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var r struct{ Error string }
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Error, "no text layer") || strings.Count(r.Error, "pdf:") != 1 {
		t.Errorf("error %q", r.Error)
	}
}
