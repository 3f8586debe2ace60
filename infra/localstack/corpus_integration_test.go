//go:build integration

package localstack

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/infra/corpusgen"
	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/store"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// corpusSize is the number of generated documents uploaded besides the seeds.
const corpusSize = 1000

// TestIntegrationCorpus ingests the seeds and a generated corpus through S3,
// then checks search across scripts, filters, pagination and facet counts,
// also after re-processing and deletion.
func TestIntegrationCorpus(t *testing.T) {
	st := startStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()

	files, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	uploads := map[string][]byte{}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
		uploads[st.UploadPrefix+"seeds/"+filepath.Base(f)] = b
	}
	gen, err := corpusgen.Generate(corpusSize, corpusgen.Sentences(texts...), 42)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range gen {
		uploads[st.UploadPrefix+"gen/"+d.Name] = d.Body
	}
	began := time.Now()
	etags := putAll(ctx, t, st, uploads)
	recs, err := st.WaitRecords(ctx, etags)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents ingested in %s", len(recs), time.Since(began).Round(time.Millisecond))
	for _, d := range gen {
		r := recs[st.UploadPrefix+"gen/"+d.Name]
		if r.Status != doc.StatusProcessed || r.Encoding.Name != d.Encoding || r.Script != d.Script {
			t.Errorf("%s: status %s encoding %s/%s script %s/%s", d.Name, r.Status, r.Encoding.Name, d.Encoding, r.Script, d.Script)
		}
	}

	all := listAll(t, st, "")
	if len(all) != len(uploads) {
		t.Fatalf("listing has %d documents, uploaded %d", len(all), len(uploads))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Published < all[i].Published {
			t.Fatalf("listing not newest first at %d: %s < %s", i, all[i-1].Published, all[i].Published)
		}
	}

	t.Run("cross-script search", func(t *testing.T) {
		trad := search(t, st, "上海合作組織")
		simp := search(t, st, "上海合作组织")
		// Analysed as ingestion does: one canonical word, not three.
		if len(trad.Query) != 1 || len(trad.Query[0].Terms) != 1 || trad.Query[0].Terms[0] != "上海合作组织" {
			t.Errorf("query analysed as %+v", trad.Query)
		}
		if trad.Total == 0 || trad.Total != simp.Total {
			t.Fatalf("Traditional query found %d, Simplified %d", trad.Total, simp.Total)
		}
		scripts := map[string]int{}
		for _, id := range searchIDs(t, st, "上海合作組織") {
			scripts[byID(all)[id].Script]++
		}
		if scripts["Hans"] == 0 || scripts["Hant"] == 0 {
			t.Errorf("results by script %v: want both", scripts)
		}
		if !strings.Contains(trad.Results[0].Snippet, "<mark>") {
			t.Errorf("snippet without highlight: %q", trad.Results[0].Snippet)
		}
	})

	t.Run("search pages", func(t *testing.T) {
		ids := searchIDs(t, st, "合作 发展")
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("%s twice in search results", id)
			}
			seen[id] = true
		}
		// A bounded search's total is a lower bound (total_at_least).
		if res := search(t, st, "合作 发展"); res.Total > len(ids) || !res.TotalAtLeast && res.Total != len(ids) {
			t.Errorf("total %d (at least: %v), paged %d", res.Total, res.TotalAtLeast, len(ids))
		}
		// A phrase matches a subset of the same words unquoted.
		phrase := search(t, st, `"携手构建"`)
		words := search(t, st, "携手 构建")
		if phrase.Total == 0 || phrase.Total > words.Total || !phrase.Query[0].Phrase {
			t.Errorf("phrase %d (%+v) vs words %d", phrase.Total, phrase.Query, words.Total)
		}
	})

	t.Run("filters and pagination", func(t *testing.T) {
		for _, q := range []string{"agency=新华社", "script=Hant", "agency=新华社&script=Hant",
			"from=2024-03-01&to=2024-05-31", "script=Hans&from=2024-07-01", "place=北京", "person=王毅"} {
			want := recount(all, q)
			got := listAll(t, st, q)
			if len(got) != want {
				t.Errorf("%s: listed %d, recount %d", q, len(got), want)
			}
		}
		// Traditional filter values match the canonical Simplified records.
		if a, b := len(listAll(t, st, "agency=新華社")), len(listAll(t, st, "agency=新华社")); a != b || a == 0 {
			t.Errorf("agency=新華社 %d, 新华社 %d", a, b)
		}
	})

	checkFacets := func(t *testing.T, all []doc.Document) {
		for _, field := range []string{"agencies", "people", "places", "organizations", "keywords", "script"} {
			counts := map[string]int{}
			for _, d := range all {
				for _, v := range index.Facets(d)[facetField(field)] {
					counts[v]++
				}
			}
			var res struct{ Values []doc.FacetCount }
			if status := getJSON(t, st.APIURL+"/facets?limit=100&field="+field, &res); status != 200 {
				t.Fatalf("facets %s: %d", field, status)
			}
			if len(res.Values) == 0 && len(counts) > 0 {
				t.Errorf("%s: no facet values, recount has %d", field, len(counts))
			}
			for _, v := range res.Values {
				if counts[v.Value] != v.Count {
					t.Errorf("%s=%s: facet %d, recount %d", field, v.Value, v.Count, counts[v.Value])
				}
			}
			if len(res.Values) > 0 {
				floor := res.Values[len(res.Values)-1].Count
				listed := map[string]bool{}
				for _, v := range res.Values {
					listed[v.Value] = true
				}
				for v, n := range counts {
					if !listed[v] && n > floor {
						t.Errorf("%s=%s has %d documents but is missing from the top values", field, v, n)
					}
				}
			}
		}
	}
	t.Run("facets equal a recount", func(t *testing.T) { checkFacets(t, all) })

	t.Run("counters after re-processing and deletion", func(t *testing.T) {
		// Re-upload one document with other content, re-upload another
		// unchanged (a repeated event), delete a third.
		changed := st.UploadPrefix + "gen/gen-0001.txt"
		same := st.UploadPrefix + "gen/gen-0002.txt"
		gone := st.UploadPrefix + "gen/gen-0003.txt"
		etags := putAll(ctx, t, st, map[string][]byte{
			changed: []byte("外交部长王毅会见哈萨克斯坦客人\n\n中新社北京9月9日电 外交部长王毅9日在北京会见哈萨克斯坦外长。\n"),
			same:    uploads[same],
		})
		if _, err := st.WaitRecords(ctx, etags); err != nil {
			t.Fatal(err)
		}
		if _, err := st.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &st.Bucket, Key: &gone}); err != nil {
			t.Fatal(err)
		}
		goneID := doc.ID(st.Bucket, gone)
		if err := retry(ctx, "deletion", func() error {
			var m map[string]any
			if status := getJSON(t, st.APIURL+"/documents/"+goneID, &m); status != 404 {
				return fmt.Errorf("status %d", status)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := st.Idle(ctx); err != nil {
			t.Fatal(err)
		}
		after := listAll(t, st, "")
		if len(after) != len(all)-1 {
			t.Fatalf("%d documents after deleting one of %d", len(after), len(all))
		}
		checkFacets(t, after)
		stats, err := store.New(st.DynamoDB, st.Table, nil).CorpusStats(ctx)
		if err != nil || stats.Docs != len(after) {
			t.Errorf("corpus counter %d, documents %d (%v)", stats.Docs, len(after), err)
		}
	})
}

func facetField(apiField string) string {
	return map[string]string{"agencies": index.FieldAgency, "people": index.FieldPerson, "places": index.FieldPlace,
		"organizations": index.FieldOrganization, "keywords": index.FieldKeyword, "script": index.FieldScript}[apiField]
}

func putAll(ctx context.Context, t *testing.T, st *Stack, uploads map[string][]byte) map[string]string {
	t.Helper()
	var mu sync.Mutex
	etags := map[string]string{}
	keys := make(chan string)
	var wg sync.WaitGroup
	var firstErr error
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for key := range keys {
				out, err := st.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: &st.Bucket, Key: aws.String(key), Body: bytes.NewReader(uploads[key])})
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("put %s: %w", key, err)
				} else if err == nil {
					etags[key] = strings.Trim(aws.ToString(out.ETag), `"`)
				}
				mu.Unlock()
			}
		}()
	}
	for k := range uploads {
		keys <- k
	}
	close(keys)
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	return etags
}

// listAll pages through /documents?query with the largest page size.
func listAll(t *testing.T, st *Stack, query string) []doc.Document {
	t.Helper()
	var out []doc.Document
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 200 {
			t.Fatalf("%s: listing does not end", query)
		}
		u := st.APIURL + "/documents?limit=100"
		if query != "" {
			u += "&" + encodeQuery(query)
		}
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		var page struct {
			Documents []doc.Document
			Cursor    string
		}
		if status := getJSON(t, u, &page); status != 200 {
			t.Fatalf("GET %s: %d", u, status)
		}
		for _, d := range page.Documents {
			if seen[d.ID] {
				t.Fatalf("%s: %s listed twice", query, d.ID)
			}
			seen[d.ID] = true
			out = append(out, d)
		}
		if cursor = page.Cursor; cursor == "" {
			return out
		}
	}
}

func encodeQuery(q string) string {
	v, err := url.ParseQuery(q)
	if err != nil {
		panic(err)
	}
	return v.Encode()
}

// recount applies the filter of query to the full listing in memory.
func recount(all []doc.Document, query string) int {
	v, _ := url.ParseQuery(query)
	f := doc.Filter{Agency: v.Get("agency"), Script: v.Get("script"), Variant: v.Get("variant"), Status: v.Get("status"),
		Person: v.Get("person"), Place: v.Get("place"), Organization: v.Get("organization"), From: v.Get("from"), To: v.Get("to")}
	n := 0
	for _, d := range all {
		if f.Match(d) {
			n++
		}
	}
	return n
}

type searchResult struct {
	Query []struct {
		Terms  []string
		Phrase bool
	}
	Total        int
	TotalAtLeast bool `json:"total_at_least"`
	Results      []struct {
		ID      string
		Snippet string
	}
	Cursor string
}

func search(t *testing.T, st *Stack, q string) searchResult {
	t.Helper()
	var res searchResult
	if status := getJSON(t, st.APIURL+"/search?limit=100&q="+url.QueryEscape(q), &res); status != 200 {
		t.Fatalf("search %q: %d", q, status)
	}
	return res
}

func searchIDs(t *testing.T, st *Stack, q string) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for pages := 0; pages < 100; pages++ {
		u := st.APIURL + "/search?limit=100&q=" + url.QueryEscape(q)
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		var res searchResult
		if status := getJSON(t, u, &res); status != 200 {
			t.Fatalf("search %q: %d", q, status)
		}
		for _, r := range res.Results {
			ids = append(ids, r.ID)
		}
		if cursor = res.Cursor; cursor == "" {
			break
		}
	}
	return ids
}

func byID(all []doc.Document) map[string]doc.Document {
	m := make(map[string]doc.Document, len(all))
	for _, d := range all {
		m[d.ID] = d
	}
	return m
}
