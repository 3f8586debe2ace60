package api

import (
	_ "embed"
	"errors"
	"net/http"
	"strconv"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/search"
)

//go:embed openapi.json
var openAPISpec []byte

// searchPage is the search page: one static file, no framework and nothing
// from elsewhere (the CSP says so), talking to this API.
//
//go:embed page.html
var searchPage []byte

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=300")
	w.Write(searchPage)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPISpec)
}

func (s *Server) getText(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !knownParams(w, q, "form") {
		return
	}
	form := q.Get("form")
	if form == "" {
		form = doc.FormNormalized
	}
	if form != doc.FormOriginal && form != doc.FormNormalized && form != doc.FormSimplified {
		problem(w, http.StatusBadRequest, "form must be original, normalized or simplified")
		return
	}
	d, ok := s.document(w, r)
	if !ok {
		return
	}
	if d.Status != "processed" && form != doc.FormOriginal {
		problem(w, http.StatusConflict, "the document failed processing; only form=original exists")
		return
	}
	if s.deps.Texts == nil {
		problem(w, http.StatusNotImplemented, "texts are not available here")
		return
	}
	text, err := s.deps.Texts.Text(r.Context(), d, form)
	if errors.Is(err, doc.ErrNotFound) {
		problem(w, http.StatusNotFound, "the "+form+" text of "+d.ID+" is gone")
		return
	}
	if errors.Is(err, doc.ErrNoText) {
		problem(w, http.StatusConflict, "the stored object is not text in its recorded encoding")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(text))
}

type relatedResponse struct {
	ID      string        `json:"id"`
	Related []doc.Related `json:"related"`
}

func (s *Server) related(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !knownParams(w, q, "limit") {
		return
	}
	limit, ok := parseLimit(w, q.Get("limit"))
	if !ok {
		return
	}
	d, ok := s.document(w, r)
	if !ok {
		return
	}
	rel, err := s.docs.RelatedTo(r.Context(), d, limit)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if rel == nil {
		rel = []doc.Related{}
	}
	writeJSON(w, http.StatusOK, relatedResponse{ID: d.ID, Related: rel})
}

type searchResponse struct {
	Query []search.Clause `json:"query"`
	Total int             `json:"total"`
	// TotalAtLeast says Total is a lower bound: the search found the page
	// without reading every match (package search).
	TotalAtLeast bool         `json:"total_at_least,omitempty"`
	Results      []search.Hit `json:"results"`
	Cursor       string       `json:"cursor,omitempty"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !knownParams(w, q, "q", "limit", "cursor") {
		return
	}
	limit, ok := parseLimit(w, q.Get("limit"))
	if !ok {
		return
	}
	query, err := search.Parse(s.deps.Analyzer, q.Get("q"))
	if err != nil {
		problem(w, http.StatusBadRequest, err.Error())
		return
	}
	// The cursor is an offset into the ranking, signed with the query.
	scope := "search\x00" + q.Get("q")
	offset := 0
	if c := q.Get("cursor"); c != "" {
		if offset, err = s.offsets.decode(c, scope); err != nil {
			problem(w, http.StatusBadRequest, "cursor is invalid or belongs to another query")
			return
		}
	}
	// One more than the page says whether there is a next one.
	top, err := search.Run(r.Context(), s.deps.Postings, query, offset+limit+1)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	hits := top.Hits
	res := searchResponse{Query: query.Clauses, Total: top.Total, TotalAtLeast: !top.Exact, Results: []search.Hit{}}
	if offset < len(hits) {
		end := min(offset+limit, len(hits))
		res.Results = hits[offset:end]
		if err := search.Detail(r.Context(), s.deps.Postings, query, res.Results); err != nil {
			s.internal(w, r, err)
			return
		}
		if end < len(hits) {
			res.Cursor = s.offsets.encode(end, scope)
		}
	}
	writeJSON(w, http.StatusOK, res)
}

var facetFields = map[string]string{
	"people": index.FieldPerson, "places": index.FieldPlace, "organizations": index.FieldOrganization,
	"agencies": index.FieldAgency, "keywords": index.FieldKeyword,
	"script": index.FieldScript, "variant": index.FieldVariant, "status": index.FieldStatus,
}

// maxFacetDocs bounds the documents a facet request under filters without
// counters (names, dates, several filters) recounts.
const maxFacetDocs = 1000

type facetResponse struct {
	Field  string           `json:"field"`
	Values []doc.FacetCount `json:"values"`
	// Partial is set when a recount stopped at maxFacetDocs documents:
	// the counts are then lower bounds. Counts from counters (no filter, or
	// one of agency, script, variant, status) are exact.
	Partial bool `json:"partial,omitempty"`
}

func (s *Server) facets(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !knownParams(w, q, append([]string{"field", "limit"}, filterParams...)...) {
		return
	}
	field, ok := facetFields[q.Get("field")]
	if !ok {
		problem(w, http.StatusBadRequest, "field must be one of people, places, organizations, agencies, keywords, script, variant, status")
		return
	}
	limit, ok := parseLimit(w, q.Get("limit"))
	if !ok {
		return
	}
	f, ok := s.parseFilter(w, q)
	if !ok {
		return
	}
	res := facetResponse{Field: q.Get("field")}
	vals, err := s.docs.FacetCounts(r.Context(), field, f, limit)
	if err == nil {
		res.Values = vals
		if res.Values == nil {
			res.Values = []doc.FacetCount{}
		}
		writeJSON(w, http.StatusOK, res)
		return
	}
	if !errors.Is(err, doc.ErrNotCounted) {
		s.internal(w, r, err)
		return
	}
	// No counters for this filter: count over the matching documents.
	counts := map[string]int{}
	seen, cursor := 0, ""
	for {
		page, err := s.docs.List(r.Context(), doc.ListQuery{Filter: f, Limit: MaxLimit, Cursor: cursor})
		if err != nil {
			s.internal(w, r, err)
			return
		}
		for _, d := range page.Documents {
			for _, v := range index.Facets(d)[field] {
				counts[v]++
			}
		}
		seen += len(page.Documents)
		if cursor = page.Cursor; cursor == "" {
			break
		}
		if seen >= maxFacetDocs {
			res.Partial = true
			break
		}
	}
	vals = make([]doc.FacetCount, 0, len(counts))
	for v, n := range counts {
		vals = append(vals, doc.FacetCount{Value: v, Count: n})
	}
	res.Values = doc.TopCounts(vals, limit)
	writeJSON(w, http.StatusOK, res)
}

// offsetCursors sign search offsets like the store signs keys.
type offsetCursors struct{ c *doc.Cursors }

func (o offsetCursors) encode(offset int, scope string) string {
	tok, _ := o.c.EncodeString(strconv.Itoa(offset), scope)
	return tok
}

func (o offsetCursors) decode(tok, scope string) (int, error) {
	v, err := o.c.DecodeString(tok, scope)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, doc.ErrBadCursor
	}
	return n, nil
}
