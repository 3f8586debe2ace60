package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhdoc/zhdoc/shared/format"
)

func deflate(s string) string {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte(s))
	w.Close()
	return z.String()
}

// stm is a Flate stream object's text.
func stm(extra, data string) string {
	z := deflate(data)
	return fmt.Sprintf("<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", extra, len(z), z)
}

// classic writes objects 1..n with a cross-reference table.
func classic(trailer string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return b.Bytes()
}

// compressed writes objects 1..n of which those in packed go into an
// object stream, with a cross-reference stream (PNG Up predictor), as
// PDF 1.5 producers do.
func compressed(packed map[int]bool, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	n := len(objs)
	stmNum, xrefNum := n+1, n+2
	type ent struct{ typ, f2, f3 int }
	ents := make([]ent, n+3)
	var head, body strings.Builder
	k := 0
	for i, o := range objs {
		if packed[i+1] {
			fmt.Fprintf(&head, "%d %d ", i+1, body.Len())
			body.WriteString(o + "\n")
			ents[i+1] = ent{2, stmNum, k}
			k++
			continue
		}
		ents[i+1] = ent{1, b.Len(), 0}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	ents[stmNum] = ent{1, b.Len(), 0}
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", stmNum,
		stm(fmt.Sprintf("/Type /ObjStm /N %d /First %d", k, head.Len()), head.String()+body.String()))
	ents[xrefNum] = ent{1, b.Len(), 0}
	// rows of 1+3+1 bytes, each prefixed by PNG filter 2 (Up)
	var raw []byte
	prev := make([]byte, 5)
	for _, e := range ents {
		row := []byte{byte(e.typ), byte(e.f2 >> 16), byte(e.f2 >> 8), byte(e.f2), byte(e.f3)}
		raw = append(raw, 2)
		for j := range row {
			raw = append(raw, row[j]-prev[j])
		}
		prev = row
	}
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", xrefNum, stm(fmt.Sprintf(
		"/Type /XRef /Size %d /W [1 3 1] /Root 1 0 R /Info 3 0 R /DecodeParms << /Columns 5 /Predictor 12 >>", len(ents)), string(raw)))
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", ents[xrefNum].f2)
	return b.Bytes()
}

const (
	cat   = "<< /Type /Catalog /Pages 2 0 R >>"
	pages = "<< /Type /Pages /Kids [4 0 R] /Count 1 >>"
	page4 = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R /F2 7 0 R >> >> /Contents 5 0 R >>"
	// a CID font whose ToUnicode has a codespace, bfchar, a bfrange
	// counting up and a bfrange of an array (surrogate pair included)
	type0F = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NotoSansCJKsc-Bold /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>"
	cidF   = "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+NotoSansCJKsc-Bold /DW 1000 /W [1 [500 500]] >>"
	cmapS  = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"2 beginbfchar <0001> <0041> <0003> <D840DC00> endbfchar\n" +
		"2 beginbfrange <0010> <0012> <4E2D> <0020> <0021> [<6587> <5B57>] endbfrange endcmap end end"
	// a simple font: WinAnsi with two Differences, no ToUnicode
	simpleF = "<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 32 /LastChar 122 /Widths [250 " +
		"0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 600 " +
		"0 0 0 0 0 0 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500] " +
		"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /uni4E2D /quotedblleft] >> >>"
)

// content: a bold CID title, then a Latin line of TJ pieces with kerning
// and a word gap, then a line of a simple font's Differences codes.
const content = "BT /F1 20 Tf 1 0 0 1 72 760 Tm <0010001100120003> Tj ET\n" +
	"q 1 0 0 1 0 -60 cm BT /F2 10 Tf 72 720 Td [(Hel) 20 (lo) -300 (world)] TJ 0 -14 Td (\\001\\002) Tj ET Q\n" +
	"BT /F1 10 Tf 72 600 Td /Span << /ActualText <FEFF4E00> >> BDC <0001> Tj EMC <0020> Tj ET"

func TestStructures(t *testing.T) {
	objs := []string{cat, pages, "<< /Title (Hand-made) /Author <FEFF5F204E09> /CreationDate (D:20240305120000+08'00') >>",
		page4, stm("", content), type0F, simpleF, cidF, stm("", cmapS)}
	packed := map[int]bool{1: true, 2: true, 3: true, 4: true, 6: true, 8: true}
	want := "中丮丯𠀀\n\nHello world中“\n\n一文" // a wrapped line joins without a space before Han
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"xref table", classic("/Info 3 0 R", objs...)},
		{"xref stream and object stream", compressed(packed, objs...)},
		{"table broken, objects scanned", bytes.Replace(classic("/Info 3 0 R", objs...), []byte("startxref\n"), []byte("startxref\n9"), 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Extract(tc.b, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != want {
				t.Errorf("text %q, want %q", d.Text, want)
			}
			if d.Meta.Title != "Hand-made" || d.Meta.Author != "张三" || d.Meta.Created != "2024-03-05" {
				t.Errorf("meta %+v", d.Meta)
			}
		})
	}
}

func TestCMap(t *testing.T) {
	cm := parseCMap([]byte("2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange\n" +
		"1 beginbfrange <8141> <8143> <6C34> endbfrange 1 beginbfchar <41> /uni0041 endbfchar"))
	if len(cm.spaces) != 2 || cm.spaces[1].n != 2 {
		t.Fatalf("codespace %+v", cm.spaces)
	}
	ft := &font{spaces: cm.spaces, toUni: cm.uni, widths: map[uint32]float64{}, scale: 0.001}
	var got []string
	for _, g := range ft.codes("A\x81\x42\x81\x43", nil) {
		got = append(got, fmt.Sprintf("%d:%s", g.n, g.text))
	}
	if s, want := strings.Join(got, " "), "1:A 2:\u6c35 2:\u6c36"; s != want {
		t.Errorf("codes %s, want %s", s, want)
	}
}

// Lines repeated at the same height on every page (digits aside) and
// lone page numbers are furniture; two columns are read one after the
// other; a paragraph goes on across the page break.
func TestLayout(t *testing.T) {
	var pgs [][]*line
	var boxes [][4]float64
	row := func(gs []glyph, s string, x, y, size float64) []glyph {
		for _, r := range s {
			gs = append(gs, glyph{x: x, y: y, w: size, size: size, text: string(r)})
			x += size
		}
		return gs
	}
	// each page's text differs; the running head and the page number
	// recur at the same heights
	words := []string{"春天", "夏日", "秋风"}
	var want []string
	want = append(want, "大标题")
	for p := 1; p <= 3; p++ {
		var gs []glyph
		gs = row(gs, "示例日报", 200, 810, 9)
		gs = row(gs, fmt.Sprintf("%d", p), 290, 30, 9)
		if p == 1 {
			gs = row(gs, "大标题", 200, 760, 24)
		}
		w := words[p-1]
		l1, l2 := "左栏"+w+"第一行文字很长", "左栏"+w+"第二行结束。"
		r1, r2 := "右栏"+w+"第一行文字很长", "右栏"+w+"第二行结束。"
		gs = row(gs, l1, 50, 700, 12)
		gs = row(gs, r1, 320, 700, 12)
		gs = row(gs, l2, 50, 684, 12)
		gs = row(gs, r2, 320, 684, 12)
		want = append(want, l1+l2, r1+r2)
		pgs = append(pgs, lines(gs, p-1))
		boxes = append(boxes, [4]float64{0, 0, 595, 842})
	}
	paras, heading := layout(pgs, boxes)
	got := strings.Join(paras, "|")
	if got != strings.Join(want, "|") || heading != "大标题" {
		t.Errorf("got %q heading %q\nwant %q", got, heading, want)
	}
}

func TestJoinLines(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"中文", "继续", "中文继续"},
		{"the quick", "brown fox", "the quick brown fox"},
		{"text-", "friendly", "text-friendly"},
		{"使用PDF", "文件", "使用PDF文件"},
		{"2024-", "03", "2024- 03"},
	} {
		if got := joinLines(c.a, c.b); got != c.want {
			t.Errorf("joinLines(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

// Hostile and broken files fail with the format's error codes.
func TestFailures(t *testing.T) {
	onePage := func(contents string) []byte {
		return classic("", cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", stm("", contents), type0F)
	}
	many := classic("", cat, "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>", "<< /Type /Page >>", "<< /Type /Page >>", "<< /Type /Page >>")
	cases := []struct {
		name string
		b    []byte
		lim  Limits
		want error
	}{
		{"too many pages", many, Limits{MaxPages: 2, Inflated: 1 << 20, MaxOps: 1000}, format.ErrTooLarge},
		{"too many characters", classic("", cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
			stm("", "BT /F1 9 Tf ("+strings.Repeat("a", 5000)+") Tj ET"), simpleF), Limits{MaxPages: 10, Inflated: 1 << 20, MaxOps: 1000, MaxGlyphs: 1000}, format.ErrTooLarge},
		{"out of time", onePage(strings.Repeat("q Q ", 300000)), Limits{MaxPages: 10, Inflated: 1 << 22, MaxOps: 1 << 30, MaxTime: time.Nanosecond}, format.ErrTooLarge},
		{"too many operators", onePage(strings.Repeat("q Q ", 1000)), Limits{MaxPages: 10, Inflated: 1 << 20, MaxOps: 100}, format.ErrTooLarge},
		{"inflates beyond the budget", onePage(strings.Repeat("BT ET ", 10000)), Limits{MaxPages: 10, Inflated: 1000, MaxOps: 1 << 20}, format.ErrTooLarge},
		{"no text", onePage("0 0 m 100 100 l S"), DefaultLimits, ErrNoText},
		{"glyphs without Unicode", classic("", cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", stm("", "BT /F1 9 Tf (\\000\\001) Tj ET"),
			"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H >>"), DefaultLimits, ErrUnsupported},
		{"encrypted", classic("/Encrypt << /Filter /Standard >>", cat), DefaultLimits, ErrUnsupported},
		{"garbage", []byte("%PDF-1.4\n\x00\x01\x02 obj obj 1 0 obj << /Kids [1 0 R] "), DefaultLimits, format.ErrMalformed},
		{"self-containing object stream", []byte("%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length 8 >>\nstream\n1 0 1 0 R\nendstream\nendobj\ntrailer << /Root 1 0 R >>"), DefaultLimits, format.ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Extract(c.b, c.lim)
			if !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
		})
	}
}

// An unclosed string in every object makes each parse run to the end of
// the file: the work is bounded.
func TestOverlappingObjects(t *testing.T) {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	for i := 1; b.Len() < 4<<20; i++ {
		fmt.Fprintf(&b, "%d 0 obj\n(\n", i)
	}
	start := time.Now()
	_, err := Extract([]byte(b.String()), DefaultLimits)
	if !errors.Is(err, format.ErrMalformed) {
		t.Errorf("error %v, want malformed", err)
	}
	if el := time.Since(start); el > 20*time.Second {
		t.Errorf("took %v", el)
	}
}

func TestChooseTitle(t *testing.T) {
	for _, c := range []struct{ info, heading, first, want string }{
		{"城市新闻_示例网", "城市新闻", "城市新闻", "城市新闻"},        // the heading inside a site title
		{"城市新闻_示例网", "", "城市新闻", "城市新闻"},            // no larger line: the first line before a separator
		{"城市新闻合集", "", "城市新闻", "城市新闻合集"},            // not a separator: the file's title
		{"file:///tmp/a.html", "大标题", "大标题", "大标题"}, // a producer's default
		{"Microsoft Word - 报告.docx", "", "第一段", ""}, // ditto, no heading
		{"年度报告", "第一章 总则", "第一章 总则", "年度报告"},        // the file's own title wins
		{"", "", "正文第一段很长很长。", ""},
	} {
		if got := chooseTitle(c.info, c.heading, c.first); got != c.want {
			t.Errorf("chooseTitle(%q, %q, %q) = %q, want %q", c.info, c.heading, c.first, got, c.want)
		}
	}
}

// A landscape page turned by /Rotate 90, its text drawn turned the other
// way: read as displayed, line by line.
func TestRotatedPage(t *testing.T) {
	for _, rot := range []int{90, 270} {
		cm := "0 1 -1 0 595 0" // content turned so that it shows upright when the page turns 90°
		if rot == 270 {
			cm = "0 -1 1 0 0 842"
		}
		b := classic("", cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", rot),
			stm("", cm+" cm BT /F1 12 Tf 1 0 0 1 72 500 Tm <001000110012> Tj 1 0 0 1 72 485 Tm <00200021> Tj ET"),
			"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>", cidF, stm("", cmapS))
		d, err := Extract(b, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if d.Text != "中丮丯文字" {
			t.Errorf("rotate %d: text %q", rot, d.Text)
		}
	}
}

// On a single page a running head and foot cannot repeat: set small in
// the outer margin, they are furniture; a small line inside the page is
// text.
func TestSinglePageFurniture(t *testing.T) {
	row := func(gs []glyph, s string, x, y, size float64) []glyph {
		for _, r := range s {
			gs = append(gs, glyph{x: x, y: y, w: size, size: size, text: string(r)})
			x += size
		}
		return gs
	}
	var gs []glyph
	gs = row(gs, "示例日报电子版", 250, 815, 8)
	gs = row(gs, "正文第一段的文字比较长一些。", 72, 700, 12)
	gs = row(gs, "图一：小字说明。", 72, 400, 8)
	gs = row(gs, "正文第二段的文字。", 72, 300, 12)
	gs = row(gs, "示例研究院编印", 250, 25, 8)
	paras, _ := layout([][]*line{lines(gs, 0)}, [][4]float64{{0, 0, 595, 842}})
	if got, want := strings.Join(paras, "|"), "正文第一段的文字比较长一些。|图一：小字说明。|正文第二段的文字。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRadical(t *testing.T) {
	for in, want := range map[string]string{"⼀": "一", "⾔": "言", "中": "中", "A": "A", "\uF900": "豈"} {
		if got := radical(in); got != want {
			t.Errorf("radical(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLimitsFromEnv(t *testing.T) {
	t.Setenv("PDF_MAX_PAGES", "7")
	t.Setenv("PDF_MAX_INFLATED_BYTES", "1048576")
	t.Setenv("PDF_MAX_SECONDS", "9")
	if l := LimitsFromEnv(); l.MaxPages != 7 || l.Inflated != 1<<20 || l.MaxTime != 9*time.Second || l.MaxOps != DefaultLimits.MaxOps {
		t.Errorf("limits %+v", l)
	}
	t.Setenv("PDF_MAX_PAGES", "x")
	if l := LimitsFromEnv(); l.MaxPages != DefaultLimits.MaxPages {
		t.Errorf("a bad value is not the default: %+v", l)
	}
}

// A bold first line of the body's size is the heading; a bold sentence is
// not.
func TestBoldHeading(t *testing.T) {
	row := func(gs []glyph, s string, y float64, bold bool) []glyph {
		x := 72.0
		for _, r := range s {
			gs = append(gs, glyph{x: x, y: y, w: 12, size: 12, text: string(r), bold: bold})
			x += 12
		}
		return gs
	}
	for _, c := range []struct{ first, want string }{{"城市图书馆延长开放时间", "城市图书馆延长开放时间"}, {"这是加粗的一句话。", ""}} {
		var gs []glyph
		gs = row(gs, c.first, 760, true)
		gs = row(gs, "正文第一段的文字比较长一些，", 720, false)
		gs = row(gs, "接着写完这一段。", 705, false)
		_, heading := layout([][]*line{lines(gs, 0)}, [][4]float64{{0, 0, 595, 842}})
		if heading != c.want {
			t.Errorf("heading %q, want %q", heading, c.want)
		}
	}
}

// A standard font without /Widths: the glyphs still advance, so letters
// neither pile up (and vanish as doubles) nor get spaces between them.
func TestNoWidths(t *testing.T) {
	b := classic("", cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stm("", "BT /F1 12 Tf 72 700 Td (Hello all) Tj ET"), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	d, err := Extract(b, DefaultLimits)
	if err != nil || d.Text != "Hello all" {
		t.Errorf("text %q, error %v", d.Text, err)
	}
}

// A content stream broken in the middle keeps the text shown before.
func TestBrokenContent(t *testing.T) {
	b := classic("", cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stm("", "BT /F1 12 Tf 72 700 Td (Kept) Tj ET "+strings.Repeat("[", 100)+" (lost) Tj"), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	d, err := Extract(b, DefaultLimits)
	if err != nil || d.Text != "Kept" {
		t.Errorf("text %q, error %v", d.Text, err)
	}
}

// A running head of two lines whose height wobbles by a fraction of a
// point from page to page is still furniture.
func TestWobblyRunningHead(t *testing.T) {
	row := func(gs []glyph, s string, x, y, size float64) []glyph {
		for _, r := range s {
			gs = append(gs, glyph{x: x, y: y, w: size, size: size, text: string(r)})
			x += size
		}
		return gs
	}
	bodies := []string{"春天来了，公园里的花都开了。", "夏天到了，河边的人多了起来。", "秋天的时候，果园里一片金黄。"}
	var pgs [][]*line
	var boxes [][4]float64
	for p, body := range bodies {
		var gs []glyph
		dy := []float64{-0.1, 0.1, 0}[p]
		gs = row(gs, "示例日报", 250, 810+dy, 9)
		gs = row(gs, "二〇二四年三月", 250, 798+dy, 9)
		gs = row(gs, body, 72, 700, 12)
		pgs = append(pgs, lines(gs, p))
		boxes = append(boxes, [4]float64{0, 0, 595, 842})
	}
	paras, _ := layout(pgs, boxes)
	if got, want := strings.Join(paras, "|"), strings.Join(bodies, "|"); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
