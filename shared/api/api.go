// Package api is the query side's HTTP interface: a plain net/http handler,
// testable without Lambda. Errors are RFC 9457 problem documents.
package api

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/search"
)

// Docs is what the API reads documents and indexes from.
type Docs interface {
	doc.Records
	doc.Postings
}

// Texts reads derived and original texts.
type Texts interface {
	Text(ctx context.Context, d doc.Document, form string) (string, error)
}

// Deps are what the API needs besides the documents.
type Deps struct {
	Texts Texts
	// Analyzer (required) reads search queries and filter values as
	// ingestion read documents: 上海合作組織 finds and filters like
	// 上海合作组织.
	Analyzer search.Analyzer
	// Postings, when set, serves search instead of the documents store
	// (the query function puts a short-lived cache here).
	Postings search.Postings
	// Cursors signs search cursors (the store's, so one secret serves both).
	Cursors *doc.Cursors
	Log     *slog.Logger
}

// Limits on listing.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Server routes requests.
type Server struct {
	docs    Docs
	deps    Deps
	log     *slog.Logger
	mux     *http.ServeMux
	offsets offsetCursors
	routes  []string
}

// New returns the API handler.
func New(docs Docs, deps Deps) *Server {
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if deps.Analyzer == nil {
		panic("api: Deps.Analyzer is required")
	}
	if deps.Postings == nil {
		deps.Postings = docs
	}
	if deps.Cursors == nil {
		secret := make([]byte, 32)
		_, _ = rand.Read(secret)
		deps.Cursors = doc.NewCursors(secret)
	}
	s := &Server{docs: docs, deps: deps, log: deps.Log, mux: http.NewServeMux(), offsets: offsetCursors{deps.Cursors}}
	s.route("/{$}", s.page)
	s.route("/healthz", s.healthz)
	s.route("/openapi.json", s.openAPI)
	s.route("/documents", s.listDocuments)
	s.route("/documents/{id}", s.getDocument)
	s.route("/documents/{id}/text", s.getText)
	s.route("/documents/{id}/related", s.related)
	s.route("/search", s.search)
	s.route("/facets", s.facets)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem(w, http.StatusNotFound, "no such route: "+r.URL.Path)
	})
	return s
}

// route registers a GET-only handler; other methods get a 405 problem (the
// mux's own 405 is plain text).
func (s *Server) route(pattern string, h http.HandlerFunc) {
	s.routes = append(s.routes, strings.TrimSuffix(pattern, "{$}"))
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			problem(w, http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed here")
			return
		}
		h(w, r)
	})
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	if d, ok := s.document(w, r); ok {
		writeJSON(w, http.StatusOK, d)
	}
}

// document loads the record named by the {id} path segment, or answers
// 400/404/500 and reports false.
func (s *Server) document(w http.ResponseWriter, r *http.Request) (doc.Document, bool) {
	id := r.PathValue("id")
	if !validID(id) {
		problem(w, http.StatusBadRequest, "id must be 20 lowercase hex characters")
		return doc.Document{}, false
	}
	d, err := s.docs.Get(r.Context(), id)
	if errors.Is(err, doc.ErrNotFound) {
		problem(w, http.StatusNotFound, "no document with id "+id)
		return doc.Document{}, false
	}
	if err != nil {
		s.internal(w, r, err)
		return doc.Document{}, false
	}
	return d, true
}

type listResponse struct {
	Documents []doc.Document `json:"documents"`
	Cursor    string         `json:"cursor,omitempty"`
}

var filterParams = []string{"agency", "script", "variant", "status", "person", "place", "organization", "from", "to"}

func (s *Server) listDocuments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !knownParams(w, q, append([]string{"limit", "cursor"}, filterParams...)...) {
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
	page, err := s.docs.List(r.Context(), doc.ListQuery{Filter: f, Limit: limit, Cursor: q.Get("cursor")})
	if errors.Is(err, doc.ErrBadCursor) {
		problem(w, http.StatusBadRequest, "cursor is invalid or belongs to another query")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse{Documents: page.Documents, Cursor: page.Cursor})
}

// knownParams rejects parameters the route does not define: a typo must not
// silently widen a query.
func knownParams(w http.ResponseWriter, q url.Values, allowed ...string) bool {
	for name, vals := range q {
		if !slices.Contains(allowed, name) {
			problem(w, http.StatusBadRequest, "unknown parameter "+strconv.Quote(name))
			return false
		}
		if len(vals) > 1 {
			problem(w, http.StatusBadRequest, "parameter "+strconv.Quote(name)+" given more than once")
			return false
		}
	}
	return true
}

var enumValues = map[string][]string{
	"script":  {"Hans", "Hant", "mixed", "none"},
	"variant": {"cn", "hk", "tw"},
	"status":  {doc.StatusProcessed, doc.StatusFailed},
}

func (s *Server) parseFilter(w http.ResponseWriter, q url.Values) (doc.Filter, bool) {
	get := func(name string) (string, bool) {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return "", true
		}
		if allowed, ok := enumValues[name]; ok {
			if !slices.Contains(allowed, v) {
				problem(w, http.StatusBadRequest, fmt.Sprintf("%s must be one of %s", name, strings.Join(allowed, ", ")))
				return "", false
			}
			return v, true
		}
		if name == "from" || name == "to" {
			if _, err := time.Parse("2006-01-02", v); err != nil {
				problem(w, http.StatusBadRequest, name+" must be a date YYYY-MM-DD")
				return "", false
			}
			return v, true
		}
		if utf8.RuneCountInString(v) > 100 {
			problem(w, http.StatusBadRequest, name+" is longer than 100 characters")
			return "", false
		}
		// A name is canonical as the reading in its own variant, the one
		// its record's text was simplified with when the name decided it.
		readings, err := s.deps.Analyzer.Query(v)
		if err != nil {
			problem(w, http.StatusBadRequest, name+": "+err.Error())
			return "", false
		}
		return readings[0], true
	}
	var f doc.Filter
	for _, p := range []struct {
		name string
		dst  *string
	}{
		{"agency", &f.Agency}, {"script", &f.Script}, {"variant", &f.Variant}, {"status", &f.Status},
		{"person", &f.Person}, {"place", &f.Place}, {"organization", &f.Organization}, {"from", &f.From}, {"to", &f.To},
	} {
		v, ok := get(p.name)
		if !ok {
			return doc.Filter{}, false
		}
		*p.dst = v
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		problem(w, http.StatusBadRequest, "from is after to")
		return doc.Filter{}, false
	}
	return f, true
}

func parseLimit(w http.ResponseWriter, v string) (int, bool) {
	if v == "" {
		return DefaultLimit, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxLimit {
		problem(w, http.StatusBadRequest, "limit must be an integer from 1 to "+strconv.Itoa(MaxLimit))
		return 0, false
	}
	return n, true
}

func validID(id string) bool {
	if len(id) != 20 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err.Error())
	problem(w, http.StatusInternalServerError, "internal error")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
}
