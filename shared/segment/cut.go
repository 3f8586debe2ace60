package segment

import (
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Segmenter cuts text the way gse's Cut(text, true) does (DAG over the
// dictionary, maximum log-probability route, HMM for runs of single
// characters) over the precomputed image. It is safe for concurrent use.
type Segmenter struct {
	d        *dict
	ov       atomic.Pointer[overlay]
	extendMu sync.Mutex
}

func newSegmenter(d *dict) *Segmenter {
	g := &Segmenter{d: d}
	o := &overlay{total: d.hdr.TotalFreq, logTotal: d.logTotal}
	o.index()
	g.ov.Store(o)
	return g
}

// NumWords is the number of dictionary words (gse's NumTokens), including
// words added by Extend.
func (g *Segmenter) NumWords() int { return int(g.d.hdr.DictWords) + len(g.ov.Load().words) }

// TotalFreq is gse's total dictionary frequency (it grows with Extend).
func (g *Segmenter) TotalFreq() float64 { return g.ov.Load().total }

// Lookup returns the dictionary frequency and tag of word (ok false when the
// dictionary does not hold it).
func (g *Segmenter) Lookup(word string) (freq float64, pos string, ok bool) {
	f, p, _ := g.lookupKey(word)
	if f <= 0 {
		return 0, "", false
	}
	return f, p, true
}

// state is the per-call scratch space, pooled.
type state struct {
	runes []rune
	codes []uint32
	off   []int32   // byte offset of each rune, and the length at the end
	score []float64 // best log-probability from position i to the end
	end   []int32   // end (exclusive) of the word the best route takes at i
	ref   []int32   // its route ref (see refUnknown)
	cand  []cand
	vit   [][4]float64
	back  [][4]uint8
	tags  []uint8
	toks  []Token
}

type cand struct {
	end  int32
	ref  int32
	logf float64
}

var statePool = sync.Pool{New: func() any { return new(state) }}

// maxPooledRunes bounds the state kept for reuse: a huge document's buffers
// (about 30 bytes a character) are left to the garbage collector.
const maxPooledRunes = 1 << 20

func putState(st *state) {
	if cap(st.runes) > maxPooledRunes {
		return
	}
	statePool.Put(st)
}

// Cut segments text like gse's Cut(text, true).
func (g *Segmenter) Cut(text string) []string {
	st := statePool.Get().(*state)
	toks := g.segment(st, text, st.toks[:0], false)
	out := make([]string, len(toks))
	for i := range toks {
		out[i] = toks[i].Text
	}
	st.toks = toks[:0]
	putState(st)
	return out
}

// Tokens segments text like gse's Cut(text, true) and gives each word its
// dictionary tag and frequency (empty/0 for words the dictionary lacks).
func (g *Segmenter) Tokens(text string) []Token {
	st := statePool.Get().(*state)
	out := g.segment(st, text, make([]Token, 0, len(text)/4+4), true)
	putState(st)
	return out
}

// AppendTokens is Tokens appending to dst.
func (g *Segmenter) AppendTokens(dst []Token, text string) []Token {
	st := statePool.Get().(*state)
	dst = g.segment(st, text, dst, true)
	putState(st)
	return dst
}

// CutSearch is gse's CutSearch(text, true): each word of Cut preceded by
// its dictionary bigrams and trigrams. It needs none of gse's search-mode
// precomputation (CalcToken).
func (g *Segmenter) CutSearch(text string) []string {
	words := g.Cut(text)
	out := make([]string, 0, len(words)+len(words)/2)
	for _, w := range words {
		var starts [64]int
		idx := starts[:0]
		for i := range w {
			idx = append(idx, i)
		}
		n := len(idx)
		idx = append(idx, len(w))
		for _, k := range []int{2, 3} {
			if n <= k {
				continue
			}
			for i := 0; i+k <= n; i++ {
				gram := w[idx[i]:idx[i+k]]
				if f, _, _ := g.lookupKey(gram); f > 0 {
					out = append(out, gram)
				}
			}
		}
		out = append(out, w)
	}
	return out
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// segment appends the words of text to out.
func (g *Segmenter) segment(st *state, text string, out []Token, info bool) []Token {
	if text == "" {
		return out
	}
	// gse lowercases the whole text (its ToLower default); strings.ToLower
	// also turns invalid UTF-8 into U+FFFD, as gse's []rune conversion does.
	// Most text has nothing to lower: decode once and lower only if needed.
	d := g.d
	o := g.ov.Load()
	if !decode(st, d, text, false) {
		text = strings.ToLower(text)
		decode(st, d, text, true)
	}
	n := len(st.runes)
	st.off = append(st.off, int32(len(text)))
	st.score = grow(st.score, n+1)
	st.end = grow(st.end, n+1)
	st.ref = grow(st.ref, n+1)
	g.route(st, o)

	w := writer{g: g, st: st, text: text, o: o, out: out, info: info}
	bufStart := -1
	for x := 0; x < n; {
		y := int(st.end[x])
		if y-x == 1 {
			if bufStart < 0 {
				bufStart = x
			}
			x = y
			continue
		}
		if bufStart >= 0 {
			w.flush(bufStart, x)
			bufStart = -1
		}
		w.emit(x, y, st.ref[x])
		x = y
	}
	if bufStart >= 0 {
		w.flush(bufStart, n)
	}
	return w.out
}

// Route refs: a slot of the image (>0), refUnknown, or an overlay node n
// stored as ovRef(n) (< refUnknown).
const refUnknown = -2

func ovRef(n int32) int32 { return refUnknown - n }

// route computes, from the end backwards, the best route of gse's calc: at
// each position the word (from the DAG of dictionary words starting there)
// maximising log(freq) - log(total) plus the best score after it; ties go to
// the longer word. Where no Extend word starts, it scores the image's words
// as it walks the trie, with no candidate list.
func (g *Segmenter) route(st *state, o *overlay) {
	d := g.d
	slots := d.slots
	logVal := d.logVal
	n := len(st.runes)
	codes := st.codes[:n]
	runes := st.runes[:n]
	score := st.score[:n+1]
	end := st.end[:n]
	ref := st.ref[:n]
	logT := o.logTotal
	rootBase := slots[0].base
	extended := !o.empty()
	score[n] = 0
	for i := n - 1; i >= 0; i-- {
		if extended && o.starts(runes[i], codes[i]) {
			score[i], end[i], ref[i] = g.routeExtended(st, o, i)
			continue
		}
		var best float64
		var bestEnd, bestRef int32
		found, inTrie := false, false
		// Code 0 (a rune the dictionary lacks) needs no test: slot base+0
		// never checks s, children being at base+c with c >= 1
		// (TestDoubleArrayCodes).
		s, t := int32(0), rootBase+int32(codes[i])
		for j := i; ; {
			sl := &slots[t]
			if sl.check != s || sl.val&inDictBit == 0 {
				break
			}
			inTrie = true
			j++
			if sl.word != 0 {
				f := logVal[sl.word&0xffff] - logT + score[j]
				if !found || f >= best {
					best, bestEnd, bestRef, found = f, int32(j), t, true
				}
			}
			if j == n {
				break
			}
			s, t = t, sl.base+int32(codes[j])
		}
		if !found {
			// No word starts here: the single character, weighing log(1)
			// when gse's trie lacks it and log(0) when it is only a prefix.
			lf := 0.0
			if inTrie {
				lf = math.Inf(-1)
			}
			best, bestEnd, bestRef = lf-logT+score[i+1], int32(i+1), refUnknown
		}
		score[i], end[i], ref[i] = best, bestEnd, bestRef
	}
}

// routeExtended is route's step at i where words added by Extend may start:
// the candidates of the image and of the overlay (which overrides the
// image's word of the same length), then the best of them.
func (g *Segmenter) routeExtended(st *state, o *overlay, i int) (float64, int32, int32) {
	d := g.d
	n := len(st.runes)
	logT := o.logTotal
	cs := st.cand[:0]
	// Words of the image.
	s := int32(0)
	for j := i; j < n; j++ {
		s = d.next(s, st.codes[j])
		if s == 0 {
			break
		}
		sl := &d.slots[s]
		if sl.val&inDictBit == 0 {
			break
		}
		if sl.word != 0 {
			cs = append(cs, cand{end: int32(j + 1), ref: s, logf: d.logVal[sl.word&0xffff]})
		}
	}
	// Words added by Extend.
	nd := int32(0)
	for j := i; j < n; j++ {
		if nd = o.child(nd, st.runes[j]); nd == 0 {
			break
		}
		w := &o.nodes[nd]
		if !w.word || w.freq <= 0 {
			continue
		}
		c := cand{end: int32(j + 1), ref: ovRef(nd), logf: math.Log(w.freq)}
		k := 0
		for k < len(cs) && cs[k].end < c.end {
			k++
		}
		if k < len(cs) && cs[k].end == c.end {
			cs[k] = c
		} else {
			cs = append(cs, cand{})
			copy(cs[k+1:], cs[k:])
			cs[k] = c
		}
	}
	st.cand = cs[:0]
	if len(cs) == 0 {
		// As in route; the character is also a prefix when an added word
		// starts with it.
		lf := 0.0
		if s1 := d.next(0, st.codes[i]); (s1 != 0 && d.inDict(s1)) || o.child(0, st.runes[i]) != 0 {
			lf = math.Inf(-1)
		}
		return lf - logT + st.score[i+1], int32(i + 1), refUnknown
	}
	var best float64
	var bestEnd, bestRef int32
	for k, c := range cs {
		f := c.logf - logT + st.score[c.end]
		if k == 0 || f >= best {
			best, bestEnd, bestRef = f, c.end, c.ref
		}
	}
	return best, bestEnd, bestRef
}

// writer turns routes into tokens.
type writer struct {
	g    *Segmenter
	st   *state
	text string
	o    *overlay
	out  []Token
	info bool
}

// emit appends the word of runes [x, y); ref is its route ref, or
// refUnknown to look it up.
func (w *writer) emit(x, y int, ref int32) {
	t := Token{Text: w.text[w.st.off[x]:w.st.off[y]]}
	if w.info {
		d := w.g.d
		switch {
		case ref > 0:
			t.Freq, t.Pos = d.wordOf(d.slots[ref].word)
		case ref < refUnknown:
			ow := &w.o.nodes[refUnknown-ref]
			t.Freq, t.Pos = ow.freq, ow.pos
		default:
			t.Freq, t.Pos = w.lookup(x, y)
		}
		if t.Freq <= 0 {
			t.Freq, t.Pos = 0, ""
		}
	}
	w.out = append(w.out, t)
}

// lookup finds runes [x, y) in the dictionary (a word added by Extend
// first, even with frequency 0).
func (w *writer) lookup(x, y int) (float64, string) {
	if !w.o.empty() {
		if nd := w.o.find(w.st.runes[x:y], w.st.codes[x]); nd != 0 && w.o.nodes[nd].word {
			return w.o.nodes[nd].freq, w.o.nodes[nd].pos
		}
	}
	d := w.g.d
	s := int32(0)
	for i := x; i < y; i++ {
		if s = d.next(s, w.st.codes[i]); s == 0 {
			return 0, ""
		}
	}
	if !d.inDict(s) {
		return 0, ""
	}
	return d.word(s)
}

// flush handles a run [a, b) of single-character routes as gse's cutDAG
// does: one character is a word; a run that is itself a dictionary word is
// cut into characters; anything else goes to the HMM.
func (w *writer) flush(a, b int) {
	if b-a == 1 {
		w.emit(a, b, refUnknown)
		return
	}
	if f, _ := w.lookup(a, b); f > 0 {
		for i := a; i < b; i++ {
			w.emit(i, i+1, refUnknown)
		}
		return
	}
	w.hmmCut(a, b)
}

// hmmCut is gse's hmm.Cut over runes [a, b) without its regular
// expressions: runs of Han characters go to the Viterbi decoder, ASCII
// numbers (\d+\.\d+) and alphanumeric runs ([a-zA-Z0-9]+) are words, and
// whatever lies between those is one word.
func (w *writer) hmmCut(a, b int) {
	rs := w.st.runes
	for i := a; i < b; {
		r := rs[i]
		j := i + 1
		switch {
		case isHan(r):
			for j < b && isHan(rs[j]) {
				j++
			}
			w.viterbi(i, j)
		case isAlnum(r):
			k := i
			for k < b && isDigit(rs[k]) {
				k++
			}
			if k > i && k+1 < b && rs[k] == '.' && isDigit(rs[k+1]) {
				j = k + 2
				for j < b && isDigit(rs[j]) {
					j++
				}
			} else {
				for j < b && isAlnum(rs[j]) {
					j++
				}
			}
			w.emit(i, j, refUnknown)
		default:
			for j < b && !isHan(rs[j]) && !isAlnum(rs[j]) {
				j++
			}
			w.emit(i, j, refUnknown)
		}
		i = j
	}
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isAlnum(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

// isHan is \p{Han}.
func isHan(r rune) bool {
	if r >= 0x4e00 && r <= 0x9fff {
		return true
	}
	if r < 0x2e80 {
		return false
	}
	return unicode.Is(unicode.Han, r)
}

// HMM states, in gse's byte order (B < E < M < S), which its Viterbi uses to
// break ties (the larger state wins).
const (
	stB = iota
	stE
	stM
	stS
)

// prev lists the states that may precede each state, in gse's order.
var prev = [4][2]uint8{
	stB: {stE, stS},
	stE: {stB, stM},
	stM: {stM, stB},
	stS: {stS, stE},
}

// viterbi decodes the Han run [a, b) with gse's character HMM and emits its
// words the way gse's internalCut reads the state path.
func (w *writer) viterbi(a, b int) {
	d := w.g.d
	st := w.st
	n := b - a
	st.vit = grow(st.vit, n)
	st.back = grow(st.back, n)
	st.tags = grow(st.tags, n)
	start, trans := &d.hdr.Start, &d.hdr.Trans
	e := d.emit[4*st.codes[a] : 4*st.codes[a]+4]
	for y := 0; y < 4; y++ {
		st.vit[0][y] = e[y] + start[y]
	}
	for t := 1; t < n; t++ {
		c := st.codes[a+t]
		e := d.emit[4*c : 4*c+4]
		pv := &st.vit[t-1]
		for y := 0; y < 4; y++ {
			p0, p1 := prev[y][0], prev[y][1]
			v0 := pv[p0] + trans[p0][y] + e[y]
			v1 := pv[p1] + trans[p1][y] + e[y]
			if v1 > v0 || (v1 == v0 && p1 > p0) {
				st.vit[t][y], st.back[t][y] = v1, p1
			} else {
				st.vit[t][y], st.back[t][y] = v0, p0
			}
		}
	}
	last := uint8(stS)
	if st.vit[n-1][stE] > st.vit[n-1][stS] {
		last = stE
	}
	for t := n - 1; t >= 0; t-- {
		st.tags[t] = last
		last = st.back[t][last]
	}
	begin, next := 0, 0
	for t := 0; t < n; t++ {
		switch st.tags[t] {
		case stB:
			begin = t
		case stE:
			w.emit(a+begin, a+t+1, refUnknown)
			next = t + 1
		case stS:
			w.emit(a+t, a+t+1, refUnknown)
			next = t + 1
		}
	}
	if next < n {
		w.emit(a+next, b, refUnknown)
	}
}

// decode fills the runes, codes and offsets of text; unless lowered, it
// reports false (and stops) when strings.ToLower would change text.
func decode(st *state, d *dict, text string, lowered bool) bool {
	st.runes, st.codes, st.off = st.runes[:0], st.codes[:0], st.off[:0]
	for i, r := range text {
		if !lowered && !lowerFixed(r) {
			if unicode.ToLower(r) != r || (r == utf8.RuneError && !strings.HasPrefix(text[i:], "\uFFFD")) {
				return false
			}
		}
		st.runes = append(st.runes, r)
		st.codes = append(st.codes, d.code(r))
		st.off = append(st.off, int32(i))
	}
	return true
}

// lowerFixed reports runes that unicode.ToLower surely leaves alone: ASCII
// other than A-Z, and U+2E80..U+9FFF (CJK radicals, punctuation, kana,
// ideographs), which hold no cased letters (TestLowerFixed).
func lowerFixed(r rune) bool {
	if r < 0x80 {
		return r < 'A' || r > 'Z'
	}
	return r >= 0x2e80 && r <= 0x9fff
}
