// Package format tells which kind of document an uploaded object is, from
// its bytes (magic numbers and structure), never from the key's extension:
// plain text, HTML (with or without a doctype, also XHTML), DOCX (an OOXML
// zip holding word/document.xml) or PDF. Anything else is Unknown, and the
// pipeline's encoding detection then decides (binary → not_text).
//
// It also holds what the per-format extractors (htmldoc, docx) return, so
// that the pipeline treats them alike.
package format

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
)

// Formats reported by Detect.
const (
	Unknown = ""
	Text    = "text"
	HTML    = "html"
	DOCX    = "docx"
	PDF     = "pdf"
)

var (
	// ErrTooLarge is wrapped when a part of a document inflates beyond the
	// caller's limit (a zip bomb).
	ErrTooLarge = errors.New("too large")
	// ErrMalformed is wrapped when a document of a detected format is broken
	// or nests deeper than an extractor allows.
	ErrMalformed = errors.New("malformed")
)

// Meta is what a document says about itself (HTML head, DOCX core
// properties). Empty fields were not given.
type Meta struct {
	Title     string // the document's title, the site's name removed
	Published string // YYYY-MM-DD, the publication date the page states
	Created   string // YYYY-MM-DD, DOCX core properties (not a publication date)
	Author    string
	Source    string // 来源: the publication the text comes from
	Publisher string
	SiteName  string
	// Charset is the declared character set (HTML) and Encoding the one the
	// bytes were decoded with after verification.
	Charset            string
	Encoding           string
	EncodingConfidence float64
	BOM                bool
	Headers            []string // DOCX page headers, kept out of the body
	Footers            []string // DOCX page footers, kept out of the body
	Notes              int      // footnotes and endnotes appended to the body
}

// Document is an extractor's output: the article text (a title line when
// the document gives one, a blank line, paragraphs separated by blank
// lines) and the metadata.
type Document struct {
	Text string
	Meta Meta
}

// sniffLimit bounds the prefix Detect looks at for text formats.
const sniffLimit = 4 << 10

// Detect returns the format of b. A zip without word/document.xml, an
// image or an executable is Unknown; text that is not HTML is Text.
func Detect(b []byte) string {
	switch {
	case len(b) == 0:
		return Text
	case isPDF(b):
		return PDF
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		if isDOCX(b) {
			return DOCX
		}
		// A zip whose directory is unreadable (truncated) but whose local
		// headers name Word's parts is a broken DOCX, not an unknown file.
		if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil &&
			bytes.Contains(b[:min(len(b), 64<<10)], []byte("word/document.xml")) {
			return DOCX
		}
		return Unknown
	case isHTML(b):
		return HTML
	}
	return Text
}

// isPDF: "%PDF-" at the start, or within the first KiB after junk (the
// PDF specification's readers tolerate a prefix).
func isPDF(b []byte) bool {
	head := b[:min(len(b), 1024)]
	return bytes.Contains(head, []byte("%PDF-"))
}

// isDOCX reads the zip's central directory (no member is inflated).
func isDOCX(b []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

// htmlTags are the elements a page may begin with when it has no doctype.
var htmlTags = map[string]bool{
	"html": true, "head": true, "body": true, "meta": true, "title": true,
	"link": true, "script": true, "style": true, "div": true, "p": true,
	"table": true, "h1": true, "h2": true, "h3": true, "article": true,
	"section": true, "header": true, "nav": true, "main": true, "span": true,
	"br": true, "center": true, "font": true, "base": true, "noscript": true,
}

// isHTML: after a BOM, blanks, comments and an XML declaration, the first
// thing is an HTML doctype or an HTML element, and the prefix has at least
// two tags of HTML elements (a text that merely starts with "<" is text).
// ASCII-compatible encodings are sniffed, and UTF-16 with a byte order
// mark.
func isHTML(b []byte) bool {
	b = b[:min(len(b), sniffLimit)]
	// UTF-16 with a BOM: sniff the ASCII of the code units.
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		lo := 0
		if b[0] == 0xFE {
			lo = 1
		}
		ascii := make([]byte, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			c, other := b[i+lo], b[i+1-lo]
			if other != 0 || c >= 0x80 {
				c = '?'
			}
			ascii = append(ascii, c)
		}
		b = ascii
	}
	s := strings.ToLower(string(b))
	s = strings.TrimPrefix(s, "\ufeff")
	for {
		s = strings.TrimLeft(s, " \t\r\n\f")
		switch {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s, "-->")
			if end < 0 {
				return false
			}
			s = s[end+3:]
			continue
		case strings.HasPrefix(s, "<?xml"):
			end := strings.Index(s, "?>")
			if end < 0 {
				return false
			}
			s = s[end+2:]
			continue
		}
		break
	}
	if strings.HasPrefix(s, "<!doctype html") {
		return true
	}
	if !strings.HasPrefix(s, "<") {
		return false
	}
	n := 0
	for i := 0; i < len(s) && n < 2; i++ {
		if s[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '/' {
			j++
		}
		k := j
		for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= '0' && s[k] <= '9') {
			k++
		}
		if k > j && k < len(s) && strings.ContainsRune(" \t\r\n/>", rune(s[k])) && htmlTags[s[j:k]] {
			if n == 0 && i != 0 {
				return false // the first tag must open the file
			}
			n++
		} else if n == 0 {
			return false
		}
	}
	return n >= 2
}
