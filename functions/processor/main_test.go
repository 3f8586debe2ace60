package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/ingest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// eventCase is what one sample event in events/ should do.
type eventCase struct {
	key     string // the decoded key it names
	removed bool   // the event removes the object
	// response, when set, is the handler's answer (JSON) the source expects.
	response string
}

// TestEvents feeds every sample event in events/ but the HTTP ones (the
// query function's) through the processor's Lambda handler as the runtime
// would: raw JSON in, the event source detected from the payload.
func TestEvents(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	const bucket = "zhdoc-docs-123456789012-us-east-1"
	seed, err := os.ReadFile(testcorpus.Testdata(t, "seeds", "002_999ae4f09e75931b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	hk, err := os.ReadFile(testcorpus.Testdata(t, "seeds", "003_8dd8231aff3203e7.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const (
		xinhua  = "incoming/news/002_xinhua.txt"
		special = "incoming/港聞 2024/上合+峰會 100%.txt"
	)
	cases := map[string]eventCase{
		"s3-put.json":             {key: xinhua},
		"s3-put-special-key.json": {key: special},
		"s3-put-minio.json":       {key: "incoming/samples/000 繁體.txt"},
		"s3-delete.json":          {key: xinhua, removed: true},
		// One good message, S3's test message, one malformed: only the
		// malformed one is reported, so only it is received again.
		"sqs-s3-put.json": {key: xinhua,
			response: `{"batchItemFailures":[{"itemIdentifier":"3f2f5a1e-77a0-4c3b-9b0e-5d1f7c8e9a01"}]}`},
		"eventbridge-object-created.json": {key: special},
		"eventbridge-object-deleted.json": {key: xinhua, removed: true},
		"batch-v1.json": {key: xinhua, response: `{"invocationSchemaVersion":"1.0","treatMissingKeysAs":"PermanentFailure",
			"invocationId":"YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo","results":[
			{"taskId":"dGFza2lkZ29lc2hlcmUK","resultCode":"Succeeded","resultString":"re-processed"},
			{"taskId":"bm90aGVyZQo","resultCode":"PermanentFailure","resultString":"s3://zhdoc-docs-123456789012-us-east-1/incoming/news/not-there.txt does not exist"}]}`},
		"batch-v2.json": {key: special, response: `{"invocationSchemaVersion":"2.0","treatMissingKeysAs":"PermanentFailure",
			"invocationId":"Jr3s8KZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo","results":[
			{"taskId":"y5R3a2lkZ29lc2hlcmUK","resultCode":"Succeeded","resultString":"re-processed"},
			{"taskId":"b3V0c2lkZQo","resultCode":"PermanentFailure","resultString":"s3://zhdoc-docs-123456789012-us-east-1/derived/x/normalized.txt is outside the upload prefix \"incoming/\""}]}`},
	}
	files := processorEvents(t)
	if len(files) != len(cases) {
		t.Fatalf("events/ has %d processor events, the test knows %d", len(files), len(cases))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			c, ok := cases[name]
			if !ok {
				t.Fatalf("no expectation for %s", name)
			}
			key := c.key
			objs := doctest.NewObjects()
			objs.Add(bucket, xinhua, seed)
			objs.Add(bucket, special, hk)
			objs.Add(bucket, "incoming/samples/000 繁體.txt", hk)
			objs.Add(bucket, "derived/"+doc.ID(bucket, key)+"/x", []byte("stale"))
			if c.removed {
				objs.Remove(bucket, key) // S3 sends the event after the removal
			}
			recs := memstore.New(nil)
			doctest.Put(t, recs, doc.Document{ID: doc.ID(bucket, key)}, 0, nil)
			proc := &ingest.Processor{Objects: objs, Records: recs, Pipeline: p, TextPrefix: "derived/",
				UploadPrefix: "incoming/", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			payload, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := lambda.NewHandler(proc.Handle).Invoke(context.Background(), payload)
			if err != nil {
				t.Fatalf("invoke: %v", err)
			}
			if c.response != "" {
				var got, want any
				if err := json.Unmarshal(resp, &got); err != nil {
					t.Fatalf("response %s: %v", resp, err)
				}
				if err := json.Unmarshal([]byte(c.response), &want); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("response\n%s\nwant\n%s", resp, c.response)
				}
			} else if string(resp) != "null" {
				t.Errorf("response %s, want null", resp)
			}
			id := doc.ID(bucket, key)
			d, err := recs.Get(context.Background(), id)
			exists := err == nil
			if err != nil && !errors.Is(err, doc.ErrNotFound) {
				t.Fatal(err)
			}
			if c.removed {
				if exists {
					t.Fatal("record still exists after the removal")
				}
				if _, ok := objs.Body(bucket, doc.TextKey("derived/", id, doc.FormNormalized)); ok {
					t.Fatal("derived text still exists after the removal")
				}
				return
			}
			if !exists || d.Key != key || d.Status != doc.StatusProcessed {
				t.Fatalf("record for %q: exists=%v key=%q status=%q", key, exists, d.Key, d.Status)
			}
			if d.Encoding.Name != "UTF-8" || d.Script == "" || d.Stats.HanChars == 0 || len(d.Keywords) == 0 {
				t.Errorf("record lacks pipeline output: %+v", d)
			}
			text, ok := objs.Body(bucket, d.TextKey)
			if !ok || len(text) == 0 || !strings.HasPrefix(d.TextKey, "derived/") {
				t.Errorf("normalized text not stored at %q", d.TextKey)
			}
		})
	}
}

// processorEvents lists the sample events of the processor: all of
// events/ but the query function's HTTP events.
func processorEvents(t *testing.T) []string {
	t.Helper()
	all, err := filepath.Glob("../../events/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range all {
		if !strings.HasPrefix(filepath.Base(f), "http-") {
			out = append(out, f)
		}
	}
	return out
}

// TestEventFixturesRoundTrip decodes each sample into the aws-lambda-go
// type of the source Detect names and encodes it again: every value of the
// sample must survive, so a sample cannot carry a misspelt field the
// handler would silently not see.
func TestEventFixturesRoundTrip(t *testing.T) {
	want := map[string]ingest.Source{
		"s3-": ingest.SourceS3, "sqs-": ingest.SourceSQS, "eventbridge-": ingest.SourceEventBridge,
		"batch-v1": ingest.SourceBatchV1, "batch-v2": ingest.SourceBatchV2,
	}
	for _, f := range processorEvents(t) {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src, err := ingest.Detect(raw)
			if err != nil {
				t.Fatal(err)
			}
			for prefix, s := range want {
				if strings.HasPrefix(name, prefix) && s != src {
					t.Fatalf("detected %s, want %s", src, s)
				}
			}
			var v any
			switch src {
			case ingest.SourceS3:
				v = &events.S3Event{}
			case ingest.SourceSQS:
				v = &events.SQSEvent{}
			case ingest.SourceEventBridge:
				v = &events.CloudWatchEvent{}
			case ingest.SourceBatchV1:
				v = &events.S3BatchJobEvent{}
			case ingest.SourceBatchV2:
				v = &events.S3BatchJobEventV2{}
			}
			if err := json.Unmarshal(raw, v); err != nil {
				t.Fatal(err)
			}
			again, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var orig, back any
			if err := json.Unmarshal(raw, &orig); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(again, &back); err != nil {
				t.Fatal(err)
			}
			for _, miss := range missing("", orig, back) {
				t.Errorf("lost in the round trip: %s", miss)
			}
		})
	}
}

// missing lists the paths of values in a that b does not hold (a null in a
// matches an absent or empty value in b).
func missing(path string, a, b any) []string {
	switch av := a.(type) {
	case map[string]any:
		bv, _ := b.(map[string]any)
		var out []string
		for k, x := range av {
			out = append(out, missing(path+"."+k, x, bv[k])...)
		}
		return out
	case []any:
		bv, _ := b.([]any)
		if len(bv) != len(av) {
			return []string{path}
		}
		var out []string
		for i := range av {
			out = append(out, missing(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i])...)
		}
		return out
	case nil:
		if b == nil || b == "" {
			return nil
		}
	case string:
		// Times come back in Go's shortest form: the same instant is kept.
		bs, _ := b.(string)
		ta, errA := time.Parse(time.RFC3339Nano, av)
		tb, errB := time.Parse(time.RFC3339Nano, bs)
		if errA == nil && errB == nil && ta.Equal(tb) {
			return nil
		}
	}
	if !reflect.DeepEqual(a, b) {
		return []string{fmt.Sprintf("%s = %v, got %v", path, a, b)}
	}
	return nil
}
