// Package ingest is the processor's logic: it turns object changes into
// document records and derived texts, and removes them when objects go away.
//
// Changes arrive from several event sources, one file each, all detected
// from the payload by Handle (handler.go): S3 notifications delivered
// directly (s3.go), through SQS (sqs.go) or through EventBridge
// (eventbridge.go), and S3 Batch Operations tasks (batch.go). Each source
// turns its payload into Changes and reports the outcome its own way.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/emf"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

// Records is the subset of the document store the processor uses. It is
// declared here, not in doc, because writing takes index entries and index
// depends on doc.
//
// Both order the changes of one document by d.Sequencer / seq and return
// doc.ErrStale, having changed nothing, for one older than the state they
// hold (doc.Supersedes); Remove leaves a tombstone for that.
type Records interface {
	Put(ctx context.Context, d doc.Document, e index.Entries) error
	Remove(ctx context.Context, id, seq string) error
}

// Processor handles object changes.
type Processor struct {
	Objects  doc.Objects
	Records  Records
	Pipeline *pipeline.Pipeline
	// TextPrefix is where derived texts go, e.g. "derived/". It must lie
	// outside the upload prefix so derived files never trigger the function.
	TextPrefix string
	// UploadPrefix, when set, is the only prefix processed: a change of
	// any other key (a misconfigured trigger) is logged and ignored, so
	// derived texts can never feed back into the function.
	UploadPrefix string
	Log          *slog.Logger
	// Metrics, when set, gets one CloudWatch EMF line per change.
	Metrics *emf.Writer
}

// Change is one object change, whatever source reported it.
type Change struct {
	Bucket string
	Key    string // decoded: the key as S3 APIs take it
	// Removed is true for a deletion (or a delete marker), false for a
	// creation or a request to re-process the object's current state.
	Removed bool
	// ETag, VersionID and Sequencer are what the event says of the object;
	// any may be empty (S3 Batch Operations tasks carry no sequencer).
	ETag      string
	VersionID string
	Sequencer string
}

// Outcome says what became of a change.
type Outcome string

// Outcomes of Apply.
const (
	// Done: the record now reflects the change (processed, failed with a
	// permanent code, or removed).
	Done Outcome = "done"
	// Ignored: the change is outside the upload prefix or of no interest.
	Ignored Outcome = "ignored"
	// Vanished: the object was gone before it could be read; its removal
	// event cleans up.
	Vanished Outcome = "vanished"
	// Stale: the record already reflects a later change of the object (the
	// event came twice late, or out of order); nothing changed.
	Stale Outcome = "stale"
)

// Apply carries out one change. An error is retryable (S3 or DynamoDB
// unavailable); bad input is a failed record, not an error.
func (p *Processor) Apply(ctx context.Context, c Change) (Outcome, error) {
	log := p.Log.With("bucket", c.Bucket, "key", c.Key, "removed", c.Removed, "sequencer", c.Sequencer)
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		log = log.With("requestId", lc.AwsRequestID)
	}
	if c.Bucket == "" || c.Key == "" {
		log.Warn("ignoring a change without bucket or key")
		p.emit(ctx, log, c, Ignored, "", &report{})
		return Ignored, nil
	}
	if p.UploadPrefix != "" && !strings.HasPrefix(c.Key, p.UploadPrefix) {
		log.Warn("ignoring a key outside the upload prefix", "prefix", p.UploadPrefix)
		p.emit(ctx, log, c, Ignored, "", &report{})
		return Ignored, nil
	}
	var (
		out Outcome
		err error
		r   report
	)
	began := time.Now()
	if c.Removed {
		out, err = p.remove(ctx, c, &r)
	} else {
		out, err = p.process(ctx, c, &r)
	}
	r.total = time.Since(began)
	if errors.Is(err, doc.ErrStale) {
		log.Info("stale change ignored", "id", doc.ID(c.Bucket, c.Key), "reason", err.Error())
		p.emit(ctx, log, c, Stale, "", &r)
		return Stale, nil
	}
	if errors.Is(err, doc.ErrBusy) {
		// another writer holds the document: expected under concurrent
		// or retried deliveries, and the event is retried, so not an error
		log.Warn("document busy; change retried", append(r.attrs(), "id", doc.ID(c.Bucket, c.Key), "error", err.Error())...)
		p.emit(ctx, log, c, out, "busy", &r)
		return out, err
	}
	if err != nil {
		log.Error("change failed", append(r.attrs(), "error", err.Error())...)
		p.emit(ctx, log, c, out, "error", &r)
		return out, err
	}
	log.Info("change applied", append(r.attrs(), "id", doc.ID(c.Bucket, c.Key), "outcome", string(out))...)
	p.emit(ctx, log, c, out, "", &r)
	return out, nil
}

// report is what one change did, for its log line and its metrics; never
// the text.
type report struct {
	size                         int64
	etag, encoding, format       string
	script, status, code         string
	get, pipeline, texts, record time.Duration
	total                        time.Duration
	stages                       pipeline.Stages
}

func (r *report) attrs() []any {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	st := r.stages
	a := []any{"etag", r.etag, "size", r.size, "ms", map[string]float64{
		"get": ms(r.get), "pipeline": ms(r.pipeline), "texts": ms(r.texts), "record": ms(r.record), "total": ms(r.total),
		"read": ms(st.Read), "normalize": ms(st.Normalize), "convert": ms(st.Convert), "segment": ms(st.Segment),
		"extract": ms(st.Extract), "index": ms(st.Index)}}
	for _, kv := range [][2]string{{"encoding", r.encoding}, {"format", r.format}, {"script", r.script}, {"status", r.status}, {"code", r.code}} {
		if kv[1] != "" {
			a = append(a, kv[0], kv[1])
		}
	}
	return a
}

// emit writes the change's metrics: documents by outcome (a record's
// status where one was written), failures by code, bytes and latencies.
func (p *Processor) emit(ctx context.Context, log *slog.Logger, c Change, out Outcome, errKind string, r *report) {
	if p.Metrics == nil {
		return
	}
	outcome := string(out)
	switch {
	case errKind != "":
		outcome = errKind
	case c.Removed && out == Done:
		outcome = "removed"
	case r.status != "":
		outcome = r.status
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	props := map[string]any{"Outcome": outcome, "bucket": c.Bucket, "key": c.Key}
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		props["requestId"] = lc.AwsRequestID
	}
	sets := []emf.Set{{Dimensions: []string{"Function", "Outcome"}, Metrics: []emf.Metric{{Name: "Documents", Unit: emf.Count, Value: 1}}}}
	if r.code != "" {
		props["Code"] = r.code
		sets = append(sets, emf.Set{Dimensions: []string{"Function", "Code"}, Metrics: []emf.Metric{{Name: "Failures", Unit: emf.Count, Value: 1}}})
	}
	if r.status != "" {
		sets = append(sets, emf.Set{Dimensions: []string{"Function"}, Metrics: []emf.Metric{
			{Name: "Bytes", Unit: emf.Bytes, Value: float64(r.size)},
			{Name: "GetLatency", Unit: emf.Milliseconds, Value: ms(r.get)},
			{Name: "PipelineLatency", Unit: emf.Milliseconds, Value: ms(r.pipeline)},
			{Name: "NormalizeLatency", Unit: emf.Milliseconds, Value: ms(r.stages.Normalize)},
			{Name: "ExtractLatency", Unit: emf.Milliseconds, Value: ms(r.stages.Extract)},
			{Name: "TextsLatency", Unit: emf.Milliseconds, Value: ms(r.texts)},
			{Name: "RecordLatency", Unit: emf.Milliseconds, Value: ms(r.record)},
			{Name: "EndToEndLatency", Unit: emf.Milliseconds, Value: ms(r.total)},
		}})
	}
	if err := p.Metrics.Emit(time.Now(), props, sets...); err != nil {
		log.Error("metrics not written", "error", err.Error())
	}
}

func (p *Processor) process(ctx context.Context, c Change, r *report) (Outcome, error) {
	bucket, key := c.Bucket, c.Key
	t0 := time.Now()
	obj, err := p.Objects.Get(ctx, bucket, key)
	if err != nil {
		if errors.Is(err, doc.ErrNotFound) {
			p.Log.Warn("object vanished before processing", "bucket", bucket, "key", key)
			return Vanished, nil
		}
		return Done, fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
	}
	defer obj.Body.Close()
	etag := c.ETag
	if obj.ETag != "" {
		etag = obj.ETag
	}
	src := pipeline.Source{Bucket: bucket, Key: key, ETag: etag, Size: obj.Size, ContentType: obj.ContentType}

	// An object S3 says is too large is not read at all; otherwise read
	// one byte past the limit so the pipeline sees that it is exceeded.
	var body []byte
	if obj.Size <= p.Pipeline.MaxBytes {
		// Read into one buffer of the size S3 gives (io.ReadAll would
		// double its way there, holding ~2x the body at the last step).
		buf := bytes.NewBuffer(make([]byte, 0, max(obj.Size, 0)+bytes.MinRead))
		_, err = buf.ReadFrom(io.LimitReader(obj.Body, p.Pipeline.MaxBytes+1))
		body = buf.Bytes()
		if err != nil {
			return Done, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
		}
	}
	t1 := time.Now()
	r.get, r.size, r.etag = t1.Sub(t0), obj.Size, etag
	res := p.Pipeline.Process(src, body)
	// The S3 object's identity in time, which orders the store's writes.
	res.Doc.Sequencer, res.Doc.VersionID = c.Sequencer, c.VersionID
	d := res.Doc
	t2 := time.Now()
	r.pipeline, r.stages = t2.Sub(t1), res.Stages
	r.encoding, r.format, r.script, r.status = d.Encoding.Name, d.Format, d.Script, d.Status
	if d.Error != nil {
		r.code = d.Error.Code
	}
	defer func() { r.record = time.Since(t2) - r.texts }()

	if d.Status == doc.StatusProcessed {
		d.TextKey = doc.TextKey(p.TextPrefix, d.ID, doc.FormNormalized)
		if err := p.putText(ctx, bucket, d.TextKey, res.Normalized); err != nil {
			return Done, err
		}
		if err := p.putText(ctx, bucket, doc.TextKey(p.TextPrefix, d.ID, doc.FormSimplified), res.Simplified); err != nil {
			return Done, err
		}
		r.texts = time.Since(t2)
	}
	err = p.Records.Put(ctx, d, res.Index)
	if errors.Is(err, doc.ErrRefused) {
		// DynamoDB refused the record itself (too large, say): retrying
		// cannot help, so keep a failed record that says why.
		p.Log.Error("record refused; storing it as failed", "bucket", bucket, "key", key, "error", err.Error())
		f := res.Doc
		f.Fail(doc.CodeRecordRefused, err.Error())
		f.Repairs, f.People, f.Places, f.Organizations, f.Keywords, f.Dates = doc.Repairs{}, nil, nil, nil, nil, nil
		err = p.Records.Put(ctx, f, index.Entries{Facets: index.Facets(f)})
		r.status, r.code = f.Status, f.Error.Code
	}
	return Done, err
}

func (p *Processor) putText(ctx context.Context, bucket, key, text string) error {
	if err := p.Objects.PutText(ctx, bucket, key, text); err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}

func (p *Processor) remove(ctx context.Context, c Change, r *report) (Outcome, error) {
	bucket, key := c.Bucket, c.Key
	// Events may arrive out of order: if the key holds an object again (a
	// re-upload whose creation was handled first), its record stays.
	exists, err := p.Objects.Exists(ctx, bucket, key)
	if err != nil {
		return Done, fmt.Errorf("head s3://%s/%s: %w", bucket, key, err)
	}
	if exists {
		p.Log.Info("object exists again; keeping its record", "bucket", bucket, "key", key)
		return Ignored, nil
	}
	id := doc.ID(bucket, key)
	// The record first: a stale removal must not touch the texts of the
	// record that stays. A retry after a failed text deletion removes
	// again at the same sequencer, which the store accepts.
	if err := p.Records.Remove(ctx, id, c.Sequencer); err != nil {
		return Done, fmt.Errorf("remove record %s: %w", id, err)
	}
	for _, form := range []string{doc.FormNormalized, doc.FormSimplified} {
		k := doc.TextKey(p.TextPrefix, id, form)
		if err := p.Objects.Delete(ctx, bucket, k); err != nil {
			return Done, fmt.Errorf("delete s3://%s/%s: %w", bucket, k, err)
		}
	}
	return Done, nil
}
