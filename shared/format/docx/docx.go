// Package docx reads the text of a Word document (OOXML): the body's
// paragraphs with runs joined (Word splits words across runs at every
// change of formatting, spell check or revision), tables as one line per
// row (cells separated by a tab), footnotes and endnotes after the body,
// page headers and footers kept apart (in the metadata), and the core
// properties' title, creator and created date.
//
// It streams each XML part through encoding/xml and bounds what it reads:
// all parts together inflate to at most the caller's limit (a zip bomb is
// ErrTooLarge, whatever the zip's headers claim) and elements nest at most
// maxDepth deep (deeper is ErrMalformed).
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/zhdoc/zhdoc/shared/format"
)

// maxDepth bounds XML nesting; Word's own documents nest a few dozen deep.
const maxDepth = 512

// reader holds the inflation budget shared by every part.
type reader struct {
	zr     *zip.Reader
	budget int64
}

// Extract reads the DOCX in b; maxBytes bounds the inflated size of all
// parts read together.
func Extract(b []byte, maxBytes int64) (format.Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return format.Document{}, fmt.Errorf("docx: %w: %v", format.ErrMalformed, err)
	}
	r := &reader{zr: zr, budget: maxBytes}
	body, err := r.part("word/document.xml")
	if err != nil {
		return format.Document{}, err
	}
	if body == nil {
		return format.Document{}, fmt.Errorf("docx: %w: no word/document.xml", format.ErrMalformed)
	}
	var meta format.Meta
	for _, name := range []string{"word/footnotes.xml", "word/endnotes.xml"} {
		notes, err := r.part(name)
		if err != nil {
			return format.Document{}, err
		}
		for _, n := range notes {
			meta.Notes++
			body = append(body, para{text: n.text})
		}
	}
	for _, f := range r.names(`^word/(header|footer)\d*\.xml$`) {
		ps, err := r.part(f)
		if err != nil {
			return format.Document{}, err
		}
		for _, p := range ps {
			if strings.Contains(f, "header") {
				meta.Headers = appendNew(meta.Headers, p.text)
			} else {
				meta.Footers = appendNew(meta.Footers, p.text)
			}
		}
	}
	if err := r.core(&meta); err != nil {
		return format.Document{}, err
	}

	// The title: a paragraph styled Title (what Word and pandoc write),
	// else the core properties' title.
	var paras []string
	title := ""
	for _, p := range body {
		if title == "" && (p.style == "Title" || strings.EqualFold(p.style, "title")) {
			title = p.text
			continue
		}
		if p.text != "" {
			paras = append(paras, p.text)
		}
	}
	if title == "" {
		title = meta.Title
		if len(paras) > 0 && paras[0] == title {
			paras = paras[1:]
		}
	}
	meta.Title = title
	var out strings.Builder
	if title != "" {
		out.WriteString(title)
		out.WriteString("\n\n")
	}
	out.WriteString(strings.Join(paras, "\n\n"))
	return format.Document{Text: out.String(), Meta: meta}, nil
}

func appendNew(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func (r *reader) names(pattern string) []string {
	re := regexp.MustCompile(pattern)
	var out []string
	for _, f := range r.zr.File {
		if re.MatchString(f.Name) {
			out = append(out, f.Name)
		}
	}
	sort.Strings(out)
	return out
}

// open returns the part's inflated bytes through the shared budget (nil
// when the part is absent).
func (r *reader) open(name string) (io.Reader, func() error, error) {
	for _, f := range r.zr.File {
		if f.Name != name {
			continue
		}
		if int64(f.UncompressedSize64) > r.budget {
			return nil, nil, fmt.Errorf("docx: %w: %s inflates to %d bytes", format.ErrTooLarge, name, f.UncompressedSize64)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, nil, fmt.Errorf("docx: %w: %s: %v", format.ErrMalformed, name, err)
		}
		return &budgetReader{r: rc, left: &r.budget, name: name}, rc.Close, nil
	}
	return nil, nil, nil
}

// budgetReader fails with ErrTooLarge once the shared budget is spent, so
// that a part's headers cannot lie about its size.
type budgetReader struct {
	r    io.Reader
	left *int64
	name string
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if *b.left <= 0 {
		return 0, fmt.Errorf("docx: %w: %s inflates beyond the limit", format.ErrTooLarge, b.name)
	}
	if int64(len(p)) > *b.left {
		p = p[:*b.left]
	}
	n, err := b.r.Read(p)
	*b.left -= int64(n)
	return n, err
}

// table is the state of one open table: the cells of the row being read
// and the paragraphs of the cell being read.
type table struct{ cells, cell []string }

type para struct {
	text, style string
}

// part reads the paragraphs of one WordprocessingML part.
func (r *reader) part(name string) ([]para, error) {
	in, closer, err := r.open(name)
	if err != nil || in == nil {
		return nil, err
	}
	defer closer()
	ps, err := paragraphs(in)
	if err != nil {
		return nil, fmt.Errorf("docx: %s: %w", name, err)
	}
	return ps, nil
}

// paragraphs streams the XML: w:t text joined within its w:p, w:tab as a
// tab, w:br and w:cr as a line break; a table row is one line of its
// cells; footnote separators and mc:Fallback copies are skipped.
func paragraphs(in io.Reader) ([]para, error) {
	dec := xml.NewDecoder(in)
	dec.Strict = true
	var (
		out    []para
		depth  int
		cur    strings.Builder
		style  string
		inText bool
		skip   int      // depth at which a skipped subtree started, 0 when none
		tables []*table // open tables, innermost last
	)
	endPara := func() {
		t := strings.TrimSpace(cur.String())
		cur.Reset()
		switch {
		case len(tables) > 0:
			if t != "" {
				top := tables[len(tables)-1]
				top.cell = append(top.cell, t)
			}
		case t != "" || style != "":
			out = append(out, para{text: t, style: style})
		}
		style = ""
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, format.ErrTooLarge) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", format.ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return nil, fmt.Errorf("%w: elements nest deeper than %d", format.ErrMalformed, maxDepth)
			}
			if skip > 0 {
				continue
			}
			switch t.Name.Local {
			case "Fallback", "delText", "instrText":
				skip = depth
			case "footnote", "endnote":
				for _, a := range t.Attr {
					if a.Name.Local == "type" && a.Value != "normal" {
						skip = depth
					}
				}
			case "p":
				cur.Reset()
				style = ""
			case "pStyle":
				for _, a := range t.Attr {
					if a.Name.Local == "val" {
						style = a.Value
					}
				}
			case "t":
				inText = true
			case "tab":
				if !inText {
					cur.WriteByte('\t')
				}
			case "br", "cr":
				cur.WriteByte('\n')
			case "tbl":
				tables = append(tables, &table{})
			case "tr":
				if len(tables) > 0 {
					tables[len(tables)-1].cells = nil
				}
			case "tc":
				if len(tables) > 0 {
					tables[len(tables)-1].cell = nil
				}
			}
		case xml.EndElement:
			if skip > 0 {
				if depth == skip {
					skip = 0
				}
				depth--
				continue
			}
			depth--
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				endPara()
			case "tc":
				if len(tables) > 0 {
					top := tables[len(tables)-1]
					top.cells = append(top.cells, strings.Join(top.cell, " "))
					top.cell = nil
				}
			case "tr":
				if len(tables) == 0 {
					break
				}
				top := tables[len(tables)-1]
				row := strings.Join(top.cells, "\t")
				top.cells = nil
				switch {
				case strings.TrimSpace(row) == "":
				case len(tables) == 1:
					out = append(out, para{text: row})
				default: // a table in a cell: its rows join the outer cell
					outer := tables[len(tables)-2]
					outer.cell = append(outer.cell, strings.ReplaceAll(row, "\t", " "))
				}
			case "tbl":
				if len(tables) > 0 {
					tables = tables[:len(tables)-1]
				}
			}
		case xml.CharData:
			if inText && skip == 0 {
				cur.Write(t)
			}
		}
	}
	return out, nil
}

// core reads docProps/core.xml: dc:title, dc:creator, dcterms:created.
func (r *reader) core(m *format.Meta) error {
	in, closer, err := r.open("docProps/core.xml")
	if err != nil || in == nil {
		return err
	}
	defer closer()
	dec := xml.NewDecoder(in)
	var field string
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, format.ErrTooLarge) {
				return err
			}
			return fmt.Errorf("docx: core.xml: %w: %v", format.ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDepth {
				return fmt.Errorf("docx: core.xml: %w: nests deeper than %d", format.ErrMalformed, maxDepth)
			}
			field = t.Name.Local
		case xml.EndElement:
			depth--
			field = ""
		case xml.CharData:
			v := strings.TrimSpace(string(t))
			switch field {
			case "title":
				m.Title = v
			case "creator":
				m.Author = v
			case "created":
				if len(v) >= 10 {
					m.Created = v[:10]
				}
			}
		}
	}
}
