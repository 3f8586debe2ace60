package formattest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// PDF furniture: running heads and feet printed on every page.
const (
	pdfHead      = "示例日报电子版　内部参考"
	pdfHeadHant  = "示例日報電子版　內部參考"
	pdfFoot      = "示例研究院编印　仅供学习交流"
	pdfPageWord  = "第 %d 页"
	pdfReportTag = "示例研究报告"
)

type pdfLayout struct {
	name    string
	heldOut bool
	page    func(r Ref, date string) (page, wantDate string, leaks []string)
	// short keeps the first two paragraphs: one page, whose running head
	// and foot cannot be told by repetition
	short bool
}

var pdfLayouts = []pdfLayout{
	{name: "pdf-article", page: pdfArticle},
	{name: "pdf-twocol", page: pdfTwoCol},
	{name: "pdf-plain", page: pdfPlain},
	{name: "pdf-report", heldOut: true, page: pdfReport},
	{name: "pdf-short", page: pdfArticle, short: true},
}

func pdfFont(r Ref) string {
	if r.Hant {
		return `"Noto Sans CJK TC", "Noto Serif CJK TC", sans-serif`
	}
	return `"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif`
}

func pdfParas(r Ref) string {
	var b strings.Builder
	for _, p := range r.Paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	return b.String()
}

// pageNumbers: pages 1 to 12 in the footer's words, as leaks (a page
// number in the text is furniture).
func pageNumbers(format string) []string {
	var out []string
	for i := 2; i <= 12; i++ {
		out = append(out, fmt.Sprintf(format, i))
	}
	return out
}

// pdfArticle: a news article as printed from a site: the title in bold,
// a date and source line, indented paragraphs, a running head and the
// page number in the page margins.
func pdfArticle(r Ref, d string) (string, string, []string) {
	head := pdfHead
	if r.Hant {
		head = pdfHeadHant
	}
	return fmt.Sprintf(`<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<title>%[1]s_%[2]s</title>
<style>
@page { size: A4; margin: 22mm 20mm; @top-center { content: "%[3]s"; font-size: 9pt; color: #666 } @bottom-center { content: "第 " counter(page) " 页"; font-size: 9pt } }
body { font-family: %[4]s; font-size: 12pt; line-height: 1.7 }
h1 { font-size: 20pt; font-weight: bold; margin: 0 0 8pt }
.info { font-size: 10pt; color: #555; margin-bottom: 12pt }
p { text-indent: 2em; margin: 0 0 6pt; text-align: justify }
</style></head><body>
<h1>%[1]s</h1>
<div class="info">%[5]s 08:30　来源：新华社</div>
%[6]s</body></html>
`, html.EscapeString(r.Title), site(r), head, pdfFont(r), d, pdfParas(r)), d, append([]string{head}, pageNumbers(pdfPageWord)...)
}

// pdfTwoCol: the title across the page, the text in two columns, the
// site's name as running head and "- n -" at the foot.
func pdfTwoCol(r Ref, _ string) (string, string, []string) {
	return fmt.Sprintf(`<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<title>%[1]s</title>
<style>
@page { size: A4; margin: 20mm 16mm; @top-left { content: "%[2]s"; font-size: 9pt } @bottom-right { content: "- " counter(page) " -"; font-size: 9pt } }
body { font-family: %[3]s; font-size: 10.5pt; line-height: 1.6 }
h1 { font-size: 18pt; font-weight: bold; text-align: center; margin: 0 0 14pt }
.cols { column-count: 2; column-gap: 2em }
p { text-indent: 2em; margin: 0 0 4pt; text-align: justify }
</style></head><body>
<h1>%[1]s</h1>
<div class="cols">%[4]s</div></body></html>
`, html.EscapeString(r.Title), site(r), pdfFont(r), pdfParas(r)), "", append([]string{site(r)}, pageNumbers("- %d -")...)
}

// pdfPlain: no <title> (the file's title is the page's address): a
// bold heading of the body's size plus a little, block paragraphs, a
// footer line with the page count.
func pdfPlain(r Ref, _ string) (string, string, []string) {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8">
<style>
@page { size: A4; margin: 25mm 22mm; @bottom-left { content: "%[1]s"; font-size: 8pt } @bottom-right { content: "第" counter(page) "页 共" counter(pages) "页"; font-size: 8pt } }
body { font-family: %[2]s; font-size: 11pt; line-height: 1.8 }
.t { font-size: 15pt; font-weight: bold; margin: 0 0 16pt }
p { margin: 0 0 10pt }
</style></head><body>
<div class="t">%[3]s</div>
%[4]s</body></html>
`, pdfFoot, pdfFont(r), html.EscapeString(r.Title), pdfParas(r)), "", []string{pdfFoot, "页 共"}
}

// pdfReport (held-out only): a report whose running head repeats the
// title, a centred title over a publication date line, small type.
func pdfReport(r Ref, d string) (string, string, []string) {
	var y, m, day int
	fmt.Sscanf(d, "%d-%d-%d", &y, &m, &day)
	return fmt.Sprintf(`<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<title>%[1]s</title>
<style>
@page { size: A4; margin: 18mm 24mm; @top-right { content: "%[5]s · %[1]s"; font-size: 8pt } @bottom-center { content: counter(page); font-size: 9pt } }
body { font-family: %[2]s; font-size: 10pt; line-height: 1.9 }
h1 { font-size: 17pt; text-align: center; margin: 6pt 0 4pt }
.d { text-align: center; font-size: 9pt; margin-bottom: 14pt }
p { text-indent: 2em; margin: 0; text-align: justify }
</style></head><body>
<h1>%[1]s</h1>
<div class="d">发布日期：%[3]d年%[4]d月%[6]d日</div>
%[7]s</body></html>
`, html.EscapeString(r.Title), pdfFont(r), y, m, pdfReportTag, day, pdfParas(r)), d, []string{pdfReportTag}
}

// scannedPage is a page that is one picture (a scan): no text layer.
func scannedPage(seedText string) string {
	img := image.NewGray(image.Rect(0, 0, 120, 160))
	h := seed(seedText)
	for i := range img.Pix {
		h = h*1664525 + 1013904223
		img.Pix[i] = uint8(h >> 24)
	}
	img.Set(0, 0, color.Gray{Y: 0})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{margin:0} body{margin:0}</style></head><body>` +
		`<img style="width:100%" src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(buf.Bytes()) + `"></body></html>`
}

// Chromium is the path of the browser that prints the corpus: $ZHDOC_CHROMIUM,
// or chromium on PATH. The test fails without it (make unit installs
// Debian's chromium and fonts-noto-cjk).
func Chromium(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv("ZHDOC_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	tb.Fatal("chromium is required to print the PDF corpus (make unit installs Debian's chromium and fonts-noto-cjk)")
	return ""
}

// PrintPDF prints an HTML page with headless Chromium (file:// input, no
// network), caching the output by the page's hash in the user cache so
// that reruns print nothing.
func PrintPDF(chromium, page string) ([]byte, error) {
	sum := sha256.Sum256([]byte(chromium + "\x00" + page))
	key := hex.EncodeToString(sum[:12])
	cache := ""
	if d, err := os.UserCacheDir(); err == nil {
		cache = filepath.Join(d, "zhdoc", "pdf-corpus")
		if b, err := os.ReadFile(filepath.Join(cache, key+".pdf")); err == nil && len(b) > 0 {
			return b, nil
		}
	}
	dir, err := os.MkdirTemp("", "zhdoc-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "page.html"), filepath.Join(dir, "page.pdf")
	if err := os.WriteFile(in, []byte(page), 0o644); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-first-run", "--disable-extensions",
		"--print-to-pdf="+out, "file://"+in)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("chromium: %w\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) == 0 {
		return nil, fmt.Errorf("chromium wrote no PDF: %v", err)
	}
	if cache != "" && os.MkdirAll(cache, 0o755) == nil {
		_ = os.WriteFile(filepath.Join(cache, key+".pdf"), b, 0o644) // a cache: best effort
	}
	return b, nil
}

// PDF returns the PDF corpus: every reference text in every layout
// printed by Chromium (the short layout: its first two paragraphs, one
// page), and a scanned (image-only) page per half, whose Want is empty.
func PDF(tb testing.TB) []Case {
	tb.Helper()
	chromium := Chromium(tb)
	type job struct {
		c    Case
		page string
	}
	var jobs []job
	for _, r := range Refs(tb) {
		for _, l := range pdfLayouts {
			if l.heldOut && !r.HeldOut {
				continue
			}
			r := r // the short layout cuts its own copy
			if l.short {
				r.Paras = r.Paras[:min(2, len(r.Paras))]
			}
			page, d, leaks := l.page(r, date(r.Name+l.name))
			jobs = append(jobs, job{Case{Name: r.Name + "/" + l.name, Layout: l.name, Format: "pdf", Title: r.Title,
				Date: d, Want: r.Body(), HeldOut: r.HeldOut, Leaks: leaks}, page})
		}
	}
	for _, half := range []bool{false, true} {
		name := fmt.Sprintf("scan-%v", half)
		jobs = append(jobs, job{Case{Name: name + "/pdf-scan", Layout: "pdf-scan", Format: "pdf", HeldOut: half}, scannedPage(name)})
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	errs := make([]error, len(jobs))
	for i := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			jobs[i].c.Bytes, errs[i] = PrintPDF(chromium, jobs[i].page)
		}()
	}
	wg.Wait()
	cases := make([]Case, len(jobs))
	for i, j := range jobs {
		if errs[i] != nil {
			tb.Fatalf("%s: %v", j.c.Name, errs[i])
		}
		cases[i] = j.c
	}
	return cases
}
