package pdf

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// span is a range of codes of one byte length (a CMap codespace range).
type span struct {
	n      int
	lo, hi uint32
}

// font turns the bytes of a shown string into codes, their Unicode text
// and their widths (in text space units, 1/1000 of the size for all but
// Type 3 fonts, whose FontMatrix says).
type font struct {
	spaces   []span // codespace; nil: one byte per code
	toUni    map[uint32]string
	simple   [256]string // a simple font's text by code, from its encoding
	widths   map[uint32]float64
	dw       float64
	scale    float64 // glyph space → text space
	multi    encoding.Encoding
	identity bool // two-byte codes naming CIDs, nothing known without ToUnicode
	bold     bool
	type3    bool
}

type glyphCode struct {
	code  uint32
	n     int // bytes
	text  string
	width float64 // text space, before the font size
}

// codes splits s into the font's codes.
func (ft *font) codes(s string, out []glyphCode) []glyphCode {
	out = out[:0]
	for i := 0; i < len(s); {
		n := 1
		if ft.spaces != nil {
			n = 0
			for _, sp := range ft.spaces {
				if i+sp.n > len(s) {
					continue
				}
				var c uint32
				for _, b := range []byte(s[i : i+sp.n]) {
					c = c<<8 | uint32(b)
				}
				if c >= sp.lo && c <= sp.hi {
					n = sp.n
					break
				}
			}
			if n == 0 { // not in any range: the shortest length
				n = ft.spaces[0].n
				for _, sp := range ft.spaces {
					n = min(n, sp.n)
				}
				n = min(n, len(s)-i)
			}
		}
		var c uint32
		for _, b := range []byte(s[i : i+n]) {
			c = c<<8 | uint32(b)
		}
		g := glyphCode{code: c, n: n}
		if t, ok := ft.toUni[c]; ok {
			g.text = t
		} else if ft.multi != nil {
			if t, err := ft.multi.NewDecoder().String(s[i : i+n]); err == nil {
				g.text = t
			}
		} else if ft.spaces == nil {
			g.text = ft.simple[c&0xFF]
		}
		w, ok := ft.widths[c]
		if !ok {
			w = ft.dw
		}
		g.width = w * ft.scale
		out = append(out, g)
		i += n
	}
	return out
}

// loadFont reads a font dictionary.
func (f *file) loadFont(d dict) *font {
	ft := &font{toUni: map[uint32]string{}, widths: map[uint32]float64{}, scale: 0.001}
	sub := f.resolve(d["Subtype"])
	base, _ := f.resolve(d["BaseFont"]).(name)
	desc := f.dict(d["FontDescriptor"])
	if sub == name("Type0") {
		if ds := f.array(d["DescendantFonts"]); len(ds) > 0 {
			cid := f.dict(ds[0])
			if desc == nil {
				desc = f.dict(cid["FontDescriptor"])
			}
			ft.dw = 1000
			if v, ok := f.resolve(cid["DW"]).(int); ok {
				ft.dw = float64(v)
			} else if v, ok := f.resolve(cid["DW"]).(float64); ok {
				ft.dw = v
			}
			f.cidWidths(ft, f.array(cid["W"]))
		}
		ft.spaces = []span{{2, 0, 0xFFFF}}
		switch e := f.resolve(d["Encoding"]).(type) {
		case name:
			ft.predefined(string(e))
		case *stream:
			if data, err := f.decode(e); err == nil {
				cm := parseCMap(data)
				if len(cm.spaces) > 0 {
					ft.spaces = cm.spaces
				}
			}
		}
	} else {
		ft.dw = 0
		if sub == name("Type3") {
			ft.type3 = true
			if m := f.array(d["FontMatrix"]); len(m) == 6 {
				ft.scale = num(f.resolve(m[0]))
				if ft.scale < 0 {
					ft.scale = -ft.scale
				}
			}
		}
		first, _ := integer(f.resolve(d["FirstChar"]))
		for i, w := range f.array(d["Widths"]) {
			ft.widths[uint32(first+i)] = num(f.resolve(w))
		}
		if desc != nil {
			ft.dw = num(f.resolve(desc["MissingWidth"]))
		}
		ft.simpleEncoding(f, d, sub == name("TrueType") || sub == name("Type3"))
	}
	if tu, ok := f.resolve(d["ToUnicode"]).(*stream); ok {
		if data, err := f.decode(tu); err == nil {
			cm := parseCMap(data)
			for k, v := range cm.uni {
				ft.toUni[k] = v
			}
		}
	}
	fname := strings.ToLower(string(base))
	if desc != nil {
		if fn, ok := f.resolve(desc["FontName"]).(name); ok {
			fname += " " + strings.ToLower(string(fn))
		}
		if w := num(f.resolve(desc["FontWeight"])); w >= 600 {
			ft.bold = true
		}
		if fl, _ := integer(f.resolve(desc["Flags"])); fl&(1<<18) != 0 {
			ft.bold = true
		}
	}
	for _, w := range []string{"bold", "heavy", "black", "semibold", "demi"} {
		if strings.Contains(fname, w) {
			ft.bold = true
		}
	}
	return ft
}

// predefined sets the codespace of a predefined CMap; those whose codes
// are Unicode or a national charset give the text without ToUnicode.
func (ft *font) predefined(cmap string) {
	one := []span{{1, 0, 0x80}, {2, 0x8140, 0xFEFE}}
	switch {
	case strings.HasPrefix(cmap, "Identity"):
		ft.identity = true
	case strings.Contains(cmap, "UCS2"):
		ft.multi = utf16be
	case strings.Contains(cmap, "UTF16"):
		ft.multi = utf16be
	case strings.HasPrefix(cmap, "GBK") || strings.HasPrefix(cmap, "GBpc") || strings.HasPrefix(cmap, "GB-EUC") || strings.HasPrefix(cmap, "GBT"):
		ft.spaces, ft.multi = one, simplifiedchinese.GB18030
	case strings.HasPrefix(cmap, "B5") || strings.HasPrefix(cmap, "ETen") || strings.HasPrefix(cmap, "HKscs"):
		ft.spaces, ft.multi = []span{{1, 0, 0x80}, {2, 0x8140, 0xFEFE}}, traditionalchinese.Big5
	}
}

// utf16be decodes UTF-16BE codes (the Uni*-UCS2 and UTF16 CMaps).
var utf16be = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)

func (f *file) cidWidths(ft *font, w []any) {
	for i := 0; i < len(w); {
		c0, ok := integer(f.resolve(w[i]))
		if !ok || i+1 >= len(w) {
			return
		}
		if len(ft.widths) > maxCodes {
			return
		}
		if arr, ok := f.resolve(w[i+1]).([]any); ok {
			for k, x := range arr {
				ft.widths[uint32(c0+k)] = num(f.resolve(x))
			}
			i += 2
			continue
		}
		if i+2 >= len(w) {
			return
		}
		c1, _ := integer(f.resolve(w[i+1]))
		wd := num(f.resolve(w[i+2]))
		if c1-c0 > maxRange || len(ft.widths) > maxCodes {
			return
		}
		for c := c0; c <= c1; c++ {
			ft.widths[uint32(c)] = wd
		}
		i += 3
	}
}

// simpleEncoding fills the text of a simple font's codes from its base
// encoding and /Differences (glyph names).
func (ft *font) simpleEncoding(f *file, d dict, symbolic bool) {
	base := charmap.Windows1252 // also StandardEncoding's letters and digits
	var diffs []any
	switch e := f.resolve(d["Encoding"]).(type) {
	case name:
		if e == "MacRomanEncoding" {
			base = charmap.Macintosh
		}
	case dict:
		if f.resolve(e["BaseEncoding"]) == name("MacRomanEncoding") {
			base = charmap.Macintosh
		}
		diffs = f.array(e["Differences"])
	}
	if base == charmap.Macintosh {
		ft.simple = *macTable()
	} else {
		ft.simple = *winTable()
	}
	code := 0
	for _, v := range diffs {
		switch x := f.resolve(v).(type) {
		case int:
			code = x
		case name:
			if code >= 0 && code < 256 {
				if s := glyphText(string(x)); s != "" {
					ft.simple[code] = s
				} else if symbolic {
					ft.simple[code] = "" // a private glyph name: only ToUnicode knows
				}
			}
			code++
		}
	}
}

// glyphText reads a glyph name: uniXXXX, uXXXX[XX], the Latin letters and
// digits, and the punctuation of the Adobe Glyph List that Latin text uses.
func glyphText(g string) string {
	if i := strings.IndexByte(g, '.'); i > 0 {
		g = g[:i] // "a.sc", "one.oldstyle"
	}
	if len(g) == 1 && (g[0] >= 'A' && g[0] <= 'Z' || g[0] >= 'a' && g[0] <= 'z') {
		return g
	}
	if strings.HasPrefix(g, "uni") && len(g) >= 7 && (len(g)-3)%4 == 0 {
		var units []uint16
		for i := 3; i+4 <= len(g); i += 4 {
			v, err := strconv.ParseUint(g[i:i+4], 16, 16)
			if err != nil {
				return ""
			}
			units = append(units, uint16(v))
		}
		return string(utf16.Decode(units))
	}
	if strings.HasPrefix(g, "u") && len(g) >= 5 && len(g) <= 7 {
		if v, err := strconv.ParseUint(g[1:], 16, 32); err == nil {
			return string(rune(v))
		}
	}
	return aglNames[g]
}

var aglNames = map[string]string{
	"space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
	"ampersand": "&", "quotesingle": "'", "quoteright": "’", "quoteleft": "‘", "parenleft": "(", "parenright": ")",
	"asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-", "period": ".", "slash": "/",
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "colon": ":", "semicolon": ";", "less": "<", "equal": "=", "greater": ">",
	"question": "?", "at": "@", "bracketleft": "[", "backslash": "\\", "bracketright": "]", "asciicircum": "^",
	"underscore": "_", "grave": "`", "braceleft": "{", "bar": "|", "braceright": "}", "asciitilde": "~",
	"quotedblleft": "“", "quotedblright": "”", "endash": "–", "emdash": "—", "bullet": "•", "ellipsis": "…",
	"fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl", "minus": "−", "degree": "°", "periodcentered": "·",
	"copyright": "©", "registered": "®", "trademark": "™", "section": "§", "paragraph": "¶", "dagger": "†",
}

// The base encodings' texts, built when a simple font first needs them.
var (
	winTable = sync.OnceValue(func() *[256]string { return table(charmap.Windows1252) })
	macTable = sync.OnceValue(func() *[256]string { return table(charmap.Macintosh) })
)

func table(cm *charmap.Charmap) *[256]string {
	var t [256]string
	for c := 32; c < 256; c++ {
		if r := cm.DecodeByte(byte(c)); r != utf8.RuneError {
			t[c] = string(r)
		}
	}
	return &t
}
