// Package pdf reads the text of a PDF in pure Go: the file's structure
// (cross-reference tables and streams, object streams, Flate), the fonts
// (Type0 CID fonts through ToUnicode CMaps, simple and Type 3 fonts
// through /Encoding, /Differences and ToUnicode), the content streams'
// text operators with the text matrix, and then the reading order of the
// glyphs: lines by baseline, columns by gutters, page furniture (headers,
// footers, page numbers repeated across pages) removed, paragraphs from
// vertical gaps and indents, lines joined without spaces between Han
// characters.
//
// Nothing here runs at init: the processor pays for PDFs only when it
// reads one.
package pdf

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/format"
	"github.com/zhdoc/zhdoc/shared/format/htmldoc"
)

var (
	// ErrNoText is wrapped when the PDF's pages show no text (scanned
	// pages).
	ErrNoText = errors.New("no text layer")
	// ErrUnsupported is wrapped when the file is a PDF this reader cannot
	// read: encrypted, or its text is in fonts that do not say which
	// characters they show (CID fonts without ToUnicode).
	ErrUnsupported = errors.New("unsupported PDF")
)

// Limits bound the work spent on one file.
type Limits struct {
	MaxPages int   // pages read; more fail with too_large
	Inflated int64 // bytes all streams together may inflate to
	MaxOps   int   // content stream operators in the whole file
	// MaxGlyphs bounds the characters shown in the whole file (each costs
	// memory until its page is laid out).
	MaxGlyphs int
	// MaxTime bounds the time spent on one file (a last resort against
	// what the other limits miss); 0 is no bound.
	MaxTime time.Duration
}

// DefaultLimits: a 1,000-page report fits; a 1024 MB function survives
// the rest; a minute leaves the processor (120 s) time to write the
// failed record.
var DefaultLimits = Limits{MaxPages: 2000, Inflated: 256 << 20, MaxOps: 20_000_000, MaxGlyphs: 8_000_000, MaxTime: time.Minute}

// LimitsFromEnv reads PDF_MAX_PAGES, PDF_MAX_INFLATED_BYTES and
// PDF_MAX_SECONDS (set by template.yaml), falling back to DefaultLimits. Called when a PDF is
// read, not at init.
func LimitsFromEnv() Limits {
	l := DefaultLimits
	if v, err := strconv.Atoi(os.Getenv("PDF_MAX_PAGES")); err == nil && v > 0 {
		l.MaxPages = v
	}
	if v, err := strconv.ParseInt(os.Getenv("PDF_MAX_INFLATED_BYTES"), 10, 64); err == nil && v > 0 {
		l.Inflated = v
	}
	if v, err := strconv.Atoi(os.Getenv("PDF_MAX_SECONDS")); err == nil && v > 0 {
		l.MaxTime = time.Duration(v) * time.Second
	}
	return l
}

// recoverPanics turns a panic on a hostile file into ErrMalformed; the
// fuzz test turns it off to find them.
var recoverPanics = true

func isLimit(err error) bool { return errors.Is(err, errTooLarge) }

// Extract reads b. Errors wrap format.ErrMalformed, format.ErrTooLarge,
// ErrNoText or ErrUnsupported; a hostile file never panics out of here.
func Extract(b []byte, lim Limits) (doc format.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			if !recoverPanics {
				panic(r)
			}
			doc, err = format.Document{}, fmt.Errorf("pdf: %w: %v", errMalformed, r)
		}
		// A broken file of images that names no font anywhere (and hides
		// nothing in object streams) could never show text: a scan.
		if errors.Is(err, errMalformed) && bytes.Contains(b, []byte("/Image")) &&
			!bytes.Contains(b, []byte("/Font")) && !bytes.Contains(b, []byte("/ObjStm")) {
			err = fmt.Errorf("pdf: %w (and the file is broken: %v)", ErrNoText, err)
		}
	}()
	var deadline time.Time
	if lim.MaxTime > 0 {
		deadline = time.Now().Add(lim.MaxTime)
	}
	f, err := open(b, lim.Inflated, deadline)
	if err != nil {
		return format.Document{}, fmt.Errorf("pdf: %w", err)
	}
	root := f.dict(f.trailer["Root"])
	if root == nil {
		return format.Document{}, fmt.Errorf("pdf: %w: no catalog", errMalformed)
	}
	if f.trailer["Encrypt"] != nil {
		return format.Document{}, fmt.Errorf("pdf: %w: the file is encrypted", ErrUnsupported)
	}
	pages, err := f.pages(root["Pages"], lim.MaxPages)
	if err != nil {
		return format.Document{}, fmt.Errorf("pdf: %w", err)
	}
	if len(pages) == 0 {
		return format.Document{}, fmt.Errorf("pdf: %w: the page tree holds no page", errMalformed)
	}
	pg := &page{f: f, fonts: map[any]*font{}, maxOps: lim.MaxOps, maxGlyphs: lim.MaxGlyphs}
	// Each page's glyphs become lines at once (strings: far smaller), so
	// that only one page's glyphs are held.
	var laid [][]*line
	var boxes [][4]float64
	n := 0
	for _, pd := range pages {
		pg.glyphs = pg.glyphs[:0]
		data, err := f.contents(pd.dict["Contents"])
		if err != nil {
			return format.Document{}, fmt.Errorf("pdf: page %d: %w", len(laid)+1, err)
		}
		if err := pg.run(data, pd.res, identity, 0, map[ref]bool{}); err != nil {
			return format.Document{}, fmt.Errorf("pdf: page %d: %w", len(laid)+1, err)
		}
		n += len(pg.glyphs)
		box := upright(pg.glyphs, pd.box, pd.rotate)
		laid = append(laid, lines(pg.glyphs, len(laid)))
		boxes = append(boxes, box)
	}
	if n == 0 && f.broken != nil {
		return format.Document{}, fmt.Errorf("pdf: %w", f.broken)
	}
	if n == 0 && pg.shown > 0 {
		return format.Document{}, fmt.Errorf("pdf: %w: %d characters shown in fonts without a Unicode mapping", ErrUnsupported, pg.shown)
	}
	if n == 0 {
		return format.Document{}, fmt.Errorf("pdf: %w: no page shows text (scanned pages?)", ErrNoText)
	}
	body, heading := layout(laid, boxes)
	meta := f.info(root)
	first := ""
	if len(body) > 0 {
		first = body[0]
	}
	title := chooseTitle(meta.Title, heading, first)
	meta.Title = title
	// Credits at the head of the article (or, without a date, at its foot)
	// are metadata, as on a web page.
	var kept []string
	for i, p := range body {
		if i == 0 && p == title {
			kept = append(kept, p)
			continue
		}
		author, source, date, ok := htmldoc.Byline(p)
		if ok && (i < 4 || i >= len(body)-3 && date == "") {
			meta.Author = cmp.Or(meta.Author, author)
			meta.Source = cmp.Or(meta.Source, source)
			meta.Published = cmp.Or(meta.Published, date)
			continue
		}
		kept = append(kept, p)
	}
	text := strings.Join(kept, "\n\n")
	return format.Document{Text: text, Meta: meta}, nil
}

type pageDict struct {
	dict   dict
	res    dict
	box    [4]float64
	rotate int // 0, 90, 180 or 270: how the page is turned for display
}

// upright turns the glyphs of a page with /Rotate into the coordinates
// of the page as displayed (y up), and returns the displayed box.
func upright(gs []glyph, box [4]float64, rotate int) [4]float64 {
	x0, y0, x1, y1 := box[0], box[1], box[2], box[3]
	for i := range gs {
		x, y := gs[i].x, gs[i].y
		switch rotate {
		case 90:
			gs[i].x, gs[i].y = y-y0, x1-x
		case 180:
			gs[i].x, gs[i].y = x1-x, y1-y
		case 270:
			gs[i].x, gs[i].y = y1-y, x-x0
		}
	}
	if rotate == 90 || rotate == 270 {
		return [4]float64{0, 0, y1 - y0, x1 - x0}
	}
	if rotate == 180 {
		return [4]float64{0, 0, x1 - x0, y1 - y0}
	}
	return box
}

// pages walks the page tree (Resources and MediaBox inherited; a Kids
// loop is refused).
func (f *file) pages(v any, maxPages int) ([]pageDict, error) {
	var out []pageDict
	seen := map[ref]bool{}
	var walk func(v any, res dict, box [4]float64, rot, depth int) error
	walk = func(v any, res dict, box [4]float64, rot, depth int) error {
		if r, ok := v.(ref); ok {
			if seen[r] {
				return fmt.Errorf("%w: the page tree loops", errMalformed)
			}
			seen[r] = true
		}
		if depth > 64 {
			return fmt.Errorf("%w: the page tree nests deeper than 64", errMalformed)
		}
		d := f.dict(v)
		if d == nil {
			return nil
		}
		if r := f.dict(d["Resources"]); r != nil {
			res = r
		}
		if a := f.array(d["MediaBox"]); len(a) == 4 {
			box = [4]float64{num(f.resolve(a[0])), num(f.resolve(a[1])), num(f.resolve(a[2])), num(f.resolve(a[3]))}
		}
		if r, ok := integer(f.resolve(d["Rotate"])); ok {
			rot = ((r % 360) + 360) % 360
		}
		kids := f.array(d["Kids"])
		if kids == nil && f.resolve(d["Type"]) != name("Pages") {
			if len(out) >= maxPages {
				return fmt.Errorf("%w: more than %d pages", errTooLarge, maxPages)
			}
			out = append(out, pageDict{dict: d, res: res, box: box, rotate: rot})
			return nil
		}
		for _, k := range kids {
			if err := walk(k, res, box, rot, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(v, nil, [4]float64{0, 0, 612, 792}, 0, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// contents joins a page's content streams.
func (f *file) contents(v any) ([]byte, error) {
	var parts []any
	switch x := f.resolve(v).(type) {
	case *stream:
		parts = []any{x}
	case []any:
		parts = x
	}
	var out []byte
	for _, p := range parts {
		s, ok := f.resolve(p).(*stream)
		if !ok {
			continue
		}
		data, err := f.decode(s)
		if err != nil {
			if isLimit(err) {
				return nil, err
			}
			continue
		}
		out = append(append(out, data...), '\n')
	}
	return out, nil
}

// info reads /Info (Title, Author, CreationDate) and the XMP dc:title.
func (f *file) info(root dict) format.Meta {
	var m format.Meta
	info := f.dict(f.trailer["Info"])
	str := func(k name) string {
		s, _ := f.resolve(info[k]).(string)
		return strings.TrimSpace(textString(s))
	}
	if info != nil {
		m.Title, m.Author = str("Title"), str("Author")
		m.Created = pdfDate(str("CreationDate"))
	}
	if xs, ok := f.resolve(root["Metadata"]).(*stream); ok {
		if data, err := f.decode(xs); err == nil {
			x := xmpTitle().FindSubmatch(data)
			if x != nil && m.Title == "" {
				m.Title = strings.TrimSpace(xmlText(string(x[1])))
			}
			if a := xmpCreator().FindSubmatch(data); a != nil && m.Author == "" {
				m.Author = strings.TrimSpace(xmlText(string(a[1])))
			}
		}
	}
	return m
}

var (
	xmpTitle = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>`)
	})
	xmpCreator = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<dc:creator>.*?<rdf:li[^>]*>(.*?)</rdf:li>`)
	})
	fileName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.(html?|docx?|pdf|txt|pptx?|xlsx?)$`) })
	xmlEnt   = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'", "&amp;", "&")
)

func xmlText(s string) string { return xmlEnt.Replace(s) }

// pdfDate reads D:YYYYMMDD… as YYYY-MM-DD.
func pdfDate(s string) string {
	s = strings.TrimPrefix(s, "D:")
	if len(s) < 8 {
		return ""
	}
	for _, c := range s[:8] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return s[:4] + "-" + s[4:6] + "-" + s[6:8]
}

// chooseTitle: the file's own title unless it is a producer's default
// (a file name, a URL, "Untitled"); the page's heading when the title
// only adds a site name to it, or when the file gives none.
func chooseTitle(info, heading, first string) string {
	low := strings.ToLower(info)
	switch {
	case info == "", strings.HasPrefix(low, "untitled"), strings.Contains(low, "://"),
		fileName().MatchString(low):
		info = ""
	}
	if strings.HasPrefix(low, "microsoft word - ") {
		info = ""
	}
	if heading != "" && (info == "" || strings.Contains(info, heading)) {
		return heading
	}
	// the file's title is the first line plus a site name ("标题_网站",
	// "标题 - 网站", "标题|网站")
	if rest, ok := strings.CutPrefix(info, first); ok && first != "" && utf8.RuneCountInString(first) <= 80 {
		if r := strings.TrimLeft(rest, " 　"); r == "" || strings.ContainsRune("_-|–—｜·:：", firstRune(r)) {
			return first
		}
	}
	return info
}
