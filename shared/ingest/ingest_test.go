package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/emf"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
)

// refusing refuses the full record of some keys, as DynamoDB refuses an
// item over its size limit.
type refusing struct {
	*memstore.Store
	keys map[string]bool
}

func (r refusing) Put(ctx context.Context, d doc.Document, e index.Entries) error {
	if r.keys[d.Key] && d.Status == doc.StatusProcessed {
		return fmt.Errorf("write document %s: %w", d.ID, doc.ErrRefused)
	}
	return r.Store.Put(ctx, d, e)
}

// get returns the record of key in bucket b and whether it exists.
func get(t *testing.T, s *memstore.Store, key string) (doc.Document, bool) {
	t.Helper()
	d, err := s.Get(context.Background(), doc.ID("b", key))
	if errors.Is(err, doc.ErrNotFound) {
		return doc.Document{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return d, true
}

func record(name, key string) events.S3EventRecord {
	var r events.S3EventRecord
	r.EventName = name
	r.S3.Bucket.Name = "b"
	r.S3.Object.Key = key
	r.S3.Object.URLDecodedKey = key
	return r
}

// Every record of an event is handled; a retryable failure of one record is
// returned (so Lambda retries) without stopping the others; bad input is a
// failed record, not an error; unknown events are ignored.
func TestHandleS3EventAllRecords(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	objs := doctest.NewObjects()
	objs.Add("b", "incoming/a.txt", []byte("新华社北京7月4日电 国家主席习近平出席会议。"))
	objs.Add("b", "incoming/b.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00"))
	objs.Add("b", "incoming/huge.txt", []byte("新华社北京7月4日电 国家主席习近平出席会议。"))
	objs.Fail("b", "incoming/flaky.txt")
	// incoming/gone.txt was deleted before processing: it has an event, no object.
	recs := memstore.New(nil)
	doctest.Put(t, recs, doc.Document{ID: doc.ID("b", "incoming/old.txt"), Bucket: "b", Key: "incoming/old.txt"}, 0, nil)
	var logs bytes.Buffer
	proc := &Processor{Objects: objs, Records: refusing{recs, map[string]bool{"incoming/huge.txt": true}}, Pipeline: p,
		TextPrefix: "derived/", UploadPrefix: "incoming/", Log: slog.New(slog.NewJSONHandler(&logs, nil))}
	objs.Add("b", "derived/x/normalized.txt", []byte("新华社北京7月4日电"))
	ev := events.S3Event{Records: []events.S3EventRecord{
		record("ObjectCreated:Put", "incoming/a.txt"),
		record("s3:ObjectCreated:Put", "incoming/b.png"),
		record("ObjectCreated:Put", "incoming/flaky.txt"),
		record("ObjectCreated:Put", "incoming/gone.txt"),
		record("ObjectRemoved:Delete", "incoming/old.txt"),
		record("ObjectRestore:Completed", "incoming/a.txt"),
		record("ObjectCreated:Put", "incoming/huge.txt"),
		record("ObjectCreated:Put", "derived/x/normalized.txt"),
	}}
	err = proc.HandleS3Event(context.Background(), ev)
	if err == nil || !strings.Contains(err.Error(), "flaky.txt") {
		t.Fatalf("want the retryable failure of flaky.txt, got %v", err)
	}
	if d, _ := get(t, recs, "incoming/a.txt"); d.Status != doc.StatusProcessed || d.TextKey == "" {
		t.Errorf("a.txt: %+v", d)
	}
	if d, _ := get(t, recs, "incoming/b.png"); d.Status != doc.StatusFailed || d.Error == nil || d.Error.Code != doc.CodeNotText {
		t.Errorf("b.png: %+v", d)
	}
	if d, _ := get(t, recs, "incoming/huge.txt"); d.Status != doc.StatusFailed || d.Error == nil || d.Error.Code != doc.CodeRecordRefused {
		t.Errorf("refused record: %+v", d)
	}
	if _, ok := get(t, recs, "derived/x/normalized.txt"); ok {
		t.Error("a derived text outside the upload prefix was processed")
	}
	if _, ok := get(t, recs, "incoming/old.txt"); ok {
		t.Error("removed object kept its record")
	}
	if _, ok := get(t, recs, "incoming/gone.txt"); ok {
		t.Error("vanished object got a record")
	}
	puts := objs.Puts()
	if len(puts) == 0 {
		t.Error("no derived text was written")
	}
	for _, k := range puts {
		if !strings.HasPrefix(k, "derived/") {
			t.Errorf("derived text written under the upload prefix: %s", k)
		}
	}
	if !strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Error("the failure was not logged")
	}
}

func TestEventName(t *testing.T) {
	for in, want := range map[string]string{"s3:ObjectCreated:Put": "ObjectCreated:Put", "ObjectRemoved:Delete": "ObjectRemoved:Delete"} {
		if got := EventName(in); got != want {
			t.Errorf("%s → %s", in, got)
		}
	}
}

// A removal handled after a newer upload of the same key (events out of
// order) keeps the record of the object that exists.
func TestRemovalOfAReuploadedKey(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	objs := doctest.NewObjects()
	objs.Add("b", "incoming/a.txt", []byte("新华社北京7月4日电 国家主席习近平出席会议。"))
	recs := memstore.New(nil)
	proc := &Processor{Objects: objs, Records: recs, Pipeline: p, TextPrefix: "derived/", Log: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	if err := proc.HandleS3Event(ctx, events.S3Event{Records: []events.S3EventRecord{record("ObjectCreated:Put", "incoming/a.txt")}}); err != nil {
		t.Fatal(err)
	}
	if err := proc.HandleS3Event(ctx, events.S3Event{Records: []events.S3EventRecord{record("ObjectRemoved:Delete", "incoming/a.txt")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := get(t, recs, "incoming/a.txt"); !ok {
		t.Fatal("a stale removal deleted the record of an existing object")
	}
	objs.Remove("b", "incoming/a.txt")
	if err := proc.HandleS3Event(ctx, events.S3Event{Records: []events.S3EventRecord{record("ObjectRemoved:Delete", "incoming/a.txt")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := get(t, recs, "incoming/a.txt"); ok {
		t.Fatal("record kept after the object is gone")
	}
	if _, ok := objs.Body("b", doc.TextKey("derived/", doc.ID("b", "incoming/a.txt"), doc.FormNormalized)); ok {
		t.Fatal("derived text kept after the object is gone")
	}
}

// seqRecord is an S3 notification record with a sequencer.
func seqRecord(name, key, seq string) events.S3EventRecord {
	r := record(name, key)
	r.S3.Object.Sequencer = seq
	return r
}

// Duplicated and reordered deliveries leave exactly the record of the
// object's latest state, counted once.
func TestDuplicateAndReorderedEvents(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	const key = "incoming/a.txt"
	text := []byte("新华社北京7月4日电 国家主席习近平出席会议。")
	put := func(seq string) events.S3EventRecord { return seqRecord("ObjectCreated:Put", key, seq) }
	del := func(seq string) events.S3EventRecord { return seqRecord("ObjectRemoved:Delete", key, seq) }
	for _, c := range []struct {
		name    string
		exists  bool // the object exists once all events happened
		events  []events.S3EventRecord
		wantSeq string // the record's sequencer; "" for no record
	}{
		{"the same create twice", true, []events.S3EventRecord{put("0A"), put("0A")}, "0A"},
		{"an old create after a newer one", true, []events.S3EventRecord{put("0B"), put("0A")}, "0B"},
		{"a delete before the create it follows", false, []events.S3EventRecord{del("0B"), put("0A")}, ""},
		{"a late delete after a re-create", true, []events.S3EventRecord{put("0A"), put("0C"), del("0B")}, "0C"},
		{"every event twice, reversed", false, []events.S3EventRecord{del("0B"), del("0B"), put("0A"), put("0A")}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			objs := doctest.NewObjects()
			if c.exists {
				objs.Add("b", key, text)
			}
			recs := memstore.New(nil)
			proc := &Processor{Objects: objs, Records: recs, Pipeline: p, TextPrefix: "derived/", Log: slog.New(slog.DiscardHandler)}
			ctx := context.Background()
			for _, r := range c.events {
				if err := proc.HandleS3Event(ctx, events.S3Event{Records: []events.S3EventRecord{r}}); err != nil {
					t.Fatal(err)
				}
			}
			d, ok := get(t, recs, key)
			if ok != (c.wantSeq != "") || d.Sequencer != c.wantSeq {
				t.Fatalf("record exists=%v sequencer %q, want %q", ok, d.Sequencer, c.wantSeq)
			}
			cs, err := recs.CorpusStats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 1}[ok]; cs.Docs != want {
				t.Errorf("corpus counts %d documents, want %d", cs.Docs, want)
			}
			_, hasText := objs.Body("b", doc.TextKey("derived/", doc.ID("b", key), doc.FormNormalized))
			if hasText != ok {
				t.Errorf("derived text exists=%v, record exists=%v", hasText, ok)
			}
		})
	}
}

// A retryable failure of one object fails only its SQS message and only its
// Batch Operations task (TemporaryFailure, so Batch Operations retries it);
// the others are done and not redelivered.
func TestPartialFailures(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	objs := doctest.NewObjects()
	objs.Add("b", "incoming/a.txt", []byte("新华社北京7月4日电 国家主席习近平出席会议。"))
	objs.Fail("b", "incoming/flaky.txt")
	recs := memstore.New(nil)
	proc := &Processor{Objects: objs, Records: recs, Pipeline: p, TextPrefix: "derived/", UploadPrefix: "incoming/",
		Log: slog.New(slog.DiscardHandler)}
	body := func(key string) string {
		b, err := json.Marshal(events.S3Event{Records: []events.S3EventRecord{seqRecord("ObjectCreated:Put", key, "0A")}})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	resp, err := proc.HandleSQSEvent(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "m1", Body: body("incoming/a.txt"), EventSource: "aws:sqs"},
		{MessageId: "m2", Body: body("incoming/flaky.txt"), EventSource: "aws:sqs"},
		{MessageId: "m3", Body: `{"Records":[]}`, EventSource: "aws:sqs"},
	}})
	if err != nil {
		t.Fatalf("an SQS batch must not fail as a whole: %v", err)
	}
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	if !slices.Equal(failed, []string{"m2", "m3"}) {
		t.Errorf("failed messages %v, want [m2 m3]", failed)
	}
	if _, ok := get(t, recs, "incoming/a.txt"); !ok {
		t.Error("the good message's object has no record")
	}
	out := proc.HandleBatchV2(context.Background(), events.S3BatchJobEventV2{InvocationSchemaVersion: "2.0", InvocationID: "inv",
		Tasks: []events.S3BatchJobTaskV2{
			{TaskID: "t1", S3Bucket: "b", S3Key: "incoming/a.txt"},
			{TaskID: "t2", S3Bucket: "b", S3Key: "incoming/flaky.txt"},
			{TaskID: "t3", S3Bucket: "b", S3Key: "incoming/%zz"},
		}})
	var codes []string
	for _, r := range out.Results {
		codes = append(codes, r.TaskID+"="+r.ResultCode)
	}
	want := []string{"t1=" + BatchSucceeded, "t2=" + BatchTemporaryFailure, "t3=" + BatchPermanentFailure}
	if !slices.Equal(codes, want) || out.InvocationID != "inv" || out.TreatMissingKeysAs != BatchPermanentFailure {
		t.Errorf("batch results %v (invocation %q, missing keys %q), want %v", codes, out.InvocationID, out.TreatMissingKeysAs, want)
	}
	if d, _ := get(t, recs, "incoming/a.txt"); d.Sequencer != "0A" {
		t.Errorf("a re-process without a sequencer lost the record's: %q", d.Sequencer)
	}
}

// Payloads of no known source are an error (Lambda retries, then the
// dead-letter queue keeps them), never silently dropped.
func TestDetectUnknown(t *testing.T) {
	for _, raw := range []string{
		`{}`, `[]`, `null`, `"x"`, `not json`,
		`{"Records":[{"EventSource":"aws:sns","Sns":{"Message":"{}"}}]}`,
		`{"Records":[{"eventSource":"aws:kinesis"}]}`,
		`{"invocationSchemaVersion":"3.0","tasks":[{"taskId":"t"}]}`,
		`{"detail-type":"Object Created","source":"aws.s3"}`,
	} {
		if src, err := Detect([]byte(raw)); !errors.Is(err, ErrUnknownEvent) {
			t.Errorf("%s: detected %q, %v", raw, src, err)
		}
		proc := &Processor{Log: slog.New(slog.DiscardHandler)}
		if _, err := proc.Handle(context.Background(), []byte(raw)); !errors.Is(err, ErrUnknownEvent) {
			t.Errorf("%s: Handle answered %v", raw, err)
		}
	}
}

// Each change logs one line with its sizes and stage timings (never the
// text) and writes one EMF line: documents by outcome, failures by code,
// bytes and latencies; the Lambda request id goes on both.
func TestObservability(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	const text = "新华社北京7月4日电 国家主席习近平出席上海合作组织峰会。"
	objs := doctest.NewObjects()
	objs.Add("b", "incoming/a.txt", []byte(text))
	objs.Add("b", "incoming/b.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00"))
	objs.Fail("b", "incoming/flaky.txt")
	var logs, metrics bytes.Buffer
	proc := &Processor{Objects: objs, Records: memstore.New(nil), Pipeline: p, TextPrefix: "derived/", UploadPrefix: "incoming/",
		Log: slog.New(slog.NewJSONHandler(&logs, nil)), Metrics: emf.New(&metrics, "zhdoc", map[string]string{"Function": "processor"})}
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-42"})
	for _, key := range []string{"incoming/a.txt", "incoming/b.png", "incoming/flaky.txt", "elsewhere/c.txt"} {
		proc.Apply(ctx, Change{Bucket: "b", Key: key})
	}
	if strings.Contains(logs.String(), "习近平") {
		t.Error("the log holds document text")
	}
	type line struct {
		Msg, Key, Outcome, Code, RequestID string
		Size                               int64
		Ms                                 map[string]float64
		Documents, Failures, Bytes         float64
		EndToEndLatency                    float64
		AWS                                json.RawMessage `json:"_aws"`
	}
	parse := func(buf *bytes.Buffer) []line {
		var out []line
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var v line
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatalf("not JSON: %q", l)
			}
			out = append(out, v)
		}
		return out
	}
	var applied []line
	for _, l := range parse(&logs) {
		if l.Msg == "change applied" || l.Msg == "change failed" {
			applied = append(applied, l)
		}
	}
	if len(applied) != 3 || applied[0].Size != int64(len(text)) || applied[0].Ms["pipeline"] <= 0 || applied[0].Ms["extract"] <= 0 || applied[0].Ms["extract"] > applied[0].Ms["pipeline"] || applied[0].Ms["total"] < applied[0].Ms["pipeline"] || applied[0].RequestID != "req-42" {
		t.Errorf("log lines %+v", applied)
	}
	m := parse(&metrics)
	if len(m) != 4 {
		t.Fatalf("%d EMF lines, want 4", len(m))
	}
	want := []struct {
		outcome, code string
		failures      float64
	}{{"processed", "", 0}, {"failed", doc.CodeNotText, 1}, {"error", "", 0}, {"ignored", "", 0}}
	for i, w := range want {
		g := m[i]
		if g.Outcome != w.outcome || g.Code != w.code || g.Failures != w.failures || g.Documents != 1 || len(g.AWS) == 0 || g.RequestID != "req-42" {
			t.Errorf("EMF line %d: %+v, want outcome %s code %q", i, g, w.outcome, w.code)
		}
	}
	if m[0].Bytes != float64(len(text)) || m[0].EndToEndLatency <= 0 {
		t.Errorf("processed: bytes %v latency %v", m[0].Bytes, m[0].EndToEndLatency)
	}
}
