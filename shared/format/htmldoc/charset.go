package htmldoc

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/encoding"
)

// reMetaCharset finds <meta charset="x"> and the http-equiv form's
// content="text/html; charset=x" in the head's bytes (ASCII in every
// encoding a page can declare this way).
var reMetaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)`)

// reXMLEncoding is an XHTML page's XML declaration.
var reXMLEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)`)

// declaredCharset is the charset the page declares: a BOM first, then the
// object's Content-Type, then the first <meta> in the first 4 KiB, then an XML declaration (the
// HTML standard's prescan window is 1 KiB; pages put long comments first).
func declaredCharset(b []byte, contentType string) (name, from string) {
	switch {
	case bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")):
		return encoding.UTF8, "bom"
	case bytes.HasPrefix(b, []byte("\xFF\xFE")):
		return encoding.UTF16LE, "bom"
	case bytes.HasPrefix(b, []byte("\xFE\xFF")):
		return encoding.UTF16BE, "bom"
	}
	if i := strings.Index(strings.ToLower(contentType), "charset="); i >= 0 {
		cs := strings.Trim(contentType[i+len("charset="):], `"' ;`)
		if j := strings.IndexAny(cs, "; "); j >= 0 {
			cs = cs[:j]
		}
		if cs != "" {
			return cs, "content-type"
		}
	}
	head := b[:min(len(b), 4<<10)]
	if m := reMetaCharset.FindSubmatch(head); m != nil {
		return string(m[1]), "meta"
	}
	if m := reXMLEncoding.FindSubmatch(head); m != nil {
		return string(m[1]), "xml"
	}
	return "", ""
}

// decode decodes the page by its declared charset, verified by the bytes:
// bytes that are valid UTF-8 are UTF-8 whatever the page says (GBK text is
// almost never valid UTF-8, while a page saying gb2312 is often re-saved as
// UTF-8); otherwise the declaration is used when the bytes are valid in it
// (gb2312 and gbk are read as GB18030, their superset, since pages that say
// gb2312 use GBK's characters), and when they are not (a page saying utf-8
// whose bytes are GBK) or the name is one zhdoc does not decode, the
// detector decides.
func decode(b []byte, contentType string) (text string, declared string, used encoding.Result, err error) {
	declared, _ = declaredCharset(b, contentType)
	if declared != "" && !utf8.Valid(b) {
		if s, derr := encoding.Decode(b, declared); derr == nil {
			r := encoding.Detect(b)
			if r.Name != canonicalName(declared) {
				r = encoding.Result{Name: canonicalName(declared), Confidence: 1, BOM: r.BOM}
			}
			return s, declared, r, nil
		}
	}
	s, r, err := encoding.DecodeAuto(b)
	if err != nil {
		return "", declared, r, fmt.Errorf("htmldoc: %w", err)
	}
	return s, declared, r, nil
}

func canonicalName(n string) string {
	switch strings.ToLower(n) {
	case "utf8", "utf-8":
		return encoding.UTF8
	case "gb2312", "gbk", "gb18030", "cp936", "euc-cn":
		return encoding.GB18030
	case "big5", "big5-hkscs", "cp950":
		return encoding.Big5HKSCS
	}
	return n
}
