package pdf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/format/formattest"
	"github.com/zhdoc/zhdoc/shared/format/pdf"
)

// TestFixtures reads the committed Chromium prints in testdata (text
// written for them, so no license applies) without a browser: two
// columns, a running head and page numbers over two pages, a date line.
// When chromium is on the machine the page is printed again and must
// read the same (ZHDOC_PDF_REGENERATE=1 rewrites the committed PDF).
func TestFixtures(t *testing.T) {
	htmls, _ := filepath.Glob("testdata/*.html")
	if len(htmls) == 0 {
		t.Fatal("no fixtures")
	}
	for _, h := range htmls {
		base := strings.TrimSuffix(h, ".html")
		want, err := os.ReadFile(base + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		check := func(name string, b []byte) {
			d, err := pdf.Extract(b, pdf.DefaultLimits)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := strings.TrimSpace(d.Text); got != strings.TrimSpace(string(want)) {
				t.Errorf("%s: text\n%s\nwant\n%s", name, got, want)
			}
			if d.Meta.Title != strings.SplitN(string(want), "\n", 2)[0] || d.Meta.Published != "2024-03-05" || d.Meta.Source != "示例日报" {
				t.Errorf("%s: meta %+v", name, d.Meta)
			}
		}
		b, err := os.ReadFile(base + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		check(base+".pdf", b)
		chromium, err := exec.LookPath("chromium")
		if err != nil {
			t.Logf("chromium not found: %s not printed again", h)
			continue
		}
		page, err := os.ReadFile(h)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := formattest.PrintPDF(chromium, string(page))
		if err != nil {
			t.Fatal(err)
		}
		check(base+" printed again", fresh)
		if os.Getenv("ZHDOC_PDF_REGENERATE") == "1" {
			if err := os.WriteFile(base+".pdf", fresh, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
