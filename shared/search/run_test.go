package search_test

import (
	"context"
	"slices"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/search"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
)

// Ranking over the in-memory store: clauses combine with AND, a phrase
// needs adjacent positions, the rarer term's posting gives the snippet.
func TestRunAndDetail(t *testing.T) {
	s := memstore.New(nil)
	add := func(id, title string, terms map[string]*index.Posting) {
		doctest.Put(t, s, doc.Document{ID: id, Title: title, Published: "2024-07-04", Status: doc.StatusProcessed}, 10, terms)
	}
	add("a", "上海合作组织", map[string]*index.Posting{
		"上海": {Weight: 3, Positions: []int{0}, Snippet: "上海合作"},
		"合作": {Weight: 1, Positions: []int{1}, Snippet: "上海合作"},
	})
	add("b", "合作上海", map[string]*index.Posting{
		"上海": {Weight: 1, Positions: []int{5}, Snippet: "在上海"},
		"合作": {Weight: 1, Positions: []int{2}, Snippet: "合作"},
	})
	add("c", "只有上海", map[string]*index.Posting{"上海": {Weight: 1, Positions: []int{0}, Snippet: "上海"}})
	ids := func(hits []search.Hit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.ID)
		}
		return out
	}
	for _, c := range []struct {
		name string
		q    search.Query
		want []string
	}{
		{"one term, by weight", search.Query{Clauses: []search.Clause{{Terms: []string{"上海"}}}}, []string{"a", "b", "c"}},
		{"AND", search.Query{Clauses: []search.Clause{{Terms: []string{"上海"}}, {Terms: []string{"合作"}}}}, []string{"a", "b"}},
		{"phrase", search.Query{Clauses: []search.Clause{{Terms: []string{"上海", "合作"}, Phrase: true}}}, []string{"a"}},
		{"unknown term", search.Query{Clauses: []search.Clause{{Terms: []string{"北京"}}}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			hits, err := search.Run(context.Background(), s, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(hits); !slices.Equal(got, c.want) {
				t.Fatalf("hits %v, want %v", got, c.want)
			}
			if err := search.Detail(context.Background(), s, c.q, hits); err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				if h.Title == "" || h.Published != "2024-07-04" || h.Snippet == "" {
					t.Errorf("hit %s not detailed: %+v", h.ID, h)
				}
			}
		})
	}
}
