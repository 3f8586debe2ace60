package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/search"
	"github.com/zhdoc/zhdoc/shared/segment"
)

type fakeDocs struct{ listed doc.ListQuery }

func (f *fakeDocs) Get(_ context.Context, id string) (doc.Document, error) {
	switch id {
	case "0123456789abcdef0123":
		return doc.Document{ID: id, Title: "标题"}, nil
	case "eeeeeeeeeeeeeeeeeeee":
		return doc.Document{}, errors.New("dynamodb is down")
	}
	return doc.Document{}, doc.ErrNotFound
}

func (f *fakeDocs) FacetCounts(_ context.Context, field string, limit int) ([]doc.FacetCount, error) {
	return []doc.FacetCount{{Value: "王毅", Count: 2}}, nil
}

func (f *fakeDocs) RelatedTo(context.Context, doc.Document, int) ([]doc.Related, error) {
	return nil, nil
}

func (f *fakeDocs) CorpusStats(context.Context) (doc.Corpus, error) {
	return doc.Corpus{Docs: 2, Tokens: 20}, nil
}

func (f *fakeDocs) Postings(_ context.Context, term string, _ int, _ bool) ([]doc.PostingRow, bool, error) {
	if term == "上海" {
		return []doc.PostingRow{{ID: "0123456789abcdef0123", Weight: 2, Length: 10}}, false, nil
	}
	return nil, false, nil
}

func (f *fakeDocs) PostingDetails(_ context.Context, keys []doc.PostingKey) (map[doc.PostingKey]doc.PostingRow, error) {
	out := map[doc.PostingKey]doc.PostingRow{}
	for _, k := range keys {
		if k.Term == "上海" {
			out[k] = doc.PostingRow{ID: k.ID, Title: "标题", Snippet: "在上海举行"}
		}
	}
	return out, nil
}

func (f *fakeDocs) List(_ context.Context, q doc.ListQuery) (doc.Page, error) {
	f.listed = q
	if q.Cursor == "tampered" {
		return doc.Page{}, doc.ErrBadCursor
	}
	return doc.Page{Documents: []doc.Document{{ID: "0123456789abcdef0123"}}, Cursor: "next"}, nil
}

func TestRoutes(t *testing.T) {
	docs := &fakeDocs{}
	h := New(docs, Deps{
		Analyzer: search.Analyzer{
			Simplify: func(s string) (string, error) { return strings.ReplaceAll(s, "海", "海"), nil },
			Tokens: func(s string) []segment.Token {
				var out []segment.Token
				for _, f := range strings.Fields(s) {
					out = append(out, segment.Token{Text: f})
				}
				return out
			},
		},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	cases := []struct {
		method, target string
		status         int
		problem        bool
	}{
		{"GET", "/healthz", 200, false},
		{"GET", "/documents/0123456789abcdef0123", 200, false},
		{"HEAD", "/documents/0123456789abcdef0123", 200, false},
		{"GET", "/documents/ffffffffffffffffffff", 404, true},
		{"GET", "/documents/not-an-id", 400, true},
		{"GET", "/documents/eeeeeeeeeeeeeeeeeeee", 500, true},
		{"DELETE", "/documents/0123456789abcdef0123", 405, true},
		{"POST", "/documents", 405, true},
		{"GET", "/documents", 200, false},
		{"GET", "/documents?limit=100", 200, false},
		{"GET", "/documents?limit=0", 400, true},
		{"GET", "/documents?limit=101", 400, true},
		{"GET", "/documents?limit=ten", 400, true},
		{"GET", "/documents?colour=red", 400, true},
		{"GET", "/documents?cursor=tampered", 400, true},
		{"GET", "/nowhere", 404, true},
		{"GET", "/openapi.json", 200, false},
		{"GET", "/documents/0123456789abcdef0123/related", 200, false},
		{"GET", "/documents/ffffffffffffffffffff/related", 404, true},
		{"GET", "/documents/0123456789abcdef0123/related?limit=500", 400, true},
		{"GET", "/search?q=上海", 200, false},
		{"GET", "/search?q=", 400, true},
		{"GET", "/search?q=" + strings.Repeat("长", 201), 400, true},
		{"GET", "/search?q=上海&cursor=forged.sig", 400, true},
		{"GET", "/search?q=！！", 400, true},
		{"GET", "/documents?from=2024-13-01", 400, true},
		{"GET", "/documents?from=2024-07-05&to=2024-07-01", 400, true},
		{"GET", "/documents?script=Latn", 400, true},
		{"GET", "/documents?person=王毅&from=2024-05-01&to=2024-05-31", 200, false},
		{"GET", "/documents?limit=1&limit=2", 400, true},
		{"GET", "/facets?field=people", 200, false},
		{"GET", "/facets?field=colour", 400, true},
		{"GET", "/facets?field=people&limit=0", 400, true},
		{"GET", "/documents/0123456789abcdef0123/text?form=pdf", 400, true},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(c.method, c.target, nil))
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			ct := rec.Header().Get("Content-Type")
			if c.problem {
				var p Problem
				if ct != "application/problem+json" || json.Unmarshal(rec.Body.Bytes(), &p) != nil || p.Status != c.status || p.Detail == "" {
					t.Fatalf("not a problem document: %s %s", ct, rec.Body)
				}
			} else if ct != "application/json; charset=utf-8" && ct != "application/json" {
				t.Fatalf("content type %q", ct)
			}
		})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/documents", nil))
	if docs.listed.Limit != DefaultLimit {
		t.Errorf("default limit %d, want %d", docs.listed.Limit, DefaultLimit)
	}
}

// The OpenAPI document is valid JSON, and documents exactly the routes the
// handler serves.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPISpec, &spec); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Fatalf("openapi %q", spec.OpenAPI)
	}
	served := New(&fakeDocs{}, Deps{}).routes
	for _, r := range served {
		if _, ok := spec.Paths[r]["get"]; !ok {
			t.Errorf("route %s is served but not documented", r)
		}
	}
	for p := range spec.Paths {
		found := false
		for _, r := range served {
			found = found || r == p
		}
		if !found {
			t.Errorf("documented path %s is not served", p)
		}
	}
}

func TestSearchCursorPages(t *testing.T) {
	docs := &fakeDocs{}
	h := New(docs, Deps{Analyzer: search.Analyzer{
		Simplify: func(s string) (string, error) { return s, nil },
		Tokens:   func(s string) []segment.Token { return []segment.Token{{Text: s}} },
	}})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/search?q=上海", nil))
	var res struct {
		Total   int
		Results []search.Hit
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Total != 1 || len(res.Results) != 1 {
		t.Fatalf("%s %v", rec.Body, err)
	}
	if got := res.Results[0].Snippet; got != "在<mark>上海</mark>举行" {
		t.Errorf("snippet %q", got)
	}
}
