// Package api is the query side's HTTP interface: a plain net/http handler,
// testable without Lambda. Errors are RFC 9457 problem documents.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/store"
)

// Docs is what the API reads documents from.
type Docs interface {
	Get(ctx context.Context, id string) (doc.Document, error)
	List(ctx context.Context, q store.ListQuery) (store.Page, error)
}

// Limits on listing.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Server routes requests.
type Server struct {
	docs Docs
	log  *slog.Logger
	mux  *http.ServeMux
}

// New returns the API handler.
func New(docs Docs, log *slog.Logger) *Server {
	s := &Server{docs: docs, log: log, mux: http.NewServeMux()}
	s.route("/healthz", s.healthz)
	s.route("/documents", s.listDocuments)
	s.route("/documents/{id}", s.getDocument)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem(w, http.StatusNotFound, "no such route: "+r.URL.Path)
	})
	return s
}

// route registers a GET-only handler; other methods get a 405 problem (the
// mux's own 405 is plain text).
func (s *Server) route(pattern string, h http.HandlerFunc) {
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
	id := r.PathValue("id")
	if !validID(id) {
		problem(w, http.StatusBadRequest, "id must be 20 lowercase hex characters")
		return
	}
	d, err := s.docs.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		problem(w, http.StatusNotFound, "no document with id "+id)
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

type listResponse struct {
	Documents []doc.Document `json:"documents"`
	Cursor    string         `json:"cursor,omitempty"`
}

func (s *Server) listDocuments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for name := range q {
		switch name {
		case "limit", "cursor":
		default:
			problem(w, http.StatusBadRequest, "unknown parameter "+strconv.Quote(name))
			return
		}
	}
	limit, ok := parseLimit(w, q.Get("limit"))
	if !ok {
		return
	}
	page, err := s.docs.List(r.Context(), store.ListQuery{Limit: limit, Cursor: q.Get("cursor")})
	if errors.Is(err, store.ErrBadCursor) {
		problem(w, http.StatusBadRequest, "cursor is invalid or belongs to another query")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse{Documents: page.Documents, Cursor: page.Cursor})
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
