// Package search answers full-text queries from the term postings: the query
// goes through the analysis documents went through (shared/analyze:
// character normalization, canonical Simplified, the extractor's cut, the
// index's term filter), then documents are ranked with BM25 over the
// postings of every query term.
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
)

// Limits on queries.
const (
	MaxQueryRunes = 200
	MaxClauses    = 12
	// MaxPostings bounds the postings read per term; a term found in more
	// documents than this is too common to rank by anyway.
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
	term string
}

// BM25 parameters (the usual defaults).
const (
	k1 = 1.2
	b  = 0.75
)

type candidate struct {
	score float64
	best  float64 // idf of the rarest matched term, picks the snippet
	term  string
}

// Run ranks every document that matches all clauses.
func Run(ctx context.Context, src Postings, q Query) ([]Hit, error) {
	corpus, err := src.CorpusStats(ctx)
	if err != nil {
		return nil, err
	}
	n := float64(max(corpus.Docs, 1))
	avgdl := 1.0
	if corpus.Docs > 0 && corpus.Tokens > 0 {
		avgdl = float64(corpus.Tokens) / n
	}
	// Read each distinct term of every reading once, concurrently;
	// positions only for phrases.
	needPos := map[string]bool{}
	for _, clauses := range q.readings() {
		for _, c := range clauses {
			for _, t := range c.Terms {
				needPos[t] = needPos[t] || c.Phrase
			}
		}
	}
	lists := make(map[string][]doc.PostingRow, len(needPos))
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	for t, pos := range needPos {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows, _, err := src.Postings(ctx, t, MaxPostings, pos)
			mu.Lock()
			defer mu.Unlock()
			lists[t] = rows
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	// A document matched by several readings scores as its best one.
	var cands map[string]*candidate
	for _, clauses := range q.readings() {
		matched := rank(clauses, lists, n, avgdl)
		if cands == nil {
			cands = matched
			continue
		}
		for id, m := range matched {
			if c, ok := cands[id]; !ok || m.score > c.score {
				cands[id] = m
			}
		}
	}
	hits := make([]Hit, 0, len(cands))
	for id, c := range cands {
		hits = append(hits, Hit{ID: id, Score: math.Round(c.score*1000) / 1000, term: c.term})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	return hits, nil
}

// rank scores the documents that match every clause with BM25.
func rank(clauses []Clause, lists map[string][]doc.PostingRow, n, avgdl float64) map[string]*candidate {
	var cands map[string]*candidate
	for ci, c := range clauses {
		matched := map[string]*candidate{}
		if c.Phrase {
			matchPhrase(c.Terms, lists, matched)
		} else {
			for _, r := range lists[c.Terms[0]] {
				matched[r.ID] = &candidate{}
			}
		}
		for _, t := range c.Terms {
			rows := lists[t]
			df := float64(len(rows))
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			for _, r := range rows {
				m := matched[r.ID]
				if m == nil {
					continue
				}
				tf := float64(r.Weight)
				dl := float64(max(r.Length, 1))
				m.score += idf * tf * (k1 + 1) / (tf + k1*(1-b+b*dl/avgdl))
				if idf > m.best {
					m.best, m.term = idf, t
				}
			}
		}
		if ci == 0 {
			cands = matched
			continue
		}
		// AND: keep documents matched by every clause.
		for id, cand := range cands {
			m, ok := matched[id]
			if !ok {
				delete(cands, id)
				continue
			}
			cand.score += m.score
			if m.best > cand.best {
				cand.best, cand.term = m.best, m.term
			}
		}
	}
	return cands
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
		hits[i].Snippet = Highlight(d.Snippet, terms)
	}
	return nil
}

// matchPhrase keeps documents where the terms occur at consecutive positions.
func matchPhrase(terms []string, lists map[string][]doc.PostingRow, out map[string]*candidate) {
	pos := make([]map[string]map[int]bool, len(terms))
	for i, t := range terms {
		pos[i] = map[string]map[int]bool{}
		for _, r := range lists[t] {
			set := map[int]bool{}
			for _, p := range r.Positions() {
				set[p] = true
			}
			pos[i][r.ID] = set
		}
	}
	for _, r := range lists[terms[0]] {
		for _, p := range r.Positions() {
			ok := true
			for i := 1; i < len(terms) && ok; i++ {
				ok = pos[i][r.ID][p+i]
			}
			if ok {
				out[r.ID] = &candidate{}
				break
			}
		}
	}
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
