package ingest

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
)

// FuzzHandle: any payload, from any source or none, through the handler
// with the in-memory fakes: it never panics; what Detect names, Handle
// decodes or refuses with an error; an unknown payload is an error; an SQS
// batch's failures name only messages of the batch; a Batch Operations
// answer has one result per task.
func FuzzHandle(f *testing.F) {
	p, err := pipeline.New()
	if err != nil {
		f.Fatal(err)
	}
	samples, _ := filepath.Glob(filepath.Join("..", "..", "events", "*.json"))
	for _, s := range samples {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{`{}`, `null`, `[]`, `{"Records":[]}`, `{"Records":[{"eventSource":"aws:sqs","body":"{"}]}`,
		`{"invocationSchemaVersion":"2.0","tasks":[{}]}`, `{"detail-type":"Object Created","source":"aws.s3","detail":{}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		objs := doctest.NewObjects()
		objs.Add("zhdoc-docs", "incoming/a.txt", []byte("新华社北京7月4日电 国家主席习近平出席峰会。\n"))
		proc := &Processor{Objects: objs, Records: memstore.New(nil), Pipeline: p, TextPrefix: "derived/",
			UploadPrefix: "incoming/", Log: slog.New(slog.DiscardHandler)}
		src, derr := Detect(raw)
		out, herr := proc.Handle(context.Background(), raw)
		if derr != nil {
			if herr == nil {
				t.Fatalf("Detect refused (%v) but Handle accepted", derr)
			}
			return
		}
		switch src {
		case SourceSQS:
			var ev events.SQSEvent
			if json.Unmarshal(raw, &ev) != nil {
				return
			}
			if herr != nil {
				t.Fatalf("an SQS batch returned an error (the whole batch would come back): %v", herr)
			}
			ids := map[string]bool{}
			for _, m := range ev.Records {
				ids[m.MessageId] = true
			}
			for _, fl := range out.(events.SQSEventResponse).BatchItemFailures {
				if !ids[fl.ItemIdentifier] {
					t.Fatalf("failure %q names no message of the batch", fl.ItemIdentifier)
				}
			}
		case SourceBatchV1, SourceBatchV2:
			if herr != nil {
				return
			}
			var tasks struct{ Tasks []json.RawMessage }
			_ = json.Unmarshal(raw, &tasks)
			if res := out.(events.S3BatchJobResponse); len(res.Results) != len(tasks.Tasks) {
				t.Fatalf("%d results for %d tasks", len(res.Results), len(tasks.Tasks))
			}
		}
	})
}
