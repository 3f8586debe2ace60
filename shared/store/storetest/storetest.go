// Package storetest is the contract every document store keeps: one suite
// of tests that runs against the in-memory store in `go test ./...` and
// against the DynamoDB store on DynamoDB Local in the integration run, so
// the fake cannot drift from the real one.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/fingerprint"
	"github.com/zhdoc/zhdoc/shared/index"
)

// Store is everything a document store provides: what the processor writes
// with and what the API reads.
type Store interface {
	doc.Records
	doc.Postings
	Put(ctx context.Context, d doc.Document, e index.Entries) error
	Delete(ctx context.Context, id string) error
	// Remove deletes as Delete does, ordered by the S3 sequencer seq
	// (doc.Supersedes), and leaves a tombstone.
	Remove(ctx context.Context, id, seq string) error
}

// Run runs the contract against stores made by newStore, which must return
// an empty store each time it is called.
func Run(t *testing.T, newStore func(t *testing.T) Store) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, Store)
	}{
		{"GetMissing", testGetMissing},
		{"PutGetRoundTrip", testRoundTrip},
		{"PutIsIdempotent", testPutIdempotent},
		{"RePutMovesCounters", testRePut},
		{"DeleteIsIdempotent", testDelete},
		{"ListOrderAndCursors", testListOrder},
		{"ListFilters", testListFilters},
		{"BadCursors", testBadCursors},
		{"FacetCounts", testFacetCounts},
		{"FilteredFacetCounts", testFilteredFacetCounts},
		{"Postings", testPostings},
		{"Related", testRelated},
		{"ConcurrentWriters", testConcurrentWriters},
		{"RelatedSkipsBoilerplate", testRelatedBoilerplate},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, newStore(t)) })
	}
	// Each ordering case needs a fresh store.
	t.Run("Ordering", func(t *testing.T) { testOrdering(t, newStore) })
}

// article is a processed record with the fields listings and facets read.
func article(key, published, processedAt string, people ...string) doc.Document {
	return doc.Document{
		ID: doc.ID("bucket", key), Bucket: "bucket", Key: key, Status: doc.StatusProcessed,
		Script: "Hans", Variant: "cn", Title: "标题 " + key, Published: published, ProcessedAt: processedAt,
		Agencies: []string{"新华社"}, People: people, Dates: []string{}, Keywords: []string{"峰会"},
		Encoding: doc.Encoding{Name: "UTF-8", Confidence: 1}, Fingerprint: fingerprint.Of("标题 " + key),
		Repairs: doc.Repairs{Counts: map[string]int{"nfkc": 1}},
	}
}

// entries are the index entries the pipeline would derive from d, with the
// given terms (each weighted 1 at position 0) and body length.
func entries(d doc.Document, length int, terms ...string) index.Entries {
	e := index.Entries{Terms: map[string]*index.Posting{}, Facets: index.Facets(d), Length: length, Sketch: index.Sketch(d.Fingerprint)}
	for i, t := range terms {
		e.Terms[t] = &index.Posting{Weight: 1 + i, Positions: []int{i, i + 10}, Snippet: "关于" + t + "的报道"}
	}
	return e
}

func put(t *testing.T, s Store, d doc.Document, e index.Entries) {
	t.Helper()
	if err := s.Put(context.Background(), d, e); err != nil {
		t.Fatalf("put %s: %v", d.Key, err)
	}
}

func corpus(t *testing.T, s Store) doc.Corpus {
	t.Helper()
	c, err := s.CorpusStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func counts(t *testing.T, s Store, field string) map[string]int {
	t.Helper()
	return countsUnder(t, s, field, doc.Filter{})
}

func countsUnder(t *testing.T, s Store, field string, f doc.Filter) map[string]int {
	t.Helper()
	fcs, err := s.FacetCounts(context.Background(), field, f, 100)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, fc := range fcs {
		out[fc.Value] = fc.Count
	}
	return out
}

// listAll walks every page of q and returns the keys in order.
func listAll(t *testing.T, s Store, q doc.ListQuery) []string {
	t.Helper()
	var keys []string
	for pages := 0; ; pages++ {
		if pages > 50 {
			t.Fatal("listing does not end")
		}
		p, err := s.List(context.Background(), q)
		if err != nil {
			t.Fatalf("list %+v: %v", q, err)
		}
		if p.Documents == nil {
			t.Fatal("a page's documents are nil, not empty: the API would answer null")
		}
		if len(p.Documents) > q.Limit {
			t.Fatalf("page of %d documents, limit %d", len(p.Documents), q.Limit)
		}
		for _, d := range p.Documents {
			keys = append(keys, d.Key)
		}
		if p.Cursor == "" {
			return keys
		}
		q.Cursor = p.Cursor
	}
}

func testGetMissing(t *testing.T, s Store) {
	if _, err := s.Get(context.Background(), doc.ID("bucket", "none")); !errors.Is(err, doc.ErrNotFound) {
		t.Fatalf("err %v, want doc.ErrNotFound", err)
	}
}

// A record comes back as the API would serve it: the same JSON, null and
// empty lists kept apart.
func testRoundTrip(t *testing.T, s Store) {
	d := article("a.txt", "2024-07-04", "2024-07-05T00:00:00Z", "习近平")
	d.Error = nil
	d.Places = nil
	put(t, s, d, entries(d, 10, "上海"))
	got, err := s.Get(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(d)
	have, _ := json.Marshal(got)
	if string(want) != string(have) {
		t.Fatalf("round trip changed the record:\n got %s\nwant %s", have, want)
	}
	failed := doc.Document{ID: doc.ID("bucket", "b.png"), Bucket: "bucket", Key: "b.png"}
	failed.Fail(doc.CodeNotText, "not text")
	put(t, s, failed, index.Entries{Facets: index.Facets(failed)})
	got, err = s.Get(context.Background(), failed.ID)
	if err != nil || got.Error == nil || *got.Error != *failed.Error {
		t.Fatalf("failed record: %+v %v", got, err)
	}
}

func testPutIdempotent(t *testing.T, s Store) {
	d := article("a.txt", "2024-07-04", "2024-07-05T00:00:00Z", "习近平", "王毅")
	e := entries(d, 10, "上海", "合作")
	for range 3 {
		put(t, s, d, e)
	}
	if c := corpus(t, s); c != (doc.Corpus{Docs: 1, Tokens: 10}) {
		t.Errorf("corpus %+v after three identical puts, want 1 document of 10 tokens", c)
	}
	if got := counts(t, s, index.FieldPerson); !reflect.DeepEqual(got, map[string]int{"习近平": 1, "王毅": 1}) {
		t.Errorf("person counts %v", got)
	}
	rows, _, err := s.Postings(context.Background(), "上海", 10, false)
	if err != nil || len(rows) != 1 {
		t.Errorf("postings of 上海: %v %v", rows, err)
	}
}

// Re-processing a document with other facets, terms and length moves every
// counter and index entry to the new version.
func testRePut(t *testing.T, s Store) {
	ctx := context.Background()
	d := article("a.txt", "2024-07-04", "2024-07-05T00:00:00Z", "习近平", "王毅")
	put(t, s, d, entries(d, 10, "上海", "合作"))
	other := article("b.txt", "2024-07-03", "2024-07-05T00:00:00Z", "王毅")
	put(t, s, other, entries(other, 5, "合作"))

	d2 := d
	d2.People = []string{"王毅", "李强"}
	d2.Published = "2024-07-06"
	d2.Fingerprint = fingerprint.Of("完全不同的一段文字")
	put(t, s, d2, entries(d2, 7, "北京", "合作"))

	if got := counts(t, s, index.FieldPerson); !reflect.DeepEqual(got, map[string]int{"王毅": 2, "李强": 1}) {
		t.Errorf("person counts %v, want 王毅 2, 李强 1", got)
	}
	if c := corpus(t, s); c != (doc.Corpus{Docs: 2, Tokens: 12}) {
		t.Errorf("corpus %+v, want 2 documents of 12 tokens", c)
	}
	for _, c := range []struct {
		term string
		want int
	}{{"上海", 0}, {"北京", 1}, {"合作", 2}} {
		rows, _, err := s.Postings(ctx, c.term, 10, false)
		if err != nil || len(rows) != c.want {
			t.Errorf("postings of %s: %v %v, want %d", c.term, rows, err, c.want)
		}
	}
	if keys := listAll(t, s, doc.ListQuery{Filter: doc.Filter{Person: "习近平"}, Limit: 10}); len(keys) != 0 {
		t.Errorf("a dropped person still lists %v", keys)
	}
	if keys := listAll(t, s, doc.ListQuery{Filter: doc.Filter{Person: "王毅"}, Limit: 10}); !slices.Equal(keys, []string{"a.txt", "b.txt"}) {
		t.Errorf("person 王毅 lists %v, want the moved date's order a.txt, b.txt", keys)
	}
	rel, err := s.RelatedTo(ctx, d, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel) != 0 {
		t.Errorf("the old fingerprint's sketch still relates: %+v", rel)
	}
}

func testDelete(t *testing.T, s Store) {
	ctx := context.Background()
	d := article("a.txt", "2024-07-04", "2024-07-05T00:00:00Z", "习近平")
	put(t, s, d, entries(d, 10, "上海"))
	keep := article("b.txt", "2024-07-03", "2024-07-05T00:00:00Z", "习近平")
	put(t, s, keep, entries(keep, 4, "上海"))
	for range 2 {
		if err := s.Delete(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(ctx, doc.ID("bucket", "never.txt")); err != nil {
		t.Fatalf("deleting what never existed: %v", err)
	}
	if _, err := s.Get(ctx, d.ID); !errors.Is(err, doc.ErrNotFound) {
		t.Errorf("get after delete: %v", err)
	}
	if c := corpus(t, s); c != (doc.Corpus{Docs: 1, Tokens: 4}) {
		t.Errorf("corpus %+v after deleting twice, want 1 document of 4 tokens", c)
	}
	if got := counts(t, s, index.FieldPerson); !reflect.DeepEqual(got, map[string]int{"习近平": 1}) {
		t.Errorf("person counts %v", got)
	}
	rows, _, err := s.Postings(ctx, "上海", 10, false)
	if err != nil || len(rows) != 1 || rows[0].ID != keep.ID {
		t.Errorf("postings after delete: %v %v", rows, err)
	}
	if keys := listAll(t, s, doc.ListQuery{Limit: 10}); !slices.Equal(keys, []string{"b.txt"}) {
		t.Errorf("listing after delete: %v", keys)
	}
	if err := s.Delete(ctx, keep.ID); err != nil {
		t.Fatal(err)
	}
	if got := counts(t, s, index.FieldPerson); len(got) != 0 {
		t.Errorf("counts of an empty store: %v", got)
	}
	if c := corpus(t, s); c != (doc.Corpus{}) {
		t.Errorf("corpus of an empty store: %+v", c)
	}
}

// Newest first by published date, then processing time, then id; undated
// documents last; every page size walks the same order once.
func testListOrder(t *testing.T, s Store) {
	docs := []doc.Document{
		article("old.txt", "2023-01-01", "2024-07-05T00:00:00Z"),
		article("undated.txt", "", "2024-07-09T00:00:00Z"),
		article("new-late.txt", "2024-07-04", "2024-07-06T00:00:00Z"),
		article("new-early.txt", "2024-07-04", "2024-07-05T00:00:00Z"),
		article("mid.txt", "2024-03-01", "2024-07-05T00:00:00Z"),
	}
	for _, d := range docs {
		put(t, s, d, entries(d, 3))
	}
	want := []string{"new-late.txt", "new-early.txt", "mid.txt", "old.txt", "undated.txt"}
	for _, limit := range []int{1, 2, 3, 5, 10} {
		if got := listAll(t, s, doc.ListQuery{Limit: limit}); !slices.Equal(got, want) {
			t.Errorf("limit %d: %v, want %v", limit, got, want)
		}
	}
	// Equal dates and times fall back to the id.
	s2a, s2b := article("tie-1.txt", "2022-01-01", "t"), article("tie-2.txt", "2022-01-01", "t")
	put(t, s, s2a, entries(s2a, 1))
	put(t, s, s2b, entries(s2b, 1))
	got := listAll(t, s, doc.ListQuery{Filter: doc.Filter{To: "2022-12-31"}, Limit: 10})
	wantTie := []string{"tie-1.txt", "tie-2.txt"}
	if s2a.ID < s2b.ID {
		wantTie = []string{"tie-2.txt", "tie-1.txt"}
	}
	if !slices.Equal(got, wantTie) {
		t.Errorf("ties: %v, want %v (id descending)", got, wantTie)
	}
}

func testListFilters(t *testing.T, s Store) {
	a := article("a.txt", "2024-05-10", "p", "王毅")
	b := article("b.txt", "2024-06-01", "p", "王毅", "李强")
	b.Agencies = []string{"中新社"}
	b.Places = []string{"北京"}
	c := article("c.txt", "", "p", "王毅")
	c.Script, c.Variant = "Hant", "tw"
	f := doc.Document{ID: doc.ID("bucket", "f.png"), Bucket: "bucket", Key: "f.png", ProcessedAt: "o"} // undated, processed before c
	f.Fail(doc.CodeNotText, "not text")
	for _, d := range []doc.Document{a, b, c} {
		put(t, s, d, entries(d, 3))
	}
	put(t, s, f, index.Entries{Facets: index.Facets(f)})
	for _, tc := range []struct {
		name   string
		filter doc.Filter
		want   []string
	}{
		{"none", doc.Filter{}, []string{"b.txt", "a.txt", "c.txt", "f.png"}},
		{"person", doc.Filter{Person: "王毅"}, []string{"b.txt", "a.txt", "c.txt"}},
		{"two fields", doc.Filter{Person: "王毅", Agency: "新华社"}, []string{"a.txt", "c.txt"}},
		{"place", doc.Filter{Place: "北京"}, []string{"b.txt"}},
		{"script", doc.Filter{Script: "Hant"}, []string{"c.txt"}},
		{"variant", doc.Filter{Variant: "cn"}, []string{"b.txt", "a.txt"}},
		{"status", doc.Filter{Status: doc.StatusFailed}, []string{"f.png"}},
		{"from", doc.Filter{From: "2024-05-11"}, []string{"b.txt"}},
		{"to excludes undated", doc.Filter{To: "2024-05-31"}, []string{"a.txt"}},
		{"range inclusive", doc.Filter{From: "2024-05-10", To: "2024-06-01"}, []string{"b.txt", "a.txt"}},
		{"person and range", doc.Filter{Person: "李强", From: "2024-01-01", To: "2024-12-31"}, []string{"b.txt"}},
		{"no match", doc.Filter{Person: "无名氏"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, limit := range []int{1, 10} {
				if got := listAll(t, s, doc.ListQuery{Filter: tc.filter, Limit: limit}); !slices.Equal(got, tc.want) {
					t.Errorf("limit %d: %v, want %v", limit, got, tc.want)
				}
			}
		})
	}
}

func testBadCursors(t *testing.T, s Store) {
	ctx := context.Background()
	for i := range 3 {
		d := article(fmt.Sprintf("%d.txt", i), "2024-07-0"+fmt.Sprint(i+1), "p", "王毅")
		put(t, s, d, entries(d, 1))
	}
	p, err := s.List(ctx, doc.ListQuery{Limit: 1})
	if err != nil || p.Cursor == "" {
		t.Fatalf("first page: %+v %v", p, err)
	}
	for name, q := range map[string]doc.ListQuery{
		"tampered":     {Limit: 1, Cursor: p.Cursor[:len(p.Cursor)-2] + "xx"},
		"garbage":      {Limit: 1, Cursor: "!!!.???"},
		"other filter": {Limit: 1, Cursor: p.Cursor, Filter: doc.Filter{Person: "王毅"}},
	} {
		if _, err := s.List(ctx, q); !errors.Is(err, doc.ErrBadCursor) {
			t.Errorf("%s cursor: err %v, want doc.ErrBadCursor", name, err)
		}
	}
}

func testFacetCounts(t *testing.T, s Store) {
	for i, people := range [][]string{{"王毅", "李强"}, {"王毅"}, {"习近平", "李强"}, {"王毅", "丁薛祥"}} {
		d := article(fmt.Sprintf("%d.txt", i), "2024-07-04", "p", people...)
		put(t, s, d, entries(d, 1))
	}
	fcs, err := s.FacetCounts(context.Background(), index.FieldPerson, doc.Filter{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Ties are broken by value, so the top 3 is stable.
	want := []doc.FacetCount{{Value: "王毅", Count: 3}, {Value: "李强", Count: 2}, {Value: "丁薛祥", Count: 1}}
	if !reflect.DeepEqual(fcs, want) {
		t.Errorf("top people %v, want %v", fcs, want)
	}
	if got := counts(t, s, index.FieldAgency); !reflect.DeepEqual(got, map[string]int{"新华社": 4}) {
		t.Errorf("agency counts %v", got)
	}
	if got := counts(t, s, "colour"); len(got) != 0 {
		t.Errorf("a field nobody has: %v", got)
	}
}

func testPostings(t *testing.T, s Store) {
	ctx := context.Background()
	var ids []string
	for i := range 4 {
		d := article(fmt.Sprintf("%d.txt", i), "2024-07-04", "p")
		terms := []string{"上海"}
		if i%2 == 0 {
			terms = append(terms, "合作") // 合作 is weighted 2 at positions 1, 11
		}
		put(t, s, d, entries(d, 10+i, terms...))
		ids = append(ids, d.ID)
	}
	// Same weight, lengths 10..13: impact falls with length, so the list
	// is in the order the documents were written.
	rows, cut, err := s.Postings(ctx, "上海", 10, false)
	if err != nil || cut || len(rows) != 4 {
		t.Fatalf("postings: %v cut=%v %v", rows, cut, err)
	}
	for i, r := range rows {
		if r.ID != ids[i] {
			t.Errorf("row %d is %s, want descending impact %v", i, r.ID, ids)
		}
		if r.Weight != 1 || r.Length != 10+i || r.Impact != index.Impact(1, 10+i) || r.Pos != nil || r.Title != "" {
			t.Errorf("ranking row carries %+v, want weight, length, impact only", r)
		}
	}
	rows, cut, err = s.Postings(ctx, "上海", 2, false)
	if err != nil || !cut || len(rows) != 2 || rows[0].ID != ids[0] || rows[1].ID != ids[1] {
		t.Errorf("cut postings: %v cut=%v %v", rows, cut, err)
	}
	// Equal impacts are in ascending id order.
	twin := article("twin.txt", "2024-07-04", "p")
	put(t, s, twin, entries(twin, 10, "上海"))
	rows, _, err = s.Postings(ctx, "上海", 2, false)
	if want := min(twin.ID, ids[0]); err != nil || len(rows) != 2 || rows[0].ID != want {
		t.Errorf("tied postings: %v %v, want %s first", rows, err, want)
	}
	found, err := s.Lookup(ctx, []doc.PostingKey{{ID: ids[0], Term: "合作"}, {ID: ids[1], Term: "合作"}, {ID: ids[2], Term: "上海"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := found[doc.PostingKey{ID: ids[0], Term: "合作"}]; !ok || r.ID != ids[0] || r.Weight != 2 || r.Impact != index.Impact(2, 10) || !slices.Equal(r.Positions(), []int{1, 11}) {
		t.Errorf("looked up %+v", r)
	}
	if _, ok := found[doc.PostingKey{ID: ids[1], Term: "合作"}]; ok || len(found) != 2 {
		t.Errorf("lookup of a posting that does not exist: %v", found)
	}
	rows, _, err = s.Postings(ctx, "合作", 10, true)
	if err != nil || len(rows) != 2 {
		t.Fatalf("postings with positions: %v %v", rows, err)
	}
	for _, r := range rows {
		if r.Weight != 2 || !slices.Equal(r.Positions(), []int{1, 11}) {
			t.Errorf("row %+v: weight %d positions %v, want 2 [1 11]", r, r.Weight, r.Positions())
		}
	}
	if rows, cut, err := s.Postings(ctx, "没有", 10, false); err != nil || cut || len(rows) != 0 {
		t.Errorf("postings of an unknown term: %v %v %v", rows, cut, err)
	}
	keys := []doc.PostingKey{{ID: rows[0].ID, Term: "合作"}, {ID: rows[0].ID, Term: "没有"}}
	details, err := s.PostingDetails(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := details[keys[0]]
	if !ok || d.Title == "" || d.Published != "2024-07-04" || d.Snippet != "关于合作的报道" || d.ID != rows[0].ID || d.Script != "Hans" || d.Variant != "cn" {
		t.Errorf("details %+v", details)
	}
	if _, ok := details[keys[1]]; ok || len(details) != 1 {
		t.Errorf("details of a missing posting: %+v", details)
	}
}

func testRelated(t *testing.T, s Store) {
	const story = "国家主席习近平在北京人民大会堂出席上海合作组织成员国元首理事会会议并发表重要讲话，强调各方要弘扬上海精神"
	a := article("a.txt", "2024-07-04", "p")
	a.Fingerprint = fingerprint.Of(story)
	b := article("b.txt", "2024-07-05", "p")
	b.Fingerprint = fingerprint.Of(story + "。新华社记者报道，会议通过了多项合作文件，各国领导人一致表示支持")
	c := article("c.txt", "2024-07-06", "p")
	c.Fingerprint = fingerprint.Of("今天天气晴朗，气温适宜，市民纷纷外出踏青，公园里游人如织，热闹非凡")
	for _, d := range []doc.Document{a, b, c} {
		put(t, s, d, entries(d, 5))
	}
	rel, err := s.RelatedTo(context.Background(), a, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel) != 1 || rel[0].ID != b.ID || rel[0].Title != b.Title || rel[0].Containment < 0.5 {
		t.Fatalf("related to a: %+v, want b only, containing most of a", rel)
	}
	want := doc.ScoreRelated(a, []string{b.ID}, map[string]doc.Document{b.ID: b}, 10)
	if !reflect.DeepEqual(rel, want) {
		t.Errorf("related %+v, want the doc scoring %+v", rel, want)
	}
	if rel, err := s.RelatedTo(context.Background(), a, 0); err != nil || len(rel) != 0 {
		t.Errorf("limit 0: %+v %v", rel, err)
	}
}

// Facet counts under one counted filter equal a recount through the
// listing, after puts, a re-put that moves a document to the other script
// and agency, repeated puts and a removal; other filters are refused with
// doc.ErrNotCounted (the API recounts them).
func testFilteredFacetCounts(t *testing.T, s Store) {
	ctx := context.Background()
	var docs []doc.Document
	for i, people := range [][]string{{"王毅", "李强"}, {"王毅"}, {"习近平", "李强"}, {"王毅", "丁薛祥"}, {"李强"}} {
		d := article(fmt.Sprintf("%d.txt", i), fmt.Sprintf("2024-07-0%d", i+1), "p", people...)
		if i%2 == 1 {
			d.Script, d.Variant = "Hant", "hk"
		}
		if i == 4 {
			d.Agencies = []string{"新华社", "中新社"}
		}
		put(t, s, d, entries(d, 1))
		docs = append(docs, d)
	}
	check := func(stage string) {
		t.Helper()
		for _, f := range []doc.Filter{{}, {Script: "Hans"}, {Script: "Hant"}, {Variant: "hk"}, {Agency: "中新社"}, {Agency: "新华社"}, {Status: doc.StatusProcessed}} {
			for _, field := range []string{index.FieldPerson, index.FieldAgency, index.FieldScript} {
				want := map[string]int{}
				for cursor := ""; ; {
					p, err := s.List(ctx, doc.ListQuery{Filter: f, Limit: 2, Cursor: cursor})
					if err != nil {
						t.Fatal(err)
					}
					for _, d := range p.Documents {
						for _, v := range index.Facets(d)[field] {
							want[v]++
						}
					}
					if cursor = p.Cursor; cursor == "" {
						break
					}
				}
				if got := countsUnder(t, s, field, f); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: %s under %+v: counted %v, listing recounts %v", stage, field, f, got, want)
				}
			}
		}
	}
	check("after puts")
	moved := docs[0]
	moved.Script, moved.Variant, moved.Agencies = "Hant", "tw", []string{"中新社"}
	moved.People = []string{"王毅", "丁薛祥"}
	put(t, s, moved, entries(moved, 1))
	put(t, s, moved, entries(moved, 1))
	check("after a re-put to Hant")
	if err := s.Delete(ctx, docs[3].ID); err != nil {
		t.Fatal(err)
	}
	check("after a delete")
	if got := countsUnder(t, s, index.FieldPerson, doc.Filter{Script: "Hant"}); got["王毅"] != 2 {
		t.Errorf("王毅 under Hant: %d, want 2 (the moved document and 1.txt)", got["王毅"])
	}
	for _, f := range []doc.Filter{{Script: "Hant", Agency: "新华社"}, {Person: "王毅"}, {From: "2024-07-02"}} {
		if _, err := s.FacetCounts(ctx, index.FieldPerson, f, 10); !errors.Is(err, doc.ErrNotCounted) {
			t.Errorf("facets under %+v: err %v, want doc.ErrNotCounted", f, err)
		}
	}
}

// Two writers of one document at once, each retrying while the store says
// it is busy (as a redelivered event does): afterwards the document is the
// newer version and owns exactly that version's postings and counts,
// whatever the interleaving. The older writer either wrote first and was
// replaced, or found the newer record and changed nothing.
func testConcurrentWriters(t *testing.T, s Store) {
	ctx := context.Background()
	for round := range 8 {
		key := fmt.Sprintf("race-%d.txt", round)
		older := article(key, "2024-07-04", "p", "王毅")
		older.Sequencer = "0001"
		newer := article(key, "2024-07-05", "p", "李强")
		newer.Sequencer = "0002"
		olderTerms := []string{"上海", "旧闻", fmt.Sprintf("旧%d", round)}
		newerTerms := []string{"上海", "新闻"}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, w := range []struct {
			d     doc.Document
			terms []string
		}{{older, olderTerms}, {newer, newerTerms}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for attempt := 0; ; attempt++ {
					err := s.Put(ctx, w.d, entries(w.d, 5+i, w.terms...))
					if !errors.Is(err, doc.ErrBusy) || attempt == 200 {
						errs[i] = err
						return
					}
					time.Sleep(time.Millisecond)
				}
			}()
		}
		wg.Wait()
		if errs[1] != nil {
			t.Fatalf("round %d: the newer writer failed: %v", round, errs[1])
		}
		if errs[0] != nil && !errors.Is(errs[0], doc.ErrStale) {
			t.Fatalf("round %d: the older writer: %v, want success or doc.ErrStale", round, errs[0])
		}
		got, err := s.Get(ctx, newer.ID)
		if err != nil || got.Sequencer != "0002" || got.Published != "2024-07-05" {
			t.Fatalf("round %d: record %+v %v, want the newer version", round, got, err)
		}
		var keys []doc.PostingKey
		for _, term := range append(olderTerms, newerTerms...) {
			keys = append(keys, doc.PostingKey{ID: newer.ID, Term: term})
		}
		found, err := s.Lookup(ctx, keys, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			_, has := found[k]
			if want := slices.Contains(newerTerms, k.Term); has != want {
				t.Errorf("round %d: posting of %s present %v, want %v (the loser's items left behind)", round, k.Term, has, want)
			}
		}
	}
	people := counts(t, s, index.FieldPerson)
	if !reflect.DeepEqual(people, map[string]int{"李强": 8}) {
		t.Errorf("person counts %v, want 李强 in each of the 8 documents only", people)
	}
	if c := corpus(t, s); c.Docs != 8 || c.Tokens != 8*6 {
		t.Errorf("corpus %+v, want 8 documents of 6 tokens", c)
	}
}

// A passage in more than doc.MaxSketchDocs documents relates none of them:
// it is boilerplate, and reading its list would cost with the corpus.
func testRelatedBoilerplate(t *testing.T, s Store) {
	const text = "本网站所载内容版权归原作者所有，未经许可不得转载，转载请注明出处并保留原文链接，违者必究"
	var first doc.Document
	for i := range doc.MaxSketchDocs + 1 {
		d := article(fmt.Sprintf("b%d.txt", i), "2024-07-04", "p")
		d.Fingerprint = fingerprint.Of(text)
		put(t, s, d, entries(d, 5))
		if i == 0 {
			first = d
		}
		rel, err := s.RelatedTo(context.Background(), first, 100)
		if err != nil {
			t.Fatal(err)
		}
		want := i // every other one
		if i+1 > doc.MaxSketchDocs {
			want = 0
		}
		if len(rel) != want {
			t.Errorf("%d documents share the passage: %d related, want %d", i+1, len(rel), want)
		}
	}
}
