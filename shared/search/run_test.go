package search_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/search"
	"github.com/zhdoc/zhdoc/shared/segment"
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
		// a second reading (合作 for a variant that reads the query so)
		// adds the documents it matches; AND holds within a reading
		{"readings", search.Query{
			Clauses: []search.Clause{{Terms: []string{"北京"}}},
			Others:  [][]search.Clause{{{Terms: []string{"合作"}}, {Terms: []string{"上海"}}}},
		}, []string{"a", "b"}},
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

// Parse: quoted parts are phrases, every reading becomes a clause list, the
// query's own first, and bad queries are ErrBadQuery.
func TestParse(t *testing.T) {
	for _, c := range []struct {
		q       string
		want    search.Query
		wantErr bool
	}{
		{q: "上海 合作", want: search.Query{Clauses: []search.Clause{{Terms: []string{"上海"}}, {Terms: []string{"合作"}}}}},
		{q: `"上海 合作" 组织`, want: search.Query{Clauses: []search.Clause{{Terms: []string{"上海", "合作"}, Phrase: true}, {Terms: []string{"组织"}}}}},
		{q: "意味著", want: search.Query{
			Clauses: []search.Clause{{Terms: []string{"意味著"}}},
			Others:  [][]search.Clause{{{Terms: []string{"意味着"}}}},
		}},
		{q: "  ", wantErr: true},
		{q: "， 。", wantErr: true},
	} {
		got, err := search.Parse(readings{"意味著": {"意味著", "意味着"}}, c.q)
		if c.wantErr {
			if !errors.Is(err, search.ErrBadQuery) {
				t.Errorf("Parse(%q) error %v, want ErrBadQuery", c.q, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.q, got, err, c.want)
		}
	}
}

// readings is doctest.Analyzer with more readings for some queries.
type readings map[string][]string

func (r readings) Query(text string) ([]string, error) {
	if rs, ok := r[text]; ok {
		return rs, nil
	}
	return doctest.Analyzer{}.Query(text)
}

func (readings) Tokens(line string) []segment.Token { return doctest.Analyzer{}.Tokens(line) }
