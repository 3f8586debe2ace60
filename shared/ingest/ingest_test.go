package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
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
