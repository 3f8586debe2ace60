package extract

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// tok is one word of a cut line: its text (a substring of the line, in the
// line's own letter case), dictionary tag and frequency (empty/0 for words the
// dictionary does not know) and rune offsets into the line.
type tok struct {
	text       string
	pos        string
	freq       float64
	start, end int
}

// cutScratch holds the per-call buffers of cutLine (pooled: no per-token
// allocation on the hot path).
type cutScratch struct {
	b      []byte    // the line as bytes (dictionary lookups take []byte)
	off    []int     // byte offset of rune i (len n+1)
	dagBeg []int     // DAG entries of position k: ents[dagBeg[k]:dagBeg[k+1]]
	ents   []dagEnt  // DAG entries
	best   []float64 // best log-probability of a path from i to the end
	next   []int     // end rune (exclusive) of the best first word from i
	bpos   []string  // tag of that word ("" when the dictionary lacks it)
	bfreq  []float64 // its frequency
}

type dagEnt struct {
	end  int // exclusive rune index
	logp float64
	pos  string
	freq float64
}

var scratchPool = sync.Pool{New: func() any { return new(cutScratch) }}

// cutLine cuts one line exactly as gse's DAG+HMM cutter
// (Segmenter.Cut(line, true), gse v0.80.3) does, and tags each word from the
// dictionary as segment.Tokens does; TestCutMatchesGse checks that the words
// are the same. It is several times faster than gse's implementation, which
// builds maps, converts every candidate word to a string twice and looks it
// up twice: here candidates are byte slices of the line, the DAG and routes
// live in reused slices, and the tags of dictionary words come from the DAG.
//
// A line is cut on its own: gse's route search gives words the dictionary
// holds only as a prefix (a, x) a probability of zero, and one such character
// turns every earlier choice of a whole-text cut into a tie, so cutting line
// by line is also what keeps the words of a paragraph independent of the
// rest of the document.
func (e *Extractor) cutLine(line string, out []tok) []tok {
	if line == "" {
		return out
	}
	if e.gse == nil {
		return e.cutTokens(line, out)
	}
	src := line
	if gse.ToLower {
		if l := strings.ToLower(line); len(l) == len(line) {
			src = l
		} else {
			line, src = l, l
		}
	}
	dict := e.gse.Dict
	sc := scratchPool.Get().(*cutScratch)
	defer scratchPool.Put(sc)

	off := sc.off[:0]
	for i := range src {
		off = append(off, i)
	}
	n := len(off)
	off = append(off, len(src))
	sc.off = off

	// DAG: for each start k, every end i such that src[k:i] is a word of the
	// dictionary with a positive frequency; k+1 alone when there is none.
	b := append(sc.b[:0], src...)
	sc.b = b
	ents := sc.ents[:0]
	dagBeg := sc.dagBeg[:0]
	for k := 0; k < n; k++ {
		dagBeg = append(dagBeg, len(ents))
		first := len(ents)
		for i := k; i < n; i++ {
			f, p, ok := dict.Find(b[off[k]:off[i+1]])
			if !ok {
				break
			}
			if f > 0 {
				ents = append(ents, dagEnt{end: i + 1, logp: math.Log(f), pos: p, freq: f})
			}
		}
		if len(ents) == first {
			// gse scores a lone character the dictionary does not hold as
			// log(1), and one it holds only as a prefix as log(0).
			lp := 0.0
			if f, _, ok := dict.Find(b[off[k]:off[k+1]]); ok {
				lp = math.Log(f)
			}
			ents = append(ents, dagEnt{end: k + 1, logp: lp})
		}
	}
	dagBeg = append(dagBeg, len(ents))
	sc.ents, sc.dagBeg = ents, dagBeg

	// Best route from the end backwards (same arithmetic and tie-breaking as
	// gse: a longer word wins a tie).
	best := grow(sc.best, n+1)
	next := growInt(sc.next, n+1)
	bpos := growStr(sc.bpos, n+1)
	bfreq := grow(sc.bfreq, n+1)
	sc.best, sc.next, sc.bpos, sc.bfreq = best, next, bpos, bfreq
	logT := math.Log(dict.TotalFreq())
	best[n] = 0
	for k := n - 1; k >= 0; k-- {
		set := false
		for _, d := range ents[dagBeg[k]:dagBeg[k+1]] {
			f := d.logp - logT + best[d.end]
			if !set || best[k] < f || (best[k] == f && next[k] < d.end) {
				best[k], next[k], bpos[k], bfreq[k] = f, d.end, d.pos, d.freq
				set = true
			}
		}
	}

	// Words; runs of single characters go to the HMM as in gse.
	bufStart := -1
	flush := func(end int) {
		if bufStart < 0 {
			return
		}
		s := line[off[bufStart]:off[end]]
		if end-bufStart == 1 {
			out = appendTok(out, dict, s, b[off[bufStart]:off[end]], bufStart, end)
		} else if f, _, ok := dict.Find(b[off[bufStart]:off[end]]); ok && f != 0 {
			for r := bufStart; r < end; r++ {
				out = appendTok(out, dict, line[off[r]:off[r+1]], b[off[r]:off[r+1]], r, r+1)
			}
		} else {
			r := bufStart
			bo := off[bufStart]
			for _, w := range e.gse.HMMCut(src[off[bufStart]:off[end]]) {
				k := utf8.RuneCountInString(w)
				out = appendTok(out, dict, line[bo:bo+len(w)], b[bo:bo+len(w)], r, r+k)
				bo += len(w)
				r += k
			}
		}
		bufStart = -1
	}
	for x := 0; x < n; {
		y := next[x]
		if y-x == 1 {
			if bufStart < 0 {
				bufStart = x
			}
		} else {
			flush(x)
			out = append(out, tok{text: line[off[x]:off[y]], pos: bpos[x], freq: bfreq[x], start: x, end: y})
		}
		x = y
	}
	flush(n)
	return out
}

// cutTokens cuts line with segment.Tokens (any segmenter).
func (e *Extractor) cutTokens(line string, out []tok) []tok {
	r := 0
	for _, t := range e.tokens(line) {
		n := utf8.RuneCountInString(t.Text)
		out = append(out, tok{text: t.Text, pos: t.Pos, freq: t.Freq, start: r, end: r + n})
		r += n
	}
	return out
}

func appendTok(out []tok, dict *gse.Dictionary, s string, key []byte, start, end int) []tok {
	t := tok{text: s, start: start, end: end}
	if f, p, ok := dict.Find(key); ok && f > 0 {
		t.pos, t.freq = p, f
	}
	return append(out, t)
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func growInt(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

func growStr(s []string, n int) []string {
	if cap(s) < n {
		return make([]string, n)
	}
	return s[:n]
}
