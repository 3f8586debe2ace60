// Package localstack runs zhdoc locally with real parts and no Docker:
// DynamoDB Local (Amazon's jar), MinIO as the S3 server, and both functions'
// built bootstrap binaries behind a Runtime API of ours. MinIO's webhook
// notifications drive the processor; an HTTP listener turns requests into
// API Gateway HTTP API events for the query function. Every server binds to
// 127.0.0.1 and is stopped by pid when the stack closes.
package localstack

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/httpevent"
	"github.com/zhdoc/zhdoc/shared/store"
)

// Options locate the parts of the stack.
type Options struct {
	Template      string // template.yaml
	MinIO         string // minio binary
	DynamoDBJar   string // DynamoDBLocal.jar (its _lib folder beside it)
	Processor     string // built processor bootstrap
	Query         string // built query bootstrap
	APIAddr       string // HTTP listener, default 127.0.0.1:3000
	WorkDir       string // temporary data; removed on Close when empty here
	Instances     int    // instances per function, default 2
	FunctionLogs  io.Writer
	ServerLogs    io.Writer
	Log           *slog.Logger
	StartupBudget time.Duration

	// IngestMode is direct (MinIO's events invoke the processor
	// asynchronously) or queue (through a local SQS queue, in batches);
	// empty takes the template's IngestMode default.
	IngestMode string
	// DeadLetterDir holds parked events (default: under WorkDir).
	DeadLetterDir string
	// VisibilityTimeout of the local queue (default 5 s: the template's 720 s
	// is sized for Lambda's 120 s timeout, far too long to wait locally).
	VisibilityTimeout time.Duration
	// ProcessorTimeout, when set, replaces the template's Timeout of the
	// processor: a fault run kills writers and waits for what they held
	// (a document's write claim lasts until the writer's deadline).
	ProcessorTimeout time.Duration
	// Persistent keeps DynamoDB Local's data on disk, so that the server
	// can be killed and restarted without losing the table.
	Persistent bool
	// FunctionEndpoints, when set, replaces the S3 and DynamoDB endpoints
	// the functions use (fault tests put proxies there).
	FunctionEndpoints func(s3, dynamodb string) (string, string)
}

// Stack is a running local stack.
type Stack struct {
	Bucket, Table            string
	UploadPrefix, TextPrefix string
	S3Endpoint               string
	DynamoDBEndpoint         string
	APIURL                   string
	S3                       *s3.Client
	DynamoDB                 *dynamodb.Client
	Processor, Query         *Function

	opts    Options
	log     *slog.Logger
	workDir string
	ownDir  bool
	servers []*exec.Cmd
	named   map[string]*server
	https   []*http.Server
	events  deliverer
	dlq     *deadLetters

	// IngestMode is the delivery path in use; EventsURL receives S3
	// notifications (MinIO's webhook, and `zhdoc redrive`); DeadLetterDir
	// holds what was parked.
	IngestMode    string
	EventsURL     string
	DeadLetterDir string

	recMu    sync.Mutex
	received [][]byte
	cleanup  []func()
}

// server is a child server the stack can stop and start again on the same
// port and data.
type server struct {
	index int // in Stack.servers
	make  func() *exec.Cmd
	ready func(ctx context.Context) error
}

const (
	accessKey = "zhdoclocal"
	secretKey = "zhdoclocalsecret"
	region    = "us-east-1"
	webhookID = "ZHDOC"
)

// Start brings the whole stack up, or tears down what it started and fails.
func Start(ctx context.Context, o Options) (st *Stack, err error) {
	if o.Instances <= 0 {
		o.Instances = 2
	}
	if o.APIAddr == "" {
		o.APIAddr = "127.0.0.1:3000"
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.FunctionLogs == nil {
		o.FunctionLogs = io.Discard
	}
	if o.ServerLogs == nil {
		o.ServerLogs = io.Discard
	}
	if o.StartupBudget == 0 {
		o.StartupBudget = 60 * time.Second
	}
	for _, p := range []struct {
		what string
		path *string
	}{
		{"template", &o.Template}, {"minio binary", &o.MinIO}, {"DynamoDB Local jar", &o.DynamoDBJar},
		{"processor bootstrap", &o.Processor}, {"query bootstrap", &o.Query},
	} {
		if _, err := os.Stat(*p.path); err != nil {
			return nil, fmt.Errorf("%s not found at %q: %w", p.what, *p.path, err)
		}
		// Children run in other directories.
		if abs, err := filepath.Abs(*p.path); err == nil {
			*p.path = abs
		}
	}
	tpl, err := LoadTemplate(o.Template)
	if err != nil {
		return nil, err
	}
	st = &Stack{opts: o, log: o.Log, workDir: o.WorkDir}
	defer func() {
		if err != nil {
			st.Close()
			st = nil
		}
	}()
	if st.workDir == "" {
		if st.workDir, err = os.MkdirTemp("", "zhdoc-local-"); err != nil {
			return st, fmt.Errorf("work dir: %w", err)
		}
		st.ownDir = true
	}

	// Names come from the template, so local and deployed cannot drift.
	secret := make([]byte, 16)
	_, _ = rand.Read(secret)
	tpl.Values["CursorSecret"] = hex.EncodeToString(secret)
	if st.Bucket, err = tpl.BucketName("DocumentBucket"); err != nil {
		return st, err
	}
	st.Table = "zhdoc-local"
	tpl.Values["DocumentBucket"] = st.Bucket
	tpl.Values["DocumentTable"] = st.Table
	st.UploadPrefix, st.TextPrefix = tpl.Values["UploadPrefix"], tpl.Values["TextPrefix"]
	st.IngestMode = o.IngestMode
	if st.IngestMode == "" {
		st.IngestMode = tpl.Values["IngestMode"]
	}
	if st.IngestMode != IngestDirect && st.IngestMode != IngestQueue {
		return st, fmt.Errorf("ingest mode %q: want %s or %s", st.IngestMode, IngestDirect, IngestQueue)
	}
	queue, err := tpl.Queue()
	if err != nil {
		return st, err
	}
	st.DeadLetterDir = o.DeadLetterDir
	if st.DeadLetterDir == "" {
		st.DeadLetterDir = filepath.Join(st.workDir, "dead-letters")
	}
	if st.dlq, err = newDeadLetters(st.DeadLetterDir); err != nil {
		return st, err
	}

	ctx, cancel := context.WithTimeout(ctx, o.StartupBudget)
	defer cancel()

	if err := st.startDynamoDB(ctx, tpl); err != nil {
		return st, err
	}
	// The webhook receiver must exist before MinIO, which checks its targets.
	webhook, err := st.listen("127.0.0.1:0", http.HandlerFunc(st.webhook))
	if err != nil {
		return st, err
	}
	st.EventsURL = "http://" + webhook + "/events"
	if err := st.startMinIO(ctx, st.EventsURL); err != nil {
		return st, err
	}

	s3URL, ddbURL := st.S3Endpoint, st.DynamoDBEndpoint
	if o.FunctionEndpoints != nil {
		s3URL, ddbURL = o.FunctionEndpoints(s3URL, ddbURL)
	}
	env := []string{
		"AWS_REGION=" + region, "AWS_DEFAULT_REGION=" + region,
		"AWS_ACCESS_KEY_ID=" + accessKey, "AWS_SECRET_ACCESS_KEY=" + secretKey,
		"AWS_ENDPOINT_URL_S3=" + s3URL, "AWS_ENDPOINT_URL_DYNAMODB=" + ddbURL,
		"S3_FORCE_PATH_STYLE=true", "AWS_EC2_METADATA_DISABLED=true",
	}
	if err := st.startFunctions(ctx, tpl, env); err != nil {
		return st, err
	}
	if st.IngestMode == IngestQueue {
		vis := o.VisibilityTimeout
		if vis <= 0 {
			vis = 5 * time.Second
		}
		st.events = newSQSQueue(st.Processor, st.dlq, queue, vis, o.Instances, o.Log)
	} else {
		st.events = newEventQueue(st.Processor, st.dlq, queue.MaxRetryAttempts, o.Instances, o.Log)
	}

	apiAddr, err := st.listen(o.APIAddr, http.HandlerFunc(st.api))
	if err != nil {
		return st, fmt.Errorf("API listener on %s: %w", o.APIAddr, err)
	}
	st.APIURL = "http://" + apiAddr
	return st, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func (st *Stack) listen(addr string, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	st.https = append(st.https, srv)
	go srv.Serve(ln)
	return ln.Addr().String(), nil
}

func (st *Stack) startServer(name string, mk func() *exec.Cmd, ready func(context.Context) error) error {
	cmd := mk()
	cmd.Stdout, cmd.Stderr = st.opts.ServerLogs, st.opts.ServerLogs
	cmd.SysProcAttr = childAttrs()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	if st.named == nil {
		st.named = map[string]*server{}
	}
	if sv, ok := st.named[name]; ok {
		st.servers[sv.index] = cmd
	} else {
		st.named[name] = &server{index: len(st.servers), make: mk, ready: ready}
		st.servers = append(st.servers, cmd)
	}
	st.log.Info("started", "server", name, "pid", cmd.Process.Pid)
	return nil
}

// Servers the stack can stop and start again.
const (
	ServerDynamoDB = "dynamodb-local"
	ServerMinIO    = "minio"
)

// StopServer stops a server: killed with SIGKILL (a crash) or stopped with
// SIGTERM. Not safe to call concurrently with StartServer or Close.
func (st *Stack) StopServer(name string, kill bool) error {
	sv, ok := st.named[name]
	if !ok {
		return fmt.Errorf("no server %q", name)
	}
	cmd := st.servers[sv.index]
	if kill {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	} else {
		stopProcess(cmd)
	}
	_ = cmd.Wait()
	return nil
}

// StartServer starts a stopped server again on its port and data, and waits
// until it answers.
func (st *Stack) StartServer(ctx context.Context, name string) error {
	sv, ok := st.named[name]
	if !ok {
		return fmt.Errorf("no server %q", name)
	}
	if err := st.startServer(name, sv.make, sv.ready); err != nil {
		return err
	}
	return retry(ctx, "restart "+name, func() error { return sv.ready(ctx) })
}

func (st *Stack) startDynamoDB(ctx context.Context, tpl *Template) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	dir := filepath.Dir(st.opts.DynamoDBJar)
	storage := []string{"-inMemory"}
	if st.opts.Persistent {
		// On a disk SQLite's syncs make a record take seconds; tmpfs
		// outlives the process just the same, which is what a kill tests.
		data, err := os.MkdirTemp("/dev/shm", "zhdoc-dynamodb-")
		if err != nil {
			data = filepath.Join(st.workDir, "dynamodb")
			if err := os.MkdirAll(data, 0o755); err != nil {
				return fmt.Errorf("dynamodb data: %w", err)
			}
		} else {
			st.cleanup = append(st.cleanup, func() { os.RemoveAll(data) })
		}
		storage = []string{"-dbPath", data, "-sharedDb"}
	}
	mk := func() *exec.Cmd {
		// DynamoDB Local cannot bind to one address; we only ever connect
		// to it through 127.0.0.1.
		args := append([]string{"-Xmx512m", "-Djava.library.path=" + filepath.Join(dir, "DynamoDBLocal_lib"),
			"-jar", st.opts.DynamoDBJar}, storage...)
		cmd := exec.Command("java", append(args, "-disableTelemetry", "-port", fmt.Sprint(port))...)
		cmd.Dir = st.workDir
		return cmd
	}
	st.DynamoDBEndpoint = fmt.Sprintf("http://127.0.0.1:%d", port)
	st.DynamoDB = dynamodb.New(dynamodb.Options{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		BaseEndpoint: aws.String(st.DynamoDBEndpoint),
	})
	ready := func(ctx context.Context) error {
		_, err := st.DynamoDB.ListTables(ctx, &dynamodb.ListTablesInput{})
		return err
	}
	if err := st.startServer(ServerDynamoDB, mk, ready); err != nil {
		return err
	}
	in, err := tpl.CreateTableInput("DocumentTable", st.Table)
	if err != nil {
		return err
	}
	return retry(ctx, "create table", func() error {
		_, err := st.DynamoDB.CreateTable(ctx, in)
		return err
	})
}

func (st *Stack) startMinIO(ctx context.Context, webhook string) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	console, err := freePort()
	if err != nil {
		return err
	}
	data := filepath.Join(st.workDir, "minio")
	queue := filepath.Join(st.workDir, "minio-events")
	mk := func() *exec.Cmd {
		cmd := exec.Command(st.opts.MinIO, "server", "--quiet",
			"--address", fmt.Sprintf("127.0.0.1:%d", port),
			"--console-address", fmt.Sprintf("127.0.0.1:%d", console), data)
		cmd.Env = append(os.Environ(),
			"MINIO_ROOT_USER="+accessKey, "MINIO_ROOT_PASSWORD="+secretKey,
			"MINIO_UPDATE=off", "MINIO_BROWSER=off", "MINIO_CALLHOME_ENABLE=off",
			"MINIO_REGION="+region,
			"MINIO_NOTIFY_WEBHOOK_ENABLE_"+webhookID+"=on",
			"MINIO_NOTIFY_WEBHOOK_ENDPOINT_"+webhookID+"="+webhook,
			// Events wait here while the webhook is down instead of being lost.
			"MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_"+webhookID+"="+queue,
		)
		return cmd
	}
	st.S3Endpoint = fmt.Sprintf("http://127.0.0.1:%d", port)
	ready := func(ctx context.Context) error {
		_, err := st.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &st.Bucket})
		return err
	}
	if err := st.startServer(ServerMinIO, mk, ready); err != nil {
		return err
	}
	st.S3 = s3.New(s3.Options{
		Region:                     region,
		Credentials:                credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		BaseEndpoint:               aws.String(st.S3Endpoint),
		UsePathStyle:               true,
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	})
	if err := retry(ctx, "create bucket", func() error {
		_, err := st.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &st.Bucket})
		return err
	}); err != nil {
		return err
	}
	filter := &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{
		FilterRules: []s3types.FilterRule{{Name: s3types.FilterRuleNamePrefix, Value: aws.String(st.UploadPrefix)}},
	}}
	// Retried: under load MinIO may not have set up its webhook target yet
	// ("destination ARN does not exist").
	err = retry(ctx, "attach notification", func() error {
		_, err := st.S3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
			Bucket: &st.Bucket,
			NotificationConfiguration: &s3types.NotificationConfiguration{
				QueueConfigurations: []s3types.QueueConfiguration{{
					QueueArn: aws.String("arn:minio:sqs::" + webhookID + ":webhook"),
					Events:   []s3types.Event{"s3:ObjectCreated:*", "s3:ObjectRemoved:*"},
					Filter:   filter,
				}},
			},
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("attach webhook notification to bucket: %w", err)
	}
	return nil
}

func (st *Stack) startFunctions(ctx context.Context, tpl *Template, env []string) error {
	for _, f := range []struct {
		resource, bootstrap string
		dst                 **Function
	}{{"ProcessorFunction", st.opts.Processor, &st.Processor}, {"QueryFunction", st.opts.Query, &st.Query}} {
		spec, err := tpl.Function(f.resource)
		if err != nil {
			return err
		}
		if f.resource == "ProcessorFunction" && st.opts.ProcessorTimeout > 0 {
			spec.Timeout = int((st.opts.ProcessorTimeout + time.Second - 1) / time.Second)
		}
		fn, err := StartFunction(spec, f.bootstrap, env, st.opts.Instances, st.opts.FunctionLogs, st.log)
		if err != nil {
			return err
		}
		*f.dst = fn
	}
	for _, fn := range []*Function{st.Processor, st.Query} {
		select {
		case <-fn.Ready():
			st.log.Info("function ready", "function", fn.Spec.Name, "init", fn.InitDuration().String())
		case <-ctx.Done():
			return fmt.Errorf("%s did not reach the Runtime API: %w", fn.Spec.Name, ctx.Err())
		}
	}
	return nil
}

// retry calls fn until it succeeds or ctx ends: servers take a moment to start.
func retry(ctx context.Context, what string, fn func() error) error {
	var err error
	for {
		if err = fn(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w (last error: %v)", what, ctx.Err(), err)
		case <-time.After(150 * time.Millisecond):
		}
	}
}

// webhook receives MinIO's notifications and queues them as asynchronous
// invocations of the processor, as S3 invokes Lambda.
func (st *Stack) webhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var probe struct {
		Records []json.RawMessage `json:"Records"`
	}
	if r.Method != http.MethodPost || json.Unmarshal(body, &probe) != nil || len(probe.Records) == 0 {
		// MinIO checks the target with requests that carry no records.
		w.WriteHeader(http.StatusOK)
		return
	}
	if st.events == nil {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	st.recMu.Lock()
	st.received = append(st.received, body)
	st.recMu.Unlock()
	st.events.add(body)
	w.WriteHeader(http.StatusOK)
}

// Received returns every S3 notification received so far, in order.
func (st *Stack) Received() [][]byte {
	st.recMu.Lock()
	defer st.recMu.Unlock()
	return append([][]byte(nil), st.received...)
}

// Deliver sends a notification down the event path as if MinIO had sent it
// (fault tests deliver duplicates and reorder them).
func (st *Stack) Deliver(body []byte) { st.events.add(body) }

// Counts reports what the event path did so far.
func (st *Stack) Counts() Counts { return st.events.counts() }

// api turns an HTTP request into an API Gateway HTTP API event for the
// query function and writes its response back, like `sam local start-api`.
func (st *Stack) api(w http.ResponseWriter, r *http.Request) {
	ev, err := httpevent.Event(r, "$default")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	payload, _ := json.Marshal(ev)
	out, err := st.Query.Invoke(r.Context(), payload)
	if err != nil {
		st.log.Error("query function failed", "error", err.Error())
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte(`{"message":"Internal Server Error"}`))
		return
	}
	var res events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(out, &res); err != nil {
		http.Error(w, "bad function response: "+err.Error(), http.StatusBadGateway)
		return
	}
	_ = httpevent.Write(w, res)
}

// WaitRecords waits until every key has a record whose ETag matches (or any
// record when the ETag is empty): S3 notifications are asynchronous, so this
// is how a caller knows its uploads were processed.
func (st *Stack) WaitRecords(ctx context.Context, etags map[string]string) (map[string]doc.Document, error) {
	records := store.New(st.DynamoDB, st.Table, nil)
	out := map[string]doc.Document{}
	err := retry(ctx, "wait for records", func() error {
		for key, etag := range etags {
			if _, ok := out[key]; ok {
				continue
			}
			d, err := records.Get(ctx, doc.ID(st.Bucket, key))
			if err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			if etag != "" && d.ETag != etag {
				return fmt.Errorf("%s: record is of an older version", key)
			}
			out[key] = d
		}
		return nil
	})
	return out, err
}

// Idle waits until every S3 event received so far has been handled.
func (st *Stack) Idle(ctx context.Context) error { return st.events.idle(ctx) }

// DeadLetters returns the events parked in the dead-letter folder (those the
// processor failed on after all retries, not yet redriven).
func (st *Stack) DeadLetters() [][]byte {
	dl, err := st.dlq.list()
	if err != nil {
		st.log.Error("read dead-letter folder", "error", err.Error())
	}
	return dl
}

// Close stops everything the stack started.
func (st *Stack) Close() {
	if st == nil {
		return
	}
	for _, srv := range st.https {
		srv.Close()
	}
	if st.events != nil {
		st.events.close()
	}
	for _, fn := range []*Function{st.Processor, st.Query} {
		if fn != nil {
			fn.Close()
		}
	}
	for i := len(st.servers) - 1; i >= 0; i-- {
		stopProcess(st.servers[i])
		_ = st.servers[i].Wait()
	}
	for _, f := range st.cleanup {
		f()
	}
	if st.ownDir && st.workDir != "" {
		os.RemoveAll(st.workDir)
	}
}

// eventQueue delivers events to the processor asynchronously with Lambda's
// retry policy (template: EventInvokeConfig MaximumRetryAttempts), parking
// failures in the dead-letter folder as the on-failure destination would.
type eventQueue struct {
	fn      *Function
	log     *slog.Logger
	dlq     *deadLetters
	ch      chan []byte
	mu      sync.Mutex
	cond    *sync.Cond
	active  int
	wg      sync.WaitGroup
	retries int
	stopped atomic.Bool
	stats   Counts
}

func newEventQueue(fn *Function, dlq *deadLetters, retries, workers int, log *slog.Logger) *eventQueue {
	q := &eventQueue{fn: fn, log: log, dlq: dlq, ch: make(chan []byte, 4096), retries: retries}
	q.cond = sync.NewCond(&q.mu)
	for i := 0; i < workers; i++ {
		q.wg.Add(1)
		go q.work()
	}
	return q
}

func (q *eventQueue) add(ev []byte) {
	q.mu.Lock()
	q.active++
	q.stats.Events++
	q.mu.Unlock()
	q.ch <- ev
}

func (q *eventQueue) work() {
	defer q.wg.Done()
	for ev := range q.ch {
		if q.stopped.Load() {
			// Shutting down: what is not delivered stays in MinIO's past.
			q.done(nil, ev, false)
			continue
		}
		var err error
		for attempt := 0; attempt <= q.retries; attempt++ {
			if attempt > 0 {
				q.mu.Lock()
				q.stats.Retried++
				q.mu.Unlock()
			}
			if _, err = q.fn.Invoke(context.Background(), ev); err == nil {
				break
			}
			q.log.Warn("processor invocation failed", "attempt", attempt+1, "error", err.Error())
			// Lambda waits a minute, then two; scaled down locally.
			time.Sleep(time.Duration(attempt+1) * 500 * time.Millisecond)
		}
		q.done(err, ev, true)
	}
}

func (q *eventQueue) done(err error, ev []byte, park bool) {
	if err != nil && park {
		if perr := q.dlq.park(bytes.Clone(ev), err.Error()); perr != nil {
			q.log.Error("could not park event", "error", perr.Error())
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if err != nil && park {
		q.stats.Parked++
	}
	q.active--
	q.cond.Broadcast()
}

func (q *eventQueue) idle(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		q.mu.Lock()
		q.cond.Broadcast()
		q.mu.Unlock()
	})
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.active > 0 {
		if ctx.Err() != nil {
			return errors.New("events still being processed: " + ctx.Err().Error())
		}
		q.cond.Wait()
	}
	return nil
}

func (q *eventQueue) counts() Counts {
	q.mu.Lock()
	defer q.mu.Unlock()
	c := q.stats
	c.Crashes = q.fn.Crashes()
	return c
}

func (q *eventQueue) close() {
	q.stopped.Store(true)
	close(q.ch)
	q.wg.Wait()
}

// pids lists every process the stack started (servers and function
// instances), so tests can check that Close leaves none behind.
func (st *Stack) pids() []int {
	var out []int
	for _, c := range st.servers {
		out = append(out, c.Process.Pid)
	}
	for _, fn := range []*Function{st.Processor, st.Query} {
		if fn == nil {
			continue
		}
		fn.mu.Lock()
		for _, c := range fn.procs {
			out = append(out, c.Process.Pid)
		}
		fn.mu.Unlock()
	}
	return out
}

// syncWriter serialises writes from several child processes' pipes.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
