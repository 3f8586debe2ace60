package doc

import (
	"context"
	"encoding/binary"
	"errors"
	"slices"
	"sort"
	"strings"
)

// ErrNotFound is returned when a document (or one of its texts) does not exist.
var ErrNotFound = errors.New("document not found")

// ErrBusy is returned by a store when another writer is changing the same
// document: nothing was written, and a retry later will go through.
var ErrBusy = errors.New("the document is being written by another writer")

// ErrNotCounted is returned for facet counts under a filter no counters
// are kept for; the caller recounts through the listing.
var ErrNotCounted = errors.New("no facet counters for this filter")

// ErrRefused is returned when a store refuses a record itself (over the
// item size limit, say): retrying cannot help.
var ErrRefused = errors.New("the store refused the record")

// Records reads document records: what the API lists, shows and relates.
type Records interface {
	Get(ctx context.Context, id string) (Document, error)
	List(ctx context.Context, q ListQuery) (Page, error)
	// FacetCounts returns the top values of field among the documents f
	// selects, from maintained counters: exact, without reading documents.
	// Filters without counters (index.CounterFilter) give ErrNotCounted.
	FacetCounts(ctx context.Context, field string, f Filter, limit int) ([]FacetCount, error)
	RelatedTo(ctx context.Context, d Document, limit int) ([]Related, error)
}

// Postings is what ranking reads: term posting lists and the corpus counters.
type Postings interface {
	// Postings reads the top max postings of term, only what ranking
	// needs (ID, Weight, Length, Impact, and Pos when withPositions), in
	// descending Impact order, ties by ascending ID. The second result says
	// whether the list goes on.
	Postings(ctx context.Context, term string, max int, withPositions bool) ([]PostingRow, bool, error)
	// Lookup reads the postings of keys as Postings fills them (random
	// access); keys without a posting are absent from the map.
	Lookup(ctx context.Context, keys []PostingKey, withPositions bool) (map[PostingKey]PostingRow, error)
	// PostingDetails reads title, published date and snippet of postings;
	// keys without a posting are absent from the map.
	PostingDetails(ctx context.Context, keys []PostingKey) (map[PostingKey]PostingRow, error)
	CorpusStats(ctx context.Context) (Corpus, error)
}

// Filter selects documents; all set fields must match (AND).
type Filter struct {
	Agency, Script, Variant, Status string
	Person, Place, Organization     string
	From, To                        string // YYYY-MM-DD, inclusive
}

// Scope is the canonical form of the filter that cursors are bound to.
func (f Filter) Scope() string {
	var b strings.Builder
	b.WriteString("list")
	for _, v := range []string{f.Person, f.Organization, f.Place, f.Agency, f.Variant, f.Script, f.Status} {
		b.WriteString("\x00" + v)
	}
	b.WriteString("\x00" + f.From + "\x00" + f.To)
	return b.String()
}

// Match reports whether d passes every set field of f.
func (f Filter) Match(d Document) bool {
	switch {
	case f.Person != "" && !slices.Contains(d.People, f.Person),
		f.Organization != "" && !slices.Contains(d.Organizations, f.Organization),
		f.Place != "" && !slices.Contains(d.Places, f.Place),
		f.Agency != "" && !slices.Contains(d.Agencies, f.Agency),
		f.Variant != "" && d.Variant != f.Variant,
		f.Script != "" && d.Script != f.Script,
		f.Status != "" && d.Status != f.Status,
		f.From != "" && (d.Published == "" || d.Published < f.From),
		f.To != "" && (d.Published == "" || d.Published > f.To):
		return false
	}
	return true
}

// ListQuery selects a page of documents, newest first.
type ListQuery struct {
	Filter
	Limit  int
	Cursor string
}

// Page is one page of a listing; Cursor is empty on the last page. A page
// may be short (even empty) and still carry a cursor: the store bounds the
// work of one request.
type Page struct {
	Documents []Document
	Cursor    string
}

// noDate sorts undated documents after dated ones in newest-first order.
const noDate = "0000-00-00"

// ListKey is the key listings sort on, descending: published date, then
// processing time, then id, so the order is total and stable.
func ListKey(d Document) string {
	pub := d.Published
	if pub == "" {
		pub = noDate
	}
	return pub + "#" + d.ProcessedAt + "#" + d.ID
}

// FacetCount is one value of a facet with the number of documents having it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// TopCounts sorts by count (then value) and keeps the first limit.
func TopCounts(all []FacetCount, limit int) []FacetCount {
	sort.Slice(all, func(i, j int) bool {
		if all[i].Count != all[j].Count {
			return all[i].Count > all[j].Count
		}
		return all[i].Value < all[j].Value
	})
	if len(all) > limit {
		all = all[:limit]
	}
	return all
}

// Corpus holds the counters BM25 needs.
type Corpus struct {
	Docs   int
	Tokens int
}

// PostingRow is one document in a term's posting list. Postings fills ID,
// Weight, Length (and Pos on request); PostingDetails the rest.
type PostingRow struct {
	ID        string
	Weight    int
	Length    int
	Impact    int    // index.Impact(Weight, Length): the list's sort order
	Pos       []byte // EncodePositions of the term's positions
	Title     string
	Published string
	Snippet   string // canonical Simplified, as indexed
	// Script and Variant are the document's, for showing the snippet in
	// its own script.
	Script, Variant string
}

// Positions decodes the term's positions in the document body.
func (p PostingRow) Positions() []int { return DecodePositions(p.Pos) }

// PostingKey names one posting.
type PostingKey struct{ ID, Term string }

// EncodePositions stores ascending positions as uvarint deltas: postings
// are read on every search, and this keeps them a few bytes a term.
func EncodePositions(pos []int) []byte {
	buf := make([]byte, 0, len(pos)*2)
	prev := 0
	for _, p := range pos {
		buf = binary.AppendUvarint(buf, uint64(p-prev))
		prev = p
	}
	return buf
}

// DecodePositions reverses EncodePositions.
func DecodePositions(b []byte) []int {
	var out []int
	prev := 0
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			break
		}
		prev += int(d)
		out = append(out, prev)
		b = b[n:]
	}
	return out
}
