package index

import (
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
type Accumulator struct {
	e       Entries
	slab    postingSlab
	pos     int  // the next window's first position
	started bool // a window was added: the next one begins after a gap
}

// NewAccumulator returns an empty Accumulator.
func NewAccumulator() *Accumulator {
	return &Accumulator{e: Entries{Terms: make(map[string]*Posting, 1024)}}
}

// Add adds the body of one window: lines are the tokens of each line of
// text (split on "\n"), as Build takes them.
func (a *Accumulator) Add(lines [][]segment.Token, text string) {
	if len(lines) == 0 {
		return
	}
	if a.started {
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
			start := off
			if !strings.HasPrefix(line[off:], t.Text) {
				if k := strings.Index(line[off:], t.Text); k >= 0 {
					start = off + k
				} else {
					start = -1
				}
			}
			if start >= 0 {
				off = start + len(t.Text)
			}
			term, ok := Term(t.Text)
			if !ok {
				continue
			}
			p := a.e.Terms[term]
			if p == nil {
				p = a.slab.next()
				if start >= 0 {
					// the term is new to the document: its first occurrence
					p.Snippet = runes.around(line, start, start+len(t.Text), snippetRunes/2)
				}
				a.e.Terms[term] = p
			}
			p.Weight++
			p.Positions = append(p.Positions, pos)
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
	e := a.e
	e.Length = a.pos
	e.Facets, e.Sketch = Facets(d), Sketch(d.Fingerprint)
	for _, t := range titleTokens {
		if term, ok := Term(t.Text); ok {
			e.add(term, titleWeight, d.Title)
		}
	}
	for _, list := range [][]string{d.People, d.Places, d.Organizations, d.Agencies, d.Keywords} {
		for _, v := range list {
			if term, ok := Term(v); ok {
				e.add(term, entityWeight, "")
			}
		}
	}
	if len(e.Terms) > MaxTerms {
		// prune's order (weight, then term), by a sort: a document of many
		// windows has tens of thousands of terms
		type tw struct {
			t string
			w int
		}
		all := make([]tw, 0, len(e.Terms))
		for t, p := range e.Terms {
			all = append(all, tw{t, p.Weight})
		}
		slices.SortFunc(all, func(x, y tw) int {
			if x.w != y.w {
				return y.w - x.w
			}
			return strings.Compare(x.t, y.t)
		})
		for _, x := range all[MaxTerms:] {
			delete(e.Terms, x.t)
		}
	}
	a.e = Entries{}
	return e
}
