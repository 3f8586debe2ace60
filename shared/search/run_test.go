package search_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
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
			res, err := search.Run(context.Background(), s, c.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			hits := res.Hits
			if !res.Exact || res.Total != len(c.want) {
				t.Errorf("total %d (exact %v), want %d", res.Total, res.Exact, len(c.want))
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

// countingPostings counts the postings a search reads.
type countingPostings struct {
	src  search.Postings
	mu   sync.Mutex
	rows int
}

func (c *countingPostings) Postings(ctx context.Context, term string, max int, pos bool) ([]doc.PostingRow, bool, error) {
	rows, more, err := c.src.Postings(ctx, term, max, pos)
	c.mu.Lock()
	c.rows += len(rows)
	c.mu.Unlock()
	return rows, more, err
}

func (c *countingPostings) Lookup(ctx context.Context, keys []doc.PostingKey, pos bool) (map[doc.PostingKey]doc.PostingRow, error) {
	c.mu.Lock()
	c.rows += len(keys)
	c.mu.Unlock()
	return c.src.Lookup(ctx, keys, pos)
}

func (c *countingPostings) PostingDetails(ctx context.Context, keys []doc.PostingKey) (map[doc.PostingKey]doc.PostingRow, error) {
	return c.src.PostingDetails(ctx, keys)
}

func (c *countingPostings) CorpusStats(ctx context.Context) (doc.Corpus, error) {
	return c.src.CorpusStats(ctx)
}

// The top k of a bounded search is the top k of the full ranking (a search
// for more than there are reads every list to its end), for one term,
// AND, phrases and several readings, and every page of it; for common
// terms it reads a small part of the lists.
func TestRunIsExactAndBounded(t *testing.T) {
	s := memstore.New(nil)
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"上海", "合作", "发展", "北京", "组织", "会议", "经济", "香港"}
	const n = 3000
	for i := range n {
		terms := map[string]*index.Posting{}
		pos := 0
		for _, w := range vocab {
			// Zipf-like: the first words are in most documents.
			if rng.Float64() < 1/(1+0.4*float64(len(terms))) {
				k := 1 + rng.IntN(4)
				p := &index.Posting{Weight: k, Snippet: w}
				for range k {
					p.Positions = append(p.Positions, pos)
					pos += 1 + rng.IntN(2)
				}
				terms[w] = p
			}
		}
		doctest.Put(t, s, doc.Document{ID: fmt.Sprintf("d%04d", i), Title: "t", Status: doc.StatusProcessed}, 50+rng.IntN(800), terms)
	}
	queries := map[string]search.Query{
		"one term": {Clauses: []search.Clause{{Terms: []string{"上海"}}}},
		"AND":      {Clauses: []search.Clause{{Terms: []string{"上海"}}, {Terms: []string{"合作"}}}},
		"three":    {Clauses: []search.Clause{{Terms: []string{"上海"}}, {Terms: []string{"合作"}}, {Terms: []string{"发展"}}}},
		"phrase":   {Clauses: []search.Clause{{Terms: []string{"上海", "合作"}, Phrase: true}}},
		"readings": {Clauses: []search.Clause{{Terms: []string{"经济"}}}, Others: [][]search.Clause{{{Terms: []string{"组织"}}}}},
	}
	ctx := context.Background()
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			full, err := search.Run(ctx, s, q, n+1)
			if err != nil || !full.Exact || full.Total != len(full.Hits) || full.Total == 0 {
				t.Fatalf("full ranking: %d of %d (exact %v), %v", len(full.Hits), full.Total, full.Exact, err)
			}
			for _, k := range []int{1, 10, 21, 101} {
				src := &countingPostings{src: s}
				top, err := search.Run(ctx, src, q, k)
				if err != nil {
					t.Fatal(err)
				}
				want := full.Hits[:min(k, len(full.Hits))]
				if got := idsOf(top.Hits); !slices.Equal(got, idsOf(want)) {
					t.Fatalf("top %d differs from the full ranking's:\n got %v\nwant %v", k, got, idsOf(want))
				}
				if top.Total > full.Total || top.Exact && top.Total != full.Total {
					t.Errorf("top %d: total %d (exact %v), full %d", k, top.Total, top.Exact, full.Total)
				}
				if name == "one term" && k == 10 && src.rows > n/10 {
					t.Errorf("top 10 of a term in most of %d documents read %d postings", n, src.rows)
				}
			}
		})
	}
}

func idsOf(hits []search.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

// A Traditional document's snippet is shown in Traditional (its regional
// forms for Hong Kong and Taiwan) with the matched words marked there; a
// Simplified one's stays as indexed.
func TestDetailInOwnScript(t *testing.T) {
	s := memstore.New(nil)
	for _, d := range []struct{ id, script, variant string }{{"hk", "Hant", "hk"}, {"tw", "Hant", "tw"}, {"cn", "Hans", "cn"}} {
		doctest.Put(t, s, doc.Document{ID: d.id, Title: "t", Published: "2024-07-04", Status: doc.StatusProcessed, Script: d.script, Variant: d.variant}, 10,
			map[string]*index.Posting{"发展": {Weight: 1, Positions: []int{1}, Snippet: "经济发展的线路报道"}})
	}
	q := search.Query{Clauses: []search.Clause{{Terms: []string{"发展"}}}}
	res, err := search.Run(context.Background(), s, q, 10)
	if err != nil || len(res.Hits) != 3 {
		t.Fatalf("%v %v", res, err)
	}
	if err := search.Detail(context.Background(), s, q, res.Hits); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"hk": "經濟<mark>發展</mark>的線路報道",
		"tw": "經濟<mark>發展</mark>的線路報道",
		"cn": "经济<mark>发展</mark>的线路报道",
	}
	for _, h := range res.Hits {
		if h.Snippet != want[h.ID] {
			t.Errorf("%s: snippet %q, want %q", h.ID, h.Snippet, want[h.ID])
		}
	}
}
