package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

type fakeS3 struct {
	objects map[string]string
	down    map[string]bool // keys whose reads fail as if S3 were unavailable
	puts    []string
}

func (f *fakeS3) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	if f.down[*in.Key] {
		return nil, errors.New("connection reset")
	}
	b, ok := f.objects[*in.Key]
	if !ok {
		return nil, &smithy.GenericAPIError{Code: "NoSuchKey"}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader(b)), ContentLength: aws.Int64(int64(len(b)))}, nil
}

func (f *fakeS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	b, _ := io.ReadAll(in.Body)
	f.objects[*in.Key] = string(b)
	f.puts = append(f.puts, *in.Key)
	return &s3.PutObjectOutput{}, nil
}

func (f *fakeS3) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	if _, ok := f.objects[*in.Key]; !ok {
		return nil, &smithy.GenericAPIError{Code: "NotFound"}
	}
	return &s3.HeadObjectOutput{}, nil
}

func (f *fakeS3) DeleteObject(_ context.Context, in *s3.DeleteObjectInput, _ ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	delete(f.objects, *in.Key)
	return &s3.DeleteObjectOutput{}, nil
}

type fakeRecords struct {
	docs   map[string]doc.Document
	refuse map[string]bool // keys whose full record the store refuses
}

func (f *fakeRecords) Put(_ context.Context, d doc.Document, _ index.Entries) error {
	if f.refuse[d.Key] && d.Status == doc.StatusProcessed {
		return &smithy.GenericAPIError{Code: "ValidationException", Message: "Item size has exceeded the maximum allowed size"}
	}
	f.docs[d.Key] = d
	return nil
}

func (f *fakeRecords) Delete(_ context.Context, id string) error {
	for k, d := range f.docs {
		if d.ID == id {
			delete(f.docs, k)
		}
	}
	return nil
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
	s3c := &fakeS3{objects: map[string]string{
		"incoming/a.txt":    "新华社北京7月4日电 国家主席习近平出席会议。",
		"incoming/b.png":    "\x89PNG\r\n\x1a\n\x00\x00\x00",
		"incoming/gone.txt": "",
		"incoming/huge.txt": "新华社北京7月4日电 国家主席习近平出席会议。",
	}, down: map[string]bool{"incoming/flaky.txt": true}}
	delete(s3c.objects, "incoming/gone.txt") // deleted before processing
	recs := &fakeRecords{docs: map[string]doc.Document{"incoming/old.txt": {ID: doc.ID("b", "incoming/old.txt"), Key: "incoming/old.txt"}},
		refuse: map[string]bool{"incoming/huge.txt": true}}
	var logs bytes.Buffer
	proc := &Processor{S3: s3c, Records: recs, Pipeline: p, TextPrefix: "derived/", UploadPrefix: "incoming/", Log: slog.New(slog.NewJSONHandler(&logs, nil))}
	s3c.objects["derived/x/normalized.txt"] = "新华社北京7月4日电"
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
	if d := recs.docs["incoming/a.txt"]; d.Status != doc.StatusProcessed || d.TextKey == "" {
		t.Errorf("a.txt: %+v", d)
	}
	if d := recs.docs["incoming/b.png"]; d.Status != doc.StatusFailed || d.Error == nil || d.Error.Code != doc.CodeNotText {
		t.Errorf("b.png: %+v", d)
	}
	if d := recs.docs["incoming/huge.txt"]; d.Status != doc.StatusFailed || d.Error.Code != doc.CodeRecordRefused {
		t.Errorf("refused record: %+v", d)
	}
	if _, ok := recs.docs["derived/x/normalized.txt"]; ok {
		t.Error("a derived text outside the upload prefix was processed")
	}
	if _, ok := recs.docs["incoming/old.txt"]; ok {
		t.Error("removed object kept its record")
	}
	if _, ok := recs.docs["incoming/gone.txt"]; ok {
		t.Error("vanished object got a record")
	}
	for _, k := range s3c.puts {
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
	s3c := &fakeS3{objects: map[string]string{"incoming/a.txt": "新华社北京7月4日电 国家主席习近平出席会议。"}}
	recs := &fakeRecords{docs: map[string]doc.Document{}}
	proc := &Processor{S3: s3c, Records: recs, Pipeline: p, TextPrefix: "derived/", Log: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	if err := proc.HandleS3Event(ctx, events.S3Event{Records: []events.S3EventRecord{record("ObjectCreated:Put", "incoming/a.txt")}}); err != nil {
		t.Fatal(err)
	}
	if err := proc.HandleS3Event(ctx, events.S3Event{Records: []events.S3EventRecord{record("ObjectRemoved:Delete", "incoming/a.txt")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := recs.docs["incoming/a.txt"]; !ok {
		t.Fatal("a stale removal deleted the record of an existing object")
	}
	delete(s3c.objects, "incoming/a.txt")
	if err := proc.HandleS3Event(ctx, events.S3Event{Records: []events.S3EventRecord{record("ObjectRemoved:Delete", "incoming/a.txt")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := recs.docs["incoming/a.txt"]; ok {
		t.Fatal("record kept after the object is gone")
	}
}
