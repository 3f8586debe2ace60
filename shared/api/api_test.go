package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/store"
)

type fakeDocs struct{ listed store.ListQuery }

func (f *fakeDocs) Get(_ context.Context, id string) (doc.Document, error) {
	switch id {
	case "0123456789abcdef0123":
		return doc.Document{ID: id, Title: "标题"}, nil
	case "eeeeeeeeeeeeeeeeeeee":
		return doc.Document{}, errors.New("dynamodb is down")
	}
	return doc.Document{}, store.ErrNotFound
}

func (f *fakeDocs) List(_ context.Context, q store.ListQuery) (store.Page, error) {
	f.listed = q
	if q.Cursor == "tampered" {
		return store.Page{}, store.ErrBadCursor
	}
	return store.Page{Documents: []doc.Document{{ID: "0123456789abcdef0123"}}, Cursor: "next"}, nil
}

func TestRoutes(t *testing.T) {
	docs := &fakeDocs{}
	h := New(docs, slog.New(slog.NewTextHandler(io.Discard, nil)))
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
			} else if ct != "application/json; charset=utf-8" {
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
