// Package index turns a processed document into the entries the search and
// filter indexes hold, and a query into the terms to look up. Both sides use
// the same analysis (canonical Simplified text, the shared gse segmenter, the
// same term filter), which is what makes a Traditional query find a
// Simplified document and the reverse.
package index

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/segment"
)

// Facet fields: the names used in /documents filters and /facets.
const (
	FieldAgency       = "agency"
	FieldScript       = "script"
	FieldVariant      = "variant"
	FieldStatus       = "status"
	FieldPerson       = "person"
	FieldPlace        = "place"
	FieldOrganization = "organization"
	FieldKeyword      = "keyword"
)

// Weights: a term in the title or named as an entity/keyword says more about
// the document than one occurrence in the body.
const (
	titleWeight  = 3
	entityWeight = 2
	// MaxTerms bounds the postings one document writes; the rarest terms of a
	// very long document are dropped (they are kept in order of weight).
	MaxTerms = 2000
	// snippetRunes is the context kept around a term's first occurrence.
	snippetRunes = 36
)

// Posting is one term's entry for one document.
type Posting struct {
	Weight    int    // weighted term frequency
	Positions []int  // token positions in the body, for phrase queries
	Snippet   string // context of the first occurrence, canonical text
}

// Entries is everything a document contributes to the indexes.
type Entries struct {
	Terms  map[string]*Posting
	Facets map[string][]string // field → distinct values
	Length int                 // body length in indexed tokens (BM25's dl)
	Sketch []uint32            // fingerprint hashes indexed for related documents
}

// SketchSize is how many of a fingerprint's smallest hashes are indexed.
// Two texts sharing a passage share their smallest hashes within it, so a
// document is found from the other side even when it is much shorter.
const SketchSize = 48

// Sketch returns the hashes of fingerprint fp to index (see package
// fingerprint for its layout: version, shingle count, ascending hashes).
func Sketch(fp []uint32) []uint32 {
	if len(fp) <= 2 {
		return nil
	}
	h := fp[2:]
	return h[:min(len(h), SketchSize)]
}

// Build derives the entries of d from the tokens of each line of its
// canonical text (lines[i] cuts line i of text, split on "\n").
func Build(d doc.Document, lines [][]segment.Token, text string, titleTokens []segment.Token) Entries {
	ntok := 0
	for _, toks := range lines {
		ntok += len(toks)
	}
	// Distinct terms are 36-42% of the tokens on the seeds: the map is sized
	// for a third and grows at most once. The postings and their first
	// position slots are carved from slabs instead of allocated one by one.
	e := Entries{Terms: make(map[string]*Posting, ntok/3+8), Facets: Facets(d), Sketch: Sketch(d.Fingerprint)}
	var slab postingSlab
	runes := runePool.Get().(*runeIndex)
	defer func() {
		if cap(runes.at) <= 1<<20 { // a huge line's buffers go to the collector
			runePool.Put(runes)
		}
	}()
	pos := 0
	lineStart := 0
	for i, toks := range lines {
		line := text[lineStart:]
		if k := strings.IndexByte(line, '\n'); k >= 0 {
			line = line[:k]
		}
		off := 0 // byte offset of the next token in line
		runes.reset()
		for _, t := range toks {
			var start int
			start, off = locate(line, off, t.Text)
			term, ok := Term(t.Text)
			if !ok {
				continue
			}
			p := e.Terms[term]
			if p == nil {
				p = slab.next()
				if start >= 0 {
					p.Snippet = runes.around(line, start, start+len(t.Text), snippetRunes/2)
				}
				e.Terms[term] = p
			}
			p.Weight++
			p.Positions = append(p.Positions, pos)
			pos++
		}
		if i < len(lines)-1 {
			lineStart += len(line) + 1
			pos++ // a gap: a phrase does not run across paragraphs
		}
	}
	e.Length = pos
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
		e.prune()
	}
	return e
}

// postingSlab hands out postings, each with room for two positions, from
// chunks: one allocation per chunk instead of two per term. A posting whose
// positions outgrow the two slots gets its own array from append.
type postingSlab struct {
	postings  []Posting
	positions []int
}

const slabChunk = 256

// locate finds tok in line at or after off: tokens normally tile the line,
// so it is searched for only when they do not. It returns tok's byte offset
// (-1 when absent) and the offset of the next token.
func locate(line string, off int, tok string) (start, next int) {
	if strings.HasPrefix(line[off:], tok) {
		return off, off + len(tok)
	}
	if k := strings.Index(line[off:], tok); k >= 0 {
		return off + k, off + k + len(tok)
	}
	return -1, off
}

func (s *postingSlab) next() *Posting {
	if len(s.postings) == cap(s.postings) {
		s.postings = make([]Posting, 0, slabChunk)
		s.positions = make([]int, 2*slabChunk)
	}
	i := len(s.postings)
	s.postings = s.postings[:i+1]
	p := &s.postings[i]
	p.Positions = s.positions[2*i : 2*i : 2*i+2]
	return p
}

// runeIndex maps the byte offsets of one line to rune positions and back,
// built on the line's first snippet, so each snippet is two look-ups instead
// of a walk of up to snippetRunes characters.
type runeIndex struct {
	built  bool
	starts []int32 // byte offset of each rune start, then len(line)
	at     []int32 // rune position of each byte offset (of its rune)
}

func (x *runeIndex) reset() { x.built = false }

var runePool = sync.Pool{New: func() any { return new(runeIndex) }}

// around returns line[start:end] widened by up to n characters on each side;
// start and end are on character boundaries of line.
func (x *runeIndex) around(line string, start, end, n int) string {
	if !x.built {
		if cap(x.at) < len(line)+1 {
			x.at = make([]int32, len(line)+1, 2*len(line)+1)
			x.starts = make([]int32, len(line)+1, 2*len(line)+1)
		}
		at, starts := x.at[:len(line)+1], x.starts[:len(line)+1]
		k := int32(0)
		for i := 0; i < len(line); i++ {
			if utf8.RuneStart(line[i]) || i == 0 { // the walk in around stops at 0 too
				starts[k] = int32(i)
				k++
			}
			at[i] = k - 1
		}
		starts[k] = int32(len(line))
		at[len(line)] = k
		x.at, x.starts = at, starts[:k+1]
		x.built = true
	}
	lo := max(int(x.at[start])-n, 0)
	hi := min(int(x.at[end])+n, len(x.starts)-1)
	return line[x.starts[lo]:x.starts[hi]]
}

func (e *Entries) add(term string, w int, snippet string) {
	p := e.Terms[term]
	if p == nil {
		p = &Posting{Snippet: snippet}
		e.Terms[term] = p
	}
	p.Weight += w
}

func (e *Entries) prune() {
	type tw struct {
		t string
		w int
	}
	all := make([]tw, 0, len(e.Terms))
	for t, p := range e.Terms {
		all = append(all, tw{t, p.Weight})
	}
	// Partial selection would do; documents this long are rare.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && (all[j].w > all[j-1].w || all[j].w == all[j-1].w && all[j].t < all[j-1].t); j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	for _, x := range all[MaxTerms:] {
		delete(e.Terms, x.t)
	}
}

// Facets lists the filterable values of d.
func Facets(d doc.Document) map[string][]string {
	f := map[string][]string{}
	put := func(field string, vals ...string) {
		seen := map[string]bool{}
		for _, v := range vals {
			if v = strings.TrimSpace(v); v != "" && !seen[v] && len(v) <= 200 {
				seen[v] = true
				f[field] = append(f[field], v)
			}
		}
	}
	put(FieldStatus, d.Status)
	put(FieldScript, d.Script)
	put(FieldVariant, d.Variant)
	put(FieldAgency, d.Agencies...)
	put(FieldPerson, d.People...)
	put(FieldPlace, d.Places...)
	put(FieldOrganization, d.Organizations...)
	put(FieldKeyword, d.Keywords...)
	return f
}

// Term folds a token into an index term, or reports that it is not one
// (punctuation, whitespace, single non-Han symbols, stop words).
func Term(tok string) (string, bool) {
	if tok == "" || len(tok) > 120 {
		return "", false
	}
	// Fast path: a single punctuation mark or symbol (a third of a Chinese
	// text's tokens) is never a term.
	if r, size := utf8.DecodeRuneInString(tok); size == len(tok) && size > 1 && (r < 0x3400 || r > 0x9FFF) && !wordRune(r) {
		return "", false
	}
	// Fast path: Han words (most tokens) need no trimming or case folding.
	if hanWord(tok) {
		// The Han stop words are single characters.
		if len(tok) == 3 {
			r, _ := utf8.DecodeRuneInString(tok)
			return tok, !stopHan[r-0x3400]
		}
		return tok, true
	}
	tok = strings.TrimSpace(tok)
	hasWord := false
	for _, r := range tok {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			hasWord = true
			break
		}
	}
	if !hasWord {
		return "", false
	}
	tok = strings.ToLower(tok)
	if stopWords[tok] {
		return "", false
	}
	return tok, true
}

// hanWord reports whether tok is all U+3400..U+9FFF, from its bytes: those
// characters are the three-byte sequences E3 90..BF xx and E4..E9 xx xx.
func hanWord(tok string) bool {
	if len(tok)%3 != 0 {
		return false
	}
	for i := 0; i < len(tok); i += 3 {
		b0, b1, b2 := tok[i], tok[i+1], tok[i+2]
		if b1&0xC0 != 0x80 || b2&0xC0 != 0x80 || !(b0 >= 0xE4 && b0 <= 0xE9 || b0 == 0xE3 && b1 >= 0x90) {
			return false
		}
	}
	return true
}

// wordRune reports unicode.IsLetter(r) || unicode.IsDigit(r), from a table
// for the general and CJK punctuation and full-width blocks a Chinese text's
// marks come from.
func wordRune(r rune) bool {
	switch {
	case r >= 0x2000 && r < 0x3040:
		return punctWord[r-0x2000]
	case r >= 0xFF00 && r < 0xFFF0:
		return punctWord[0x1040+r-0xFF00]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

var punctWord = func() (t [0x1040 + 0xF0]bool) {
	for r := rune(0x2000); r < 0x3040; r++ {
		t[r-0x2000] = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	for r := rune(0xFF00); r < 0xFFF0; r++ {
		t[0x1040+r-0xFF00] = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return t
}()

// stopHan marks the single-character stop words, by rune - 0x3400.
var stopHan = func() (set [0x9FFF - 0x3400 + 1]bool) {
	for w := range stopWords {
		if r, size := utf8.DecodeRuneInString(w); size == len(w) && r >= 0x3400 && r <= 0x9FFF {
			set[r-0x3400] = true
		}
	}
	return set
}()

// stopWords are function words too frequent to help ranking. Content words
// (nouns, verbs, names) are all indexed.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`的 了 和 与 及 或 在 是 为 对 以 于 将 被 把 从 等 也 都 而 并 其 之 这 那 有 个 着 过 上 下 中 就 又 但 还 所 由 向 到 让 给 跟 同 即 该 此 各 每 a an the of and or to in on for is are was were be by with as at from`) {
		m[w] = true
	}
	return m
}()
