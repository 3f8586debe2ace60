package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/ingest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
	"github.com/zhdoc/zhdoc/shared/textstore"
)

// memS3 is an in-memory object store for handler tests.
type memS3 struct {
	mu      sync.Mutex
	objects map[string][]byte
}

func (m *memS3) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.objects[*in.Bucket+"/"+*in.Key]
	if !ok {
		return nil, &smithy.GenericAPIError{Code: "NoSuchKey", Message: "no such key"}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(b)), ContentLength: aws.Int64(int64(len(b))), ETag: aws.String(`"etag"`)}, nil
}

func (m *memS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	b, _ := io.ReadAll(in.Body)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[*in.Bucket+"/"+*in.Key] = b
	return &s3.PutObjectOutput{}, nil
}

func (m *memS3) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.objects[*in.Bucket+"/"+*in.Key]; !ok {
		return nil, &smithy.GenericAPIError{Code: "NotFound"}
	}
	return &s3.HeadObjectOutput{}, nil
}

func (m *memS3) DeleteObject(_ context.Context, in *s3.DeleteObjectInput, _ ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.objects, *in.Bucket+"/"+*in.Key)
	return &s3.DeleteObjectOutput{}, nil
}

type memRecords struct {
	mu   sync.Mutex
	docs map[string]doc.Document
}

func (m *memRecords) Put(_ context.Context, d doc.Document, _ index.Entries) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[d.ID] = d
	return nil
}

func (m *memRecords) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.docs, id)
	return nil
}

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
			store := &memS3{objects: map[string][]byte{
				bucket + "/incoming/news/002_xinhua.txt":          seed,
				bucket + "/incoming/港聞 2024/上合+峰會 100%.txt":       hk,
				bucket + "/incoming/samples/000 繁體.txt":           hk,
				bucket + "/derived/" + doc.ID(bucket, key) + "/x": []byte("stale"),
			}}
			if strings.HasPrefix(name, "s3-delete") {
				delete(store.objects, bucket+"/"+key) // S3 sends the event after the removal
			}
			recs := &memRecords{docs: map[string]doc.Document{doc.ID(bucket, key): {ID: doc.ID(bucket, key)}}}
			proc := &ingest.Processor{S3: store, Records: recs, Pipeline: p, TextPrefix: "derived/",
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			payload, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := lambda.NewHandler(proc.HandleS3Event).Invoke(context.Background(), payload); err != nil {
				t.Fatalf("invoke: %v", err)
			}
			id := doc.ID(bucket, key)
			d, exists := recs.docs[id]
			if strings.HasPrefix(name, "s3-delete") {
				if exists {
					t.Fatal("record still exists after ObjectRemoved")
				}
				if _, ok := store.objects[bucket+"/"+textstore.Key("derived/", id, textstore.FormNormalized)]; ok {
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
			text, ok := store.objects[bucket+"/"+d.TextKey]
			if !ok || len(text) == 0 || !strings.HasPrefix(d.TextKey, "derived/") {
				t.Errorf("normalized text not stored at %q", d.TextKey)
			}
		})
	}
}
