package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/search"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
)

// failing is the in-memory store with the record of one id unreadable, as
// when DynamoDB is unavailable.
type failing struct {
	*memstore.Store
	id string
}

func (f failing) Get(ctx context.Context, id string) (doc.Document, error) {
	if id == f.id {
		return doc.Document{}, errors.New("dynamodb is down")
	}
	return f.Store.Get(ctx, id)
}

// newDocs holds one searchable document, 0123456789abcdef0123, plus extra
// undated filler records.
func newDocs(t *testing.T, extra int) failing {
	s := memstore.New([]byte("test secret"))
	d := doc.Document{ID: "0123456789abcdef0123", Title: "标题", Status: doc.StatusProcessed, Published: "2024-05-10", People: []string{"王毅"}}
	doctest.Put(t, s, d, 10, map[string]*index.Posting{"上海": {Weight: 2, Snippet: "在上海举行"}})
	for i := range extra {
		doctest.Put(t, s, doc.Document{ID: fmt.Sprintf("%020x", i+1), Status: doc.StatusProcessed, People: []string{"王毅"}}, 5, nil)
	}
	return failing{s, "eeeeeeeeeeeeeeeeeeee"}
}

func TestRoutes(t *testing.T) {
	docs := newDocs(t, DefaultLimit+5)
	h := New(docs, Deps{
		Analyzer: doctest.Analyzer{},
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	cases := []struct {
		method, target string
		status         int
		problem        bool
	}{
		{"POST", "/", 405, true},
		{"GET", "/index.html", 404, true},
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
	var page listResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || len(page.Documents) != DefaultLimit || page.Cursor == "" {
		t.Errorf("default listing: %d documents, cursor %q (%v); want %d and a cursor", len(page.Documents), page.Cursor, err, DefaultLimit)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/facets?field=people", nil))
	if want := `{"field":"people","values":[{"value":"王毅","count":26}]}`; strings.TrimSpace(rec.Body.String()) != want {
		t.Errorf("facets: %s, want %s", rec.Body, want)
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
	served := New(newDocs(t, 0), Deps{Analyzer: doctest.Analyzer{}}).routes
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
	docs := newDocs(t, 3)
	h := New(docs, Deps{Analyzer: doctest.Analyzer{}})
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

// The search page is one self-contained HTML page: nothing loaded from
// elsewhere, and it calls only routes this API serves.
func TestSearchPage(t *testing.T) {
	h := New(newDocs(t, 0), Deps{Analyzer: doctest.Analyzer{}})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	body := rec.Body.String()
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("content type %q", ct)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	for _, bad := range []string{"http://", "https://", "//cdn", "<script src", "<link "} {
		if strings.Contains(body, bad) {
			t.Errorf("page refers to %q", bad)
		}
	}
	// every API path the page fetches starts a route
	fetched := regexp.MustCompile(`api\("(/[a-z]+)`).FindAllStringSubmatch(body, -1)
	if len(fetched) < 4 {
		t.Fatalf("page fetches %d paths", len(fetched))
	}
	for _, m := range fetched {
		if !slices.Contains(h.routes, m[1]) {
			t.Errorf("page fetches %s, which is not a route", m[1])
		}
	}
}
