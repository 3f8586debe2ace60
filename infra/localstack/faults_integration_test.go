//go:build integration

package localstack

// Fault runs (`make test-faults`): the real local servers on 127.0.0.1 are
// killed, stopped, throttled and fed duplicates while documents arrive;
// afterwards objects, records, index entries and facet counters are counted
// against a recount from the table itself. Each scenario prints one line,
//
//	fault <name>: uploads=N records=N lost=0 duplicated=0 parked=K retried=R
//
// with every number measured. Bounded: a few hundred uploads and a
// deadline per scenario.

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/Shopify/toxiproxy/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/zhdoc/zhdoc/infra/corpusgen"
	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/store"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// faultRun tracks what a scenario uploaded and deleted: the expected final
// state the recount is compared with.
type faultRun struct {
	t       *testing.T
	st      *Stack
	ctx     context.Context
	docs    [][]byte
	mu      sync.Mutex
	uploads int
	deletes int
	live    map[string]string // key → ETag of its latest version
	deleted map[string]bool
}

func newFaultRun(t *testing.T, st *Stack, ctx context.Context, n int) *faultRun {
	t.Helper()
	files, err := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("seeds: %v", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	gen, err := corpusgen.Generate(n, corpusgen.Sentences(texts...), 18)
	if err != nil {
		t.Fatal(err)
	}
	r := &faultRun{t: t, st: st, ctx: ctx, live: map[string]string{}, deleted: map[string]bool{}}
	for _, g := range gen {
		r.docs = append(r.docs, g.Body)
	}
	return r
}

func (r *faultRun) key(i int) string {
	return fmt.Sprintf("%sfaults/%04d 文档.txt", r.st.UploadPrefix, i)
}

// put uploads body under key, retrying while the S3 server is away (the
// client's view of an outage is not what is measured).
func (r *faultRun) put(key string, body []byte) {
	var out *s3.PutObjectOutput
	err := retry(r.ctx, "put "+key, func() (err error) {
		out, err = r.st.S3.PutObject(r.ctx, &s3.PutObjectInput{Bucket: &r.st.Bucket, Key: &key, Body: bytes.NewReader(body)})
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	r.mu.Lock()
	r.uploads++
	r.live[key] = strings.Trim(aws.ToString(out.ETag), `"`)
	delete(r.deleted, key)
	r.mu.Unlock()
}

func (r *faultRun) del(key string) {
	if _, err := r.st.S3.DeleteObject(r.ctx, &s3.DeleteObjectInput{Bucket: &r.st.Bucket, Key: &key}); err != nil {
		r.t.Fatal(err)
	}
	r.mu.Lock()
	delete(r.live, key)
	r.deleted[key] = true
	r.deletes++
	r.mu.Unlock()
}

// uploadAll puts documents from..to-1 with a few concurrent clients, calling
// at(i) before upload i (the scenario's fault trigger).
func (r *faultRun) uploadAll(from, to int, at func(i int)) {
	began := time.Now()
	defer func() { r.t.Logf("uploaded %d in %s", to-from, time.Since(began).Round(time.Millisecond)) }()
	var next atomic.Int64
	next.Store(int64(from))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= to {
					return
				}
				if at != nil {
					at(i)
				}
				r.put(r.key(i), r.docs[i%len(r.docs)])
			}
		}()
	}
	wg.Wait()
}

// settle waits until the event path is idle, redrives whatever was parked
// with the built `zhdoc redrive` (as an operator would), and waits again.
func (r *faultRun) settle() (parked int) {
	r.t.Helper()
	began := time.Now()
	r.waitNotified()
	notified := time.Since(began)
	if err := r.st.Idle(r.ctx); err != nil {
		r.t.Fatal(err)
	}
	defer func() {
		r.t.Logf("settled: notifications %s, idle %s, all %s", notified.Round(time.Millisecond),
			(time.Since(began) - notified).Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
	}()
	for round := 0; round < 3; round++ {
		dl := r.st.DeadLetters()
		if len(dl) == 0 {
			break
		}
		redrive(r.t, r.ctx, r.st)
		if err := r.st.Idle(r.ctx); err != nil {
			r.t.Fatal(err)
		}
	}
	if dl := r.st.DeadLetters(); len(dl) != 0 {
		r.t.Errorf("%d events still parked after redrive", len(dl))
	}
	return r.st.Counts().Parked
}

// waitNotified waits until MinIO has sent a notification for every upload
// and deletion (it sends them from its queue folder, asynchronously and late
// after an outage); a notification never sent shows as lost in the recount.
func (r *faultRun) waitNotified() {
	r.t.Helper()
	want := r.uploads + r.deletes
	err := retry(r.ctx, "notifications", func() error {
		if n := len(r.st.Received()); n < want {
			return fmt.Errorf("%d of %d notifications received", n, want)
		}
		return nil
	})
	if err != nil {
		r.t.Log(err)
	}
}

// redrive runs the built CLI's redrive against the stack.
func redrive(t *testing.T, ctx context.Context, st *Stack) {
	t.Helper()
	cli := os.Getenv("ZHDOC_CLI")
	if cli == "" {
		t.Fatal("ZHDOC_CLI is not set: run the fault tests through `make test-faults`")
	}
	cmd := exec.CommandContext(ctx, cli, "redrive")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for _, v := range st.ClientEnv() {
		cmd.Env = append(cmd.Env, v.Name+"="+v.Value)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("zhdoc redrive: %v\n%s", err, out)
	}
	t.Logf("zhdoc redrive: %s", bytes.TrimSpace(out))
}

// tally is the recount: what the table and bucket hold, compared with what
// the run uploaded and deleted.
type tally struct {
	records, lost, duplicated int
	problems                  []string
}

func (c *tally) lose(n int, format string, args ...any) {
	c.lost += n
	c.problems = append(c.problems, "lost: "+fmt.Sprintf(format, args...))
}

func (c *tally) dup(n int, format string, args ...any) {
	c.duplicated += n
	c.problems = append(c.problems, "duplicated: "+fmt.Sprintf(format, args...))
}

// recount reads the table (records, postings, facet and corpus counters)
// and lists the bucket, and counts what is missing (lost) and what
// is there once too often or should not be there at all (duplicated).
func (r *faultRun) recount() tally {
	ctx, st := r.ctx, r.st
	var c tally
	// Objects: the bucket holds exactly the live uploads.
	objects := map[string]string{}
	p := s3.NewListObjectsV2Paginator(st.S3, &s3.ListObjectsV2Input{Bucket: &st.Bucket, Prefix: aws.String(st.UploadPrefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.t.Fatalf("list objects: %v", err)
		}
		for _, o := range page.Contents {
			objects[aws.ToString(o.Key)] = strings.Trim(aws.ToString(o.ETag), `"`)
		}
	}
	for k, e := range r.live {
		if objects[k] != e {
			c.lose(1, "object %s: etag %q, uploaded %q", k, objects[k], e)
		}
	}
	// Table: every item of every document the run touched (live or
	// deleted: orphans can only be theirs), the facet counters of every
	// field and the corpus counters. Queries, not a scan: a scan of DynamoDB
	// Local on disk takes minutes.
	meta := map[string]bool{}            // id → has META
	owned := map[string]map[string]int{} // id → index item kind → count
	facetPostings := map[string]int{}    // "field#value" → postings
	counters := map[string]int{}         // "field#value" → counter
	query := func(pk string, fn func(it map[string]types.AttributeValue)) {
		var start map[string]types.AttributeValue
		for {
			out, err := st.DynamoDB.Query(ctx, &dynamodb.QueryInput{
				TableName:                 &st.Table,
				KeyConditionExpression:    aws.String("#pk = :pk"),
				ExpressionAttributeNames:  map[string]string{"#pk": store.AttrPK},
				ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: pk}},
				ExclusiveStartKey:         start,
			})
			if err != nil {
				r.t.Fatalf("query %s: %v", pk, err)
			}
			for _, it := range out.Items {
				fn(it)
			}
			if out.LastEvaluatedKey == nil {
				return
			}
			start = out.LastEvaluatedKey
		}
	}
	touched := map[string]bool{}
	for k := range r.live {
		touched[k] = true
	}
	for k := range r.deleted {
		touched[k] = true
	}
	for k := range touched {
		id := doc.ID(st.Bucket, k)
		query("DOC#"+id, func(it map[string]types.AttributeValue) {
			switch sk := attrS(it, store.AttrSK); sk {
			case "META":
				meta[id] = true
			case "TOMB":
			default:
				kind := sk[:min(2, len(sk))]
				if owned[id] == nil {
					owned[id] = map[string]int{}
				}
				owned[id][kind]++
				if kind == "F#" {
					facetPostings[strings.TrimPrefix(sk, "F#")]++
				}
			}
		})
	}
	for _, field := range []string{index.FieldAgency, index.FieldScript, index.FieldVariant, index.FieldStatus,
		index.FieldPerson, index.FieldPlace, index.FieldOrganization, index.FieldKeyword} {
		query("FACET#"+field, func(it map[string]types.AttributeValue) {
			counters[field+"#"+attrS(it, store.AttrSK)] = attrN(it, "n")
		})
	}
	var corpusDocs int
	query("STAT", func(it map[string]types.AttributeValue) {
		if attrS(it, store.AttrSK) == "CORPUS" {
			corpusDocs = attrN(it, "docs")
		}
	})
	c.records = len(meta)
	records := store.New(st.DynamoDB, st.Table, nil)
	wantIDs := map[string]string{}
	for k := range r.live {
		wantIDs[doc.ID(st.Bucket, k)] = k
	}
	processed := 0
	for id := range meta {
		key, ok := wantIDs[id]
		if !ok {
			c.dup(1, "record %s of no live upload", id)
			continue
		}
		d, err := records.Get(ctx, id)
		if err != nil {
			r.t.Fatalf("get %s: %v", id, err)
		}
		if d.ETag != r.live[key] {
			c.dup(1, "record of %s is of an older version (%s, latest %s)", key, d.ETag, r.live[key])
		}
		if d.Status == doc.StatusProcessed {
			processed++
			if owned[id]["T#"] == 0 {
				c.lose(1, "%s processed without term postings", key)
			}
			if _, err := st.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &st.Bucket, Key: &d.TextKey}); err != nil {
				c.lose(1, "%s: derived text %s: %v", key, d.TextKey, err)
			}
		} else if len(owned[id]) > 0 {
			c.dup(1, "%s is %s but owns index items %v", key, d.Status, owned[id])
		}
	}
	for id := range wantIDs {
		if !meta[id] {
			c.lose(1, "no record of %s", wantIDs[id])
		}
	}
	for id, kinds := range owned {
		if !meta[id] {
			n := 0
			for _, k := range kinds {
				n += k
			}
			c.dup(n, "%d index items of %s, which has no record", n, id)
		}
	}
	for fv, n := range facetPostings {
		if counters[fv] < n {
			c.lose(n-counters[fv], "facet %s: counter %d, postings %d", fv, counters[fv], n)
		}
	}
	for fv, n := range counters {
		if n > facetPostings[fv] {
			c.dup(n-facetPostings[fv], "facet %s: counter %d, postings %d", fv, n, facetPostings[fv])
		}
	}
	if corpusDocs < processed {
		c.lose(processed-corpusDocs, "corpus counter %d, processed records %d", corpusDocs, processed)
	} else if corpusDocs > processed {
		c.dup(corpusDocs-processed, "corpus counter %d, processed records %d", corpusDocs, processed)
	}
	return c
}

func attrS(it map[string]types.AttributeValue, name string) string {
	if v, ok := it[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func attrN(it map[string]types.AttributeValue, name string) int {
	if v, ok := it[name].(*types.AttributeValueMemberN); ok {
		var n int
		fmt.Sscan(v.Value, &n)
		return n
	}
	return 0
}

// report recounts, prints the scenario's line and asserts lost=0 and
// duplicated=0 separately.
func (r *faultRun) report(name string, parked int) {
	r.t.Helper()
	c := r.recount()
	line := fmt.Sprintf("fault %s: uploads=%d records=%d lost=%d duplicated=%d parked=%d retried=%d",
		name, r.uploads, c.records, c.lost, c.duplicated, parked, r.st.Counts().Retried)
	fmt.Println(line)
	r.t.Log(line)
	for i, p := range c.problems {
		if i == 20 {
			r.t.Logf("… %d more", len(c.problems)-20)
			break
		}
		r.t.Log(p)
	}
	if c.lost != 0 {
		r.t.Errorf("lost=%d", c.lost)
	}
	if c.duplicated != 0 {
		r.t.Errorf("duplicated=%d", c.duplicated)
	}
	if c.records != len(r.live) {
		r.t.Errorf("%d records for %d live uploads", c.records, len(r.live))
	}
}

func faultContext(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// (1) DynamoDB Local killed (SIGKILL) in the middle of 500 uploads and
// restarted on its data: writes in flight fail, are retried through the
// queue, and what exhausts its receives is parked and redriven.
func TestFaultsDynamoDBKilled(t *testing.T) {
	st, _ := startStackWith(t, func(o *Options) {
		// On disk DynamoDB Local takes about 10x longer per record than in
		// memory; more instances keep the run within its budget.
		o.Persistent, o.IngestMode, o.VisibilityTimeout, o.Instances = true, IngestQueue, 2*time.Second, 4
	})
	ctx := faultContext(t, 7*time.Minute)
	r := newFaultRun(t, st, ctx, 500)
	var once sync.Once
	r.uploadAll(0, 500, func(i int) {
		if i == 200 {
			once.Do(func() {
				if err := st.StopServer(ServerDynamoDB, true); err != nil {
					t.Fatal(err)
				}
				time.Sleep(3 * time.Second)
				if err := st.StartServer(ctx, ServerDynamoDB); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
	r.report("dynamodb-killed", r.settle())
}

// (2) MinIO stopped while its events are being processed, then started:
// the processor's reads fail, are retried, parked after the retries and
// redriven; notifications of later uploads follow.
func TestFaultsMinIOStopped(t *testing.T) {
	st, _ := startStackWith(t, nil)
	ctx := faultContext(t, 4*time.Minute)
	r := newFaultRun(t, st, ctx, 150)
	r.uploadAll(0, 100, nil)
	// Stopped once its notifications are out and while most of them are
	// still waiting for the processor, which then cannot read the objects.
	r.waitNotified()
	if err := st.StopServer(ServerMinIO, false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(4 * time.Second)
	if err := st.StartServer(ctx, ServerMinIO); err != nil {
		t.Fatal(err)
	}
	r.uploadAll(100, 150, nil)
	r.report("minio-stopped", r.settle())
}

// (3) Processor instances killed (SIGKILL) mid-batch: the Runtime API host
// fails the invocation at once, the batch comes back after the visibility
// timeout; a poison object whose every invocation kills its instance is
// parked after maxReceiveCount receives (with the messages that shared its
// batches) and replayed by `zhdoc redrive` once the poison is gone.
func TestFaultsProcessorKilled(t *testing.T) {
	st, _ := startStackWith(t, func(o *Options) {
		// A killed writer's claim on its document lasts until its deadline
		// (5 s here, plus a margin); a message comes back after the
		// visibility timeout, which is longer, as on AWS (720 s against
		// 120 s), so a retry finds the claim expired.
		o.IngestMode, o.ProcessorTimeout, o.VisibilityTimeout = IngestQueue, 5*time.Second, 8*time.Second
	})
	ctx := faultContext(t, 4*time.Minute)
	r := newFaultRun(t, st, ctx, 150)
	poison := st.UploadPrefix + "faults/poison.txt"
	var armed atomic.Bool
	armed.Store(true)
	var poisonKills atomic.Int64
	st.Processor.OnInvoke = func(pid int, payload []byte) {
		if armed.Load() && bytes.Contains(payload, []byte("poison.txt")) {
			poisonKills.Add(1)
			go func() {
				time.Sleep(20 * time.Millisecond) // mid-batch
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}()
		}
	}
	stop := make(chan struct{})
	var killer sync.WaitGroup
	var kills atomic.Int64
	killer.Add(1)
	go func() { // a busy instance killed every 1.5 s, 8 times at most
		defer killer.Done()
		for kills.Load() < 8 {
			select {
			case <-stop:
				return
			case <-time.After(1500 * time.Millisecond):
			}
			if busy := st.Processor.Busy(); len(busy) > 0 {
				if syscall.Kill(busy[0], syscall.SIGKILL) == nil {
					kills.Add(1)
				}
			}
		}
	}()
	r.uploadAll(0, 75, nil)
	r.put(poison, r.docs[0])
	r.uploadAll(75, 150, nil)
	r.waitNotified()
	if err := st.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	close(stop)
	killer.Wait()
	parked := st.DeadLetters()
	hasPoison := false
	for _, p := range parked {
		hasPoison = hasPoison || bytes.Contains(p, []byte("poison.txt"))
	}
	if !hasPoison {
		t.Errorf("the poison event was not parked (%d parked, %d poison kills)", len(parked), poisonKills.Load())
	}
	if got := poisonKills.Load(); got < 3 {
		t.Errorf("the poison event was delivered %d times, want maxReceiveCount (3)", got)
	}
	if st.Processor.Crashes() == 0 {
		t.Error("no invocation was reported failed by a crash")
	}
	t.Logf("%d random kills, %d poison kills, %d crashed invocations", kills.Load(), poisonKills.Load(), st.Processor.Crashes())
	armed.Store(false)
	r.report("processor-killed", r.settle())
}

// (4) Throttling and 5xx from DynamoDB and S3: the processor reaches both
// through an HTTP front that answers a fraction of requests with
// ThrottlingException / ProvisionedThroughputExceededException (400) and
// 500 (DynamoDB) or 503 SlowDown and 500 (S3) without forwarding them, then
// through toxiproxy (embedded) adding latency and resetting connections.
func TestFaultsThrottled(t *testing.T) {
	var fronts []*faultFront
	var proxies []*toxiproxy.Proxy
	t.Cleanup(func() {
		for _, f := range fronts {
			f.srv.Close()
		}
		for _, p := range proxies {
			p.Stop()
		}
	})
	tox := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	through := func(name, endpoint string, errs []frontError) string {
		u, err := url.Parse(endpoint)
		if err != nil {
			t.Fatal(err)
		}
		p := toxiproxy.NewProxy(tox, name, "127.0.0.1:0", u.Host)
		if err := p.Start(); err != nil {
			t.Fatalf("toxiproxy %s: %v", name, err)
		}
		proxies = append(proxies, p)
		for _, toxic := range []string{
			`{"name":"latency","type":"latency","stream":"downstream","toxicity":0.2,"attributes":{"latency":10,"jitter":10}}`,
			// One connection in 20 is reset after 5 s, maybe in the middle
			// of a request.
			`{"name":"reset","type":"reset_peer","stream":"upstream","toxicity":0.05,"attributes":{"timeout":5000}}`,
		} {
			if _, err := p.Toxics.AddToxicJson(strings.NewReader(toxic)); err != nil {
				t.Fatalf("toxic %s: %v", toxic, err)
			}
		}
		f := newFaultFront(name, "http://"+p.Listen, 20, errs)
		fronts = append(fronts, f)
		return f.srv.URL
	}
	st, _ := startStackWith(t, func(o *Options) {
		o.IngestMode, o.VisibilityTimeout = IngestQueue, 2*time.Second
		o.FunctionEndpoints = func(s3URL, ddbURL string) (string, string) {
			return through("s3", s3URL, []frontError{
					{503, "application/xml", `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`},
					{500, "application/xml", `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>`},
				}), through("dynamodb", ddbURL, []frontError{
					{400, "application/x-amz-json-1.0", `{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}`},
					{400, "application/x-amz-json-1.0", `{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}`},
					{500, "application/x-amz-json-1.0", `{"__type":"com.amazon.coral.service#InternalFailure","message":"internal failure"}`},
				})
		}
	})
	ctx := faultContext(t, 4*time.Minute)
	r := newFaultRun(t, st, ctx, 100)
	r.uploadAll(0, 100, nil)
	parked := r.settle()
	for _, f := range fronts {
		t.Logf("front of %s: %d of %d requests answered with an error", f.name, f.failed.Load(), f.seen.Load())
		if f.failed.Load() == 0 {
			t.Errorf("front of %s injected no error", f.name)
		}
	}
	r.report("throttled-5xx", parked)
}

type frontError struct {
	status      int
	contentType string
	body        string
}

// faultFront is a reverse proxy that answers every n-th request with the
// next of errs instead of forwarding it (so the server never sees it, as
// with a throttled request).
type faultFront struct {
	srv          *httptest.Server
	name         string
	seen, failed atomic.Int64
}

func newFaultFront(name, target string, every int, errs []frontError) *faultFront {
	u, _ := url.Parse(target)
	f := &faultFront{name: name}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(u)
		pr.Out.Host = pr.In.Host // S3 signatures cover the Host header
	}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		n := f.seen.Add(1)
		if n%int64(every) == 0 {
			e := errs[int(f.failed.Add(1)-1)%len(errs)]
			w.Header().Set("Content-Type", e.contentType)
			w.WriteHeader(e.status)
			w.Write([]byte(e.body))
			return
		}
		rp.ServeHTTP(w, req)
	}))
	return f
}

// (5) Duplicate and reordered deliveries: uploads, overwrites and deletes,
// then every notification MinIO sent is delivered twice more in a shuffled
// order (old creations after newer ones, deletions before the creations
// they follow). The table must hold exactly the latest state.
func TestFaultsDuplicatedReordered(t *testing.T) {
	st, _ := startStackWith(t, nil)
	ctx := faultContext(t, 4*time.Minute)
	r := newFaultRun(t, st, ctx, 80)
	r.uploadAll(0, 80, nil)
	for i := 0; i < 30; i++ { // new versions
		r.put(r.key(i), r.docs[(i+7)%len(r.docs)])
	}
	for i := 15; i < 45; i++ { // 15 overwritten, 15 not
		r.del(r.key(i))
	}
	r.waitNotified()
	if err := st.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	evs := st.Received()
	if len(evs) < r.uploads {
		t.Fatalf("%d notifications for %d uploads", len(evs), r.uploads)
	}
	again := append(append([][]byte(nil), evs...), evs...)
	rng := rand.New(rand.NewPCG(5, 18))
	rng.Shuffle(len(again), func(i, j int) { again[i], again[j] = again[j], again[i] })
	for _, ev := range again {
		st.Deliver(ev)
	}
	t.Logf("%d notifications delivered again (twice each, shuffled)", len(again))
	r.report("duplicated-reordered", r.settle())
}
