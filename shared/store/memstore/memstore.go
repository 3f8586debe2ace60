// Package memstore keeps document records and their index entries in
// memory, with the semantics of the DynamoDB store (package store): what
// changes on a write is decided by the same index.Replace and index.Remove,
// related documents are ranked by the same doc functions, and both pass the
// same contract tests (package storetest). Unit tests use it instead of
// DynamoDB Local.
package memstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
)

// Store is an in-memory document store, safe for concurrent use. Every
// method holds one lock, so a write is atomic here where DynamoDB needs
// conditions and transactions for the same outcome.
type Store struct {
	mu       sync.Mutex
	cursors  *doc.Cursors
	records  map[string]record
	items    map[string]*owned  // id → index items it owns
	counters map[counterKey]int // documents per facet value under a filter value
	corpus   doc.Corpus
	tombs    map[string]string // id → sequencer of the removal that deleted it
}

type record struct {
	doc    []byte // JSON, so callers cannot alias what is stored
	length int    // the body length it was counted with
	seq    string // the record's sequencer
}

// counterKey names a counter: Facet among the documents having filter
// value Under (zero: all documents).
type counterKey struct{ Under, Facet index.FacetValue }

type owned struct {
	facets map[index.FacetValue]string // → what it is counted under
	terms  map[string]termPosting
	sketch map[uint32]bool
}

// termPosting is what a DynamoDB term posting item carries.
type termPosting struct {
	weight, length int
	pos            []byte
	snippet        string
}

// New returns an empty store; secret signs pagination cursors.
func New(secret []byte) *Store {
	return &Store{
		cursors:  doc.NewCursors(secret),
		records:  map[string]record{},
		items:    map[string]*owned{},
		counters: map[counterKey]int{},
		tombs:    map[string]string{},
	}
}

// Cursors returns the signer of this store's cursors.
func (s *Store) Cursors() *doc.Cursors { return s.cursors }

func (s *Store) prior(id string) index.Prior {
	var p index.Prior
	if r, ok := s.records[id]; ok {
		p.HasRecord, p.Length = true, r.length
	}
	if o := s.items[id]; o != nil {
		p.Under = map[index.FacetValue]string{}
		for fv, under := range o.facets {
			p.Facets = append(p.Facets, fv)
			p.Under[fv] = under
		}
		for t := range o.terms {
			p.Terms = append(p.Terms, t)
		}
		for h := range o.sketch {
			p.Sketch = append(p.Sketch, h)
		}
	}
	return p
}

func (s *Store) count(moves []index.FacetMove) {
	for _, m := range moves {
		for _, d := range m.Deltas {
			s.counters[counterKey{d.Under, m.FacetValue}] += d.N
		}
	}
}

// latest is the latest sequencer seen for id: its record's or its tombstone's.
func (s *Store) latest(id string) string {
	return doc.LaterSequencer(s.records[id].seq, s.tombs[id])
}

// Put writes d and its index entries, replacing what the document owned
// before; repeating it changes nothing. A d older than the document's state
// (doc.Supersedes) changes nothing and returns doc.ErrStale; a d without a
// sequencer inherits the latest one.
func (s *Store) Put(_ context.Context, d doc.Document, e index.Entries) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	last := s.latest(d.ID)
	if !doc.Supersedes(d.Sequencer, last) {
		return fmt.Errorf("put document %s at %s (latest %s): %w", d.ID, d.Sequencer, last, doc.ErrStale)
	}
	if d.Sequencer == "" {
		d.Sequencer = last
	}
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("marshal document %s: %w", d.ID, err)
	}
	diff := index.Replace(s.prior(d.ID), e)
	s.count(diff.Moves)
	o := &owned{facets: map[index.FacetValue]string{}, terms: map[string]termPosting{}, sketch: map[uint32]bool{}}
	for _, fv := range e.Owned().Facets {
		o.facets[fv] = diff.Under
	}
	for term, p := range e.Terms {
		tp := termPosting{weight: p.Weight, length: e.Length, snippet: p.Snippet}
		if len(p.Positions) > 0 {
			tp.pos = doc.EncodePositions(p.Positions)
		}
		o.terms[term] = tp
	}
	for _, h := range e.Sketch {
		o.sketch[h] = true
	}
	s.items[d.ID] = o
	s.records[d.ID] = record{doc: b, length: e.Length, seq: d.Sequencer}
	delete(s.tombs, d.ID)
	s.corpus.Docs += diff.DeltaDocs
	s.corpus.Tokens += diff.DeltaTokens
	return nil
}

// Delete removes the document, its index entries and its counts; deleting
// what does not exist is not an error. It is Remove without a sequencer.
func (s *Store) Delete(ctx context.Context, id string) error { return s.Remove(ctx, id, "") }

// Remove deletes the document as Delete does and leaves a tombstone with
// sequencer seq, so that a later-delivered older write is refused. A removal
// older than the document's state changes nothing and returns doc.ErrStale.
func (s *Store) Remove(_ context.Context, id, seq string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	last := s.latest(id)
	if !doc.Supersedes(seq, last) {
		return fmt.Errorf("remove document %s at %s (latest %s): %w", id, seq, last, doc.ErrStale)
	}
	if seq != "" {
		s.tombs[id] = seq
	}
	diff := index.Remove(s.prior(id))
	s.count(diff.Moves)
	delete(s.items, id)
	delete(s.records, id)
	s.corpus.Docs += diff.DeltaDocs
	s.corpus.Tokens += diff.DeltaTokens
	return nil
}

func (s *Store) get(id string) (doc.Document, bool, error) {
	r, ok := s.records[id]
	if !ok {
		return doc.Document{}, false, nil
	}
	var d doc.Document
	if err := json.Unmarshal(r.doc, &d); err != nil {
		return doc.Document{}, false, fmt.Errorf("decode document %s: %w", id, err)
	}
	return d, true, nil
}

// Get returns the record of id or doc.ErrNotFound.
func (s *Store) Get(_ context.Context, id string) (doc.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok, err := s.get(id)
	if err != nil {
		return doc.Document{}, err
	}
	if !ok {
		return doc.Document{}, doc.ErrNotFound
	}
	return d, nil
}

// List returns documents matching q.Filter, newest first (doc.ListKey
// descending). The cursor is the list key of the last document returned.
func (s *Store) List(_ context.Context, q doc.ListQuery) (doc.Page, error) {
	scope := q.Filter.Scope()
	from, err := s.cursors.Decode(q.Cursor, scope)
	if err != nil {
		return doc.Page{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	driver, driven := index.Driver(q.Filter)
	type listed struct {
		key string
		d   doc.Document
	}
	var all []listed
	for id := range s.records {
		// As in DynamoDB, a driven listing reads the facet postings, the
		// others the records.
		if driven && (s.items[id] == nil || !hasFacet(s.items[id].facets, driver)) {
			continue
		}
		d, _, err := s.get(id)
		if err != nil {
			return doc.Page{}, err
		}
		all = append(all, listed{doc.ListKey(d), d})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key > all[j].key })
	page := doc.Page{Documents: make([]doc.Document, 0, q.Limit)}
	for i, l := range all {
		if from != nil && l.key >= from["k"] {
			continue
		}
		if !q.Filter.Match(l.d) {
			continue
		}
		page.Documents = append(page.Documents, l.d)
		if len(page.Documents) == q.Limit {
			if i < len(all)-1 {
				cur, err := s.cursors.Encode(map[string]string{"k": l.key}, scope)
				if err != nil {
					return doc.Page{}, err
				}
				page.Cursor = cur
			}
			break
		}
	}
	return page, nil
}

func hasFacet(m map[index.FacetValue]string, fv index.FacetValue) bool {
	_, ok := m[fv]
	return ok
}

// FacetCounts returns the top values of field among the documents f
// selects, from the counters.
func (s *Store) FacetCounts(_ context.Context, field string, f doc.Filter, limit int) ([]doc.FacetCount, error) {
	under, ok := index.CounterFilter(f)
	if !ok {
		return nil, doc.ErrNotCounted
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []doc.FacetCount
	for k, n := range s.counters {
		if k.Under == under && k.Facet.Field == field && n > 0 {
			all = append(all, doc.FacetCount{Value: k.Facet.Value, Count: n})
		}
	}
	return doc.TopCounts(all, limit), nil
}

// RelatedTo returns documents sharing text with d, most contained first.
func (s *Store) RelatedTo(_ context.Context, d doc.Document, limit int) ([]doc.Related, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	shared := map[string]int{}
	for _, h := range index.Sketch(d.Fingerprint) {
		var ids []string
		for id, o := range s.items {
			if o.sketch[h] {
				ids = append(ids, id)
			}
		}
		if len(ids) > doc.MaxSketchDocs {
			continue // boilerplate (doc.MaxSketchDocs)
		}
		for _, id := range ids {
			if id != d.ID {
				shared[id]++
			}
		}
	}
	ids := doc.RelatedCandidates(shared)
	docs := map[string]doc.Document{}
	for _, id := range ids {
		o, ok, err := s.get(id)
		if err != nil {
			return nil, err
		}
		if ok {
			docs[id] = o
		}
	}
	return doc.ScoreRelated(d, ids, docs, limit), nil
}

// Postings reads the top max postings of term, by descending impact then
// ascending id.
func (s *Store) Postings(_ context.Context, term string, max int, withPositions bool) ([]doc.PostingRow, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rows []doc.PostingRow
	for id, o := range s.items {
		if p, ok := o.terms[term]; ok {
			rows = append(rows, p.row(id, withPositions))
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Impact != rows[j].Impact {
			return rows[i].Impact > rows[j].Impact
		}
		return rows[i].ID < rows[j].ID
	})
	if len(rows) > max {
		return rows[:max], true, nil
	}
	return rows, false, nil
}

func (p termPosting) row(id string, withPositions bool) doc.PostingRow {
	r := doc.PostingRow{ID: id, Weight: p.weight, Length: p.length, Impact: index.Impact(p.weight, p.length)}
	if withPositions {
		r.Pos = slices.Clone(p.pos)
	}
	return r
}

// Lookup reads the postings of keys.
func (s *Store) Lookup(_ context.Context, keys []doc.PostingKey, withPositions bool) (map[doc.PostingKey]doc.PostingRow, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[doc.PostingKey]doc.PostingRow{}
	for _, k := range keys {
		if o := s.items[k.ID]; o != nil {
			if p, ok := o.terms[k.Term]; ok {
				out[k] = p.row(k.ID, withPositions)
			}
		}
	}
	return out, nil
}

// PostingDetails reads title, published date and snippet of postings.
func (s *Store) PostingDetails(_ context.Context, keys []doc.PostingKey) (map[doc.PostingKey]doc.PostingRow, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[doc.PostingKey]doc.PostingRow{}
	for _, k := range keys {
		o := s.items[k.ID]
		if o == nil {
			continue
		}
		if p, ok := o.terms[k.Term]; ok {
			d, _, err := s.get(k.ID)
			if err != nil {
				return nil, err
			}
			out[k] = doc.PostingRow{ID: k.ID, Title: d.Title, Published: d.Published, Snippet: p.snippet, Script: d.Script, Variant: d.Variant}
		}
	}
	return out, nil
}

// CorpusStats reads the corpus counters.
func (s *Store) CorpusStats(context.Context) (doc.Corpus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.corpus, nil
}
