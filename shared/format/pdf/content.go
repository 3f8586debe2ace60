package pdf

import (
	"bytes"
	"fmt"
	"golang.org/x/text/unicode/norm"
	"math"
)

// matrix is [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n (m applied first).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// glyph is one shown character in page space (y up): its origin, advance
// and size, and the text it stands for.
type glyph struct {
	x, y, w, size float64
	text          string
	bold          bool
}

type gstate struct {
	ctm                      matrix
	font                     *font
	size, tc, tw, th, tl, ts float64
}

// maxFormDepth bounds form XObjects drawn inside one another.
const maxFormDepth = 8

// page interprets content streams.
type page struct {
	f      *file
	fonts  map[any]*font // by font dictionary reference (or name, inline)
	glyphs []glyph
	// ops counts operators, bounded against hostile streams.
	ops, maxOps int
	// glyphs counts what was shown in the whole file, against maxGlyphs
	total, maxGlyphs int
	buf              []glyphCode
	// shown counts the codes shown, whether or not their text is known.
	shown    int
	overflow bool // more than maxGlyphs
}

func (p *page) fontOf(res dict, n name) *font {
	fd := p.f.dict(res["Font"])
	if fd == nil {
		return nil
	}
	v := fd[n]
	key := any(v)
	if r, ok := v.(ref); ok {
		key = r
	} else {
		key = fmt.Sprintf("%p/%s", res, n)
	}
	if ft, ok := p.fonts[key]; ok {
		return ft
	}
	d := p.f.dict(v)
	if d == nil {
		return nil
	}
	ft := p.f.loadFont(d)
	p.fonts[key] = ft
	return ft
}

// actual is an open marked-content sequence with /ActualText: the text
// replaces its glyphs (emitted at the first one).
type actual struct {
	text    string
	has     bool // carries ActualText
	emitted bool
}

// run interprets one content stream with resources res under ctm.
func (p *page) run(data []byte, res dict, ctm matrix, depth int, forms map[ref]bool) error {
	l := &lexer{b: data}
	gs := gstate{ctm: ctm, th: 1}
	var stack []gstate
	var tm, tlm matrix
	var ops []any
	var marked []actual
	show := func(s string) {
		ft := gs.font
		if ft == nil {
			return
		}
		p.buf = ft.codes(s, p.buf)
		p.shown += len(p.buf)
		for _, g := range p.buf {
			if g.width == 0 && g.text != "" && !ft.type3 {
				// no width (a standard font without /Widths): an em for a
				// wide character, half of one for the rest, so that
				// glyphs do not pile up at one position
				g.width = 0.5
				if wide(firstRune(g.text)) {
					g.width = 1
				}
			}
			trm := matrix{gs.size * gs.th, 0, 0, gs.size, 0, gs.ts}.mul(tm).mul(gs.ctm)
			size := math.Hypot(trm[2], trm[3])
			adv := g.width*gs.size + gs.tc
			if g.n == 1 && g.code == 32 {
				adv += gs.tw
			}
			adv *= gs.th
			w := adv * math.Hypot(tm.mul(gs.ctm)[0], tm.mul(gs.ctm)[1])
			text := radical(g.text)
			// inside /ActualText, its text stands for all the glyphs
			for i := len(marked) - 1; i >= 0; i-- {
				if marked[i].has {
					if marked[i].emitted {
						text = ""
					} else {
						text, marked[i].emitted = marked[i].text, true
					}
					break
				}
			}
			if text != "" {
				if p.total++; p.maxGlyphs > 0 && p.total > p.maxGlyphs {
					p.overflow = true
					return
				}
				p.glyphs = append(p.glyphs, glyph{x: trm[4], y: trm[5], w: w, size: size, text: text, bold: ft.bold})
			}
			tm = matrix{1, 0, 0, 1, adv, 0}.mul(tm)
		}
	}
	for {
		v, err := l.object(0)
		if err != nil {
			// a broken stream ends there, as in viewers: what it showed
			// before counts
			if err != errEOF && p.f.broken == nil {
				p.f.broken = err
			}
			return nil
		}
		op, isOp := v.(keyword)
		if !isOp {
			if len(ops) < 64 {
				ops = append(ops, v)
			}
			continue
		}
		p.ops++
		if p.overflow {
			return fmt.Errorf("%w: more than %d characters", errTooLarge, p.maxGlyphs)
		}
		if p.ops%1024 == 0 && p.f.late() {
			return fmt.Errorf("%w: reading took longer than the limit", errTooLarge)
		}
		if p.ops > p.maxOps {
			return fmt.Errorf("%w: more than %d content operators", errTooLarge, p.maxOps)
		}
		fa := func(i int) float64 {
			if i < len(ops) {
				return num(ops[i])
			}
			return 0
		}
		mat := func() matrix { return matrix{fa(0), fa(1), fa(2), fa(3), fa(4), fa(5)} }
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, gs)
			}
		case "Q":
			if n := len(stack); n > 0 {
				gs, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(ops) >= 6 {
				gs.ctm = mat().mul(gs.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(ops) >= 2 {
				if n, ok := ops[0].(name); ok {
					gs.font = p.fontOf(res, n)
				}
				gs.size = fa(1)
			}
		case "Tc":
			gs.tc = fa(0)
		case "Tw":
			gs.tw = fa(0)
		case "Tz":
			gs.th = fa(0) / 100
		case "TL":
			gs.tl = fa(0)
		case "Ts":
			gs.ts = fa(0)
		case "Td":
			tlm = matrix{1, 0, 0, 1, fa(0), fa(1)}.mul(tlm)
			tm = tlm
		case "TD":
			gs.tl = -fa(1)
			tlm = matrix{1, 0, 0, 1, fa(0), fa(1)}.mul(tlm)
			tm = tlm
		case "Tm":
			if len(ops) >= 6 {
				tlm = mat()
				tm = tlm
			}
		case "T*":
			tlm = matrix{1, 0, 0, 1, 0, -gs.tl}.mul(tlm)
			tm = tlm
		case "Tj":
			if len(ops) >= 1 {
				if s, ok := ops[0].(string); ok {
					show(s)
				}
			}
		case "'", "\"":
			if op == "\"" && len(ops) >= 3 {
				gs.tw, gs.tc = fa(0), fa(1)
				ops = ops[2:]
			}
			tlm = matrix{1, 0, 0, 1, 0, -gs.tl}.mul(tlm)
			tm = tlm
			if len(ops) >= 1 {
				if s, ok := ops[0].(string); ok {
					show(s)
				}
			}
		case "TJ":
			if len(ops) >= 1 {
				arr, _ := ops[0].([]any)
				for _, x := range arr {
					switch e := x.(type) {
					case string:
						show(e)
					case int, float64:
						tx := -num(e) / 1000 * gs.size * gs.th
						tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
					}
				}
			}
		case "BDC", "BMC":
			a := actual{}
			if op == "BDC" && len(ops) >= 2 {
				props := p.f.dict(ops[1])
				if n, ok := ops[1].(name); ok {
					props = p.f.dict(p.f.dict(res["Properties"])[n])
				}
				if t, ok := p.f.resolve(props["ActualText"]).(string); ok {
					a = actual{text: textString(t), has: true}
				}
			}
			if len(marked) < 64 {
				marked = append(marked, a)
			}
		case "EMC":
			if n := len(marked); n > 0 {
				marked = marked[:n-1]
			}
		case "Do":
			if len(ops) >= 1 && depth < maxFormDepth {
				n, _ := ops[0].(name)
				xv := p.f.dict(res["XObject"])[n]
				xr, isRef := xv.(ref)
				if isRef && forms[xr] {
					break // a form drawing itself
				}
				xs, ok := p.f.resolve(xv).(*stream)
				if !ok || p.f.resolve(xs.dict["Subtype"]) != name("Form") {
					break
				}
				data, err := p.f.decode(xs)
				if err != nil {
					if isLimit(err) {
						return err
					}
					break
				}
				m := identity
				if a := p.f.array(xs.dict["Matrix"]); len(a) == 6 {
					m = matrix{num(a[0]), num(a[1]), num(a[2]), num(a[3]), num(a[4]), num(a[5])}
				}
				r := p.f.dict(xs.dict["Resources"])
				if r == nil {
					r = res
				}
				if isRef {
					forms[xr] = true
				}
				err = p.run(data, r, m.mul(gs.ctm), depth+1, forms)
				delete(forms, xr)
				if err != nil {
					return err
				}
			}
		case "BI":
			// an inline image: its data runs to "EI" after whitespace
			i := bytes.Index(l.b[l.pos:], []byte("ID"))
			if i < 0 {
				return nil
			}
			l.pos += i + 2
			for {
				e := bytes.Index(l.b[l.pos:], []byte("EI"))
				if e < 0 {
					return nil
				}
				at := l.pos + e
				l.pos = at + 2
				if at > 0 && isSpace(l.b[at-1]) && (l.pos >= len(l.b) || isSpace(l.b[l.pos])) {
					break
				}
			}
		}
		ops = ops[:0]
	}
}

// textString decodes a PDF text string: UTF-16BE with a BOM, UTF-8 with
// one, else PDFDocEncoding (Latin-1 for what matters here).
func textString(s string) string {
	switch {
	case len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF:
		return utf16Text(s[2:])
	case len(s) >= 3 && s[:3] == "\xEF\xBB\xBF":
		return s[3:]
	}
	r := make([]rune, 0, len(s))
	for i := 0; i < len(s); i++ {
		r = append(r, rune(s[i]))
	}
	return string(r)
}

// radical maps a Kangxi radical or a CJK compatibility ideograph, which
// fonts' ToUnicode maps often give for the glyph an ideograph shares with
// it (⼀ for 一, 﨑 variants), to the ideograph (NFKC does exactly that).
func radical(s string) string {
	for _, r := range s {
		if r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF {
			return norm.NFKC.String(s)
		}
	}
	return s
}
