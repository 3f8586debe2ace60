// Package search answers full-text queries from the term postings: the query
// goes through the analysis documents went through (shared/analyze:
// character normalization, canonical Simplified, the extractor's cut, the
// index's term filter), then the best documents are found from the top of
// each query term's impact-ordered postings (Run).
package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/segment"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// Limits on queries.
const (
	MaxQueryRunes = 200
	MaxClauses    = 12
	// MaxPostings bounds the postings read per term (a page that deep is
	// past any reader); a search that reaches it returns a lower bound as
	// its total.
	MaxPostings = 20000
)

// ErrBadQuery wraps every problem with the query text itself.
var ErrBadQuery = errors.New("bad query")

// Clause is one query term, or a quoted phrase whose terms must be adjacent.
type Clause struct {
	Terms  []string `json:"terms"`
	Phrase bool     `json:"phrase,omitempty"`
}

// Query is an analysed query: every clause must match (AND). A query can
// read as more than one Simplified text (analyze.Analyzer.Query: the
// regional conversions disagree on some words); a document matches when it
// matches every clause of one reading.
type Query struct {
	Clauses []Clause   // of the reading in the query's own variant
	Others  [][]Clause // of the other readings, if any
}

// readings are the clause lists of every reading, the query's own first.
func (q Query) readings() [][]Clause { return append([][]Clause{q.Clauses}, q.Others...) }

// Analyzer is the analysis documents went through (analyze.Analyzer).
type Analyzer interface {
	// Query gives the canonical Simplified readings of text a user typed.
	Query(text string) ([]string, error)
	// Tokens cuts one line of canonical Simplified text.
	Tokens(line string) []segment.Token
}

// Parse analyses q. Quoted parts ("…", “…”, 「…」) are phrases.
func Parse(a Analyzer, q string) (Query, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return Query{}, fmt.Errorf("%w: empty query", ErrBadQuery)
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return Query{}, fmt.Errorf("%w: longer than %d characters", ErrBadQuery, MaxQueryRunes)
	}
	readings, err := a.Query(q)
	if err != nil {
		return Query{}, fmt.Errorf("%w: %v", ErrBadQuery, err)
	}
	var out Query
	for i, r := range readings {
		clauses := parseReading(a, r)
		if len(clauses) == 0 {
			if i == 0 {
				return Query{}, fmt.Errorf("%w: no searchable words", ErrBadQuery)
			}
			continue
		}
		if len(clauses) > MaxClauses {
			return Query{}, fmt.Errorf("%w: more than %d terms", ErrBadQuery, MaxClauses)
		}
		if i == 0 {
			out.Clauses = clauses
		} else {
			out.Others = append(out.Others, clauses)
		}
	}
	return out, nil
}

// parseReading cuts one Simplified reading into clauses.
func parseReading(a Analyzer, simplified string) []Clause {
	var out []Clause
	for i, part := range splitQuotes(simplified) {
		phrase := i%2 == 1
		var terms []string
		for _, t := range a.Tokens(part) {
			if term, ok := index.Term(t.Text); ok {
				terms = append(terms, term)
			}
		}
		if len(terms) == 0 {
			continue
		}
		if phrase && len(terms) > 1 {
			out = append(out, Clause{Terms: terms, Phrase: true})
			continue
		}
		for _, t := range terms {
			out = append(out, Clause{Terms: []string{t}})
		}
	}
	return out
}

// splitQuotes returns alternating unquoted/quoted parts.
func splitQuotes(s string) []string {
	var parts []string
	var b strings.Builder
	inQuote := false
	for _, r := range s {
		switch {
		case !inQuote && (r == '"' || r == '“' || r == '「' || r == '『'):
			parts = append(parts, b.String())
			b.Reset()
			inQuote = true
		case inQuote && (r == '"' || r == '”' || r == '」' || r == '』'):
			parts = append(parts, b.String())
			b.Reset()
			inQuote = false
		default:
			b.WriteRune(r)
		}
	}
	// An unclosed quote quotes to the end.
	return append(parts, b.String())
}

// Postings is what ranking reads (any store, or the Cache in front of one).
type Postings = doc.Postings

// Hit is one ranked document.
type Hit struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Published string  `json:"published"`
	Score     float64 `json:"score"`
	Snippet   string  `json:"snippet"`
	// term is the rarest query term the document matched: its posting
	// carries the snippet shown.
	term  string
	score float64 // unrounded, what the ranking orders by
}

// Result is the top of a ranking.
type Result struct {
	Hits []Hit
	// Total is the number of matching documents when Exact, else a lower
	// bound: the search stopped before reading every candidate.
	Total int
	Exact bool
}

// firstDepth is how many postings of each term the first round reads;
// each further round reads four times as many.
const firstDepth = 64

// Run returns the k best documents that match all clauses of a reading,
// best first (score, then ID), exactly as a ranking of every match would
// order them. Each term's postings are read from the top of its impact-
// ordered list; every document seen is scored in full (its other postings
// are looked up), and reading stops when the k-th score beats the best
// score a document not yet seen could have (Fagin's threshold algorithm),
// or when a list ends (then every candidate has been seen). Items read
// depend on k and on how the terms' impacts are spread, not on how many
// documents hold the terms.
func Run(ctx context.Context, src Postings, q Query, k int) (Result, error) {
	best := map[string]Hit{}
	res := Result{Exact: true}
	for _, clauses := range q.readings() {
		r, err := runReading(ctx, src, clauses, k)
		if err != nil {
			return Result{}, err
		}
		// A document matched by several readings scores as its best one.
		for _, h := range r.hits {
			if b, ok := best[h.ID]; !ok || h.score > b.score {
				best[h.ID] = h
			}
		}
		res.Exact = res.Exact && r.exact
	}
	res.Hits = make([]Hit, 0, len(best))
	for _, h := range best {
		res.Hits = append(res.Hits, h)
	}
	sortHits(res.Hits)
	res.Total = len(res.Hits)
	if len(res.Hits) > k {
		res.Hits = res.Hits[:k]
	}
	return res, nil
}

func sortHits(hits []Hit) {
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].ID < hits[j].ID
	})
}

type readingResult struct {
	hits  []Hit // every match found, unsorted
	exact bool  // every match was found
}

// runReading is the threshold algorithm over one reading's terms.
func runReading(ctx context.Context, src Postings, clauses []Clause, k int) (readingResult, error) {
	needPos := map[string]bool{}
	var terms []string
	for _, c := range clauses {
		for _, t := range c.Terms {
			if _, ok := needPos[t]; !ok {
				terms = append(terms, t)
			}
			needPos[t] = needPos[t] || c.Phrase
		}
	}
	idf := map[string]float64{}
	for _, t := range terms {
		idf[t] = index.IDF(t)
	}
	known := map[string]map[string]*doc.PostingRow{} // id → term → posting (nil: none)
	scored := map[string]bool{}
	var matches []Hit
	for depth := firstDepth; ; depth *= 4 {
		depth = min(depth, MaxPostings)
		lists, more, err := readTops(ctx, src, terms, needPos, depth)
		if err != nil {
			return readingResult{}, err
		}
		ended := false
		for _, t := range terms {
			ended = ended || !more[t]
			for i := range lists[t] {
				r := &lists[t][i]
				if known[r.ID] == nil {
					known[r.ID] = map[string]*doc.PostingRow{}
				}
				known[r.ID][t] = r
			}
		}
		// Look up the postings the seen documents' lists have not shown.
		var keys []doc.PostingKey
		var withPos []doc.PostingKey
		for id, got := range known {
			if scored[id] {
				continue
			}
			for _, t := range terms {
				if _, ok := got[t]; ok {
					continue
				}
				if !more[t] {
					got[t] = nil // the whole list was read: it has none
					continue
				}
				if needPos[t] {
					withPos = append(withPos, doc.PostingKey{ID: id, Term: t})
				} else {
					keys = append(keys, doc.PostingKey{ID: id, Term: t})
				}
			}
		}
		for _, ks := range []struct {
			keys []doc.PostingKey
			pos  bool
		}{{keys, false}, {withPos, true}} {
			if len(ks.keys) == 0 {
				continue
			}
			found, err := src.Lookup(ctx, ks.keys, ks.pos)
			if err != nil {
				return readingResult{}, err
			}
			for _, key := range ks.keys {
				if r, ok := found[key]; ok {
					known[key.ID][key.Term] = &r
				} else {
					known[key.ID][key.Term] = nil
				}
			}
		}
		for id, got := range known {
			if scored[id] {
				continue
			}
			scored[id] = true
			if h, ok := score(id, clauses, got, idf); ok {
				matches = append(matches, h)
			}
		}
		if ended {
			return readingResult{hits: matches, exact: true}, nil
		}
		// The best score a document seen in no list could have.
		threshold := 0.0
		for _, c := range clauses {
			for _, t := range c.Terms {
				l := lists[t]
				threshold += idf[t] * float64(l[len(l)-1].Impact) / index.ImpactScale
			}
		}
		sortHits(matches)
		if len(matches) >= k && matches[k-1].score > threshold || depth == MaxPostings {
			return readingResult{hits: matches}, nil
		}
	}
}

// readTops reads the top depth postings of every term, concurrently.
func readTops(ctx context.Context, src Postings, terms []string, needPos map[string]bool, depth int) (map[string][]doc.PostingRow, map[string]bool, error) {
	lists := make(map[string][]doc.PostingRow, len(terms))
	more := make(map[string]bool, len(terms))
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	for _, t := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows, cut, err := src.Postings(ctx, t, depth, needPos[t])
			mu.Lock()
			defer mu.Unlock()
			lists[t], more[t] = rows, cut && len(rows) > 0
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	return lists, more, firstErr
}

// score is the document's score if it matches every clause: the sum over
// the clauses' terms of IDF × impact. The snippet comes from the posting of
// the matched term with the highest IDF (the rarest).
func score(id string, clauses []Clause, got map[string]*doc.PostingRow, idf map[string]float64) (Hit, bool) {
	h := Hit{ID: id}
	bestIDF := -1.0
	for _, c := range clauses {
		for _, t := range c.Terms {
			if got[t] == nil {
				return Hit{}, false
			}
		}
		if c.Phrase && !adjacent(c.Terms, got) {
			return Hit{}, false
		}
		for _, t := range c.Terms {
			h.score += idf[t] * float64(got[t].Impact) / index.ImpactScale
			if idf[t] > bestIDF {
				bestIDF, h.term = idf[t], t
			}
		}
	}
	h.Score = math.Round(h.score*1000) / 1000
	return h, true
}

// adjacent reports whether the terms occur at consecutive positions.
func adjacent(terms []string, got map[string]*doc.PostingRow) bool {
	sets := make([]map[int]bool, len(terms))
	for i, t := range terms {
		sets[i] = map[int]bool{}
		for _, p := range got[t].Positions() {
			sets[i][p] = true
		}
	}
	for p := range sets[0] {
		ok := true
		for i := 1; i < len(terms) && ok; i++ {
			ok = sets[i][p+i]
		}
		if ok {
			return true
		}
	}
	return false
}

// Detail fills title, published date and highlighted snippet of the hits
// shown (one batch read, only for the page).
func Detail(ctx context.Context, src Postings, q Query, hits []Hit) error {
	keys := make([]doc.PostingKey, len(hits))
	for i, h := range hits {
		keys[i] = doc.PostingKey{ID: h.ID, Term: h.term}
	}
	details, err := src.PostingDetails(ctx, keys)
	if err != nil {
		return err
	}
	var terms []string
	for _, clauses := range q.readings() {
		for _, c := range clauses {
			terms = append(terms, c.Terms...)
		}
	}
	for i := range hits {
		d := details[keys[i]]
		hits[i].Title, hits[i].Published = d.Title, d.Published
		snippet, marked := ownScript(d.Snippet, terms, d.Script, d.Variant)
		hits[i].Snippet = Highlight(snippet, marked)
	}
	return nil
}

// ownScript converts a snippet (canonical Simplified, as indexed) into the
// document's script, with its regional forms for Hong Kong and Taiwan, and
// the terms to mark with it; a Simplified document's stays as it is. The
// Simplified terms are kept too: a conversion that depends on context can
// write a word differently alone than in the snippet.
func ownScript(snippet string, terms []string, script, variant string) (string, []string) {
	if script != "Hant" || snippet == "" {
		return snippet, terms
	}
	config := "s2t"
	switch variant {
	case "hk":
		config = "s2hk"
	case "tw":
		config = "s2tw"
	}
	c, err := zhconv.New(config)
	if err != nil {
		return snippet, terms
	}
	out, err := c.Convert(snippet)
	if err != nil {
		return snippet, terms
	}
	marked := append([]string(nil), terms...)
	for _, t := range terms {
		if ct, err := c.Convert(t); err == nil && ct != t {
			marked = append(marked, ct)
		}
	}
	return out, marked
}

// Highlight escapes s for HTML and wraps every occurrence of a term in
// <mark>…</mark>, longest terms first.
func Highlight(s string, terms []string) string {
	if s == "" {
		return ""
	}
	sorted := append([]string(nil), terms...)
	sort.Slice(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	lower := strings.ToLower(s)
	if len(lower) != len(s) {
		lower = s // case folding changed byte lengths; match exactly
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		matched := ""
		for _, t := range sorted {
			if t != "" && strings.HasPrefix(lower[i:], t) {
				matched = s[i : i+len(t)]
				break
			}
		}
		if matched != "" {
			b.WriteString("<mark>" + html.EscapeString(matched) + "</mark>")
			i += len(matched)
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(html.EscapeString(s[i : i+size]))
		i += size
	}
	return b.String()
}
