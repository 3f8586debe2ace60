package index

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/segment"
)

// Accumulator builds a document's Entries window by window, so that the
// tokens of only one window need be held at a time (the pipeline cuts a
// large document into windows of whole lines). Windows added in order give
// the Entries Build gives for the whole text: positions run on across
// windows with the same one-position gap as between lines, and a term's
// snippet is that of its first occurrence.
//
// Until Finish, a term's positions are kept as varint-coded gaps (one or
// two bytes a token instead of eight), and only the MaxTerms terms kept
// are decoded into Postings.
type Accumulator struct {
	terms   map[string]*accPosting
	slab    []accPosting
	pos     int  // the next window's first position
	started bool // a window was added: the next one begins after a gap
}

// accPosting is a Posting under construction.
type accPosting struct {
	weight  int
	last    int    // the last position added
	gaps    []byte // positions: the first, then each one's distance from the one before, as uvarints
	snippet string
}

// put adds position p, after the last one (the first is coded as is).
func (a *accPosting) put(p int) {
	d := p
	if a.weight > 0 {
		d = p - a.last
	}
	a.gaps = binary.AppendUvarint(a.gaps, uint64(d))
	a.last = p
	a.weight++
}

// positions decodes the positions.
func (a *accPosting) positions() []int {
	out := make([]int, 0, a.weight)
	p := 0
	for b := a.gaps; len(b) > 0; {
		d, n := binary.Uvarint(b)
		b = b[n:]
		p += int(d)
		out = append(out, p)
	}
	return out
}

// NewAccumulator returns an empty Accumulator.
func NewAccumulator() *Accumulator {
	return &Accumulator{terms: make(map[string]*accPosting, 1024)}
}

func (a *Accumulator) newPosting() *accPosting {
	if len(a.slab) == cap(a.slab) {
		a.slab = make([]accPosting, 0, slabChunk)
	}
	a.slab = a.slab[:len(a.slab)+1]
	return &a.slab[len(a.slab)-1]
}

// Add adds the body of one window: lines are the tokens of each line of
// text (split on "\n"), as Build takes them.
func (a *Accumulator) Add(lines [][]segment.Token, text string) { a.add(lines, text, true) }

// AddContinued adds a window whose first line continues the last line of
// the window before (a line too long for one window, cut in parts): no
// gap between them, as within a line.
func (a *Accumulator) AddContinued(lines [][]segment.Token, text string) { a.add(lines, text, false) }

func (a *Accumulator) add(lines [][]segment.Token, text string, gap bool) {
	if len(lines) == 0 {
		return
	}
	if a.started && gap {
		a.pos++ // a window ends a line: the same gap as between lines
	}
	a.started = true
	runes := runePool.Get().(*runeIndex)
	defer func() {
		if cap(runes.at) <= 1<<20 {
			runePool.Put(runes)
		}
	}()
	pos := a.pos
	lineStart := 0
	for i, toks := range lines {
		line := text[lineStart:]
		if k := strings.IndexByte(line, '\n'); k >= 0 {
			line = line[:k]
		}
		off := 0
		runes.reset()
		for _, t := range toks {
			var start int
			start, off = locate(line, off, t.Text)
			term, ok := Term(t.Text)
			if !ok {
				continue
			}
			p := a.terms[term]
			if p == nil {
				p = a.newPosting()
				if start >= 0 {
					// the term is new to the document: its first occurrence
					p.snippet = runes.around(line, start, start+len(t.Text), snippetRunes/2)
				}
				// a copy: a token may be a slice of a lower-cased copy of
				// its line, which the key would keep alive to the end
				a.terms[strings.Clone(term)] = p
			}
			p.put(pos)
			pos++
		}
		if i < len(lines)-1 {
			lineStart += len(line) + 1
			pos++
		}
	}
	a.pos = pos
}

// Finish adds what d says (facets, sketch, title and entity terms) as Build
// does and returns the Entries; the Accumulator is not used after.
func (a *Accumulator) Finish(d doc.Document, titleTokens []segment.Token) Entries {
	// the weights as Build's: body, title and entity terms
	weight := make(map[string]int, len(a.terms)+64)
	for t, p := range a.terms {
		weight[t] = p.weight
	}
	extra := Entries{Terms: map[string]*Posting{}}
	for _, t := range titleTokens {
		if term, ok := Term(t.Text); ok {
			extra.add(term, titleWeight, d.Title)
		}
	}
	for _, list := range [][]string{d.People, d.Places, d.Organizations, d.Agencies, d.Keywords} {
		for _, v := range list {
			if term, ok := Term(v); ok {
				extra.add(term, entityWeight, "")
			}
		}
	}
	for t, p := range extra.Terms {
		weight[t] += p.Weight
	}
	if len(weight) > MaxTerms {
		// prune's order (weight, then term), by a sort: a document of many
		// windows has tens of thousands of terms
		type tw struct {
			t string
			w int
		}
		all := make([]tw, 0, len(weight))
		for t, w := range weight {
			all = append(all, tw{t, w})
		}
		slices.SortFunc(all, func(x, y tw) int {
			if x.w != y.w {
				return y.w - x.w
			}
			return strings.Compare(x.t, y.t)
		})
		for _, x := range all[MaxTerms:] {
			delete(weight, x.t)
		}
	}
	e := Entries{Terms: make(map[string]*Posting, len(weight)), Length: a.pos, Facets: Facets(d), Sketch: Sketch(d.Fingerprint)}
	for t, w := range weight {
		p := &Posting{Weight: w}
		if b := a.terms[t]; b != nil {
			p.Positions, p.Snippet = b.positions(), b.snippet
		} else {
			p.Snippet = extra.Terms[t].Snippet
		}
		e.Terms[t] = p
	}
	a.terms, a.slab = nil, nil
	return e
}
