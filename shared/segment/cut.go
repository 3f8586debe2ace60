package segment

import (
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
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
	o.index(d)
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
	back  [][4]uint8
	tags  []uint8
	words []span
}

// span is one word of the cut before it becomes a Token: pointer-free, so
// that collecting words costs no write barriers and the result can be
// allocated at its exact size.
type span struct {
	start, end int32  // byte offsets in the (lowered) text
	word       uint32 // the image's word (frequency index | tag<<16), 0: none
	node       int32  // the overlay node of an Extend word (>0), 0: none
}

type cand struct {
	end  int32
	ref  int32
	logf float64
}

var statePool = sync.Pool{New: func() any { return new(state) }}

// maxPooledRunes bounds the state kept for reuse: a huge document's buffers
// (decode sizes runes, codes and offsets by the text's bytes: about 80 bytes
// a Han character in all) are left to the garbage collector.
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
	text, _ = g.segment(st, text, false)
	out := make([]string, len(st.words))
	for i, sp := range st.words {
		out[i] = text[sp.start:sp.end]
	}
	putState(st)
	return out
}

// Tokens segments text like gse's Cut(text, true) and gives each word its
// dictionary tag and frequency (empty/0 for words the dictionary lacks).
func (g *Segmenter) Tokens(text string) []Token {
	return g.AppendTokens(nil, text)
}

// AppendTokens is Tokens appending to dst.
func (g *Segmenter) AppendTokens(dst []Token, text string) []Token {
	st := statePool.Get().(*state)
	text, o := g.segment(st, text, true)
	n0 := len(dst)
	fresh := dst == nil
	if fresh {
		dst = make([]Token, len(st.words))
	} else {
		dst = slices.Grow(dst, len(st.words))[:n0+len(st.words)]
	}
	// Field by field, and no zeros written into fresh memory: pointers
	// stored while the collector runs each take a write barrier (a whole
	// Token copied takes the slow bulk one).
	out := dst[n0:]
	out = out[:len(st.words)]
	d := g.d
	for k, sp := range st.words {
		t := &out[k]
		t.Text = text[sp.start:sp.end]
		var f float64
		var pos string
		if sp.node != 0 {
			f, pos = o.nodes[sp.node].freq, o.nodes[sp.node].pos
		} else {
			f, pos = d.wordOf(sp.word)
		}
		if f > 0 {
			t.Freq, t.Pos = f, pos
		} else if !fresh {
			t.Freq, t.Pos = 0, ""
		}
	}
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

// segment cuts text into st.words (with their dictionary words when info
// is set); it returns the text they index (text lowered, if it had to be)
// and the overlay it used.
func (g *Segmenter) segment(st *state, text string, info bool) (string, *overlay) {
	o := g.ov.Load()
	st.words = st.words[:0]
	if text == "" {
		return text, o
	}
	// gse lowercases the whole text (its ToLower default); strings.ToLower
	// also turns invalid UTF-8 into U+FFFD, as gse's []rune conversion does.
	// Most text has nothing to lower: decode once and lower only if needed.
	d := g.d
	if !decode(st, d, text, false) {
		text = strings.ToLower(text)
		decode(st, d, text, true)
	}
	n := len(st.runes)
	st.score = grow(st.score, n+1)
	st.end = grow(st.end, n+1)
	st.ref = grow(st.ref, n+1)
	g.route(st, o)

	w := writer{g: g, st: st, o: o, slots: d.slots, off: st.off, words: grow(st.words, n), info: info}
	end, ref := st.end[:n], st.ref[:n]
	for x := 0; x < n; {
		y := int(end[x])
		if y != x+1 {
			// A word of the route (emit inline): its ref is a word of the
			// image or of the overlay.
			sp := span{start: w.off[x], end: w.off[y]}
			if r := ref[x]; !info {
			} else if r > 0 {
				sp.word = uint32(r)
			} else if r < refUnknown {
				sp.node = refUnknown - r
			}
			w.words[w.nw] = sp
			w.nw++
			x = y
			continue
		}
		// A run of single-character routes.
		a := x
		for x = y; x < n && int(end[x]) == x+1; x++ {
		}
		w.flush(a, x)
	}
	st.words = w.words[:w.nw]
	return text, o
}

// Route refs: a word of the image (>0: its slot's word, frequency index |
// tag<<16, positive as parseImage checks), refNone (no dictionary word),
// refUnknown (not known yet: look it up), or an overlay node n stored as
// ovRef(n) (< refUnknown).
const (
	refNone    = -1
	refUnknown = -2
)

func ovRef(n int32) int32 { return refUnknown - n }

// route computes, from the end backwards, the best route of gse's calc: at
// each position the word (from the DAG of dictionary words starting there)
// maximising log(freq) - log(total) plus the best score after it; ties go to
// the longer word. Between the positions where Extend words start,
// routeImage scores the image's words as it walks the trie, with no
// candidate list.
func (g *Segmenter) route(st *state, o *overlay) {
	d := g.d
	n := len(st.runes)
	// decode leaves code 0 after the last rune: the walk needs no end test.
	codes := st.codes[:n+1]
	runes := st.runes[:n]
	score := st.score[:n+1]
	end := st.end[:n]
	ref := st.ref[:n]
	logT := o.logTotal
	rootBase := d.slots[0].base
	score[n] = 0
	hi := n
	if o.empty() {
		routeImage(d.slots, d.logVal, codes, score, end, ref, 0, n, rootBase, logT, nil)
		return
	}
	rootKid := o.rootKid
	for i := n - 1; i >= 0; i-- {
		var nd int32
		if c := codes[i]; c != 0 {
			// Most positions start no added word (o.mayStart, then the
			// trie): routeImage handles them, even where one begins with
			// the character (its prefix rule reads rootKid).
			if !o.mayStart(c, codes[i+1]) {
				continue
			}
			if nd = rootKid[c]; nd == 0 {
				continue
			}
			if w := &o.nodes[nd]; !(w.word && w.freq > 0) && (i+1 == n || o.child(nd, runes[i+1]) == 0) {
				continue
			}
		} else if len(o.firstRaw) == 0 {
			continue
		} else if nd = o.root(runes[i], 0); nd == 0 {
			continue
		}
		routeImage(d.slots, d.logVal, codes, score, end, ref, i+1, hi, rootBase, logT, rootKid)
		hi = i
		if cs := g.addedWords(st, o, i, nd); len(cs) > 0 {
			score[i], end[i], ref[i] = g.routeExtended(st, o, i, cs)
			continue
		}
		// No added word starts here, only their first character, which
		// makes it a prefix in gse's trie (rootKid cannot tell for a rune
		// without a code).
		routeImage(d.slots, d.logVal, codes, score, end, ref, i, i+1, rootBase, logT, rootKid)
		if ref[i] == refNone {
			score[i] = math.Inf(-1) - logT + score[i+1]
		}
	}
	routeImage(d.slots, d.logVal, codes, score, end, ref, 0, hi, rootBase, logT, rootKid)
}

// routeImage is route over positions [lo, hi) (from hi-1 down) where no
// Extend word starts: at each, the best word of the image's trie (the
// highest log(freq) - logT + score[end], ties to the longer), or the single
// character with log(1), or log(0) when gse's trie holds it only as a
// prefix (also when an Extend word begins with it: ovFirst, the overlay's
// rootKid, nil without one). codes ends with a code 0 (len(score) ==
// len(codes)). It is a leaf so that its loops keep to registers, and it
// keeps score[i+1] in one: the one-character word depends on the score just
// computed.
func routeImage(slots []slot, logVal []float64, codes []uint32, score []float64, end, ref []int32, lo, hi int, rootBase int32, logT float64, ovFirst []int32) {
	codes = codes[:len(score)]
	next := score[hi]
	for i := hi - 1; i >= lo; i-- {
		var best float64
		var bestEnd, bestRef int32
		// The first character (the root's child; code 0 never leads to a
		// child: slot base+0 never checks s, children being at base+c
		// with c >= 1, TestDoubleArrayCodes).
		t := rootBase + int32(codes[i])
		if sl := &slots[t]; sl.check == 0 && sl.val&inDictBit != 0 {
			// Every score is finite or -Inf (never NaN): the first word
			// always passes f >= best, as gse's calc takes its first
			// candidate.
			best = math.Inf(-1)
			if w := sl.word; w != 0 {
				best, bestEnd, bestRef = logVal[w&0xffff]-logT+next, int32(i+1), int32(w)
			}
			// Longer words; code 0 after the last rune ends the walk.
			s, t := t, sl.base+int32(codes[i+1])
			for j := i + 2; ; j++ {
				sl := &slots[t]
				if sl.check != s || sl.val&inDictBit == 0 {
					break
				}
				if w := sl.word; w != 0 {
					if f := logVal[w&0xffff] - logT + score[j]; f >= best {
						best, bestEnd, bestRef = f, int32(j), int32(w)
					}
				}
				s, t = t, sl.base+int32(codes[j])
			}
			if bestEnd == 0 {
				// Only a prefix in gse's trie: log(0).
				best, bestEnd, bestRef = math.Inf(-1)-logT+next, int32(i+1), refNone
			}
		} else {
			// Not in gse's trie: log(1), unless an added word begins here.
			lf := 0.0
			if ovFirst != nil && ovFirst[codes[i]] != 0 {
				lf = math.Inf(-1)
			}
			best, bestEnd, bestRef = lf-logT+next, int32(i+1), refNone
		}
		score[i], end[i], ref[i] = best, bestEnd, bestRef
		next = best
	}
}

// addedWords returns the words added by Extend that start at i (nd: the
// overlay node of runes[i]) and have a frequency, by ascending end (in
// st.cand).
func (g *Segmenter) addedWords(st *state, o *overlay, i int, nd int32) []cand {
	n := len(st.runes)
	cs := st.cand[:0]
	for j := i; ; {
		w := &o.nodes[nd]
		j++
		if w.word && w.freq > 0 {
			cs = append(cs, cand{end: int32(j), ref: ovRef(nd), logf: w.logf})
		}
		if j == n {
			break
		}
		if nd = o.child(nd, st.runes[j]); nd == 0 {
			break
		}
	}
	st.cand = cs[:0]
	return cs
}

// routeExtended is route's step at i where words added by Extend start
// (cs, from addedWords): the best of them and the image's words, an added
// word overriding the image's word of the same length.
func (g *Segmenter) routeExtended(st *state, o *overlay, i int, cs []cand) (float64, int32, int32) {
	d := g.d
	n := len(st.runes)
	logT := o.logTotal
	score := st.score[:n+1]
	// The best candidate: the highest score, ties to the longer word (as
	// routeImage's >= over words in order of length).
	best, bestEnd, bestRef := math.Inf(-1), int32(0), int32(0)
	consider := func(f float64, e, r int32) {
		if f > best || f == best && e > bestEnd {
			best, bestEnd, bestRef = f, e, r
		}
	}
	for _, c := range cs {
		consider(c.logf-logT+score[c.end], c.end, c.ref)
	}
	// The image's words but those of an added word's length.
	k := 0
	s := int32(0)
	for j := i; j < n; j++ {
		if s = d.next(s, st.codes[j]); s == 0 || !d.inDict(s) {
			break
		}
		w := d.slots[s].word
		if w == 0 {
			continue
		}
		e := int32(j + 1)
		for k < len(cs) && cs[k].end < e {
			k++
		}
		if k < len(cs) && cs[k].end == e {
			continue
		}
		consider(d.logVal[w&0xffff]-logT+score[e], e, int32(w))
	}
	return best, bestEnd, bestRef
}

// writer turns routes into words.
type writer struct {
	g     *Segmenter
	st    *state
	o     *overlay
	slots []slot
	off   []int32
	words []span // words[:nw] are the words so far
	nw    int
	info  bool
}

// emit appends the word of runes [x, y); ref is its route ref, or
// refUnknown to look it up (when info is wanted). words has room for a word
// per rune.
func (w *writer) emit(x, y int, ref int32) {
	sp := span{start: w.off[x], end: w.off[y]}
	if w.info {
		if ref == refUnknown {
			sp.word, sp.node = w.lookup(x, y)
		} else if ref > 0 {
			sp.word = uint32(ref)
		} else if ref < refUnknown {
			sp.node = refUnknown - ref
		}
	}
	w.words[w.nw] = sp
	w.nw++
}

// emit1 appends the character at x, a single-character route: the route
// knows its word (it was the candidate ending at x+1).
func (w *writer) emit1(x int) { w.emit(x, x+1, w.st.ref[x]) }

// emitRun appends runes [x, y) of a run of single-character routes.
func (w *writer) emitRun(x, y int) {
	if y == x+1 {
		w.emit1(x)
		return
	}
	w.emit(x, y, refUnknown)
}

// lookup finds runes [x, y) in the dictionary: the overlay node of a word
// added by Extend (first, even with frequency 0), else the image's word (0
// when none).
func (w *writer) lookup(x, y int) (word uint32, node int32) {
	if !w.o.empty() {
		if nd := w.o.find(w.st.runes[x:y], w.st.codes[x]); nd != 0 && w.o.nodes[nd].word {
			return 0, nd
		}
	}
	d := w.g.d
	s := int32(0)
	for i := x; i < y; i++ {
		if s = d.next(s, w.st.codes[i]); s == 0 {
			return 0, 0
		}
	}
	if !d.inDict(s) {
		return 0, 0
	}
	return d.slots[s].word, 0
}

// freq is the dictionary frequency of lookup's result.
func (w *writer) freq(word uint32, node int32) float64 {
	if node != 0 {
		return w.o.nodes[node].freq
	}
	return w.g.d.freqVal[word&0xffff]
}

// flush handles a run [a, b) of single-character routes as gse's cutDAG
// does: one character is a word; a run that is itself a dictionary word is
// cut into characters; anything else goes to the HMM.
func (w *writer) flush(a, b int) {
	if b-a == 1 {
		w.emit1(a)
		return
	}
	if w.freq(w.lookup(a, b)) > 0 {
		for i := a; i < b; i++ {
			w.emit1(i)
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
			w.emitRun(i, j)
		default:
			for j < b && !isHan(rs[j]) && !isAlnum(rs[j]) {
				j++
			}
			w.emitRun(i, j)
		}
		i = j
	}
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isAlnum(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

// isHan is \p{Han}, as gse's regular expressions read it (the lexicon's
// class).
func isHan(r rune) bool { return lexicon.IsHan(r) }

// HMM states, in gse's byte order (B < E < M < S), which its Viterbi uses to
// break ties (the larger state wins).
const (
	stB = iota
	stE
	stM
	stS
)

// viterbi decodes the Han run [a, b) with gse's character HMM and emits its
// words the way gse's internalCut reads the state path. Each state has two
// possible predecessors (B: E, S; E: B, M; M: M, B; S: S, E); gse breaks a
// tie for the larger state (B < E < M < S), so B and E take the second on
// >=, M and S only on >. Sums are added in gse's order.
func (w *writer) viterbi(a, b int) {
	d := w.g.d
	st := w.st
	n := b - a
	st.back = grow(st.back, n)
	st.tags = grow(st.tags, n)
	back := st.back[:n]
	codes := st.codes[a:b]
	start, tr := &d.hdr.Start, &d.hdr.Trans
	c := codes[0]
	e := d.emit[4*c : 4*c+4 : 4*c+4]
	vB, vE, vM, vS := e[stB]+start[stB], e[stE]+start[stE], e[stM]+start[stM], e[stS]+start[stS]
	tEB, tSB := tr[stE][stB], tr[stS][stB]
	tBE, tME := tr[stB][stE], tr[stM][stE]
	tMM, tBM := tr[stM][stM], tr[stB][stM]
	tSS, tES := tr[stS][stS], tr[stE][stS]
	for t := 1; t < n; t++ {
		c := codes[t]
		e := d.emit[4*c : 4*c+4 : 4*c+4]
		nB, pB := vE+tEB+e[stB], uint8(stE)
		if v := vS + tSB + e[stB]; v >= nB {
			nB, pB = v, stS
		}
		nE, pE := vB+tBE+e[stE], uint8(stB)
		if v := vM + tME + e[stE]; v >= nE {
			nE, pE = v, stM
		}
		nM, pM := vM+tMM+e[stM], uint8(stM)
		if v := vB + tBM + e[stM]; v > nM {
			nM, pM = v, stB
		}
		nS, pS := vS+tSS+e[stS], uint8(stS)
		if v := vE + tES + e[stS]; v > nS {
			nS, pS = v, stE
		}
		back[t] = [4]uint8{pB, pE, pM, pS}
		vB, vE, vM, vS = nB, nE, nM, nS
	}
	last := uint8(stS)
	if vE > vS {
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
			w.emitRun(a+begin, a+t+1)
			next = t + 1
		case stS:
			w.emit1(a + t)
			next = t + 1
		}
	}
	if next < n {
		w.emitRun(a+next, b)
	}
}

// decode fills the runes, codes and offsets of text (and its length after
// the last offset); unless lowered, it reports false (and stops) when
// strings.ToLower would change text. It decodes as ranging over text does.
func decode(st *state, d *dict, text string, lowered bool) bool {
	runes := grow(st.runes, len(text))
	codes := grow(st.codes, len(text)+1)
	off := grow(st.off, len(text)+1)
	bmp := (*[65536]uint16)(d.bmp)
	i, k := 0, 0
	for {
		i, k = decodeFast(text, i, k, runes, codes, off, bmp)
		if i >= len(text) {
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !lowered && !lowerFixed(r) {
			if unicode.ToLower(r) != r || (r == utf8.RuneError && size == 1) {
				st.runes, st.codes, st.off = runes, codes, off
				return false
			}
		}
		runes[k], codes[k], off[k] = r, d.code(r), int32(i)
		k++
		i += size
	}
	off[k] = int32(len(text))
	codes[k] = 0 // for route
	st.runes, st.codes, st.off = runes[:k], codes[:k], off[:k+1]
	return true
}

// decodeFast is decode's common case, a leaf that keeps to registers: from
// byte i and rune k, it decodes ASCII other than A-Z and three-byte runes
// that lowering leaves alone, and returns where it stopped.
func decodeFast(text string, i, k int, runes []rune, codes []uint32, off []int32, bmp *[65536]uint16) (int, int) {
	for i < len(text) && k < len(runes) && k < len(codes) && k < len(off) {
		b0 := text[i]
		if b0 < utf8.RuneSelf {
			if b0-'A' < 26 {
				break
			}
			runes[k], codes[k], off[k] = rune(b0), uint32(bmp[b0]), int32(i)
			i++
			k++
			continue
		}
		if b0&0xf0 != 0xe0 || i+2 >= len(text) {
			break
		}
		b1, b2 := text[i+1], text[i+2]
		if b1&0xc0 != 0x80 || b2&0xc0 != 0x80 {
			break
		}
		r := rune(b0&0x0f)<<12 | rune(b1&0x3f)<<6 | rune(b2&0x3f)
		// lowerFixed's three-byte ranges, all valid (not overlong, not
		// surrogates).
		if !(0x2e80 <= r && r <= 0x9fff || 0x2000 <= r && r < 0x2070 || 0xff00 <= r && r <= 0xffef && (r < 0xff21 || r > 0xff3a)) {
			break
		}
		runes[k], codes[k], off[k] = r, uint32(bmp[r]), int32(i)
		i += 3
		k++
	}
	return i, k
}

// lowerFixed reports runes that unicode.ToLower surely leaves alone: ASCII
// other than A-Z, general punctuation (U+2000..U+206F: quotes, dashes,
// ellipsis), U+2E80..U+9FFF (CJK radicals, punctuation, kana, ideographs)
// and the fullwidth forms other than Ａ-Ｚ, which hold no cased letters that
// ToLower changes (TestLowerFixed).
func lowerFixed(r rune) bool {
	if r < 0x80 {
		return r < 'A' || r > 'Z'
	}
	if r < 0x2e80 {
		return 0x2000 <= r && r < 0x2070
	}
	return r <= 0x9fff || 0xff00 <= r && r <= 0xffef && (r < 0xff21 || r > 0xff3a)
}
