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
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/zhdoc/zhdoc/shared/doc"
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
	if c.Bucket == "" || c.Key == "" {
		log.Warn("ignoring a change without bucket or key")
		return Ignored, nil
	}
	if p.UploadPrefix != "" && !strings.HasPrefix(c.Key, p.UploadPrefix) {
		log.Warn("ignoring a key outside the upload prefix", "prefix", p.UploadPrefix)
		return Ignored, nil
	}
	var (
		out Outcome
		err error
	)
	if c.Removed {
		out, err = p.remove(ctx, c)
	} else {
		out, err = p.process(ctx, c)
	}
	if errors.Is(err, doc.ErrStale) {
		log.Info("stale change ignored", "id", doc.ID(c.Bucket, c.Key), "reason", err.Error())
		return Stale, nil
	}
	if err != nil {
		log.Error("change failed", "error", err.Error())
		return out, err
	}
	log.Info("change applied", "id", doc.ID(c.Bucket, c.Key), "outcome", string(out))
	return out, nil
}

func (p *Processor) process(ctx context.Context, c Change) (Outcome, error) {
	bucket, key := c.Bucket, c.Key
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
	src := pipeline.Source{Bucket: bucket, Key: key, ETag: etag, Size: obj.Size}

	// An object S3 says is too large is not read at all; otherwise read
	// one byte past the limit so the pipeline sees that it is exceeded.
	var body []byte
	if obj.Size <= p.Pipeline.MaxBytes {
		body, err = io.ReadAll(io.LimitReader(obj.Body, p.Pipeline.MaxBytes+1))
		if err != nil {
			return Done, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
		}
	}
	res := p.Pipeline.Process(src, body)
	// The S3 object's identity in time, which orders the store's writes.
	res.Doc.Sequencer, res.Doc.VersionID = c.Sequencer, c.VersionID
	d := res.Doc

	if d.Status == doc.StatusProcessed {
		d.TextKey = doc.TextKey(p.TextPrefix, d.ID, doc.FormNormalized)
		if err := p.putText(ctx, bucket, d.TextKey, res.Normalized); err != nil {
			return Done, err
		}
		if err := p.putText(ctx, bucket, doc.TextKey(p.TextPrefix, d.ID, doc.FormSimplified), res.Simplified); err != nil {
			return Done, err
		}
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
	}
	return Done, err
}

func (p *Processor) putText(ctx context.Context, bucket, key, text string) error {
	if err := p.Objects.PutText(ctx, bucket, key, text); err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}

func (p *Processor) remove(ctx context.Context, c Change) (Outcome, error) {
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
