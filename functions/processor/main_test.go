package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/ingest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestEvents feeds every S3 sample event in events/ through the Lambda
// handler as the runtime would.
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
	keys := map[string]string{ // event file → the decoded key it names
		"s3-put.json":             "incoming/news/002_xinhua.txt",
		"s3-put-special-key.json": "incoming/港聞 2024/上合+峰會 100%.txt",
		"s3-put-minio.json":       "incoming/samples/000 繁體.txt",
		"s3-delete.json":          "incoming/news/002_xinhua.txt",
	}
	files, _ := filepath.Glob("../../events/s3-*.json")
	if len(files) != len(keys) {
		t.Fatalf("events/s3-*.json has %d files, the test knows %d", len(files), len(keys))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			key, ok := keys[name]
			if !ok {
				t.Fatalf("no expectation for %s", name)
			}
			objs := doctest.NewObjects()
			objs.Add(bucket, "incoming/news/002_xinhua.txt", seed)
			objs.Add(bucket, "incoming/港聞 2024/上合+峰會 100%.txt", hk)
			objs.Add(bucket, "incoming/samples/000 繁體.txt", hk)
			objs.Add(bucket, "derived/"+doc.ID(bucket, key)+"/x", []byte("stale"))
			if strings.HasPrefix(name, "s3-delete") {
				objs.Remove(bucket, key) // S3 sends the event after the removal
			}
			recs := memstore.New(nil)
			doctest.Put(t, recs, doc.Document{ID: doc.ID(bucket, key)}, 0, nil)
			proc := &ingest.Processor{Objects: objs, Records: recs, Pipeline: p, TextPrefix: "derived/",
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			payload, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := lambda.NewHandler(proc.HandleS3Event).Invoke(context.Background(), payload); err != nil {
				t.Fatalf("invoke: %v", err)
			}
			id := doc.ID(bucket, key)
			d, err := recs.Get(context.Background(), id)
			exists := err == nil
			if err != nil && !errors.Is(err, doc.ErrNotFound) {
				t.Fatal(err)
			}
			if strings.HasPrefix(name, "s3-delete") {
				if exists {
					t.Fatal("record still exists after ObjectRemoved")
				}
				if _, ok := objs.Body(bucket, doc.TextKey("derived/", id, doc.FormNormalized)); ok {
					t.Fatal("derived text still exists after ObjectRemoved")
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
