package pdf

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// line is a run of glyphs on one baseline without a column gap in it.
type line struct {
	x0, x1, y, size float64
	bold            bool
	text            string
	page            int
}

// block is a column's stretch of lines.
type block struct {
	lines       []*line
	x0, x1      float64
	top, bottom float64
}

// para is a paragraph as read.
type para struct {
	buf    []byte // the text
	size   float64
	bold   bool
	page   int
	indent bool // its first line is indented
	full   bool // its last line reaches the block's right edge
}

// wide: Han, kana, Hangul and CJK punctuation, between which a line
// break or a gap is no space.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF ||
		r >= 0x2018 && r <= 0x201F || r == 0x2014 || r == 0x2026 || r == 0x00B7
}

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// lines groups a page's glyphs by baseline and splits each baseline at
// gaps wider than a column gutter can be narrow (0.8 em).
func lines(gs []glyph, pageNo int) []*line {
	gs = slices.Clone(gs)
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].y > gs[j].y })
	var out []*line
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && math.Abs(gs[j].y-gs[i].y) <= 0.3*max(gs[i].size, 1) {
			j++
		}
		row := gs[i:j]
		sort.SliceStable(row, func(a, b int) bool { return row[a].x < row[b].x })
		var cur []glyph
		flush := func() {
			if l := makeLine(cur, pageNo); l != nil {
				out = append(out, l)
			}
			cur = cur[:0]
		}
		for _, g := range row {
			if n := len(cur); n > 0 {
				p := cur[n-1]
				// a glyph drawn twice (fake bold, shadow) is one
				if g.text == p.text && math.Abs(g.x-p.x) < 0.2*g.size {
					continue
				}
				if g.x-(p.x+p.w) > 0.8*max(g.size, p.size) {
					flush()
				}
			}
			cur = append(cur, g)
		}
		flush()
		i = j
	}
	return out
}

// makeLine writes a line's text: a space where Latin words have a gap
// and no space glyph, none between wide characters.
func makeLine(gs []glyph, pageNo int) *line {
	if len(gs) == 0 {
		return nil
	}
	var b strings.Builder
	l := &line{x0: gs[0].x, x1: gs[0].x, y: gs[0].y, page: pageNo}
	bold := 0
	n := 0
	for i, g := range gs {
		if i > 0 {
			p := gs[i-1]
			gap := g.x - (p.x + p.w)
			prev, next := lastRune(b.String()), firstRune(g.text)
			if gap > 0.25*g.size && !wide(prev) && !wide(next) && prev != ' ' && next != ' ' {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.text)
		if strings.TrimSpace(g.text) != "" {
			l.x1 = max(l.x1, g.x+g.w)
			l.size = max(l.size, g.size)
			n++
			if g.bold {
				bold++
			}
		}
	}
	l.text = strings.Join(strings.Fields(b.String()), " ")
	if l.text == "" {
		return nil
	}
	// leading blanks do not start the line
	for _, g := range gs {
		if strings.TrimSpace(g.text) != "" {
			l.x0 = g.x
			break
		}
	}
	l.bold = bold*2 > n
	return l
}

var (
	// compiled when a PDF is first read, not at init
	digits  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[0-9０-９]+`) })
	pageNum = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?i)([-–—·\s]*[0-9]+[-–—·\s]*|[ivxlc]+|page\s*[0-9]+.*|第\s*[0-9]+\s*[页頁].*|[0-9]+\s*/\s*[0-9]+|共\s*[0-9]+\s*[页頁].*)$`)
	})
	terminal = "。！？…”」』）!?.:：;；"
)

// furniture marks lines in the top and bottom fifth of a page that recur
// (digits aside) at the same height on at least half of the pages (and
// two), and lone page numbers in the margins.
func furniture(pages [][]*line, boxes [][4]float64) {
	// where each text (digits aside) stands, page by page
	type at struct {
		page int
		y    float64
	}
	where := map[string][]at{}
	textOf := func(l *line) string { return digits().ReplaceAllString(l.text, "#") }
	for i, ls := range pages {
		for _, l := range ls {
			k := textOf(l)
			if len(where[k]) <= 4*len(pages) { // text repeated all over a page is no running head
				where[k] = append(where[k], at{i, l.y})
			}
		}
	}
	// pages holding the text within 3 points of the same height
	recurs := func(l *line) int {
		ws := where[textOf(l)]
		if len(ws) > 4*len(pages) {
			return 0
		}
		n, last := 0, -1
		for _, w := range ws {
			if w.page != last && math.Abs(w.y-l.y) <= 3 {
				n, last = n+1, w.page
			}
		}
		return n
	}
	need := max(2, (len(pages)+1)/2)
	// One page has nothing to repeat: a short line set smaller than the
	// body in the outer 7% (where running heads and feet sit) is taken
	// as furniture instead.
	body := 0.0
	if len(pages) == 1 {
		weight := map[float64]int{}
		bw := 0
		for _, l := range pages[0] {
			k := math.Round(l.size*2) / 2
			weight[k] += utf8.RuneCountInString(l.text)
			if weight[k] > bw || weight[k] == bw && k < body {
				body, bw = k, weight[k]
			}
		}
	}
	for i, ls := range pages {
		box := boxes[i]
		h := box[3] - box[1]
		// furniture is among the outermost lines: the three highest and
		// the three lowest baselines of the page (a head of two lines and
		// a rule, say)
		ys := make([]float64, 0, len(ls))
		for _, l := range ls {
			ys = append(ys, l.y)
		}
		sort.Float64s(ys)
		ys = slices.Compact(ys)
		outer := func(y float64) bool {
			n := len(ys)
			return n <= 6 || y <= ys[min(2, n-1)] || y >= ys[max(0, n-3)]
		}
		for _, l := range ls {
			fromTop, fromBottom := box[3]-l.y, l.y-box[1]
			margin := (fromTop < 0.2*h || fromBottom < 0.2*h) && outer(l.y)
			edge := fromTop < 0.1*h || fromBottom < 0.1*h
			small := body > 0 && l.size <= 0.85*body && utf8.RuneCountInString(l.text) <= 40 &&
				(fromTop < 0.07*h || fromBottom < 0.07*h) && outer(l.y)
			if margin && len(pages) >= 2 && recurs(l) >= need || edge && pageNum().MatchString(l.text) || small {
				l.text = ""
			}
		}
	}
}

// blocks groups a page's lines into column blocks: a line continues the
// one block above it whose columns it shares; a line under several (a
// full-width paragraph after two columns) or under none starts a block.
func blocks(ls []*line) []*block {
	sort.SliceStable(ls, func(i, j int) bool {
		if math.Abs(ls[i].y-ls[j].y) > 0.3*ls[i].size {
			return ls[i].y > ls[j].y
		}
		return ls[i].x0 < ls[j].x0
	})
	var bs, active []*block
	for _, l := range ls {
		if l.text == "" {
			continue
		}
		// blocks whose last line is far above can take no more lines
		if len(active) > 64 {
			k := 0
			for _, b := range active {
				if last := b.lines[len(b.lines)-1]; last.y-l.y < 4*max(l.size, last.size) {
					active[k] = b
					k++
				}
			}
			active = active[:k]
		}
		var cand []*block
		for _, b := range active[max(0, len(active)-256):] {
			last := b.lines[len(b.lines)-1]
			below := last.y-l.y > 0.5*l.size && last.y-l.y < 3.2*max(l.size, last.size)
			// under the last line (widened by an em: a paragraph's short
			// last line, an indent), not merely under the block, which a
			// heading across the columns widens
			if below && l.x0 < last.x1+l.size && l.x1 > last.x0-l.size {
				cand = append(cand, b)
			}
		}
		if len(cand) == 1 {
			b := cand[0]
			b.lines = append(b.lines, l)
			b.x0, b.x1, b.bottom = min(b.x0, l.x0), max(b.x1, l.x1), l.y
			continue
		}
		b := &block{lines: []*line{l}, x0: l.x0, x1: l.x1, top: l.y + l.size, bottom: l.y}
		bs, active = append(bs, b), append(active, b)
	}
	return order(bs)
}

// maxOrdered bounds the blocks ordered by their relations (quadratic in
// each pick); real pages have tens.
const maxOrdered = 300

// order sorts blocks for reading: a block comes after those above it that
// share its columns and after those left of it beside it; ties (and
// cycles) go top to bottom, left to right.
func order(bs []*block) []*block {
	before := func(a, b *block) bool { // must a come before b?
		overlapX := a.x0 < b.x1 && a.x1 > b.x0
		if overlapX {
			return a.top > b.top+1e-6
		}
		overlapY := a.top > b.bottom && b.top > a.bottom
		return overlapY && a.x1 <= b.x0+1
	}
	tie := func(a, b *block) bool {
		if math.Abs(a.top-b.top) > 1 {
			return a.top > b.top
		}
		return a.x0 < b.x0
	}
	if len(bs) > maxOrdered { // a page of scattered text: top to bottom only
		out := slices.Clone(bs)
		sort.SliceStable(out, func(i, j int) bool { return tie(out[i], out[j]) })
		return out
	}
	// Kahn's algorithm over the relation, ties by position: O(n²)
	n := len(bs)
	deg := make([]int, n)
	for i := range bs {
		for j := range bs {
			if i != j && before(bs[j], bs[i]) {
				deg[i]++
			}
		}
	}
	taken := make([]bool, n)
	out := make([]*block, 0, n)
	for len(out) < n {
		best := -1
		for i := range bs {
			if !taken[i] && deg[i] == 0 && (best < 0 || tie(bs[i], bs[best])) {
				best = i
			}
		}
		if best < 0 { // a cycle: the topmost
			for i := range bs {
				if !taken[i] && (best < 0 || tie(bs[i], bs[best])) {
					best = i
				}
			}
		}
		taken[best] = true
		out = append(out, bs[best])
		for k := range bs {
			if !taken[k] && k != best && before(bs[best], bs[k]) {
				deg[k]--
			}
		}
	}
	return out
}

// joinLines joins a wrapped line to the text before it: no space between
// wide characters or after a hyphen between letters, else a space.
func joinLines(a, b string) string { return string(appendLine([]byte(a), b)) }

// appendLine is joinLines on a paragraph's buffer (a paragraph of many
// lines is not copied once per line).
func appendLine(a []byte, b string) []byte {
	if len(a) == 0 {
		return append(a, b...)
	}
	p, _ := utf8.DecodeLastRune(a)
	n := firstRune(b)
	switch {
	case wide(p) || wide(n):
		return append(a, b...)
	case p == '-' && unicode.IsLetter(n) && len(a) >= 2:
		// a hyphen at a break between letters is kept, without a space:
		// browsers (and Word) do not hyphenate by default, so it is the
		// text's own (a TeX line break's would stay too)
		if q, _ := utf8.DecodeLastRune(a[:len(a)-1]); unicode.IsLetter(q) {
			return append(a, b...)
		}
	}
	return append(append(a, ' '), b...)
}

// paragraphs splits a block at vertical gaps wider than its line pitch,
// at first-line indents, at changes of size or weight, and after a short
// line that ends a sentence.
func paragraphs(b *block) []para {
	var pitches []float64
	for i := 1; i < len(b.lines); i++ {
		p, l := b.lines[i-1], b.lines[i]
		if math.Abs(p.size-l.size) < 0.1*l.size {
			pitches = append(pitches, p.y-l.y)
		}
	}
	sort.Float64s(pitches)
	pitch := 0.0 // one gap alone does not tell the line pitch
	if len(pitches) > 1 {
		pitch = pitches[len(pitches)/2]
	}
	var out []para
	for i, l := range b.lines {
		if i > 0 {
			p := b.lines[i-1]
			d := p.y - l.y
			gap := pitch > 0 && d > 1.3*pitch || pitch == 0 && d > 1.8*l.size
			style := math.Abs(p.size-l.size) > 0.1*l.size || p.bold != l.bold
			indent := l.x0 > b.x0+0.9*l.size && p.x0 < b.x0+0.5*l.size
			short := p.x1 < b.x1-1.5*l.size && strings.ContainsRune(terminal, lastRune(p.text))
			if !gap && !style && !indent && !short {
				last := &out[len(out)-1]
				last.buf = appendLine(last.buf, l.text)
				last.full = l.x1 > b.x1-l.size
				continue
			}
		}
		out = append(out, para{buf: []byte(l.text), size: l.size, bold: l.bold, page: l.page, indent: l.x0 > b.x0+0.9*l.size, full: l.x1 > b.x1-l.size})
	}
	return out
}

// layout reads the pages in order and returns the paragraphs and the
// first page's heading (its largest text, when larger than the body's).
func layout(all [][]*line, boxes [][4]float64) ([]string, string) {
	furniture(all, boxes)
	var ps []para
	indented := 0
	var perBlock [][]para
	for _, ls := range all {
		for _, b := range blocks(ls) {
			bp := paragraphs(b)
			perBlock = append(perBlock, bp)
			for _, p := range bp {
				if p.indent {
					indented++
				}
			}
		}
	}
	for _, bp := range perBlock {
		for j, p := range bp {
			// A paragraph broken by a page or column end continues when
			// the sentence does, or, where paragraphs are indented, when
			// the next column's first line is not.
			if n := len(ps); j == 0 && n > 0 {
				prev := ps[n-1]
				sameStyle := !p.bold && !prev.bold && math.Abs(prev.size-p.size) < 0.1*p.size
				open := !strings.ContainsRune(terminal, lastRune(string(prev.buf[max(0, len(prev.buf)-4):])))
				if sameStyle && !p.indent && (open || prev.full && indented*3 > len(ps)) {
					ps[n-1].buf = appendLine(prev.buf, string(p.buf))
					ps[n-1].full = p.full
					continue
				}
			}
			ps = append(ps, p)
		}
	}
	// the body size: what most characters are set in
	weight := map[float64]int{}
	for _, p := range ps {
		weight[math.Round(p.size*2)/2] += utf8.RuneCount(p.buf)
	}
	body, bw := 0.0, -1
	for s, w := range weight {
		if w > bw || w == bw && s < body {
			body, bw = s, w
		}
	}
	heading, hi := "", -1
	for i, p := range ps {
		if p.page != 0 || i > 8 {
			break
		}
		if p.size >= 1.2*body && utf8.RuneCount(p.buf) <= 120 && (hi < 0 || p.size > ps[hi].size+0.1) {
			heading, hi = string(p.buf), i
		}
	}
	// else a short bold first paragraph that is no sentence
	if hi < 0 && len(ps) > 1 && ps[0].page == 0 && ps[0].bold && !ps[1].bold && utf8.RuneCount(ps[0].buf) <= 60 &&
		!strings.ContainsRune("。！？.!?", lastRune(string(ps[0].buf))) {
		heading, hi = string(ps[0].buf), 0
	}
	if hi > 0 { // the title line first, as the other readers give it
		h := ps[hi]
		ps = append([]para{h}, slices.Delete(ps, hi, hi+1)...)
	}
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, string(p.buf))
	}
	return out, heading
}
